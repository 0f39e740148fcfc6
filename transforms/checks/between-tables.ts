/**
 * Figures that two standard tables both print: t01 income = t02 total; t01 expenditure = t03 total, class by
 * class; t04 general-budget expenditure = t05 total, class by class; t05 basic = t06 total (人员经费 + 公用经费);
 * the 三公 economic codes of t06 (basic expenditure only) never exceed the 三公 table t07.
 */
import type { LineItem, NormalisedReport, ReportTable, Side } from '../model.ts';
import { PRINTED_PRECISION, compare, compareValues, insufficient, sameAmount, total, type Term } from './compare.ts';
import { cellTerm, columnMeasures, moneyColumns, plainName, shortId, tableOf, valueAt } from './lookup.ts';
import type { CheckOutcome, Rule } from './model.ts';
import { threePublicColumn, type ThreePublicRole } from './row-identities.ts';

const FAMILY = 'between-tables' as const;

const lastHeader = (column: string): string => (column.split('/').pop() ?? column).replace(/\s+/g, '');
const flat = (name: string): string => name.replace(/\s+/g, '');

const ROLE_HEADER = {
  total: /^(?:本年(?:收入|支出))?合计$/,
  basic: /^基本支出$/,
  project: /^项目支出$/,
} as const;
/** Budget columns beside the 决算 columns of a final table (年初预算数, 全年预算数 …). */
const BUDGET_COLUMN = /预算数|年初|全年|调整/;

/** The column of a role (total, basic, project); in a final table, the 决算 column rather than a budget one. */
export function roleColumn(table: ReportTable, role: keyof typeof ROLE_HEADER, side: Side | null = null): string | undefined {
  const measures = columnMeasures(table);
  const candidates = moneyColumns(table, side).filter((c) => measures.get(c) === role || ROLE_HEADER[role].test(lastHeader(c)));
  if (table.tableId.startsWith('budget.')) return candidates[0];
  return candidates.find((c) => !BUDGET_COLUMN.test(c));
}

/** The 合计 (or 总计) row of a coded table. */
export function grandRow(table: ReportTable, side: Side | null = null): LineItem | undefined {
  const rows = table.rows.filter((r) => r.code === null && (side === null || r.side === side));
  return rows.find((r) => /^(?:合计|总计)$/.test(flat(r.name))) ?? rows.find((r) => /合计|总计/.test(flat(r.name)));
}

/** A row of a summary table's side by its name, and its value in the side's first (or a named) money column. */
function summaryTerm(table: ReportTable, side: Side, names: readonly RegExp[], column?: RegExp): Term | null {
  for (const re of names) {
    const row = table.rows.find((r) => r.side === side && r.code === null && re.test(flat(r.name)));
    if (!row) continue;
    const columns = moneyColumns(table, side);
    const col = (column ? columns.find((c) => column.test(c)) : undefined) ?? columns[0];
    return col ? cellTerm(table, row, valueAt(row, col), `${shortId(table.tableId)} ${flat(row.name)}${column ? ` / ${col}` : ''}`) : null;
  }
  return null;
}

function codedTotalTerm(table: ReportTable, role: keyof typeof ROLE_HEADER): Term | null {
  const row = grandRow(table);
  const col = roleColumn(table, role);
  if (!row || !col) return null;
  return cellTerm(table, row, valueAt(row, col), `${shortId(table.tableId)} ${flat(row.name)} / ${col}`);
}

const INCOME_TOTAL = [/^本年收入合计$/, /^收入合计$/, /^收入总计$/];
const EXPENDITURE_TOTAL = [/^本年支出合计$/, /^支出合计$/, /^支出总计$/];
const GENERAL_BUDGET = /一般公共预算/;

/** Function classes printed by name on a summary side compared with the class rows (3-digit codes) of a coded table. */
function classesByName(ruleId: string, summary: ReportTable, column: RegExp | undefined, coded: ReportTable): CheckOutcome[] {
  const t1 = shortId(summary.tableId);
  const t2 = shortId(coded.tableId);
  const classes = new Map(coded.rows.filter((r) => r.code !== null && r.code.length === 3).map((r) => [plainName(r.name), r]));
  const col2 = roleColumn(coded, 'total');
  const out: CheckOutcome[] = [];
  for (const row of summary.rows.filter((r) => r.side === 'right' && /^[一二三四五六七八九十]+、/.test(flat(r.name)))) {
    const columns = moneyColumns(summary, 'right');
    const col1 = (column ? columns.find((c) => column.test(c)) : undefined) ?? columns[0];
    const declared = col1 ? cellTerm(summary, row, valueAt(row, col1), `${t1} ${flat(row.name)}`) : null;
    if (!declared || compareValues(declared.value, '0') === 0) continue;
    const match = classes.get(plainName(row.name));
    const other = match && col2 ? cellTerm(coded, match, valueAt(match, col2), `${t2} ${match.code} ${match.name}`) : null;
    out.push(sameAmount(ruleId, FAMILY, `${t1} ${plainName(row.name)} = ${t2} class total`, declared, other, `no class named ${plainName(row.name)} in ${t2}`));
  }
  return out;
}

function withTables(shorts: readonly string[], subject: string, ruleId: string, report: NormalisedReport, body: (tables: ReportTable[]) => CheckOutcome[]): CheckOutcome[] {
  const tables = shorts.map((s) => tableOf(report, s));
  if (tables.some((t) => t === undefined)) {
    const missing = shorts.filter((_, i) => tables[i] === undefined);
    return [insufficient(ruleId, FAMILY, subject, [], `table${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not published in this document`)];
  }
  return body(tables as ReportTable[]);
}

function rule(id: string, description: string, run: (report: NormalisedReport) => CheckOutcome[]): Rule {
  return { id: `${FAMILY}/${id}`, family: FAMILY, severity: 'error', tolerance: PRINTED_PRECISION, description, run };
}

const t01t02 = rule('t01-t02', 't01 本年收入合计 = t02 合计', (report) =>
  withTables(['t01', 't02'], 't01 income total = t02 total', `${FAMILY}/t01-t02`, report, ([t01, t02]) => [
    sameAmount(`${FAMILY}/t01-t02`, FAMILY, 't01 income total = t02 total', codedTotalTerm(t02!, 'total'), summaryTerm(t01!, 'left', INCOME_TOTAL), 'a total is missing'),
  ]),
);

const t01t03 = rule('t01-t03', 't01 本年支出合计 = t03 合计, and each function class of t01 = its t03 class row', (report) =>
  withTables(['t01', 't03'], 't01 expenditure = t03', `${FAMILY}/t01-t03`, report, ([t01, t03]) => [
    sameAmount(`${FAMILY}/t01-t03`, FAMILY, 't01 expenditure total = t03 total', codedTotalTerm(t03!, 'total'), summaryTerm(t01!, 'right', EXPENDITURE_TOTAL), 'a total is missing'),
    ...classesByName(`${FAMILY}/t01-t03`, t01!, undefined, t03!),
  ]),
);

const t04t05 = rule('t04-t05', 't04 general-budget 本年支出合计 = t05 合计, and class by class', (report) =>
  withTables(['t04', 't05'], 't04 general budget = t05', `${FAMILY}/t04-t05`, report, ([t04, t05]) => [
    sameAmount(`${FAMILY}/t04-t05`, FAMILY, 't04 general-budget expenditure = t05 total', codedTotalTerm(t05!, 'total'), summaryTerm(t04!, 'right', EXPENDITURE_TOTAL, GENERAL_BUDGET), 'a total is missing'),
    ...classesByName(`${FAMILY}/t04-t05`, t04!, GENERAL_BUDGET, t05!),
  ]),
);

/** t06's total: its 合计 row, or on a two-sided t06 the side totals 人员经费合计 + 公用经费合计. */
function t06Total(t06: ReportTable): { value: string; terms: Term[] } | null {
  const twoSided = t06.rows.some((r) => r.side !== null);
  const terms: Term[] = [];
  for (const side of twoSided ? (['left', 'right'] as const) : [null]) {
    const row = grandRow(t06, side);
    const col = twoSided ? moneyColumns(t06, side)[0] : roleColumn(t06, 'total') ?? moneyColumns(t06)[0];
    const term = row && col ? cellTerm(t06, row, valueAt(row, col), `t06 ${flat(row.name)}`) : null;
    if (!term) return null;
    terms.push(term);
  }
  return { value: total(terms.map((t) => t.value)), terms };
}

const t05t06 = rule('t05-t06', 't05 合计 基本支出 = t06 total (人员经费 + 公用经费)', (report) => {
  const ruleId = `${FAMILY}/t05-t06`;
  const subject = 't05 basic expenditure = t06 total';
  return withTables(['t05', 't06'], subject, ruleId, report, ([t05, t06]) => {
    const declared = codedTotalTerm(t05!, 'basic');
    const t06total = t06Total(t06!);
    if (!declared || !t06total) return [insufficient(ruleId, FAMILY, subject, declared ? [declared.ref] : [], 'a total is missing')];
    return [
      compare({
        ruleId,
        family: FAMILY,
        subject,
        severity: 'error',
        quantity: 'yuan',
        declared,
        recomputed: t06total.value,
        from: t06total.terms,
        describe: (expected, actual) =>
          `t06 totals ${expected} (${t06total.terms.map((t) => `${t.ref.label} ${t.ref.printed}`).join(' + ')}), but t05 基本支出 prints ${actual}${t05!.moneyUnit ? ` ${t05!.moneyUnit}` : ''}`,
      }),
    ];
  });
});

/** The 部门预算支出经济分类 codes of the 三公 items (basic expenditure side). */
const THREE_PUBLIC_CODES: readonly [string, ThreePublicRole][] = [
  ['30212', 'outbound'],
  ['30217', 'reception'],
  ['30231', 'operation'],
  ['31013', 'purchase'],
];

const t07t06 = rule('t07-t06', 'the 三公 economic codes of t06 (30212, 30217, 30231, 31013) do not exceed their t07 figures', (report) => {
  const ruleId = `${FAMILY}/t07-t06`;
  return withTables(['t07', 't06'], 't06 三公 codes ≤ t07', ruleId, report, ([t07, t06]) => {
    const phase = t07!.tableId.startsWith('final.') ? 'final' : 'budget';
    const out: CheckOutcome[] = [];
    for (const [code, role] of THREE_PUBLIC_CODES) {
      const row = t06!.rows.find((r) => r.code === code);
      const col = row ? (roleColumn(t06!, 'total') ?? moneyColumns(t06!, row.side)[0]) : undefined;
      const basic = row && col ? cellTerm(t06!, row, valueAt(row, col)) : null;
      if (!basic) continue;
      const subject = `t06 ${code} ≤ t07 ${role}`;
      let figure: Term | null;
      if (t07!.rows.length === 0 && t07!.emptyNote !== null) {
        // A 三公 table declared empty says there was no 三公 spending at all.
        figure = { value: '0', decimals: basic.decimals, factor: basic.factor, ref: { label: `t07 declared empty (${t07!.emptyNote})`, value: '0', tableId: t07!.tableId } };
      } else {
        const column = moneyColumns(t07!).find((c, _i, all) => {
          const r = threePublicColumn(c, all);
          return r?.role === role && (r.phase === null || r.phase === phase);
        });
        const t07row = t07!.rows[0];
        figure = column && t07row ? cellTerm(t07!, t07row, valueAt(t07row, column), `t07 ${column}`) : null;
      }
      if (!figure) {
        out.push(insufficient(ruleId, FAMILY, subject, [basic.ref], `t07 has no ${role} column`));
        continue;
      }
      const outcome = compare({
        ruleId,
        family: FAMILY,
        subject,
        severity: 'warning',
        quantity: 'yuan',
        declared: figure,
        recomputed: basic.value,
        from: [basic],
        describe: (expected, actual) => `t06 ${code} ${row!.name} spends ${expected} from basic expenditure alone, more than the ${actual} that t07 reports for all of ${role}`,
      });
      // Project expenditure may pay 三公 too: t06 (basic only) below t07 is consistent.
      out.push(outcome.outcome === 'finding' && compareValues(basic.value, figure.value) < 0 ? { outcome: 'pass', ruleId, family: FAMILY, subject, values: outcome.values } : outcome);
    }
    return out;
  });
});

export const betweenTablesRules: readonly Rule[] = [t01t02, t01t03, t04t05, t05t06, t07t06];
