/**
 * Sums and hierarchy within one table: 合计 = Σ its top-level rows; 类 = Σ its 款; 款 = Σ its 项 — for every
 * money column and each side of a two-sided table (t06: 人员经费合计 = 301 + 303, 公用经费合计 = 302 + 310).
 * The summary tables without codes (t01, t04) are summed by their printed numbering instead: 本年收入合计 =
 * Σ 一、…; 总计 = 本年合计 + the rows after it; a heading row = Σ its 1. 2. 3. (or 一、二、三、) sub-rows.
 */
import type { LineItem, NormalisedReport, ReportTable, Side } from '../model.ts';
import { PRINTED_PRECISION, compare, isZeroValue, total, type Term } from './compare.ts';
import { cellTerm, moneyColumns, shortId, valueAt } from './lookup.ts';
import type { CheckOutcome, Rule } from './model.ts';

const FAMILY = 'table-sums' as const;

/** The sides of a table: [null] for a one-sided table, else those its rows use. */
export function sidesOf(table: ReportTable): readonly (Side | null)[] {
  const sides = [...new Set(table.rows.map((r) => r.side))];
  return sides.length === 0 ? [null] : sides;
}

/** Sums a parent cell against child cells in one column; null when the parent cell holds no amount. */
function sumCheck(
  ruleId: string,
  table: ReportTable,
  column: string,
  parent: LineItem,
  children: readonly LineItem[],
  what: string,
): CheckOutcome | null {
  const declared = cellTerm(table, parent, valueAt(parent, column));
  if (!declared) return null;
  const parts = children.map((c) => cellTerm(table, c, valueAt(c, column))).filter((t): t is Term => t !== null);
  // Blank everywhere (most columns of t02 in a unit funded by one source): nothing to add up.
  if (isZeroValue(declared.value) && parts.every((p) => isZeroValue(p.value))) return null;
  const t = shortId(table.tableId);
  const label = `${parent.code ?? ''} ${parent.name}`.trim();
  return compare({
    ruleId,
    family: FAMILY,
    subject: `${t} ${label} = Σ ${what} (${column})`,
    severity: 'error',
    quantity: 'yuan',
    declared,
    recomputed: total(parts.map((p) => p.value)),
    from: parts,
    describe: (expected, actual) =>
      `${t} ${label} / ${column}: its ${children.length} ${what} (${children.map((c) => c.code ?? c.name).join(', ')}) add up to ${expected}, but it prints ${actual}${table.moneyUnit ? ` ${table.moneyUnit}` : ''}`,
  });
}

/** The nearest coded ancestor present in the table (same side): the longest proper prefix of the code that is a row. */
function parentOf(row: LineItem, byCode: ReadonlyMap<string, LineItem>): LineItem | undefined {
  const code = row.code!;
  for (let length = code.length - 1; length > 0; length--) {
    const parent = byCode.get(code.slice(0, length));
    if (parent && parent !== row) return parent;
  }
  return undefined;
}

function hierarchyOutcomes(table: ReportTable, mode: 'hierarchy' | 'total-row'): CheckOutcome[] {
  const out: CheckOutcome[] = [];
  for (const side of sidesOf(table)) {
    const rows = table.rows.filter((r) => r.side === side);
    const coded = rows.filter((r) => r.code !== null && r.code !== '');
    if (coded.length === 0) continue;
    // A code printed twice on one side (a table continued over pages) keeps its first row as the parent.
    const byCode = new Map<string, LineItem>();
    for (const r of coded) if (!byCode.has(r.code!)) byCode.set(r.code!, r);
    const children = new Map<LineItem | null, LineItem[]>();
    for (const r of coded) {
      const p = parentOf(r, byCode) ?? null;
      const list = children.get(p);
      if (list) list.push(r);
      else children.set(p, [r]);
    }
    const totals = rows.filter((r) => r.code === null && /合计|总计/.test(r.name.replace(/\s+/g, '')));
    for (const column of moneyColumns(table, side)) {
      for (const [parent, kids] of mode === 'hierarchy' ? children : []) {
        if (parent === null) continue;
        const what = parent.code!.length === 3 ? '款' : '项';
        const o = sumCheck(`${FAMILY}/hierarchy`, table, column, parent, kids, `${what}`);
        if (o) out.push(o);
      }
      const roots = children.get(null) ?? [];
      for (const t of mode === 'total-row' ? totals : []) {
        const o = sumCheck(`${FAMILY}/total-row`, table, column, t, roots, 'top-level rows');
        if (o) out.push(o);
      }
    }
  }
  return out;
}

const CHINESE_ITEM = /^[一二三四五六七八九十]+、/;
const ARABIC_ITEM = /^\d+[.、．]/;
const THIS_YEAR_TOTAL = /^本年(?:收入|支出)合计$/;
const GRAND_TOTAL = /总计$/;

const flat = (r: LineItem): string => r.name.replace(/\s+/g, '');

/** Sums of the uncoded summary tables (t01, t04) by their numbering; see the module comment. */
function summaryOutcomes(table: ReportTable): CheckOutcome[] {
  const out: CheckOutcome[] = [];
  for (const side of sidesOf(table)) {
    const rows = table.rows.filter((r) => r.side === side && r.code === null);
    const yearTotalAt = rows.findIndex((r) => THIS_YEAR_TOTAL.test(flat(r)));
    const grandAt = rows.findIndex((r, i) => i > yearTotalAt && GRAND_TOTAL.test(flat(r)));
    const head = rows.slice(0, yearTotalAt >= 0 ? yearTotalAt : grandAt >= 0 ? grandAt : rows.length);
    const topItems = head.filter((r) => CHINESE_ITEM.test(flat(r)));
    const groups: { parent: LineItem; kids: LineItem[] }[] = [];
    // A heading row followed by its sub-rows: 一、财政拨款收入 then 1. 2. 3.; 年初结转和结余 then 一、二、三、.
    rows.forEach((r, i) => {
      const name = flat(r);
      const subPattern = CHINESE_ITEM.test(name) ? ARABIC_ITEM : !ARABIC_ITEM.test(name) && i > yearTotalAt && yearTotalAt >= 0 && !GRAND_TOTAL.test(name) ? CHINESE_ITEM : null;
      if (!subPattern) return;
      const kids: LineItem[] = [];
      for (const next of rows.slice(i + 1)) {
        if (!subPattern.test(flat(next))) break;
        kids.push(next);
      }
      if (kids.length > 0) groups.push({ parent: r, kids });
    });
    const tail = yearTotalAt >= 0 && grandAt > yearTotalAt
      ? rows.slice(yearTotalAt + 1, grandAt).filter((r) => !CHINESE_ITEM.test(flat(r)) && !ARABIC_ITEM.test(flat(r)))
      : [];
    for (const column of moneyColumns(table, side)) {
      const add = (o: CheckOutcome | null): void => {
        if (o) out.push(o);
      };
      const yearTotal = yearTotalAt >= 0 ? rows[yearTotalAt] : undefined;
      const grand = grandAt >= 0 ? rows[grandAt] : undefined;
      if (topItems.length > 0) {
        if (yearTotal) add(sumCheck(`${FAMILY}/summary`, table, column, yearTotal, topItems, 'numbered items'));
        else if (grand) add(sumCheck(`${FAMILY}/summary`, table, column, grand, topItems, 'numbered items'));
      }
      if (yearTotal && grand) add(sumCheck(`${FAMILY}/summary`, table, column, grand, [yearTotal, ...tail], 'rows (本年合计 and carry-overs)'));
      for (const g of groups) add(sumCheck(`${FAMILY}/summary`, table, column, g.parent, g.kids, 'sub-items'));
    }
  }
  return out;
}

const SUMMARY_TABLE = /^(?:final|budget)\.t0[14](?:_|$)/;

const hierarchy: Rule = {
  id: `${FAMILY}/hierarchy`,
  family: FAMILY,
  severity: 'error',
  tolerance: PRINTED_PRECISION,
  description: 'In every coded table, each 类 = Σ its 款 and each 款 = Σ its 项, per column and side.',
  run: (report: NormalisedReport) => report.tables.filter((t) => !SUMMARY_TABLE.test(t.tableId)).flatMap((t) => hierarchyOutcomes(t, 'hierarchy')),
};

const totalRow: Rule = {
  id: `${FAMILY}/total-row`,
  family: FAMILY,
  severity: 'error',
  tolerance: PRINTED_PRECISION,
  description: 'In every coded table, each 合计 row (人员经费合计, 公用经费合计 on their side) = Σ its top-level rows, per column.',
  run: (report: NormalisedReport) => report.tables.filter((t) => !SUMMARY_TABLE.test(t.tableId)).flatMap((t) => hierarchyOutcomes(t, 'total-row')),
};

const summary: Rule = {
  id: `${FAMILY}/summary`,
  family: FAMILY,
  severity: 'error',
  tolerance: PRINTED_PRECISION,
  description: 'In the summary tables (t01, t04), 本年合计 = Σ numbered items, 总计 = 本年合计 + carry-overs, a heading row = Σ its sub-rows.',
  run: (report: NormalisedReport) => report.tables.filter((t) => SUMMARY_TABLE.test(t.tableId)).flatMap(summaryOutcomes),
};

export const tableSumRules: readonly Rule[] = [hierarchy, totalRow, summary];
