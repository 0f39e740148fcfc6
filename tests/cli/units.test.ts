/** `disclosure units` and `disclosure export reports` as a user runs them, on a SQLite warehouse. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadReport } from '../../loaders/warehouse/load.ts';
import { openWarehouse } from '../../loaders/warehouse/open.ts';
import { transformDocument } from '../../pipelines/stages.ts';
import { docFromLines } from '../transforms/narrative/docs.ts';

vi.setConfig({ testTimeout: 120_000 });
const bin = new URL('../../bin/disclosure.cjs', import.meta.url).pathname;
let dir: string;
let db: string;
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args, '--db', db], { encoding: 'utf8' });

/** A tables-only file with a 部门： label, at a path; without a year when `year` is null. */
function tablesFile(path: string, unit: string, year: number | null) {
  const doc = docFromLines(['# 收支预算总表', `部门：${unit} 单位：万元`, '| 项目 | 金额 |', '| 合计 | 18,330.37 |', `# ${year ?? ''}年政府采购预算表`]);
  return { ...doc, source: { ...doc.source, path, sha256: createHash('sha256').update(path).digest('hex') } };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'units-cli-'));
  db = join(dir, 'w.sqlite');
  const wh = await openWarehouse(db);
  try {
    for (const doc of [
      tablesFile('/crawl/江苏省委办公厅/2017.pdf', '中国共产党江苏省委员会办公厅', 2017),
      tablesFile('/crawl/江苏省委办公厅/2018.pdf', '江苏省委办公厅', 2018),
      tablesFile('/crawl/misc/表.pdf', '江苏省人民检察院', null),
    ]) {
      const { report, findings } = await transformDocument(doc);
      await loadReport(wh.db, { report, document: doc, runId: null, findings });
    }
  } finally {
    await wh.close();
  }
});

describe('disclosure units', () => {
  it('lists one unit for the party forms with each spelling and its evidence, splits one off and merges it back', () => {
    const list = run('units', 'list', '--json');
    expect(list.status).toBe(0);
    const units = JSON.parse(list.stdout) as { name: string; reports: number; aliases: { alias: string; evidence: string }[] }[];
    expect(units.map((u) => [u.name, u.reports])).toEqual([['中共江苏省委办公厅', 2]]);
    expect(units[0]!.aliases.map((a) => [a.alias, a.evidence])).toEqual(expect.arrayContaining([
      ['中国共产党江苏省委员会办公厅', 'printed'], ['江苏省委办公厅', 'printed'], ['中共江苏省委办公厅', 'canonical form of 中国共产党江苏省委员会办公厅'],
    ]));
    expect(run('units', 'split', '江苏省委办公厅').stdout).toMatch(/'江苏省委办公厅' is now unit #\d+/);
    expect(run('units', 'list').stdout).toMatch(/江苏省委办公厅: 1 current reports/);
    expect(run('reprocess', '--all').status).toBe(0);
    expect((JSON.parse(run('units', 'list', '--json').stdout) as unknown[]).length).toBe(2);
    expect(run('units', 'merge', '中共江苏省委办公厅', '江苏省委办公厅').status).toBe(0);
    expect((JSON.parse(run('units', 'list', '--json').stdout) as { reports: number }[]).map((u) => u.reports)).toEqual([2]);
    expect(run('units', 'merge', '中共江苏省委办公厅', '没有这个单位').status).toBe(2);
  });

  it('applies a hints file: the unidentified file is listed by status and export quarantine, then loaded', () => {
    expect(run('status').stdout).toMatch(/1 unidentified[\s\S]*\/crawl\/misc\/表\.pdf/);
    expect(run('export', 'quarantine').stdout).toMatch(/\/crawl\/misc\/表\.pdf,[0-9a-f]{64},meta\/unidentified,not loaded as a current report: its year could not be determined/);
    const hints = join(dir, 'hints.csv');
    writeFileSync(hints, 'pattern,unit,year,kind,scope\nmisc/*.pdf,,2019,,\n');
    const applied = run('units', 'hints', hints);
    expect(applied.status).toBe(0);
    expect(applied.stdout).toMatch(/1 hints stored[\s\S]*1 files matched/);
    const csv = run('export', 'reports', '--no-bom').stdout.trim().split(/\r?\n/u);
    expect(csv[0]).toBe('report_id,unit_id,unit,unit_printed,year,kind,scope,part,report_key,version,status,superseded_by,source_sha256,source_path,identity');
    expect(csv.filter((l) => l.includes(',current,'))).toHaveLength(3);
    expect(csv.find((l) => l.includes('/crawl/misc/'))).toMatch(/江苏省人民检察院,2019,budget,department,tables,\d+\/2019\/budget\/department,1,current/);
  });
});
