import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Document } from '../../extractors/model.ts';
import { reportJson, summary } from '../../cli/commands/parse.ts';
import type { Fact, NormalisedReport } from '../../transforms/model.ts';
import { loadShippedCodebook } from '../../loaders/codebook-files.ts';
import { normalise } from '../../transforms/normalise.ts';
import { goldenHtml, readGolden } from '../fixtures/tables/golden-docs.ts';
import { htmlDoc, table } from '../fixtures/tables/snippets.ts';

const bin = new URL('../../bin/disclosure.cjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'disclosure-parse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const golden = readGolden('shanghai-putuo-wanli-street-2023-budget.json');
const file = join(dir, 'wanli-2023-budget.html');
writeFileSync(file, goldenHtml(golden));

function run(...args: string[]) {
  return spawnSync(process.execPath, [bin, 'parse', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

describe('disclosure parse', () => {
  it('prints the report, its tables with one value per column in column order and exact yuan, as JSON', () => {
    const r = run(file, '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as ReturnType<typeof reportJson>;
    expect(Object.keys(out.report)).toEqual(expect.arrayContaining(['unit', 'unitCode', 'parentUnit', 'year', 'kind', 'scope', 'moneyUnit']));
    expect(out.report).toMatchObject({ year: 2023, kind: 'budget' });
    expect(out.tables.map((t) => t.tableId)).toEqual(golden.tables.map((t) => t.table_id));
    const t02 = out.tables.find((t) => t.tableId === 'budget.t02_income')!;
    expect(t02).toMatchObject({ title: '2023年部门收入预算总表', moneyUnit: '元', columns: ['合计', '财政拨款收入', '事业收入', '事业单位经营收入', '其他收入'] });
    expect(t02.rows[0]).toMatchObject({ side: null, code: '201', codeScheme: 'function', name: '一般公共服务支出' });
    expect(t02.rows[0]!.values.map((v) => [v.column, v.text, v.yuan])).toEqual([
      ['合计', '2,976,800', '2976800.00'], ['财政拨款收入', '2,976,800', '2976800.00'], ['事业收入', '', '0'], ['事业单位经营收入', '', '0'], ['其他收入', '', '0'],
    ]);
    const t01 = out.tables.find((t) => t.tableId === 'budget.t01_summary')!;
    expect(t01.columns).toEqual(['预算数', '预算数']);
    expect(t01.sides).toEqual({ left: ['预算数'], right: ['预算数'] });
    expect(Array.isArray(out.facts)).toBe(true);
    expect(Array.isArray(out.projects)).toBe(true);
    expect(Array.isArray(out.messages)).toBe(true);
  });

  it('prints a readable summary with each table id, title, money unit and row count', () => {
    const r = run(file);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('year: 2023  kind: budget');
    expect(r.stdout).toMatch(/budget\.t02_income\s+2023年部门收入预算总表\s+\[元\]\s+67 rows/);
    expect(r.stdout).toMatch(/budget\.t07_three_public\s+.*\[万元\]\s+1 rows/);
    expect(r.stdout).toContain('empty: 注：本部门2023年无政府性基金预算财政拨款安排的预算，故本表为空表。');
  });

  it('gives the narrative facts of the seed the codes of their printed 类/款/项 names, as expected.json does', () => {
    const seed = new URL('../../../shared/seeds/panzhihua-szcg-2021-final', import.meta.url).pathname;
    const expected = JSON.parse(readFileSync(`${seed}.expected.json`, 'utf8')) as { facts: { metric: string; code?: string; value: string }[] };
    const r = run(`${seed}.html`, '--json');
    expect(r.status).toBe(0);
    const facts = (JSON.parse(r.stdout) as ReturnType<typeof reportJson>).facts;
    const coded = expected.facts.filter((f) => f.code);
    expect(coded.length).toBeGreaterThan(3);
    for (const e of coded) {
      expect(facts.filter((f) => f.metric === e.metric && f.value === e.value).map((f) => f.code), `${e.metric} ${e.value}`).toContain(e.code);
    }
  });

  it('exits 2 without a file', () => {
    expect(run().status).toBe(2);
  });
});

describe('the parse JSON of facts', () => {
  const fact = (metric: string, value: string): Fact => ({
    metric, code: null, name: null, value, unit: '万元', yuan: null, sharePct: null, completionPct: null, reason: null, sentence: 's', prov: { block: 0 },
  });
  const report: NormalisedReport = {
    source: { path: 'x.html', sha256: 'ab'.repeat(32), format: 'html', bytes: 1 } as Document['source'],
    meta: { unit: '某局', unitAliases: [], unitCode: null, parentUnit: null, parentUnitCode: null, year: 2021, kind: 'final', scope: 'unit', moneyUnit: '万元' },
    tables: [],
    facts: [fact('total_income_expense', '219.59'), { ...fact('total_income_expense.change_pct', '-73.59'), unit: '%' }, fact('income.total', '219.59')],
    projects: [],
    listedTables: ['final.t01_income_expenditure_summary'],
    messages: [],
  };

  it('puts the sibling <metric>.change_pct beside a fact as changePct, and null where none is stated', () => {
    const facts = reportJson(report).facts;
    expect(facts.map((f) => [f.metric, f.value, f.changePct])).toEqual([
      ['total_income_expense', '219.59', '-73.59'], ['total_income_expense.change_pct', '-73.59', null], ['income.total', '219.59', null],
    ]);
  });

  it('names the listed tables in the summary', () => {
    expect(summary(report)).toContain('listed but not included: final.t01_income_expenditure_summary');
    expect(summary(report)).toContain('total_income_expense = 219.59 万元');
  });
});

describe('narrative codes taught by the report’s own tables', () => {
  const codebook = loadShippedCodebook();
  const path = '其他支出（类）彩票公益金安排的支出（款）用于社会福利的彩票公益金支出（项）';
  const narrative = `<h1>某某局2023年度部门预算</h1><p>1. “${path}”12.00万元，主要用于社会福利。</p>`;
  const tableHtml = '<p>一般公共预算支出预算表</p><p>单位：万元</p>' + table('科目编码|科目名称|合计', '229|其他支出|12.00', '22960|彩票公益金安排的支出|12.00', '2296002|用于社会福利的彩票公益金支出|12.00');
  const codeOf = (report: NormalisedReport) => report.facts.find((f) => f.name === path)?.code;

  it('resolves 类/款/项 names the shipped codebook does not know from the codes the report prints beside them', async () => {
    const { value } = normalise(await htmlDoc(narrative + tableHtml), { codebook });
    expect(codeOf(value)).toBe('2296002');
  });

  it('without such a table, leaves the code empty and says the path did not resolve', async () => {
    const { value, messages } = normalise(await htmlDoc(narrative), { codebook });
    expect(codeOf(value)).toBeNull();
    expect(messages.some((m) => m.reason.includes('彩票公益金安排的支出'))).toBe(true);
  });
});
