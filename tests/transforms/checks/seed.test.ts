import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../transforms/checks/engine.ts';
import type { CheckOutcome } from '../../../transforms/checks/model.ts';
import { findings, seedDocument, seedReport } from './support.ts';

const outcomes = runChecks(seedReport(), { document: seedDocument() });
const found = findings(outcomes);

function outcomeOf(ruleId: string, subject: RegExp): CheckOutcome {
  const matching = outcomes.filter((o) => o.ruleId === ruleId && subject.test(o.subject));
  expect(matching, `${ruleId} ${subject}`).toHaveLength(1);
  return matching[0]!;
}

describe('the checks on the seed report (facts as labelled in its expected.json)', () => {
  it('find exactly the two errors of expected.json besides completeness', () => {
    const numeric = found.filter((f) => f.family !== 'completeness');
    expect(numeric.map((f) => [f.ruleId, f.severity])).toEqual([
      ['narrative-arithmetic/parts-sum', 'error'],
      ['narrative-arithmetic/change-pct', 'warning'],
    ]);
  });

  it('report the procurement parts 0 + 0 + 37.37 against the stated 37.17 as an error, in 元, with every value', () => {
    const f = found.find((o) => o.subject.startsWith('gov_procurement.total'))!;
    expect(f.severity).toBe('error');
    expect(f.declared).toBe('371700.00');
    expect(f.recomputed).toBe('373700.00');
    expect(f.expected).toBe('373700.00');
    expect(f.difference).toBe('-2000.00');
    expect(f.tolerance).toBe('100.00');
    expect(f.values.map((v) => v.printed)).toEqual(['37.17万元', '0万元', '0万元', '37.37万元']);
    expect(f.message).toContain('37.37');
    expect(f.message).toContain('37.17');
  });

  it('report the fiscal-grant change −73.58% against 611.78 / 831.37 = 73.59% as a rounding warning', () => {
    const f = found.find((o) => o.ruleId === 'narrative-arithmetic/change-pct')!;
    expect(f.subject).toMatch(/^fiscal_grant\.total\.change_pct/);
    expect(f.severity).toBe('warning');
    expect(f.quantity).toBe('percent');
    expect(f.declared).toBe('-73.58');
    expect(f.expected).toBe('-73.59');
    expect(f.difference).toBe('0.01');
    expect(f.recomputed.startsWith('-73.586')).toBe(true);
    expect(f.tolerance).toBe('0.01');
  });

  it('otherwise find only that the nine standard tables are listed by title but not included', () => {
    const completeness = found.filter((f) => f.family === 'completeness');
    expect(completeness).toHaveLength(9);
    expect(completeness.every((f) => f.actual === 'listed by title only')).toBe(true);
  });

  it.each([
    ['basic 182.42 + project 37.17 = expenditure total 219.59', 'narrative-arithmetic/parts-sum', /^expenditure\.total = /],
    ['personnel 164.45 + public use 17.97 = basic 182.42', 'narrative-arithmetic/parts-sum', /^basic_expenditure\.total = /],
    ['13.17 + 193.65 + 12.77 = general budget expenditure 219.59', 'narrative-arithmetic/parts-sum', /^general_budget\.expenditure = /],
    ['share 6% of class 208', 'narrative-arithmetic/share', /by_function 208 /],
    ['share 88% of class 212', 'narrative-arithmetic/share', /by_function 212 /],
    ['share 6% of class 221', 'narrative-arithmetic/share', /by_function 221 /],
    ['share 83% of basic expenditure', 'narrative-arithmetic/share', /of expenditure\.basic /],
    ['share 17% of project expenditure', 'narrative-arithmetic/share', /of expenditure\.project /],
    ['three-public change -0.32 = vehicles -0.14 + reception -0.18', 'narrative-arithmetic/parts-sum', /^three_public\.total\.change = /],
    ['vehicles change -14.89% = -0.14 / (0.8 + 0.14)', 'narrative-arithmetic/change-pct', /^three_public\.vehicles\.change_pct/],
    ['total change -73.59% = -611.78 / (219.59 + 611.78)', 'narrative-arithmetic/change-pct', /^total_income_expense\.change_pct/],
    ['general budget change -39.38% = -142.63 / (219.59 + 142.63)', 'narrative-arithmetic/change-pct', /^general_budget\.expenditure\.change_pct/],
    ['performance projects 20 + 17.17 = project expenditure 37.17', 'narrative-arithmetic/projects-sum', /performance projects/],
    ['environmental cases 97 + 796 = 893', 'narrative-arithmetic/count-parts', /^count 893 /],
  ])('pass explicitly: %s', (_label, ruleId, subject) => {
    expect(outcomeOf(ruleId, subject).outcome).toBe('pass');
  });

  it('say insufficient, not pass, for figures whose table was not published', () => {
    const o = outcomeOf('narrative-tables/figure', /^expenditure\.basic = t03/);
    expect(o.outcome).toBe('insufficient');
    expect(o.outcome === 'insufficient' && o.reason).toContain('t03');
  });

  it('say insufficient for a subset count whose parts may not be all (9612件，其中重点案件475件)', () => {
    expect(outcomeOf('narrative-arithmetic/count-parts', /^count 9612件/).outcome).toBe('insufficient');
  });
});
