/**
 * Pure conversion of a NormalisedReport (and its check outcomes) into warehouse rows, done before the load
 * transaction opens so that the transaction holds its locks only while writing. Column lists and row
 * arrays are kept side by side: `insertRows` takes them as they are. Each row is a tuple typed from the
 * one kysely `Database` interface by its column list (`RowOf`) and checked with `satisfies` where it is
 * built, so a column added, removed or reordered in schema.ts or in a list below fails the typecheck.
 */
import type { Insertable } from 'kysely';
import type { LineItem, NormalisedReport, ValueProvenance } from '../../transforms/model.ts';
import type { Database } from './schema.ts';
import { yuanToFen } from './fen.ts';
import { isBlankCell } from '../../transforms/money/amounts.ts';
import { valueName } from '../../transforms/tables/line-names.ts';

/**
 * A consistency-check outcome as the warehouse stores it. transforms/checks' outcomes (pass, finding,
 * insufficient) fit this shape as they are; whatever else an outcome carries (values, subject, tolerance,
 * reason …) is kept in the provenance JSON.
 */
export interface FindingRow {
  /** The stable id of the finding (transforms/checks/finding-id.ts), stored as `finding_key`. */
  readonly id?: string;
  readonly ruleId: string;
  readonly outcome: string;
  readonly severity?: string | null;
  readonly expected?: string | null;
  readonly actual?: string | null;
  readonly difference?: string | null;
  readonly message?: string | null;
}

export const TABLE_COLUMNS = ['report_id', 'table_index', 'table_id', 'title', 'money_unit', 'columns', 'empty_note', 'blocks'] as const;
export const LINE_ITEM_COLUMNS = [
  'report_id', 'table_index', 'table_id', 'side', 'row_order', 'code', 'code_scheme', 'level', 'canonical_code',
  'name', 'column_path', 'measure', 'amount_fen', 'percent', 'printed', 'prov',
] as const;
export const FACT_COLUMNS = [
  'report_id', 'seq', 'metric', 'code', 'name', 'value', 'unit', 'amount_fen', 'share_pct', 'completion_pct',
  'reason', 'sentence', 'prov',
] as const;
export const PROJECT_COLUMNS = [
  'report_id', 'seq', 'name', 'budget', 'executed', 'budget_fen', 'executed_fen', 'money_unit', 'prov',
] as const;
export const INDICATOR_COLUMNS = ['report_id', 'project_seq', 'seq', 'level1', 'level2', 'level3', 'expected', 'actual'] as const;
export const FINDING_COLUMNS = [
  'report_id', 'run_id', 'rule_id', 'severity', 'outcome', 'expected', 'actual', 'difference', 'message', 'provenance', 'finding_key',
] as const;
export const CLASSIFICATION_COLUMNS = [
  'first_report_id', 'scheme', 'edition', 'code', 'name', 'level', 'parent_code', 'canonical_code', 'source',
] as const;

type Tail<C extends readonly unknown[]> = C extends readonly [unknown, ...infer R] ? R : never;

/**
 * A row of `table` as the values of `columns` after the first (the report id, given at insert time), each
 * typed as kysely's Insertable of that column.
 */
export type RowOf<T extends keyof Database, C extends readonly (keyof Insertable<Database[T]>)[]> = Values<Insertable<Database[T]>, Tail<C>>;

/** The values of `Cols` of a row type, as a tuple (a homomorphic mapped type keeps the tuple's shape). */
type Values<R, Cols extends readonly unknown[]> = { -readonly [K in keyof Cols]: Cols[K] extends keyof R ? Exclude<R[Cols[K]], undefined> : never };

export type TableRow = RowOf<'report_tables', typeof TABLE_COLUMNS>;
export type LineItemInsert = RowOf<'line_items', typeof LINE_ITEM_COLUMNS>;
export type FactInsert = RowOf<'facts', typeof FACT_COLUMNS>;
export type ProjectInsert = RowOf<'projects', typeof PROJECT_COLUMNS>;
export type IndicatorInsert = RowOf<'indicators', typeof INDICATOR_COLUMNS>;
export type FindingInsert = RowOf<'findings', typeof FINDING_COLUMNS>;
export type CodeInsert = RowOf<'classification', typeof CLASSIFICATION_COLUMNS>;

/** Rows of one report, without the leading report id (added at insert time). */
export interface ReportRows {
  readonly tables: TableRow[];
  readonly lineItems: LineItemInsert[];
  readonly facts: FactInsert[];
  readonly projects: ProjectInsert[];
  readonly indicators: IndicatorInsert[];
  /** Learned codebook pairs (classification rows without first_report_id), sorted by key. */
  readonly codes: CodeInsert[];
  /** Money values that could not be stored as whole 分 (stored with a null amount, printed text kept). */
  readonly inexactAmounts: number;
}

const PROV_KEYS = new Set(['block', 'row', 'col', 'start', 'end', 'page']);

/**
 * A provenance as JSON, byte for byte what JSON.stringify writes: written directly when every key is one of
 * ValueProvenance's and every value an integer (always, from the transforms), which is several times
 * faster than JSON.stringify for these small objects (one per line item).
 */
function provJson(p: ValueProvenance): string {
  let out = '';
  for (const key in p) {
    const v = (p as unknown as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || !PROV_KEYS.has(key)) return JSON.stringify(p);
    out += (out === '' ? '{"' : ',"') + key + '":' + String(v);
  }
  return out === '' ? '{}' : out + '}';
}

/** The parent of a classification code: 2080505 → 20805 → 208 (function and economic codes alike). */
export function parentCode(code: string): string | null {
  return code.length > 3 ? code.slice(0, code.length - 2) : null;
}

function amount(yuan: string | null, counter: { inexact: number }): bigint | null {
  if (yuan === null) return null;
  const fen = yuanToFen(yuan);
  if (fen === null) counter.inexact++;
  return fen;
}

function learnedPairs(items: readonly LineItem[], year: number | null): CodeInsert[] {
  if (year === null) return [];
  const byKey = new Map<string, CodeInsert>();
  for (const item of items) {
    const name = item.name.trim();
    if (item.code === null || item.codeScheme === 'none' || name === '') continue;
    const key = `${item.codeScheme}\u0000${item.code}\u0000${name}`;
    if (!byKey.has(key)) {
      byKey.set(key, [item.codeScheme, String(year), item.code, name, item.level, parentCode(item.code), item.canonicalCode, 'learned'] satisfies CodeInsert);
    }
  }
  // Sorted so that concurrent PostgreSQL loads insert shared keys in one order (no deadlock).
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/** What the report's own row is made of: the report without its tables, facts and projects. */
export type ReportHead = Pick<NormalisedReport, 'source' | 'meta' | 'listedTables' | 'messages'>;

/**
 * A report as the loader writes it: its head and its rows. An ingest's worker threads make it
 * (pipelines/stages.ts `forLoad`), so that the thread that owns the database connection neither converts
 * the report nor deserialises its nested line items: flat rows cost that thread about a third of what the
 * report and its conversion did.
 */
export interface PreparedReport {
  readonly head: ReportHead;
  readonly rows: ReportRows;
}

export function prepareReport(report: NormalisedReport): PreparedReport {
  const { source, meta, listedTables, messages } = report;
  return { head: { source, meta, listedTables, messages }, rows: reportRows(report) };
}

/** Converts a report into rows; pure. */
export function reportRows(report: NormalisedReport): ReportRows {
  const counter = { inexact: 0 };
  const tables: TableRow[] = [];
  const lineItems: LineItemInsert[] = [];
  const allItems: LineItem[] = [];
  report.tables.forEach((t, ti) => {
    tables.push([ti, t.tableId, t.title, t.moneyUnit, JSON.stringify(t.columns), t.emptyNote, JSON.stringify(t.blocks)] satisfies TableRow);
    for (const item of t.rows) {
      allItems.push(item);
      for (const v of item.values) {
        lineItems.push([
          ti, item.tableId, item.side, item.order, item.code, item.codeScheme, item.level, item.canonicalCode,
          valueName(item.tableId, item.name, v.column), v.column, v.measure, isBlankCell(v.text) ? null : amount(v.yuan, counter), v.percent, v.text, provJson(v.prov),
        ] satisfies LineItemInsert);
      }
    }
  });
  const facts = report.facts.map((f, i) => [
    i, f.metric, f.code, f.name, f.value, f.unit, amount(f.yuan, counter), f.sharePct, f.completionPct, f.reason,
    f.sentence, provJson(f.prov),
  ] satisfies FactInsert);
  const projects: ProjectInsert[] = [];
  const indicators: IndicatorInsert[] = [];
  report.projects.forEach((p, pi) => {
    projects.push([
      pi, p.name, p.budget, p.executed, amount(p.budgetYuan, counter), amount(p.executedYuan, counter), p.moneyUnit,
      provJson(p.prov),
    ] satisfies ProjectInsert);
    p.indicators.forEach((ind, k) => indicators.push([pi, k, ind.level1, ind.level2, ind.level3, ind.expected, ind.actual] satisfies IndicatorInsert));
  });
  return {
    tables, lineItems, facts, projects, indicators,
    codes: learnedPairs(allItems, report.meta.year),
    inexactAmounts: counter.inexact,
  };
}

const FINDING_FIELDS = new Set(['id', 'ruleId', 'outcome', 'severity', 'expected', 'actual', 'difference', 'message']);

/** Finding rows (without report id): the generic columns, and everything else as provenance JSON. */
export function findingRows(findings: readonly FindingRow[], runId: number | null): FindingInsert[] {
  return findings.map((f) => {
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(f)) if (!FINDING_FIELDS.has(k)) rest[k] = v;
    return [
      runId, f.ruleId, f.severity ?? null, f.outcome, f.expected ?? null, f.actual ?? null, f.difference ?? null,
      f.message ?? null, JSON.stringify(rest), f.id ?? null,
    ] satisfies FindingInsert;
  });
}
