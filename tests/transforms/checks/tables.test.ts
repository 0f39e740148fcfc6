import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../transforms/checks/engine.ts';
import { RULES } from '../../../transforms/checks/rules.ts';
import { findings, report, table, type RowInput } from './support.ts';

const byFamily = (family: string) => RULES.filter((r) => r.family === family);

const t03 = (rows: { code: string | null; name: string; values: string[] }[]) =>
  table('final.t03_expenditure', '万元', ['本年支出合计', '基本支出', '项目支出'], rows);

describe('table sums', () => {
  const rules = byFamily('table-sums');

  it('pass a table whose 类 = Σ 款, 款 = Σ 项 and 合计 = Σ 类', () => {
    const t = t03([
      { code: null, name: '合计', values: ['30.00', '10.00', '20.00'] },
      { code: '201', name: '一般公共服务支出', values: ['30.00', '10.00', '20.00'] },
      { code: '20101', name: '人大事务', values: ['30.00', '10.00', '20.00'] },
      { code: '2010101', name: '行政运行', values: ['12.50', '10.00', ''] },
      { code: '2010102', name: '一般行政管理事务', values: ['17.50', '', '20.00'] },
    ]);
    const out = runChecks(report({ tables: [t] }), {}, rules);
    // 2010101 and 2010102 in the 基本/项目 columns do not add up: 10.00 + 0 vs 10.00 pass, '' + 20.00 vs 20.00 pass;
    // but 本年支出合计 12.50 + 17.50 = 30.00 passes too — every parent × column is one outcome.
    expect(findings(out)).toEqual([]);
    expect(out.filter((o) => o.ruleId === 'table-sums/hierarchy')).toHaveLength(6);
    expect(out.filter((o) => o.ruleId === 'table-sums/total-row')).toHaveLength(3);
  });

  it('find a 款 that differs from the sum of its 项 beyond rounding, as an error with both figures', () => {
    const t = t03([
      { code: '201', name: '一般公共服务支出', values: ['30.00', '', ''] },
      { code: '20101', name: '人大事务', values: ['30.00', '', ''] },
      { code: '2010101', name: '行政运行', values: ['12.50', '', ''] },
      { code: '2010102', name: '一般行政管理事务', values: ['17.30', '', ''] },
    ]);
    const [f, ...rest] = findings(runChecks(report({ tables: [t] }), {}, rules));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'table-sums/hierarchy', severity: 'error', declared: '300000.00', expected: '298000.00', difference: '2000.00' });
    expect(f!.subject).toContain('20101');
  });

  it('sums the summary tables by their numbering: 本年收入合计 = Σ 一、…, 总计 = 本年合计 + carry-overs, sub-rows', () => {
    const t01 = table('budget.t01_summary', '元', { left: ['预算数'], right: ['预算数'] }, [
      { name: '一、财政拨款收入', values: ['100'], side: 'left' },
      { name: '1.一般公共预算', values: ['60'], side: 'left' },
      { name: '2.政府性基金', values: ['30'], side: 'left' },
      { name: '二、事业收入', values: ['5'], side: 'left' },
      { name: '收入总计', values: ['105'], side: 'left' },
      { name: '一、一般公共服务支出', values: ['105'], side: 'right' },
      { name: '支出总计', values: ['105'], side: 'right' },
    ]);
    const found = findings(runChecks(report({ tables: [t01], meta: { kind: 'budget' } }), {}, rules));
    expect(found).toHaveLength(1);
    expect(found[0]!.subject).toContain('一、财政拨款收入');
    expect(found[0]!.expected).toBe('90');
  });
});

describe('row identities', () => {
  const rules = byFamily('row-identities');

  it('find a row whose 合计 is not 基本 + 项目 and pass the others', () => {
    const t = t03([
      { code: null, name: '合计', values: ['30.00', '10.00', '20.00'] },
      { code: '201', name: '一般公共服务支出', values: ['30.00', '10.00', '19.00'] },
    ]);
    const out = runChecks(report({ tables: [t] }), {}, rules);
    expect(out.map((o) => o.outcome)).toEqual(['pass', 'finding']);
    expect(findings(out)[0]).toMatchObject({ severity: 'error', expected: '290000.00', actual: '300000.00' });
  });

  it('do not count a budget or completion column as a part of 决算 合计', () => {
    const t05 = table('final.t05_general_budget_expenditure', '万元', ['年初预算数', '决算数/合计', '决算数/基本支出', '决算数/项目支出', '完成率%'], [
      { code: null, name: '合计', values: ['50.00', '30.00', '10.00', '20.00', '60.00'] },
    ]);
    const out = runChecks(report({ tables: [t05] }), {}, rules);
    expect(out.map((o) => o.outcome)).toEqual(['pass']);
    expect(out[0]!.subject).toContain('决算数/合计 = 决算数/基本支出 + 决算数/项目支出');
  });

  it('check the 三公 table: 合计 = 出国 + 车辆 + 接待 and 车辆 = 购置 + 运行, 预算数 and 决算数 apart', () => {
    const cols = ['合计/预算数', '合计/决算数', '因公出国（境）费/预算数', '因公出国（境）费/决算数', '公务用车购置及运行维护费/小计/预算数', '公务用车购置及运行维护费/小计/决算数', '公务用车购置及运行维护费/公务用车购置费/预算数', '公务用车购置及运行维护费/公务用车购置费/决算数', '公务用车购置及运行维护费/公务用车运行维护费/预算数', '公务用车购置及运行维护费/公务用车运行维护费/决算数', '公务接待费/预算数', '公务接待费/决算数'];
    const t07 = table('final.t07_three_public', '万元', cols, [
      { code: null, name: '', values: ['2.00', '0.80', '0', '0', '1.60', '0.80', '0', '0', '1.60', '0.80', '0.40', '0.10'] },
    ]);
    const out = runChecks(report({ tables: [t07] }), {}, rules);
    expect(out.map((o) => [o.subject.replace(/^t07 row 1: /, ''), o.outcome])).toEqual([
      ['三公 预算数 total = outbound + vehicles + reception', 'pass'],
      ['三公 预算数 vehicles = purchase + operation', 'pass'],
      ['三公 决算数 total = outbound + vehicles + reception', 'finding'],
      ['三公 决算数 vehicles = purchase + operation', 'pass'],
    ]);
  });
});

describe('two-sided closure', () => {
  it('find a summary table whose income 总计 differs from its expenditure 总计', () => {
    const t04 = table('final.t04_fiscal_grant_summary', '万元', { left: ['决算数'], right: ['合计', '一般公共预算财政拨款'] }, [
      { name: '总计', values: ['307.82'], side: 'left' },
      { name: '总计', values: ['307.92', '307.92'], side: 'right' },
    ]);
    const out = runChecks(report({ tables: [t04] }), {}, byFamily('two-sided'));
    expect(findings(out)).toHaveLength(1);
    expect(findings(out)[0]).toMatchObject({ severity: 'error', declared: '3078200.00', expected: '3079200.00' });
  });

  it('say insufficient when a side has no 总计 row', () => {
    const t01 = table('final.t01_income_expenditure_summary', '万元', { left: ['决算数'], right: ['决算数'] }, [
      { name: '本年收入合计', values: ['1'], side: 'left' },
      { name: '总计', values: ['1'], side: 'right' },
    ]);
    expect(runChecks(report({ tables: [t01] }), {}, byFamily('two-sided')).map((o) => o.outcome)).toEqual(['insufficient']);
  });
});

describe('between tables', () => {
  const rules = byFamily('between-tables');
  const t05 = table('final.t05_general_budget_expenditure', '万元', ['合计', '基本支出', '项目支出'], [
    { code: '201', name: '一般公共服务支出', values: ['30.00', '10.00', '20.00'] },
    { code: null, name: '合计', values: ['30.00', '10.00', '20.00'] },
  ]);

  it('compare t05 基本支出 with a one-sided t06 合计 and find the difference', () => {
    const t06 = table('final.t06_general_budget_basic_expenditure', '万元', ['合计', '人员经费', '公用经费'], [
      { code: '301', name: '工资福利支出', values: ['10.50', '10.50', ''] },
      { code: null, name: '合计', values: ['10.50', '10.50', ''] },
    ]);
    const f = findings(runChecks(report({ tables: [t05, t06] }), {}, rules));
    expect(f.map((o) => [o.ruleId, o.severity, o.declared, o.recomputed])).toEqual([['between-tables/t05-t06', 'error', '100000.00', '105000.00']]);
  });

  it('find a t06 三公 code above its t07 figure, and accept one below it (project spending pays 三公 too)', () => {
    const t06 = table('final.t06_general_budget_basic_expenditure', '元', ['合计'], [
      { code: '30217', name: '公务接待费', values: ['5,000'] },
      { code: '30231', name: '公务用车运行维护费', values: ['1,000'] },
    ]);
    const t07 = table('final.t07_three_public', '万元', ['公务接待费/决算数', '公务用车购置及运行维护费/公务用车运行维护费/决算数'], [
      { code: null, name: '', values: ['0.40', '0.50'] },
    ]);
    const out = runChecks(report({ tables: [t06, t07] }), {}, rules).filter((o) => o.ruleId === 'between-tables/t07-t06');
    expect(out.map((o) => [o.subject, o.outcome])).toEqual([
      ['t06 30217 ≤ t07 reception', 'finding'],
      ['t06 30231 ≤ t07 operation', 'pass'],
    ]);
  });

  it('say insufficient when one of the two tables is not published', () => {
    const out = runChecks(report({ tables: [t05] }), {}, rules).find((o) => o.ruleId === 'between-tables/t05-t06')!;
    expect(out.outcome).toBe('insufficient');
  });
});

describe('large tables', () => {
  it('check a table of 5,000 项 rows quickly (parents found by code, not by scanning)', () => {
    const rows: RowInput[] = [{ code: '201', name: '一般公共服务支出', values: ['5,000'] }];
    for (let k = 0; k < 50; k++) {
      const kuan = `201${String(k).padStart(2, '0')}`;
      rows.push({ code: kuan, name: `款${k}`, values: ['100'] });
      for (let x = 0; x < 100; x++) rows.push({ code: `${kuan}${String(x).padStart(2, '0')}`, name: `项${x}`, values: ['1'] });
    }
    const t = table('final.t05_general_budget_expenditure', '元', ['合计'], rows);
    const started = performance.now();
    const out = runChecks(report({ tables: [t] }), {}, RULES.filter((r) => r.family === 'table-sums'));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(out.filter((o) => o.outcome === 'pass')).toHaveLength(51);
    expect(findings(out)).toEqual([]);
  });
});
