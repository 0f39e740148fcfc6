/**
 * The export datasets of `disclosure export`: line-items, facts, findings, coverage and codebook. Each has
 * a stable, documented column order (the `columns` arrays below ARE the documentation: header, type and
 * meaning) and reads the warehouse in pages by keyset (`id > last ORDER BY id LIMIT n`), so that a
 * million rows take the memory of one page. Amounts leave the warehouse as integer 分 and are printed
 * exactly, in 元 and in the table's printed unit, without floating point.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../warehouse/schema.ts';
import { toUnit, type ExportMoneyUnit } from './csv.ts';
import { quarantine, reports } from './identity.ts';
import { keyset } from './pages.ts';
import { COLUMNS, REPORT_KEY, filteredReports, type Dataset, type DatasetName, type ExportFilters } from './dataset.ts';
import { fenToYuanOrNull as fenToYuan } from '../warehouse/fen.ts';
import { seriesColumns, seriesPages, type SeriesRow } from './series.ts';

export { fenToYuan };

export { phaseOf, type Dataset, type DatasetName, type ExportFilters, type ForeignKey } from './dataset.ts';
export const DATASETS: readonly DatasetName[] = ['line-items', 'facts', 'findings', 'coverage', 'codebook', 'series', 'reports', 'quarantine'];

const moneyUnit = (u: string | null): ExportMoneyUnit | null => (u === '元' || u === '万元' || u === '亿元' ? u : null);

const REVENUE_MEASURES = new Set(['income', 'fiscal_grant', 'upper_subsidy', 'business', 'operating', 'affiliate_remit', 'carryover_begin']);

/**
 * Whether a line item is revenue or expenditure, from its table and side: the income tables (t02), the
 * income (left) side of the two-sided summaries (t01, t04), and the income columns of t08/t09 are revenue;
 * the rest of the standard tables are expenditure; other tables are unknown (null).
 */
export function directionOf(tableId: string, side: string | null, measure: string | null): 'revenue' | 'expenditure' | null {
  const t = tableId.replace(/^(budget|final)\./, '');
  if (t.startsWith('t02')) return 'revenue';
  if (t.startsWith('t01') || t.startsWith('t04')) return side === 'left' ? 'revenue' : side === 'right' ? 'expenditure' : null;
  if (t.startsWith('t08') || t.startsWith('t09')) return measure && REVENUE_MEASURES.has(measure) ? 'revenue' : 'expenditure';
  if (/^t0[3567]/.test(t)) return 'expenditure';
  return null;
}

type LineItemRow = Database['v_line_items'];

const lineItems: Dataset<LineItemRow> = {
  name: 'line-items',
  title: 'Line items of the appendix tables of current reports (one row per printed value)',
  foreignKeys: REPORT_KEY,
  columns: [
    { name: 'line_item_id', type: 'integer', description: 'Warehouse id of the value', value: (r) => r.line_item_id },
    COLUMNS.reportId(),
    COLUMNS.unit(),
    { name: 'unit_printed', type: 'string', description: 'The unit name as the report prints it', value: (r) => r.unit_printed },
    COLUMNS.year(),
    COLUMNS.kind('budget (预算) or final (决算)'),
    COLUMNS.phase('FDP phase: approved (budget) or executed (final)'),
    { name: 'scope', type: 'string', description: 'department (部门) or unit (单位)', value: (r) => r.scope },
    { name: 'table_id', type: 'string', description: 'Canonical table id (final.t05_general_budget_expenditure, other.<slug>)', value: (r) => r.table_id },
    { name: 'table_title', type: 'string', description: 'The table title as printed', value: (r) => r.table_title },
    { name: 'direction', type: 'string', description: 'FDP direction: revenue or expenditure (empty where unknown)', value: (r) => directionOf(r.table_id, r.side, r.measure) },
    { name: 'side', type: 'string', description: 'left or right half of a two-sided table', value: (r) => r.side },
    { name: 'row_order', type: 'integer', description: 'Row position within the table (and side), from 0', value: (r) => r.row_order },
    { name: 'code', type: 'string', description: 'Classification code as printed (full: 2080505)', value: (r) => r.code },
    { name: 'code_scheme', type: 'string', description: 'function, economic-dept, economic-gov, revenue or none', value: (r) => r.code_scheme },
    { name: 'level', type: 'integer', description: '1 = 类, 2 = 款, 3 = 项', value: (r) => r.level },
    { name: 'canonical_code', type: 'string', description: 'Code in the canonical edition (the printed code where none is known)', value: (r) => r.canonical_code },
    { name: 'code_name', type: 'string', description: 'Name of the code in the report’s edition', value: (r) => r.code_name },
    { name: 'canonical_name', type: 'string', description: 'Name of the canonical code', value: (r) => r.canonical_name },
    { name: 'name', type: 'string', description: 'Row name as printed', value: (r) => r.name },
    { name: 'column_path', type: 'string', description: 'Column header path (决算数/基本支出)', value: (r) => r.column_path },
    { name: 'measure', type: 'string', description: 'Canonical measure of the column (total, basic, project …)', value: (r) => r.measure },
    { name: 'amount_yuan', type: 'number', description: 'Exact amount in 元 (empty where the cell was printed blank)', value: (r) => fenToYuan(r.amount_fen), scale: 2 },
    { name: 'amount_printed_unit', type: 'number', description: 'The same amount in the table’s printed unit', value: (r) => toUnit(fenToYuan(r.amount_fen), moneyUnit(r.money_unit)) },
    { name: 'money_unit', type: 'string', description: 'Printed unit of the table: 元, 万元 or 亿元', value: (r) => r.money_unit },
    { name: 'percent', type: 'number', description: 'Exact percentage, for percentage columns', value: (r) => r.percent },
    { name: 'printed', type: 'string', description: 'The cell text as printed', value: (r) => r.printed },
    COLUMNS.sha256(),
  ],
  pages(db, f, pageSize = 5000) {
    let q = db.selectFrom('v_line_items').selectAll();
    if (f.years?.length) q = q.where('year', 'in', f.years);
    if (f.kind) q = q.where('kind', '=', f.kind);
    if (f.units?.length) { const units = f.units; q = q.where((eb) => eb.or([eb('unit', 'in', units), eb('unit_printed', 'in', units)])); }
    if (f.codePrefix) { const like = `${f.codePrefix}%`; q = q.where((eb) => eb.or([eb('canonical_code', 'like', like), eb('code', 'like', like)])); }
    return keyset((after, limit) => q.where('line_item_id', '>', after).orderBy('line_item_id').limit(limit).execute(), pageSize, (r) => r.line_item_id);
  },
};

/** Current reports with their resolved unit name, filtered; the base of facts and findings. */
function currentReports(db: Kysely<Database>, f: ExportFilters) {
  return filteredReports(db, f).where('r.status', '=', 'current');
}

interface FactRow {
  id: number | bigint; report_id: number; unit: string | null; year: number | null; kind: string | null;
  metric: string; code: string | null; name: string | null; value: string; unit_printed: string | null; amount_fen: bigint | null;
  share_pct: string | null; completion_pct: string | null; reason: string | null; sentence: string; prov: string; sha256: string;
}

const facts: Dataset<FactRow> = {
  name: 'facts',
  title: 'Figures stated in the narrative of current reports',
  foreignKeys: REPORT_KEY,
  columns: [
    { name: 'fact_id', type: 'integer', description: 'Warehouse id of the fact', value: (r) => r.id },
    COLUMNS.reportId(),
    COLUMNS.unit(),
    COLUMNS.year(),
    COLUMNS.kind(),
    COLUMNS.phase(),
    { name: 'metric', type: 'string', description: 'Metric id (income.total, three_public.total.change …)', value: (r) => r.metric },
    { name: 'code', type: 'string', description: 'Classification code the fact is about, if any', value: (r) => r.code },
    { name: 'name', type: 'string', description: 'Classification name as stated', value: (r) => r.name },
    { name: 'value', type: 'number', description: 'The number as printed, in its printed unit', value: (r) => r.value },
    { name: 'value_unit', type: 'string', description: 'Printed unit of value (万元, %, 辆 …)', value: (r) => r.unit_printed },
    { name: 'amount_yuan', type: 'number', description: 'Exact amount in 元 when value is money', value: (r) => fenToYuan(r.amount_fen), scale: 2 },
    { name: 'share_pct', type: 'number', description: 'Stated share in percent', value: (r) => r.share_pct },
    { name: 'completion_pct', type: 'number', description: 'Stated completion against budget in percent', value: (r) => r.completion_pct },
    { name: 'reason', type: 'string', description: 'Stated reason (主要原因是…)', value: (r) => r.reason },
    { name: 'sentence', type: 'string', description: 'The sentence the fact was read from', value: (r) => r.sentence },
    { name: 'prov', type: 'string', description: 'Block and character span (JSON)', value: (r) => r.prov },
    COLUMNS.sha256(),
  ],
  pages(db, f, pageSize = 5000) {
    let q = currentReports(db, f).innerJoin('facts as x', 'x.report_id', 'r.id');
    if (f.codePrefix) q = q.where('x.code', 'like', `${f.codePrefix}%`);
    const base = q.select([
      'x.id', 'x.report_id', 'r.year', 'r.kind', 'x.metric', 'x.code', 'x.name', 'x.value', 'x.unit as unit_printed', 'x.amount_fen',
      'x.share_pct', 'x.completion_pct', 'x.reason', 'x.sentence', 'x.prov', 's.sha256',
    ]).select((eb) => eb.fn.coalesce('u.name', 'r.unit_name').as('unit'));
    return keyset((after, limit) => base.where('x.id', '>', after).orderBy('x.id').limit(limit).execute() as Promise<FactRow[]>, pageSize);
  },
};

interface FindingRow {
  id: number; report_id: number; unit: string | null; year: number | null; kind: string | null; rule_id: string; severity: string | null;
  outcome: string; expected: string | null; actual: string | null; difference: string | null; message: string | null; provenance: string; sha256: string;
  finding_key: string | null; mark: string | null; mark_why: string | null;
}

const findings: Dataset<FindingRow> = {
  name: 'findings',
  title: 'Outcomes of the consistency checks of current reports',
  foreignKeys: REPORT_KEY,
  columns: [
    { name: 'finding_id', type: 'integer', description: 'Warehouse id of the finding', value: (r) => r.id },
    COLUMNS.reportId(),
    COLUMNS.unit(),
    COLUMNS.year(),
    COLUMNS.kind(),
    { name: 'rule_id', type: 'string', description: 'Check rule id (family/name)', value: (r) => r.rule_id },
    { name: 'severity', type: 'string', description: 'error, warning or info', value: (r) => r.severity },
    { name: 'outcome', type: 'string', description: 'finding, pass or insufficient', value: (r) => r.outcome },
    { name: 'expected', type: 'string', description: 'Value implied by the other figures', value: (r) => r.expected },
    { name: 'actual', type: 'string', description: 'Value printed', value: (r) => r.actual },
    { name: 'difference', type: 'string', description: 'actual − expected', value: (r) => r.difference },
    { name: 'message', type: 'string', description: 'What is wrong', value: (r) => r.message },
    { name: 'provenance', type: 'string', description: 'Every value involved and where it was printed (JSON)', value: (r) => r.provenance },
    COLUMNS.sha256(),
    { name: 'finding_key', type: 'string', description: 'Stable id of the finding (rule, report, places): what `disclosure findings dismiss|confirm` takes', value: (r) => r.finding_key },
    {
      name: 'mark',
      type: 'string',
      description: 'The auditor’s mark: dismissed or confirmed, with why after a colon; empty when unmarked',
      value: (r) => (r.mark ? `${r.mark}${r.mark_why ? `: ${r.mark_why}` : ''}` : null),
    },
  ],
  pages(db, f, pageSize = 5000) {
    const base = currentReports(db, f)
      .innerJoin('findings as x', 'x.report_id', 'r.id')
      .leftJoin('finding_marks as m', 'm.finding_key', 'x.finding_key')
      .select(['x.id', 'x.report_id', 'r.year', 'r.kind', 'x.rule_id', 'x.severity', 'x.outcome', 'x.expected', 'x.actual', 'x.difference', 'x.message', 'x.provenance', 's.sha256'])
      .select(['x.finding_key', 'm.mark', 'm.why as mark_why'])
      .select((eb) => eb.fn.coalesce('u.name', 'r.unit_name').as('unit'));
    return keyset((after, limit) => base.where('x.id', '>', Number(after)).orderBy('x.id').limit(limit).execute() as Promise<FindingRow[]>, pageSize);
  },
};

type CoverageRow = Database['v_coverage'];

const coverage: Dataset<CoverageRow> = {
  name: 'coverage',
  title: 'Unit × year × kind: current reports, versions and line items',
  primaryKey: ['unit', 'year', 'kind'],
  columns: [
    { name: 'unit', type: 'string', description: 'The unit, resolved across spellings', value: (r) => r.unit_name },
    COLUMNS.year(),
    COLUMNS.kind(),
    { name: 'reports', type: 'integer', description: 'Current reports (one per scope)', value: (r) => Number(r.reports) },
    { name: 'versions', type: 'integer', description: 'All versions, superseded included', value: (r) => Number(r.versions) },
    { name: 'line_items', type: 'integer', description: 'Line items of the current reports', value: (r) => Number(r.line_items) },
  ],
  async *pages(db, f) {
    // One row per unit, year and kind: small enough for one page whatever the archive.
    let q = db.selectFrom('v_coverage').selectAll();
    if (f.years?.length) q = q.where('year', 'in', f.years);
    if (f.kind) q = q.where('kind', '=', f.kind);
    if (f.units?.length) q = q.where('unit_name', 'in', f.units);
    yield await q.orderBy('unit_name').orderBy('year').orderBy('kind').execute();
  },
};

type CodebookRow = Database['classification'] extends infer T ? { [K in keyof T]: T[K] extends { __select__: infer S } ? S : T[K] } : never;

const codebook: Dataset<CodebookRow> = {
  name: 'codebook',
  title: 'The classification codebook: code, name, level and parent per scheme and edition, with its source',
  columns: [
    { name: 'scheme', type: 'string', description: 'function, economic-dept, economic-gov or revenue', value: (r) => r.scheme },
    { name: 'edition', type: 'string', description: 'Budget year of the code list', value: (r) => r.edition },
    { name: 'code', type: 'string', description: 'Official code', value: (r) => r.code },
    { name: 'name', type: 'string', description: 'Name in this edition', value: (r) => r.name },
    { name: 'level', type: 'integer', description: '1 = 类, 2 = 款, 3 = 项', value: (r) => r.level },
    { name: 'parent_code', type: 'string', description: 'Code of the parent level', value: (r) => r.parent_code },
    { name: 'canonical_code', type: 'string', description: 'Code in the canonical edition', value: (r) => r.canonical_code },
    { name: 'source', type: 'string', description: 'official, learned (from reports) or imported', value: (r) => r.source },
  ],
  pages(db, f, pageSize = 5000) {
    let q = db.selectFrom('classification').selectAll();
    if (f.years?.length) q = q.where('edition', 'in', f.years.map(String));
    if (f.codePrefix) q = q.where('code', 'like', `${f.codePrefix}%`);
    return keyset((after, limit) => q.where('id', '>', Number(after)).orderBy('id').limit(limit).execute() as Promise<CodebookRow[]>, pageSize);
  },
};

const series: Dataset<SeriesRow> = {
  name: 'series',
  title: 'Unit × canonical function code × year: budget (年初预算) beside final (决算), with the execution rate',
  primaryKey: ['unit', 'scope', 'code', 'year'],
  columns: seriesColumns,
  pages: seriesPages,
};

/** Every dataset by name. */
export const datasets = {
  'line-items': lineItems,
  facts,
  findings,
  coverage,
  codebook,
  series,
  // Identity (issue 17): loaders/exports/identity.ts.
  reports,
  quarantine,
} as const;

/** A dataset of any row type, for code that only streams it (the CSV writer takes rows it does not read). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDataset = Dataset<any>;

export function datasetByName(name: string): AnyDataset | null {
  return (datasets as Record<string, AnyDataset>)[name] ?? null;
}
