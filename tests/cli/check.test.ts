import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkReport, normaliseFile } from '../../pipelines/stages.ts';
import { findings, shared } from '../transforms/checks/support.ts';

const bin = new URL('../../bin/disclosure.cjs', import.meta.url).pathname;

async function check(path: string) {
  const { document, value: report } = await normaliseFile(path);
  return checkReport(report, { document });
}

describe('the checks after extraction and normalisation of the real seed', () => {
  it.each(['docx', 'html', 'gbk.html', 'libreoffice.html'])('give its two expected findings and otherwise only the listed tables (%s)', async (ext) => {
    const outcomes = await check(shared(`seeds/panzhihua-szcg-2021-final.${ext}`));
    const found = findings(outcomes);
    const numeric = found.filter((f) => f.family !== 'completeness');
    expect(numeric.map((f) => [f.ruleId, f.severity, f.declared, f.expected])).toEqual([
      ['narrative-arithmetic/parts-sum', 'error', '371700.00', '373700.00'],
      ['narrative-arithmetic/change-pct', 'warning', '-73.58', '-73.59'],
    ]);
    expect(found.filter((f) => f.family === 'completeness').map((f) => f.actual)).toEqual(Array(9).fill('listed by title only'));
    const passes = outcomes.filter((o) => o.outcome === 'pass').map((o) => o.subject);
    for (const subject of [/^expenditure\.total = /, /^basic_expenditure\.total = /, /^three_public\.total\.change = /, /^total_income_expense\.change_pct/, /^count 893 /]) {
      expect(passes.some((s) => subject.test(s)), String(subject)).toBe(true);
    }
  });
});

describe('the checks on the corpus PDFs with golden labels', { timeout: 120_000 }, () => {
  it('find the verified gaps of 普陀区委社会工作部 2024: t06 302, t05 ↔ t06 and their repetition in the narrative', async () => {
    const found = findings(await check(shared('corpus/pdf/shanghai-putuo-shehuigongzuobu-2024-final.pdf')));
    const rules = found.map((f) => f.ruleId);
    expect(rules).toContain('table-sums/hierarchy');
    expect(rules).toContain('between-tables/t05-t06');
    expect(found.filter((f) => f.severity === 'error')).toEqual([]);
  });

  // The tables of 万里街道 2023 add up (golden labels); its narrative has one copy-paste slip: item 16 (2080506,
  // 220.63万元) restates item 15's 2023 budget, "2023年预算安排441.25万元": against t05 and against its own heading.
  it('find in 万里街道 2023 only the narrative figure of 2080506 that repeats the line before it, twice, and the two rates that do not follow', async () => {
    const found = findings(await check(shared('corpus/pdf/shanghai-putuo-wanli-street-2023-budget.pdf')));
    expect(found.filter((f) => f.severity !== 'info').map((f) => [f.ruleId, f.declared, f.expected])).toEqual([
      ['narrative-tables/figure', '4412500.00', '2206300.00'],
      ['narrative-arithmetic/stated-rate', '314.82', '289.12'],
      ['narrative-arithmetic/stated-rate', '60.54', '232.79'],
      ['narrative-arithmetic/item-figures', '2206300.00', '4412500.00'],
    ]);
  });
});

// Each case starts the command in a fresh node process (tsx compiles on start): slow on a busy machine.
describe('disclosure check', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'disclosure-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const seed = shared('seeds/panzhihua-szcg-2021-final.docx');

  it('prints a readable report of a file: counts, the procurement error with its sentence', () => {
    const out = execFileSync(process.execPath, [bin, 'check', seed], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(out).toMatch(/11 findings \(1 errors, 10 warnings, 0 info\)/);
    // The finding's first line is the diagnostics line (severity, rule, stage, place, reason), then its id.
    expect(out).toContain('\n  error narrative-arithmetic/parts-sum (check) block 67: gov_procurement.total: the stated parts');
    expect(out).toMatch(/37\.17万元 {2}\(f-[0-9a-f]{16}\)\n/);
    expect(out).toContain('政府采购支出总额37.17万元');
  });

  it('prints a file it cannot read as one diagnostics line naming the file, and checks the others (exit 3)', () => {
    const bad = join(dir, 'empty.docx');
    writeFileSync(bad, '');
    const run = spawnSync(process.execPath, [bin, 'check', bad, seed], { encoding: 'utf8' });
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(`disclosure check: error input/empty (extract) ${bad}: `);
    expect(run.stderr).toMatch(/ \[skippable\]\n/);
    expect(run.stdout).toContain('11 findings');
  });

  it('prints the outcomes as JSON with --json', () => {
    const out = execFileSync(process.execPath, [bin, 'check', seed, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const parsed = JSON.parse(out) as { report: { year: number }; outcomes: { outcome: string; ruleId: string }[] }[];
    expect(parsed).toHaveLength(1);
    expect(parsed[0]!.report.year).toBe(2021);
    const found = parsed[0]!.outcomes.filter((o) => o.outcome === 'finding');
    expect(found).toHaveLength(11);
    // Each finding carries the diagnostic keys beside its own.
    expect(found.find((o) => o.ruleId === 'narrative-arithmetic/parts-sum')).toMatchObject({
      rule: 'narrative-arithmetic/parts-sum', stage: 'check', severity: 'error', location: { file: seed, block: 67 },
      reason: expect.stringContaining('the stated total is 37.17万元'),
    });
  });

  it('checks the reports of a warehouse and stores their findings with --save', () => {
    const db = join(dir, 'w.sqlite');
    execFileSync(process.execPath, [bin, 'ingest', seed, '--db', db], { stdio: 'ignore' });
    const out = execFileSync(process.execPath, [bin, 'check', '--db', db, '--year', '2021', '--save'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(out).toContain('攀枝花市数字化城市联动指挥中心 2021 final — 11 findings');
    const csv = join(dir, 'f.csv');
    execFileSync(process.execPath, [bin, 'export', 'findings', '--db', db, '--out', csv], { stdio: 'ignore' });
    const exported = execFileSync('cat', [csv], { encoding: 'utf8' });
    expect(exported).toContain('narrative-arithmetic/parts-sum');
    expect(exported.trim().split('\n')).toHaveLength(12);
  });

  it('rejects files together with warehouse filters', () => {
    expect(() => execFileSync(process.execPath, [bin, 'check', seed, '--year', '2021'], { stdio: 'ignore' })).toThrow();
  });
});
