import { describe, expect, it } from 'vitest';
import { standardSet } from '../../../transforms/checks/completeness.ts';
import { Codebook } from '../../../transforms/codebook/codebook.ts';
import { runChecks } from '../../../transforms/checks/engine.ts';
import { RULES } from '../../../transforms/checks/rules.ts';
import { documentOf, fact, findings, report, table } from './support.ts';

const byFamily = (family: string) => RULES.filter((r) => r.family === family);

describe('narrative arithmetic', () => {
  const rules = byFamily('narrative-arithmetic');

  it('find a share that does not round to its printed whole number, and pass one that does', () => {
    const r = report({
      facts: [
        fact('expenditure.total', '219.59'),
        fact('expenditure.basic', '182.42', { sharePct: '83' }),
        fact('expenditure.project', '37.17', { sharePct: '18' }),
      ],
    });
    const shares = runChecks(r, {}, rules).filter((o) => o.ruleId === 'narrative-arithmetic/share');
    expect(shares.map((o) => o.outcome)).toEqual(['pass', 'finding']);
    const f = findings(shares)[0]!;
    expect(f).toMatchObject({ severity: 'error', declared: '18', expected: '17', tolerance: '0.5' });
  });

  it('warn on a two-decimal share off by one in the last digit (29.42 / 307.82 = 9.558%, printed 9.55%)', () => {
    const r = report({
      facts: [fact('general_budget.expenditure', '307.82'), fact('general_budget.expenditure.by_function', '29.42', { code: '221', sharePct: '9.55' })],
    });
    const f = findings(runChecks(r, {}, rules)).filter((o) => o.ruleId === 'narrative-arithmetic/share');
    expect(f.map((o) => [o.severity, o.expected, o.actual])).toEqual([['warning', '9.56', '9.55']]);
  });

  it('say insufficient for a change percentage from a zero base (增长100.00% on a new unit)', () => {
    const r = report({ facts: [fact('agency_operating_cost', '10.23'), fact('agency_operating_cost.change', '10.23'), fact('agency_operating_cost.change_pct', '100.00')] });
    const o = runChecks(r, {}, rules).find((x) => x.ruleId === 'narrative-arithmetic/change-pct')!;
    expect(o.outcome).toBe('insufficient');
  });

  it('find parts that exceed a total the narrative may list only partly, but not a shortfall', () => {
    const over = report({ facts: [fact('general_budget.expenditure', '100.00'), fact('general_budget.expenditure.by_function', '60.00', { code: '201' }), fact('general_budget.expenditure.by_function', '50.00', { code: '208' })] });
    const under = report({ facts: [fact('general_budget.expenditure', '100.00'), fact('general_budget.expenditure.by_function', '60.00', { code: '201' })] });
    const pick = (r: ReturnType<typeof report>) => runChecks(r, {}, rules).find((o) => o.subject.startsWith('general_budget.expenditure ='))!.outcome;
    expect(pick(over)).toBe('finding');
    expect(pick(under)).toBe('insufficient');
  });

  it('find 其中 parts larger than their whole in the text, and leave unrelated counts alone', () => {
    const doc = documentOf('共有车辆2辆，其中：轿车2辆、越野车1辆。\n采集城市运行类480件，交通秩序类3493件。');
    const out = runChecks(report(), { document: doc }, rules).filter((o) => o.ruleId === 'narrative-arithmetic/count-parts');
    expect(out.map((o) => o.outcome)).toEqual(['finding']);
    expect(out[0]!.values.map((v) => v.printed)).toEqual(['2辆', '2辆', '1辆']);
    expect(out[0]!.values[0]!.start).toBe(4);
  });
});

describe('narrative against tables', () => {
  const rules = byFamily('narrative-tables');
  const t03 = table('final.t03_expenditure', '万元', ['本年支出合计', '基本支出', '项目支出'], [{ code: null, name: '合计', values: ['219.59', '182.42', '37.17'] }]);

  it('pass figures that agree at the narrative precision and find one that does not', () => {
    const r = report({ tables: [t03], facts: [fact('expenditure.basic', '182.4'), fact('expenditure.project', '37.71')] });
    const out = runChecks(r, {}, rules);
    expect(out.map((o) => [o.subject, o.outcome])).toEqual([
      ['expenditure.basic = t03', 'pass'],
      ['expenditure.project = t03', 'finding'],
    ]);
    expect(findings(out)[0]!.values.map((v) => v.printed)).toEqual(['37.71万元', '37.17']);
  });

  it('match the income sources the narrative states with the t01 income rows', () => {
    const t01 = table('final.t01_income_expenditure_summary', '万元', { left: ['决算数'], right: ['决算数'] }, [
      { name: '一、一般公共预算财政拨款收入', values: ['300.00'], side: 'left' },
      { name: '五、事业收入', values: ['7.82'], side: 'left' },
      { name: '本年收入合计', values: ['307.82'], side: 'left' },
    ]);
    const r = report({ tables: [t01], facts: [fact('income.general_budget_grant', '300'), fact('income.business', '7.28'), fact('income.total', '307.82')] });
    expect(runChecks(r, {}, rules).map((o) => [o.subject, o.outcome])).toEqual([
      ['income.general_budget_grant = t01', 'pass'],
      ['income.business = t01', 'finding'],
      ['income.total = t01', 'pass'],
      ['income.total = t02', 'insufficient'],
    ]);
  });

  it('check a stated completion rate against t05 决算 over 年初预算', () => {
    const t05 = table('final.t05_general_budget_expenditure', '万元', ['年初预算数', '决算数/合计', '决算数/基本支出', '决算数/项目支出'], [
      { code: '2080505', name: '机关事业单位基本养老保险缴费支出', values: ['20.00', '13.17', '13.17', ''] },
    ]);
    const r = report({ tables: [t05], facts: [fact('general_budget.expenditure.detail', '13.17', { code: '2080505', completionPct: '100' })] });
    const o = runChecks(r, {}, rules).find((x) => x.ruleId === 'narrative-tables/completion')!;
    expect(o.outcome).toBe('finding');
    expect(o.outcome === 'finding' && o.expected).toBe('66');
  });
});

describe('completeness', () => {
  const rules = byFamily('completeness');

  it('pass a table declared empty and find one that is absent', () => {
    const t07 = table('final.t07_three_public', '万元', ['合计/决算数'], [], { emptyNote: '本单位无“三公”经费支出' });
    const out = runChecks(report({ tables: [t07] }), {}, rules).filter((o) => o.ruleId === 'completeness/standard-tables');
    expect(out.filter((o) => o.outcome === 'pass').map((o) => o.subject)).toEqual(['final.t07_three_public published']);
    expect(findings(out).every((f) => f.actual === 'absent')).toBe(true);
    expect(findings(out)).toHaveLength(8);
  });

  it('ask each kind for the nine tables t01–t09 that data/table-aliases.json names, not its performance tables', () => {
    for (const kind of ['final', 'budget'] as const) {
      expect(standardSet(kind).map((id) => id.replace(/_.*$/, ''))).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09'].map((n) => `${kind}.t${n}`));
    }
  });

  it('find placeholders and shares printed without %', () => {
    const doc = documentOf('2021年XX单位收入100万元，占比83，其中××万元。\n基本支出占83%。');
    const out = findings(runChecks(report(), { document: doc }, rules)).filter((f) => f.ruleId !== 'completeness/standard-tables');
    expect(out.map((f) => [f.ruleId, f.actual])).toEqual([
      ['completeness/placeholders', 'XX'],
      ['completeness/placeholders', '××'],
      ['completeness/share-without-percent', '占比83'],
    ]);
  });
});

describe('across years', () => {
  const rules = byFamily('across-years');
  const meta = { unit: '某单位', year: 2021, kind: 'final' as const };

  it('check a stated change against last year’s report of the same unit', () => {
    const current = report({ meta, facts: [fact('expenditure.total', '219.59'), fact('expenditure.total.change', '-611.78')] });
    const agrees = report({ meta: { ...meta, year: 2020 }, facts: [fact('expenditure.total', '831.37')] });
    const differs = report({ meta: { ...meta, year: 2020 }, facts: [fact('expenditure.total', '800.00')] });
    const other = report({ meta: { ...meta, unit: '别的单位', year: 2020 }, facts: [fact('expenditure.total', '831.37')] });
    const run = (prior: ReturnType<typeof report>) => runChecks(current, { priorReports: [prior] }, rules).find((o) => o.ruleId === 'across-years/prior-implied')!;
    expect(run(agrees).outcome).toBe('pass');
    const f = run(differs);
    expect(f.outcome === 'finding' && [f.expected, f.actual]).toEqual(['-5804100.00', '-6117800.00']);
    expect(f.values[2]!.report).toContain('2020 final');
    expect(run(other).outcome).toBe('insufficient');
  });

  it('compare the final t05 年初预算 with the budget report of the same year', () => {
    const final = report({ meta, tables: [table('final.t05_general_budget_expenditure', '万元', ['年初预算数', '决算数/合计'], [{ code: null, name: '合计', values: ['300.00', '290.00'] }])] });
    const budget = report({ meta: { ...meta, kind: 'budget' }, tables: [table('budget.t05_general_budget_expenditure', '元', ['合计'], [{ code: null, name: '合计', values: ['3,100,000'] }])] });
    const out = runChecks(final, { sameYearOther: budget }, rules).filter((o) => o.ruleId === 'across-years/budget-final');
    expect(out.map((o) => o.outcome)).toEqual(['finding']);
  });
});

describe('codebook', () => {
  const codebook = Codebook.from([
    { scheme: 'function', edition: 2021, code: '2080505', name: '机关事业单位基本养老保险缴费支出', source: 'official' },
    { scheme: 'function', edition: 2021, code: '208', name: '社会保障和就业支出', source: 'official' },
  ]);
  const t = table('final.t05_general_budget_expenditure', '万元', ['合计'], [
    { code: '208', name: '社会保障和就业支出', values: ['1'] },
    { code: '2080505', name: '机关事业单位基本养老保险缴费支', values: ['1'] },
    { code: '2080506', name: '机关事业单位职业年金缴费支出', values: ['0'] },
  ]);

  it('pass a matching name, report a cut-short name as info, and say insufficient for a code it does not know', () => {
    const out = runChecks(report({ tables: [t] }), { codebook }, byFamily('codebook'));
    expect(out.map((o) => (o.outcome === 'finding' ? o.severity : o.outcome))).toEqual(['pass', 'info', 'insufficient']);
  });
});

describe('codebook editions', () => {
  it('say insufficient, not a finding, when only another edition of the code is known', () => {
    const other = Codebook.from([{ scheme: 'function', edition: 2023, code: '20805', name: '行政事业单位养老支出', source: 'official' }]);
    const t = table('budget.t05_general_budget_expenditure', '万元', ['合计'], [{ code: '20805', name: '行政事业单位离退休', values: ['1'] }]);
    const out = runChecks(report({ tables: [t], meta: { year: 2018, kind: 'budget' } }), { codebook: other }, RULES.filter((r) => r.family === 'codebook'));
    expect(out.map((o) => o.outcome)).toEqual(['insufficient']);
  });
});
