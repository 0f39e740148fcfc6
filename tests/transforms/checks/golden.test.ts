import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../transforms/checks/engine.ts';
import { findings, goldenReport } from './support.ts';

describe('the checks on the golden tables of 普陀区委社会工作部 2024 决算', () => {
  const outcomes = runChecks(goldenReport('shanghai-putuo-shehuigongzuobu-2024-final'));
  const found = findings(outcomes);

  it('find exactly the two printed inconsistencies of its verification section', () => {
    expect(found.map((f) => f.ruleId)).toEqual(['table-sums/hierarchy', 'between-tables/t05-t06']);
  });

  it('find that t06 302 prints 10.23 while its 款 add up to 10.22 (a 0.01 rounding gap: warning)', () => {
    const f = found.find((o) => o.ruleId === 'table-sums/hierarchy')!;
    expect(f.subject).toMatch(/^t06 302 商品和服务支出/);
    expect(f.declared).toBe('102300.00');
    expect(f.expected).toBe('102200.00');
    expect(f.difference).toBe('100.00');
    expect(f.severity).toBe('warning');
    expect(f.values[0]).toMatchObject({ tableId: 'final.t06_general_budget_basic_expenditure', side: 'right', code: '302', printed: '10.23' });
    expect(f.values).toHaveLength(28);
  });

  it('find that t06 人员经费合计 95.36 + 公用经费合计 10.23 = 105.59 differs from t05 基本支出 105.58', () => {
    const f = found.find((o) => o.ruleId === 'between-tables/t05-t06')!;
    expect(f.declared).toBe('1055800.00');
    expect(f.recomputed).toBe('1055900.00');
    expect(f.values.map((v) => v.printed)).toEqual(['105.58', '95.36', '10.23']);
    expect(f.message).toContain('105.59');
  });

  it('pass the two-sided closure of t01 and t04 (307.82) and the t01 ↔ t03 classes', () => {
    const closures = outcomes.filter((o) => o.ruleId === 'two-sided/closure');
    expect(closures.map((o) => o.outcome)).toEqual(['pass', 'pass']);
    const classes = outcomes.filter((o) => o.ruleId === 'between-tables/t01-t03');
    expect(classes.length).toBe(5);
    expect(classes.every((o) => o.outcome === 'pass')).toBe(true);
  });

  it('pass the empty 三公 table against t06 codes 30212, 30217, 30231 and 31013 (all 0.00)', () => {
    const t07 = outcomes.filter((o) => o.ruleId === 'between-tables/t07-t06');
    expect(t07.map((o) => o.outcome)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('pass the narrative figures it holds against t03 and t01', () => {
    const figures = outcomes.filter((o) => o.ruleId === 'narrative-tables/figure');
    expect(figures.map((o) => [o.subject, o.outcome])).toEqual([
      ['total_income_expense = t01', 'pass'],
      ['expenditure.basic = t03', 'pass'],
      ['expenditure.project = t03', 'pass'],
    ]);
  });
});

describe('the checks on the golden tables of 万里街道 2023 预算 (everything adds up)', () => {
  const outcomes = runChecks(goldenReport('shanghai-putuo-wanli-street-2023-budget'));

  it('find nothing', () => {
    expect(findings(outcomes)).toEqual([]);
  });

  it('verify the hierarchy, total rows and 合计 = 基本 + 项目 identities of t02, t03, t05 and t06', () => {
    const passes = (ruleId: string, t: string): number => outcomes.filter((o) => o.ruleId === ruleId && o.outcome === 'pass' && o.subject.startsWith(t)).length;
    for (const t of ['t02', 't03', 't05']) {
      expect(passes('table-sums/hierarchy', t)).toBeGreaterThan(20);
      expect(passes('table-sums/total-row', t)).toBeGreaterThan(0);
    }
    expect(passes('table-sums/hierarchy', 't06')).toBeGreaterThan(3);
    expect(passes('row-identities/columns', 't03')).toBe(67);
    expect(passes('row-identities/columns', 't06')).toBe(31);
  });

  it('check its 三公 table (万元) against the t06 codes (元): 30217 13,500 = 1.35, 30231 215,600 = 21.56', () => {
    const t07 = outcomes.filter((o) => o.ruleId === 'between-tables/t07-t06');
    expect(t07.map((o) => [o.subject, o.outcome])).toEqual([
      ['t06 30217 ≤ t07 reception', 'pass'],
      ['t06 30231 ≤ t07 operation', 'pass'],
    ]);
    const identities = outcomes.filter((o) => o.ruleId === 'row-identities/three-public');
    expect(identities.map((o) => o.outcome)).toEqual(['pass', 'pass']);
  });

  it('match the narrative 三公 22.91 and 机关运行经费 786.09 against t07', () => {
    const figures = outcomes.filter((o) => o.ruleId === 'narrative-tables/figure');
    expect(figures.map((o) => [o.subject, o.outcome])).toEqual([
      ['three_public.total = t07', 'pass'],
      ['agency_operating_cost = t07', 'pass'],
    ]);
  });
});
