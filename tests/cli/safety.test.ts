/**
 * Issue 20: the command line never destroys or invents a warehouse, never leaves a half-written export,
 * and answers ordinary mistakes with one line naming the error class, no stack trace (unless --debug).
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomically } from '../../loaders/exports/output-file.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 300_000 });
const bin = fileURLToPath(new URL('../../bin/disclosure.cjs', import.meta.url));
const samples = fileURLToPath(new URL('../../data/samples/generated', import.meta.url));

interface Run { code: number | null; stdout: string; stderr: string }

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, DISCLOSURE_DEBUG: '', ...env }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}

/** One line on stderr, the error's diagnostic (severity, class, stage, reason, action), no trace, exit code 1. */
function expectOneLine(run: Run, code: string): void {
  expect(run.code, run.stderr).toBe(1);
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^disclosure [a-z]+: error ${code} \\((load|run)\\)[^\\n]*: .+ \\[(fatal|retriable)\\]$`));
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

let root: string;
let warehouse: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'disclosure-cli-safety-'));
  warehouse = join(root, 'w.sqlite');
  const r = await cli(['ingest', samples, '--db', warehouse, '--json', '--workers', '1']);
  expect(r.code, r.stderr).toBe(0);
});

describe('read-only commands never create or change a warehouse', () => {
  it('reports a mistyped --db path in one line and creates nothing', async () => {
    for (const command of ['status', 'coverage', 'check']) {
      const run = await cli([command, '--db', join(root, 'typo', 'wh.sqlite')]);
      expectOneLine(run, 'warehouse/not-found');
    }
    const report = await cli(['report', '--out', join(root, 'rep'), '--db', join(root, 'typo.sqlite')]);
    expectOneLine(report, 'warehouse/not-found');
    const exp = await cli(['export', 'line-items', '--out', join(root, 'x.csv'), '--db', join(root, 'typo.sqlite')]);
    expectOneLine(exp, 'warehouse/not-found');
    expect(existsSync(join(root, 'typo'))).toBe(false);
    expect(existsSync(join(root, 'typo.sqlite'))).toBe(false);
    expect(existsSync(join(root, 'x.csv'))).toBe(false);
  });

  it('refuses a URL scheme it does not know without creating a folder named after it', async () => {
    expectOneLine(await cli(['status', '--db', 'mysql://x/y']), 'warehouse/unsupported-url');
    expectOneLine(await cli(['ingest', samples, '--db', 'mysql://x/y']), 'warehouse/unsupported-url');
    expect(existsSync(join(root, 'mysql:'))).toBe(false);
  });

  it('never opens (or overwrites) a file that is not SQLite as the warehouse, even to ingest', async () => {
    const notes = join(root, 'notes.txt');
    writeFileSync(notes, '会议纪要\n'.repeat(100));
    expectOneLine(await cli(['status', '--db', notes]), 'warehouse/not-sqlite');
    expectOneLine(await cli(['ingest', samples, '--db', notes]), 'warehouse/not-sqlite');
    expect(readFileSync(notes, 'utf8')).toBe('会议纪要\n'.repeat(100));
  });

  it('names a folder given as --db in one line', async () => {
    expectOneLine(await cli(['status', '--db', root]), 'warehouse/not-a-file');
    expectOneLine(await cli(['ingest', samples, '--db', root]), 'warehouse/not-a-file');
  });
});

describe('exports and reports', () => {
  it('refuses to write an export onto the warehouse or any SQLite file, which stay intact', async () => {
    const before = readFileSync(warehouse);
    expectOneLine(await cli(['export', 'line-items', '--db', warehouse, '--out', warehouse]), 'output/is-warehouse');
    expectOneLine(await cli(['export', 'line-items', '--db', warehouse, '--out', `${warehouse}-wal`]), 'output/is-warehouse');
    expect(readFileSync(warehouse).equals(before)).toBe(true);
    const other = join(root, 'other.sqlite');
    writeFileSync(other, before);
    expectOneLine(await cli(['export', 'facts', '--db', warehouse, '--out', other]), 'output/is-database');
    expect(readFileSync(other).equals(before)).toBe(true);
    const status = await cli(['status', '--db', warehouse]);
    expect(status.stdout).toContain('18 current reports');
  });

  it('answers an --out that names a folder (export) or a file (report) in one line', async () => {
    mkdirSync(join(root, 'folder'), { recursive: true });
    expectOneLine(await cli(['export', 'line-items', '--db', warehouse, '--out', join(root, 'folder')]), 'output/is-a-folder');
    writeFileSync(join(root, 'file.txt'), 'x');
    expectOneLine(await cli(['report', '--db', warehouse, '--out', join(root, 'file.txt')]), 'output/not-a-folder');
  });

  it('prints the stack trace only with --debug or DISCLOSURE_DEBUG=1', async () => {
    for (const run of [await cli(['status', '--db', root, '--debug']), await cli(['status', '--db', root], { DISCLOSURE_DEBUG: '1' })]) {
      expect(run.code).toBe(1);
      expect(run.stderr.split('\n')[0]).toContain(': error warehouse/not-a-file (load): ');
      expect(run.stderr).toMatch(/\n\s+at /);
    }
  });

  it('writes an export through a temporary file: a write that fails leaves the old file whole and no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'disclosure-atomic-'));
    const target = join(dir, 'line-items.csv');
    writeFileSync(target, 'old,complete\n');
    const failed = await writeFileAtomically(target, async (sink) => {
      sink.write('new,partial\n');
      throw new Error('killed half-way');
    }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    expect(readFileSync(target, 'utf8')).toBe('old,complete\n');
    expect(readdirSync(dir)).toEqual(['line-items.csv']);
    await writeFileAtomically(target, async (sink) => void sink.write('new,complete\n'));
    expect(readFileSync(target, 'utf8')).toBe('new,complete\n');
    expect(readdirSync(dir)).toEqual(['line-items.csv']);
  });
});
