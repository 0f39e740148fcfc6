/**
 * Narrative against tables: every figure the narrative states and a standard table also prints must agree,
 * at the narrative's printed precision (the text may round 0.80 to 0.8). A figure whose table is not
 * published (the seed lists its tables by title only) is insufficient data, not a pass.
 */
import type { Fact, NormalisedReport, ReportTable } from '../model.ts';
import { PRINTED_PRECISION, compare, comparePercent, insufficient, type Term } from './compare.ts';
import { attributeTerm, cellTerm, factLabel, moneyColumns, moneyTerm, shortId, tableOf, valueAt } from './lookup.ts';
import { grandRow, roleColumn } from './between-tables.ts';
import type { CheckOutcome, Rule } from './model.ts';
import { threePublicColumn, type ThreePublicRole } from './row-identities.ts';
import { grandTotalRow, sideTotalColumn } from './two-sided.ts';

const FAMILY = 'narrative-tables' as const;
const RULE_ID = `${FAMILY}/figure`;

const flat = (name: string): string => name.replace(/\s+/g, '');

/** Where a metric is printed in the tables: the table's short id and a way to find the cell. */
interface Place {
  readonly table: string;
  readonly find: (table: ReportTable, fact: Fact) => Term | null;
}

function summaryRow(side: 'left' | 'right', name: RegExp, column?: RegExp): Place['find'] {
  return (table) => {
    const row = name.source === '总计$' ? grandTotalRow(table, side) : table.rows.find((r) => r.side === side && r.code === null && name.test(flat(r.name)));
    if (!row) return null;
    const columns = moneyColumns(table, side);
    const col = (column ? columns.find((c) => column.test(c)) : undefined) ?? sideTotalColumn(table, side, row);
    return col ? cellTerm(table, row, valueAt(row, col), `${shortId(table.tableId)} ${flat(row.name)}`) : null;
  };
}

function codedCell(role: 'total' | 'basic' | 'project', byCode: boolean): Place['find'] {
  return (table, fact) => {
    const row = byCode ? table.rows.find((r) => r.code !== null && r.code === fact.code) : grandRow(table);
    const col = roleColumn(table, role);
    return row && col ? cellTerm(table, row, valueAt(row, col)) : null;
  };
}

/** t06's 人员经费 or 公用经费 total: a side total on a two-sided t06, else a column of its 合计 row. */
function t06Part(which: '人员经费' | '公用经费'): Place['find'] {
  return (table) => {
    const sideRow = table.rows.find((r) => r.code === null && flat(r.name) === `${which}合计`);
    if (sideRow) {
      const col = moneyColumns(table, sideRow.side)[0];
      return col ? cellTerm(table, sideRow, valueAt(sideRow, col)) : null;
    }
    const row = grandRow(table);
    const col = moneyColumns(table).find((c) => c.endsWith(which));
    return row && col ? cellTerm(table, row, valueAt(row, col)) : null;
  };
}

function threePublic(role: ThreePublicRole): Place['find'] {
  return (table) => {
    const phase = table.tableId.startsWith('final.') ? 'final' : 'budget';
    if (table.rows.length === 0) return null;
    const column = moneyColumns(table).find((c, _i, all) => {
      const r = threePublicColumn(c, all);
      return r?.role === role && (r.phase === null || r.phase === phase || role === 'agency');
    });
    const row = table.rows[0]!;
    return column ? cellTerm(table, row, valueAt(row, column), `${shortId(table.tableId)} ${column}`) : null;
  };
}

/** The total expenditure of a fund table (t08, t09); zero when the table is declared empty. */
function fundTotal(): Place['find'] {
  return (table) => {
    if (table.rows.length === 0 && table.emptyNote !== null) {
      return { value: '0', decimals: null, factor: '1', ref: { label: `${shortId(table.tableId)} declared empty`, value: '0', tableId: table.tableId, printed: table.emptyNote } };
    }
    const row = grandRow(table);
    const col = moneyColumns(table).find((c) => /支出\/合计$|^合计$/.test(c.replace(/\s+/g, '')));
    return row && col ? cellTerm(table, row, valueAt(row, col)) : null;
  };
}

const PLACES: Readonly<Record<string, readonly Place[]>> = {
  total_income_expense: [{ table: 't01', find: summaryRow('left', /总计$/) }],
  'income.total': [{ table: 't01', find: summaryRow('left', /^本年收入合计$/) }, { table: 't02', find: codedCell('total', false) }],
  'income.general_budget_grant': [{ table: 't01', find: summaryRow('left', /^(?:[一二三四五六七八九十]+、|\d+[.．])?一般公共预算(?:财政拨款)?(?:收入|资金)?$/) }],
  'income.gov_fund_grant': [{ table: 't01', find: summaryRow('left', /^(?:[一二三四五六七八九十]+、|\d+[.．])?政府性基金(?:预算)?(?:财政拨款)?(?:收入)?$/) }],
  'income.state_capital_grant': [{ table: 't01', find: summaryRow('left', /^(?:[一二三四五六七八九十]+、|\d+[.．])?国有资本经营预算(?:财政拨款)?(?:收入)?$/) }],
  'income.upper_subsidy': [{ table: 't01', find: summaryRow('left', /^(?:[一二三四五六七八九十]+、)?上级补助收入$/) }],
  'income.business': [{ table: 't01', find: summaryRow('left', /^(?:[一二三四五六七八九十]+、)?事业收入$/) }],
  'income.operating': [{ table: 't01', find: summaryRow('left', /^(?:[一二三四五六七八九十]+、)?(?:事业单位)?经营收入$/) }],
  'income.affiliate_remit': [{ table: 't01', find: summaryRow('left', /^(?:[一二三四五六七八九十]+、)?附属单位上缴收入$/) }],
  'income.other': [{ table: 't01', find: summaryRow('left', /^(?:[一二三四五六七八九十]+、)?其他收入$/) }],
  'expenditure.total': [{ table: 't01', find: summaryRow('right', /^本年支出合计$/) }, { table: 't03', find: codedCell('total', false) }],
  'expenditure.basic': [{ table: 't03', find: codedCell('basic', false) }],
  'expenditure.project': [{ table: 't03', find: codedCell('project', false) }],
  'fiscal_grant.total': [{ table: 't04', find: summaryRow('left', /总计$/) }],
  'general_budget.expenditure': [{ table: 't05', find: codedCell('total', false) }],
  'general_budget.expenditure.by_function': [{ table: 't05', find: codedCell('total', true) }],
  'general_budget.expenditure.detail': [{ table: 't05', find: codedCell('total', true) }],
  'basic_expenditure.total': [{ table: 't05', find: codedCell('basic', false) }],
  'basic_expenditure.personnel': [{ table: 't06', find: t06Part('人员经费') }],
  'basic_expenditure.public_use': [{ table: 't06', find: t06Part('公用经费') }],
  'three_public.total': [{ table: 't07', find: threePublic('total') }],
  'three_public.outbound': [{ table: 't07', find: threePublic('outbound') }],
  'three_public.vehicles': [{ table: 't07', find: threePublic('vehicles') }],
  'three_public.vehicles.purchase': [{ table: 't07', find: threePublic('purchase') }],
  'three_public.vehicles.operation': [{ table: 't07', find: threePublic('operation') }],
  'three_public.reception': [{ table: 't07', find: threePublic('reception') }],
  agency_operating_cost: [{ table: 't07', find: threePublic('agency') }],
  'gov_fund.expenditure': [{ table: 't08', find: fundTotal() }],
  'state_capital.expenditure': [{ table: 't09', find: fundTotal() }],
};

function checkFact(report: NormalisedReport, fact: Fact, place: Place): CheckOutcome | null {
  const declared = moneyTerm(fact);
  if (!declared) return null;
  const subject = `${factLabel(fact)} = ${place.table}`;
  const table = tableOf(report, place.table);
  if (!table) return insufficient(RULE_ID, FAMILY, subject, [declared.ref], `table ${place.table} is not published in this document`);
  // 机关运行经费 sits in the budget t07 only; a final report prints it in the narrative alone.
  if (fact.metric === 'agency_operating_cost' && table.tableId.startsWith('final.')) return null;
  if ((fact.metric.endsWith('.by_function') || fact.metric.endsWith('.detail')) && !fact.code) {
    return insufficient(RULE_ID, FAMILY, subject, [declared.ref], 'the narrative names the class without a code');
  }
  const cell = place.find(table, fact);
  if (!cell) return insufficient(RULE_ID, FAMILY, subject, [declared.ref], `${place.table} has no cell for ${factLabel(fact)}`);
  return compare({
    ruleId: RULE_ID,
    family: FAMILY,
    subject,
    severity: 'error',
    quantity: 'yuan',
    declared,
    recomputed: cell.value,
    from: [cell],
    describe: (expected, actual) => `the narrative states ${factLabel(fact)} ${actual}${fact.unit ?? ''}, but ${cell.ref.label} prints ${expected}${fact.unit ?? ''} (at the narrative's precision)`,
  });
}

const figures: Rule = {
  id: RULE_ID,
  family: FAMILY,
  severity: 'error',
  tolerance: PRINTED_PRECISION,
  description: 'Every amount the narrative states that a standard table also prints (totals, basic/project, classes, 三公, funds) agrees with the table.',
  run: (report) =>
    report.facts.flatMap((f) => (PLACES[f.metric] ?? []).map((p) => checkFact(report, f, p)).filter((o): o is CheckOutcome => o !== null)),
};

/** Completion rates of the 项 detail against the t05 budget column (年初预算 of a final t05). */
const completion: Rule = {
  id: `${FAMILY}/completion`,
  family: FAMILY,
  severity: 'error',
  tolerance: PRINTED_PRECISION,
  description: 'A completion rate stated for a function code equals its t05 决算 over its t05 budget column.',
  run: (report) => {
    const ruleId = `${FAMILY}/completion`;
    return report.facts
      .filter((f) => f.completionPct !== null && f.code !== null && f.metric.startsWith('general_budget.expenditure.'))
      .map((f) => {
        const subject = `completion of ${factLabel(f)} = t05 决算 / 预算`;
        const declared = attributeTerm(f, 'completionPct');
        const t05 = tableOf(report, 't05');
        const row = t05?.rows.find((r) => r.code === f.code);
        const budgetColumn = t05 ? moneyColumns(t05).find((c) => /预算/.test(c) && !/决算/.test(c)) : undefined;
        const actualColumn = t05 ? roleColumn(t05, 'total') : undefined;
        const budget = t05 && row && budgetColumn ? cellTerm(t05, row, valueAt(row, budgetColumn)) : null;
        const executed = t05 && row && actualColumn ? cellTerm(t05, row, valueAt(row, actualColumn)) : null;
        return comparePercent({
          ruleId, family: FAMILY, subject, declared, part: executed, whole: budget,
          missing: !t05 ? 'table t05 is not published in this document' : 't05 has no budget or 决算 figure for this code',
          zero: 'the budget is zero',
          describe: (part, whole, expected, actual) => `${factLabel(f)}: t05 gives ${part.ref.printed} of a budget of ${whole.ref.printed}, ${expected}%, but the narrative states ${actual}%`,
        });
      });
  },
};

export const narrativeTablesRules: readonly Rule[] = [figures, completion];
