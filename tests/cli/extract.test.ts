import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { oleDoc } from '../fixtures/extract/build.ts';

const bin = fileURLToPath(new URL('../../bin/disclosure.cjs', import.meta.url));
const seed = (ext: string) => fileURLToPath(new URL(`../../../shared/seeds/panzhihua-szcg-2021-final.${ext}`, import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [bin, 'extract', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

const SEEDS = ['docx', 'html', 'gbk.html', 'libreoffice.html'] as const;

describe('disclosure extract', () => {
  const outlines = new Map<string, string[]>();
  const results = new Map<string, ReturnType<typeof run>>();
  beforeAll(() => {
    for (const ext of SEEDS) results.set(ext, run(seed(ext)));
  });

  for (const ext of SEEDS) {
    it(`prints a readable outline of the seed ${ext}: headings, paragraph counts, tables with title, size and first rows`, () => {
      const r = results.get(ext)!;
      expect(r.status).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines[0]).toContain(`panzhihua-szcg-2021-final.${ext}: ${ext === 'docx' ? 'docx' : 'html'}`);
      expect(lines).toContain('# 第一部分 单位概况');
      expect(lines).toContain('    ### （一）推进热线整合，实现一号受理');
      expect(lines).toContain('  [table 1] 2021年特定目标类部门预算项目绩效目标自评表 — 16 rows × 7 columns');
      expect(lines.some((l) => l.includes('| 主管部门及代码 | 主管部门及代码 | 市城管执法局802001 |'))).toBe(true);
      expect(lines.at(-1)).toBe('48 headings, 49 paragraphs, 2 tables');
    });
  }

  it('gives the same outline (after the source line) for all four seed files', () => {
    for (const ext of SEEDS) outlines.set(ext, results.get(ext)!.stdout.split('\n').slice(1));
    expect(outlines.get('html')!.length).toBeGreaterThan(50);
    for (const ext of ['docx', 'gbk.html', 'libreoffice.html']) expect(outlines.get(ext)).toEqual(outlines.get('html'));
  });

  it('prints warnings on stderr, keeping stdout for the outline', () => {
    const r = results.get('docx')!;
    expect(r.stderr).toContain('warning docx/mammoth (extract)');
    expect(r.stdout).not.toContain('docx/mammoth');
  });

  it('--json prints the documented shape: source, blocks (heading/paragraph/image/table with rows), messages', () => {
    const r = run(seed('gbk.html'), '--json');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      source: { path: string; sha256: string; format: string };
      blocks: { type: string; level?: number; text?: string; title?: string | null; rows?: string[][] }[];
      messages: unknown[];
    };
    expect(doc.source).toMatchObject({ path: seed('gbk.html'), format: 'html' });
    expect(doc.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.blocks[1]).toMatchObject({ type: 'heading', level: 1, text: '第一部分 单位概况' });
    expect(doc.blocks.find((b) => b.type === 'paragraph')!.text).toMatch(/^根据《中共攀枝花市委/);
    expect(doc.blocks.some((b) => b.type === 'image')).toBe(true);
    const table = doc.blocks.find((b) => b.type === 'table')!;
    expect(table.title).toBe('2021年特定目标类部门预算项目绩效目标自评表');
    expect(table.rows).toHaveLength(16);
    expect(table.rows![1]![1]).toBe('项目预算\n执行情况\n（万元）');
    expect(Array.isArray(doc.messages)).toBe(true);
  });

  it('exits non-zero with a one-line error naming the file and the problem for bad input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'extract-cli-'));
    const empty = join(dir, 'empty.docx');
    writeFileSync(empty, '');
    const legacy = join(dir, 'old.doc');
    writeFileSync(legacy, oleDoc());
    for (const [file, code] of [
      [empty, 'input/empty'],
      [legacy, 'format/legacy-doc'],
      [join(dir, 'missing.html'), 'input/unreadable'],
    ] as const) {
      const r = run(file);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(code);
      expect(lines[0]).toContain(file);
    }
  });

  it('exits 2 with the usage when FILE is missing', () => {
    const r = run();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Usage: disclosure extract FILE [--json]');
  });
});
