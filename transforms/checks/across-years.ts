/**
 * Across reports of the archive (pure: the other reports come in the context):
 * - a stated change against last year (“与2020年相比减少611.78万元”) against last year's report of the same
 *   unit: the change must equal this year's figure minus the figure that report printed;
 * - 预算 against 决算 of the same year: the budget columns of the final report (t05 年初预算, t07 预算数)
 *   against what the budget report published.
 */
import type { Fact, NormalisedReport, ReportTable } from '../model.ts';
import { PRINTED_PRECISION, compare, insufficient, minus, type Term } from './compare.ts';
import { cellTerm, factLabel, factNear, moneyColumns, moneyTerm, tableOf, valueAt } from './lookup.ts';
import { grandRow, roleColumn } from './between-tables.ts';
import type { CheckContext, CheckOutcome, Rule, ValueRef } from './model.ts';
import { threePublicColumn } from './row-identities.ts';

const FAMILY = 'across-years' as const;

/** Same unit: the same unit code, or a name (or alias) in common. */
export function sameUnit(a: NormalisedReport, b: NormalisedReport): boolean {
  if (a.meta.unitCode && b.meta.unitCode) return a.meta.unitCode === b.meta.unitCode;
  const names = (r: NormalisedReport): string[] => [r.meta.unit, ...r.meta.unitAliases].filter((n): n is string => !!n).map((n) => n.replace(/\s+/g, ''));
  const mine = new Set(names(a));
  return names(b).some((n) => mine.has(n));
}

/**
 * The figure of `metric` in another report that matches a fact: by code, else by name for the metrics that
 * have one figure per class or item; only when every candidate states the same amount (a report states
 * some totals twice), never a guess among different figures.
 */
function counterpart(other: NormalisedReport, metric: string, f: Fact): Fact | undefined {
  const perItem = /\.(?:by_function|detail)$/.test(metric);
  if (perItem && f.code === null && f.name === null) return undefined;
  const candidates = other.facts.filter(
    (c) => c.metric === metric && (f.code !== null ? c.code === f.code : !perItem || (c.code === null && c.name === f.name)),
  );
  const amounts = new Set(candidates.map((c) => c.yuan));
  return amounts.size === 1 ? candidates[0] : undefined;
}

const withReport = (ref: ValueRef, report: NormalisedReport): ValueRef => ({ ...ref, report: `${report.meta.year ?? '?'} ${report.meta.kind ?? '?'} ${report.source.path}` });

const priorImplied: Rule = {
  id: `${FAMILY}/prior-implied`,
  family: FAMILY,
  severity: 'error',
  tolerance: PRINTED_PRECISION,
  description: 'A stated change against last year equals this year’s figure minus the figure in last year’s report of the same unit.',
  run: (report: NormalisedReport, ctx: CheckContext) => {
    const ruleId = `${FAMILY}/prior-implied`;
    const year = report.meta.year;
    const prior = year === null ? undefined : (ctx.priorReports ?? []).find((p) => p.meta.year === year - 1 && p.meta.kind === report.meta.kind && sameUnit(report, p));
    return report.facts
      .filter((f) => f.metric.endsWith('.change'))
      .map((changeFact): CheckOutcome => {
        const base = changeFact.metric.slice(0, -'.change'.length);
        const subject = `${factLabel(changeFact)} = ${base} − last year's ${base}`;
        const change = moneyTerm(changeFact);
        const current = moneyTerm(factNear(report, base, changeFact));
        const refs = [change, current].filter((t): t is Term => t !== null).map((t) => t.ref);
        if (!change || !current) return insufficient(ruleId, FAMILY, subject, refs, `${!change ? 'the change' : base} is not stated as an amount`);
        if (!prior) return insufficient(ruleId, FAMILY, subject, refs, `last year's ${report.meta.kind ?? ''} report of this unit is not in the archive`);
        const before = moneyTerm(counterpart(prior, base, changeFact));
        if (!before) return insufficient(ruleId, FAMILY, subject, refs, `last year's report does not state ${base} unambiguously`);
        const lastYear: Term = { ...before, ref: withReport(before.ref, prior) };
        return compare({
          ruleId,
          family: FAMILY,
          subject,
          severity: 'error',
          quantity: 'yuan',
          declared: change,
          recomputed: minus(current.value, lastYear.value),
          from: [current, lastYear],
          describe: (expected, actual) =>
            `${factLabel(changeFact)}: this year's ${current.ref.printed} against ${lastYear.ref.printed} in last year's report is a change of ${expected}${changeFact.unit ?? ''}, stated ${actual}${changeFact.unit ?? ''}`,
        });
      });
  },
};

/** The row of a code (or the 合计 row for null) in a coded table, in a column. */
function codedTerm(table: ReportTable, code: string | null, column: string | undefined): Term | null {
  const row = code === null ? grandRow(table) : table.rows.find((r) => r.code === code);
  return row && column ? cellTerm(table, row, valueAt(row, column)) : null;
}

const budgetFinal: Rule = {
  id: `${FAMILY}/budget-final`,
  family: FAMILY,
  severity: 'warning',
  tolerance: PRINTED_PRECISION,
  description: 'The budget columns of a final report (t05 年初预算, t07 预算数) equal what the budget report of the same unit and year published.',
  run: (report: NormalisedReport, ctx: CheckContext) => {
    const ruleId = `${FAMILY}/budget-final`;
    const other = ctx.sameYearOther;
    const subject = 'final report budget columns = budget report';
    // The budget columns are the final report's: the check is reported there, once, not again on the budget.
    if (report.meta.kind === 'budget') return [];
    if (!other || !sameUnit(report, other) || other.meta.year !== report.meta.year || other.meta.kind === report.meta.kind) {
      return [insufficient(ruleId, FAMILY, subject, [], 'the other report (budget or final) of the same unit and year is not in the archive')];
    }
    const final = report;
    const budget = other;
    const out: CheckOutcome[] = [];
    const f05 = tableOf(final, 't05');
    const b05 = tableOf(budget, 't05');
    const budgetColumn = f05 ? moneyColumns(f05).find((c) => /年初预算|预算数/.test(c) && !/决算|全年|调整/.test(c)) : undefined;
    if (!f05 || !b05 || !budgetColumn) {
      out.push(insufficient(ruleId, FAMILY, 't05 年初预算 = budget t05', [], !f05 || !b05 ? 'a t05 is not published' : 'the final t05 has no 年初预算 column'));
    } else {
      const bTotal = roleColumn(b05, 'total');
      const codes = [null, ...f05.rows.filter((r) => r.code !== null).map((r) => r.code)];
      for (const code of codes) {
        const declared = codedTerm(f05, code, budgetColumn);
        const published = codedTerm(b05, code, bTotal);
        if (!declared) continue;
        const subj = `final t05 ${code ?? '合计'} 年初预算 = budget t05`;
        if (!published) {
          out.push(insufficient(ruleId, FAMILY, subj, [declared.ref], `the budget t05 has no row ${code ?? '合计'}`));
          continue;
        }
        const from = { ...published, ref: withReport(published.ref, budget) };
        out.push(compare({
          ruleId, family: FAMILY, subject: subj, severity: 'warning', quantity: 'yuan', declared, recomputed: from.value, from: [from],
          describe: (expected, actual) => `the final report's t05 年初预算 for ${code ?? '合计'} is ${actual}, but the budget report published ${expected}`,
        }));
      }
    }
    const f07 = tableOf(final, 't07');
    const b07 = tableOf(budget, 't07');
    const fCol = f07 ? moneyColumns(f07).find((c, _i, all) => threePublicColumn(c, all)?.role === 'total' && threePublicColumn(c, all)?.phase === 'budget') : undefined;
    const bCol = b07 ? moneyColumns(b07).find((c, _i, all) => threePublicColumn(c, all)?.role === 'total') : undefined;
    const declared = f07 && fCol && f07.rows[0] ? cellTerm(f07, f07.rows[0], valueAt(f07.rows[0], fCol)) : null;
    const published = b07 && bCol && b07.rows[0] ? cellTerm(b07, b07.rows[0], valueAt(b07.rows[0], bCol)) : null;
    if (declared && published) {
      const from = { ...published, ref: withReport(published.ref, budget) };
      out.push(compare({
        // The 决算 template's 三公 预算数 is the full-year budget, adjustments included: a gap is worth a look, not an error.
        ruleId, family: FAMILY, subject: 'final t07 三公 预算数 = budget t07 合计', severity: 'info', quantity: 'yuan', declared, recomputed: from.value, from: [from],
        describe: (expected, actual) => `the final report's t07 三公 预算数 is ${actual}, but the budget report published ${expected} (the final's figure may include adjustments made during the year)`,
      }));
    }
    return out;
  },
};

export const acrossYearsRules: readonly Rule[] = [priorImplied, budgetFinal];
