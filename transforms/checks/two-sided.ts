/**
 * Two-sided closure: in the summary tables (t01 收入支出决算总表 / 收支预算总表, t04 财政拨款收入支出总表) the
 * income side's 总计 equals the expenditure side's 总计.
 */
import type { LineItem, NormalisedReport, ReportTable, Side } from '../model.ts';
import { PRINTED_PRECISION, insufficient, sameAmount } from './compare.ts';
import { cellTerm, moneyColumns, shortId, valueAt, valueBy } from './lookup.ts';
import type { CheckOutcome, Rule } from './model.ts';

const FAMILY = 'two-sided' as const;
const RULE_ID = `${FAMILY}/closure`;
const SUMMARY_TABLE = /^(?:final|budget)\.t0[14](?:_|$)/;

/** The side's grand total row: the last row named …总计 (收入总计, 支出总计, 总计). */
export function grandTotalRow(table: ReportTable, side: Side): LineItem | undefined {
  const rows = table.rows.filter((r) => r.side === side && r.code === null && /总计$/.test(r.name.replace(/\s+/g, '')));
  return rows[rows.length - 1];
}

/** The column holding a side's total: measure total, else a 合计 header, else the first money column. */
export function sideTotalColumn(table: ReportTable, side: Side, row: LineItem): string | undefined {
  const byMeasure = valueBy(row, 'total', /合计|决算数|预算数|金额/);
  return byMeasure?.column ?? moneyColumns(table, side)[0];
}

function closure(table: ReportTable): CheckOutcome {
  const t = shortId(table.tableId);
  const subject = `${t} 收入总计 = 支出总计`;
  const left = grandTotalRow(table, 'left');
  const right = grandTotalRow(table, 'right');
  if (!left || !right) return insufficient(RULE_ID, FAMILY, subject, [], `no 总计 row on the ${!left ? 'income' : 'expenditure'} side`);
  const leftColumn = sideTotalColumn(table, 'left', left);
  const rightColumn = sideTotalColumn(table, 'right', right);
  const declared = leftColumn ? cellTerm(table, left, valueAt(left, leftColumn), `${t} ${left.name}`) : null;
  const other = rightColumn ? cellTerm(table, right, valueAt(right, rightColumn), `${t} ${right.name}`) : null;
  return sameAmount(RULE_ID, FAMILY, subject, declared, other, 'a 总计 cell holds no amount', (expected, actual) =>
    `${t}: the expenditure side totals ${expected} but the income side totals ${actual}${table.moneyUnit ? ` ${table.moneyUnit}` : ''}`,
  );
}

const closureRule: Rule = {
  id: RULE_ID,
  family: FAMILY,
  severity: 'error',
  tolerance: PRINTED_PRECISION,
  description: 'In the two-sided summary tables, 收入总计 = 支出总计.',
  run: (report: NormalisedReport) =>
    report.tables.filter((t) => SUMMARY_TABLE.test(t.tableId) && t.rows.some((r) => r.side !== null)).map(closure),
};

export const twoSidedRules: readonly Rule[] = [closureRule];
