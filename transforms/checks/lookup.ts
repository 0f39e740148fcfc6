/**
 * Finding figures in a normalised report: standard tables by their short id (t05), columns by measure or
 * printed header, rows by code or label, narrative facts by metric; and turning each into a `Term` with
 * its provenance for the comparisons.
 */
import type { Fact, LineItem, LineValue, Measure, NormalisedReport, ReportTable, Side } from '../model.ts';
import { isDecimalText } from '../money/decimal.ts';
import { unitFactor } from '../money/units.ts';
import { plainNumber, printedDecimals, type Term } from './compare.ts';
import type { ValueRef } from './model.ts';

/** The tables of a report whose canonical id is `final.<short>_…` or `budget.<short>_…` (short: "t05"). */
export function tablesOf(report: NormalisedReport, short: string): readonly ReportTable[] {
  const re = new RegExp(`^(?:final|budget)\\.${short}(?:_|$)`);
  return report.tables.filter((t) => re.test(t.tableId));
}

export function tableOf(report: NormalisedReport, short: string): ReportTable | undefined {
  return tablesOf(report, short)[0];
}

/** Short id of a table ("final.t06_general_budget_basic_expenditure" → "t06"), for messages. */
export function shortId(tableId: string): string {
  const m = /^(?:final|budget)\.(t\d+)/.exec(tableId);
  return m?.[1] ?? tableId;
}

/** Name without whitespace and without a leading list number (一、 1. （一）). */
export function plainName(name: string): string {
  return name
    .replace(/\s+/g, '')
    .replace(/^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.、．])/, '');
}

/** moneyColumns per table and side: the rules ask for them again and again, and tables are immutable. */
const moneyColumnsMemo = new WeakMap<ReportTable, Map<Side | null, readonly string[]>>();

/** Columns of a table holding money (some row has an amount in 元 and none a percentage). */
export function moneyColumns(table: ReportTable, side: Side | null = null): readonly string[] {
  let bySide = moneyColumnsMemo.get(table);
  if (!bySide) moneyColumnsMemo.set(table, (bySide = new Map()));
  const known = bySide.get(side);
  if (known) return known;
  const seen = new Map<string, boolean>();
  for (const row of table.rows) {
    if (side !== null && row.side !== side) continue;
    for (const v of row.values) {
      const money = v.yuan !== null && v.percent === null && v.measure !== 'completion_pct';
      seen.set(v.column, (seen.get(v.column) ?? true) && money);
    }
  }
  const columns = [...seen].filter(([, money]) => money).map(([c]) => c);
  bySide.set(side, columns);
  return columns;
}

/** Cache: columnMeasures per table (tables are immutable; entries go with their table). */
const measuresMemo = new WeakMap<ReportTable, ReadonlyMap<string, Measure | null>>();

/** The measure of each column of a table (a column's measure is the same in every row). */
export function columnMeasures(table: ReportTable): ReadonlyMap<string, Measure | null> {
  let measures = measuresMemo.get(table);
  if (!measures) {
    const m = new Map<string, Measure | null>();
    for (const row of table.rows) for (const v of row.values) if (!m.has(v.column)) m.set(v.column, v.measure);
    measuresMemo.set(table, (measures = m));
  }
  return measures;
}

export function valueAt(row: LineItem, column: string): LineValue | undefined {
  return row.values.find((v) => v.column === column);
}

/** The row's value in the column with this measure, else in the first column whose last header matches. */
export function valueBy(row: LineItem, measure: Measure | null, header?: RegExp): LineValue | undefined {
  if (measure !== null) {
    const byMeasure = row.values.find((v) => v.measure === measure);
    if (byMeasure) return byMeasure;
  }
  if (header) return row.values.find((v) => header.test(v.column.split('/').pop() ?? v.column));
  return undefined;
}

/** The total row (合计, 总计, 人员经费合计 …) of a table or of one side. */
export function totalRows(table: ReportTable, side: Side | null, label: RegExp = /合计|总计/): readonly LineItem[] {
  return table.rows.filter((r) => r.code === null && (side === null || r.side === side) && label.test(r.name.replace(/\s+/g, '')));
}

/** A table cell as a comparison term; null when the cell holds no amount. */
export function cellTerm(table: ReportTable, row: LineItem, v: LineValue | undefined, label?: string): Term | null {
  if (!v || !isDecimalText(v.yuan)) return null;
  const ref: ValueRef = {
    label: label ?? `${shortId(table.tableId)} ${row.code ?? ''} ${row.name} / ${v.column}`.replace(/\s+/g, ' '),
    value: v.yuan,
    printed: v.text,
    unit: table.moneyUnit,
    tableId: table.tableId,
    side: row.side,
    row: row.order,
    code: row.code,
    column: v.column,
    block: v.prov.block,
  };
  return { value: v.yuan, decimals: printedDecimals(v.text), factor: unitFactor(table.moneyUnit), ref };
}

/** Every fact of a metric (and code, when given), in document order. */
export function factsOf(report: NormalisedReport, metric: string, code?: string | null): readonly Fact[] {
  return report.facts.filter((f) => f.metric === metric && (code === undefined || f.code === code));
}

export function factOf(report: NormalisedReport, metric: string, code?: string | null): Fact | undefined {
  return factsOf(report, metric, code)[0];
}

function factRef(f: Fact, label: string, value: string, printed: string, unit: string | null): ValueRef {
  return {
    label,
    value,
    printed,
    unit,
    code: f.code,
    sentence: f.sentence,
    block: f.prov.block,
    ...(f.prov.start !== undefined ? { start: f.prov.start } : {}),
    ...(f.prov.end !== undefined ? { end: f.prov.end } : {}),
  };
}

/** A money fact as a term in 元; null when the fact is not an amount. */
export function moneyTerm(f: Fact | undefined, label?: string): Term | null {
  if (!f || !isDecimalText(f.yuan)) return null;
  return {
    value: f.yuan,
    decimals: printedDecimals(f.value),
    factor: unitFactor(f.unit),
    ref: factRef(f, label ?? factLabel(f), f.yuan, `${f.value}${f.unit ?? ''}`, f.unit),
  };
}

/** The fact's own value as a percentage term (a `.change_pct` fact); null when it is not a number. */
export function percentTerm(f: Fact | undefined, label?: string): Term | null {
  const value = f ? plainNumber(f.value) : null;
  if (!f || value === null) return null;
  return { value, decimals: printedDecimals(f.value), factor: '1', ref: factRef(f, label ?? factLabel(f), value, `${f.value}%`, '%') };
}

/** A percentage attribute of a fact (sharePct or completionPct) as a term. */
export function attributeTerm(f: Fact, attribute: 'sharePct' | 'completionPct'): Term | null {
  const text = f[attribute];
  const value = text === null ? null : plainNumber(text);
  if (text === null || value === null) return null;
  const what = attribute === 'sharePct' ? 'share' : 'completion';
  return { value, decimals: printedDecimals(text), factor: '1', ref: factRef(f, `${factLabel(f)} ${what}`, value, `${text}%`, '%') };
}

/** A count fact (件, 辆, 名 …) as a term. */
export function countTerm(f: Fact | undefined): Term | null {
  const value = f ? plainNumber(f.value) : null;
  if (!f || value === null) return null;
  return { value, decimals: printedDecimals(f.value), factor: '1', ref: factRef(f, factLabel(f), value, `${f.value}${f.unit ?? ''}`, f.unit) };
}

export function factLabel(f: Fact): string {
  return f.code ? `${f.metric} ${f.code}` : f.metric;
}

/**
 * The fact of `metric` (and the anchor's code) that belongs with `anchor`: in the same sentence, else the
 * nearest in the same paragraph. Undefined otherwise: a figure from another paragraph may be another
 * item's (Jiangsu 2018 states 预留机动经费 and its change right after 项目支出), and pairing them would report
 * an error that is not in the document.
 */
export function factNear(report: NormalisedReport, metric: string, anchor: Fact): Fact | undefined {
  const candidates = factsOf(report, metric, anchor.code);
  const sameSentence = candidates.filter((f) => f.prov.block === anchor.prov.block && f.sentence === anchor.sentence);
  if (sameSentence.length > 0) return nearest(sameSentence, anchor);
  const sameBlock = candidates.filter((f) => f.prov.block === anchor.prov.block);
  return sameBlock.length > 0 ? nearest(sameBlock, anchor) : undefined;
}

/** The candidate closest before the anchor in the text, else the closest after it. */
function nearest(candidates: readonly Fact[], anchor: Fact): Fact | undefined {
  const at = (f: Fact): number => f.prov.block * 1e9 + (f.prov.start ?? 0);
  const before = candidates.filter((f) => at(f) <= at(anchor)).sort((a, b) => at(b) - at(a));
  const after = candidates.filter((f) => at(f) > at(anchor)).sort((a, b) => at(a) - at(b));
  return before[0] ?? after[0];
}
