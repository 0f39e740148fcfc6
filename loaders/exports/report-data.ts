/**
 * What `disclosure report` draws, gathered from the warehouse: per unit the totals, the structure by
 * function class (类, keyed by canonical code), basic vs project expenditure and the three public expenses
 * (三公), budget beside final, over the years; for the archive the coverage matrix, the largest
 * year-on-year changes and the check findings with their source. Amounts stay exact integer 分 (`bigint`)
 * here; only the HTML edge (cli/report-html.ts) turns them into 万元 numbers for the charts.
 */
import type { Kysely } from 'kysely';
import type { CoverageView, Database } from '../warehouse/schema.ts';
import { coverage, findReports } from '../warehouse/queries.ts';
import { datasets } from './datasets.ts';

/** The filters of the report: one unit (any spelling or its code), one year. */
export interface ReportDataFilter {
  readonly unit?: string;
  readonly year?: number;
}

export type Kind = 'budget' | 'final';

/** One value of a series: the unit's amount for a year and report kind. */
export interface SeriesPoint {
  readonly year: number;
  readonly kind: Kind;
  /** A series key within its chart (`income`, `expenditure`, `basic`, `project`, a class code, `total`). */
  readonly series: string;
  /** What the legend shows for the series. */
  readonly label: string;
  readonly fen: bigint;
}

/** The charts of one unit. */
export interface UnitSeries {
  readonly unitId: number;
  readonly name: string;
  /** Total income (t02 合计) and expenditure (t03 合计). */
  readonly totals: SeriesPoint[];
  /** Expenditure by function class (t03, 类 rows), series = canonical code. */
  readonly classes: SeriesPoint[];
  /** Basic and project expenditure (t03 合计 row). */
  readonly basicProject: SeriesPoint[];
  /** The three public expenses in total (t07 合计; the final's 决算数 column). */
  readonly threePublic: SeriesPoint[];
}

/** A change between a year and the year before, same unit, kind and line. */
export interface YearChange {
  readonly unit: string;
  readonly kind: Kind;
  readonly line: string;
  readonly year: number;
  readonly fromFen: bigint;
  readonly toFen: bigint;
  /** toFen − fromFen. */
  readonly deltaFen: bigint;
}

/** One value involved in a finding, and where it was printed. */
export interface FindingValue {
  readonly label: string;
  readonly value: string;
  readonly printed: string | null;
  /** Table id, row and column when the value came from a table. */
  readonly table: string | null;
  readonly row: string | null;
  readonly sentence: string | null;
}

/** A check finding (outcome `finding`) with the figures involved. */
export interface FindingItem {
  readonly id: number;
  readonly unit: string;
  readonly year: number | null;
  readonly kind: string | null;
  readonly ruleId: string;
  readonly severity: string | null;
  readonly message: string;
  readonly expected: string | null;
  readonly actual: string | null;
  readonly file: string | null;
  readonly values: FindingValue[];
  /** The stable id, and the auditor's mark on it (`disclosure findings dismiss|confirm`), if any. */
  readonly key?: string | null;
  readonly mark?: { readonly mark: string; readonly why: string | null } | null;
}

/** Everything the report shows. */
export interface ReportData {
  readonly units: UnitSeries[];
  readonly coverage: CoverageView[];
  readonly changes: YearChange[];
  readonly findings: FindingItem[];
}

/** The slice of v_line_items the charts need. */
export interface ChartRow {
  readonly unit_id: number | null;
  readonly unit_name: string | null;
  readonly year: number | null;
  readonly kind: string | null;
  /** department or unit: a unit that publishes both for one year is charted from its department report. */
  readonly scope?: string | null;
  readonly table_id: string;
  readonly row_order: number;
  readonly code: string | null;
  readonly code_scheme: string;
  readonly level: number | null;
  readonly canonical_code: string | null;
  readonly canonical_name: string | null;
  readonly name: string;
  readonly column_path: string;
  readonly measure: string | null;
  readonly amount_fen: bigint | null;
}

const TOTAL_TABLES = ['budget.t02_income', 'final.t02_income', 'budget.t03_expenditure', 'final.t03_expenditure'] as const;
const CLASS_TABLES = ['budget.t03_expenditure', 'final.t03_expenditure'] as const;
const THREE_PUBLIC_TABLES = ['budget.t07_three_public', 'final.t07_three_public'] as const;
const CHART_TABLES = [...TOTAL_TABLES, ...THREE_PUBLIC_TABLES] as const;

/** The row of a table that holds its grand total: the uncoded first row (合计 / 本年收入合计). */
const isTotalRow = (r: ChartRow): boolean => r.code === null && (r.row_order === 0 || /合\s*计/.test(r.name));

/** The 三公 grand-total column: `合计` of a budget; on a final, the executed `决算数/合计` (not its 预算数). */
function isThreePublicTotal(r: ChartRow, kind: Kind): boolean {
  const parts = r.column_path.split('/');
  if (parts[parts.length - 1] !== '合计') return false;
  return kind === 'final' ? parts[0] === '决算数' : parts.length === 1;
}

/** Per-unit chart series from line items (pure; the rows of several units and years in any order). */
export function unitSeries(rows: readonly ChartRow[]): UnitSeries[] {
  const byUnit = new Map<number, { name: string; totals: SeriesPoint[]; classes: SeriesPoint[]; basicProject: SeriesPoint[]; threePublic: SeriesPoint[] }>();
  // One report per unit, year and kind: the 部门 report where a 单位 report of the same unit and year exists
  // too (Shanghai publishes both), never the two added up or compared with each other.
  const departments = new Set(rows.filter((r) => r.scope === 'department').map((r) => `${r.unit_id}/${r.year}/${r.kind}`));
  // A class whose name changed between editions is one series: its label is the newest canonical name.
  for (const r of rows) {
    if (r.unit_id === null || r.year === null || r.amount_fen === null) continue;
    if (r.scope === 'unit' && departments.has(`${r.unit_id}/${r.year}/${r.kind}`)) continue;
    if (r.kind !== 'budget' && r.kind !== 'final') continue;
    const kind: Kind = r.kind;
    let u = byUnit.get(r.unit_id);
    if (!u) { u = { name: r.unit_name ?? `单位 ${r.unit_id}`, totals: [], classes: [], basicProject: [], threePublic: [] }; byUnit.set(r.unit_id, u); }
    const base = { year: r.year, kind, fen: r.amount_fen };
    const table = r.table_id.replace(/^(budget|final)\./, '');
    if (table === 't02_income' && isTotalRow(r) && r.measure === 'total') {
      u.totals.push({ ...base, series: 'income', label: '收入合计' });
    } else if (table === 't03_expenditure') {
      if (isTotalRow(r) && r.measure === 'total') u.totals.push({ ...base, series: 'expenditure', label: '支出合计' });
      else if (isTotalRow(r) && (r.measure === 'basic' || r.measure === 'project')) {
        u.basicProject.push({ ...base, series: r.measure, label: r.measure === 'basic' ? '基本支出' : '项目支出' });
      } else if (r.level === 1 && r.code_scheme === 'function' && r.measure === 'total') {
        const code = r.canonical_code ?? r.code ?? r.name;
        u.classes.push({ ...base, series: code, label: `${code} ${r.canonical_name ?? r.name}` });
      }
    } else if (table === 't07_three_public' && isThreePublicTotal(r, kind)) {
      u.threePublic.push({ ...base, series: 'total', label: '三公经费合计' });
    }
  }
  const order = (a: SeriesPoint, b: SeriesPoint) => a.year - b.year || a.kind.localeCompare(b.kind) || a.series.localeCompare(b.series);
  return [...byUnit.entries()]
    .map(([unitId, u]) => ({
      unitId,
      name: u.name,
      totals: u.totals.sort(order),
      classes: relabel(u.classes).sort(order),
      basicProject: u.basicProject.sort(order),
      threePublic: u.threePublic.sort(order),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh'));
}

/** One label per series: the label of its latest year (so a renamed class keeps one legend entry). */
function relabel(points: SeriesPoint[]): SeriesPoint[] {
  const latest = new Map<string, SeriesPoint>();
  for (const p of points) {
    const seen = latest.get(p.series);
    if (!seen || p.year > seen.year) latest.set(p.series, p);
  }
  return points.map((p) => ({ ...p, label: latest.get(p.series)!.label }));
}

/** The largest changes between consecutive years (totals and classes), largest absolute change first. */
export function largestChanges(units: readonly UnitSeries[], limit = 20): YearChange[] {
  const changes: YearChange[] = [];
  for (const u of units) {
    const lines = new Map<string, Map<number, bigint>>();
    for (const p of [...u.totals, ...u.classes]) {
      const key = `${p.kind}\u0000${p.label}`;
      const years = lines.get(key) ?? new Map<number, bigint>();
      years.set(p.year, p.fen);
      lines.set(key, years);
    }
    for (const [key, years] of lines) {
      const [kind, line] = key.split('\u0000') as [Kind, string];
      for (const [year, toFen] of years) {
        const fromFen = years.get(year - 1);
        if (fromFen === undefined || fromFen === toFen) continue;
        changes.push({ unit: u.name, kind, line, year, fromFen, toFen, deltaFen: toFen - fromFen });
      }
    }
  }
  const abs = (v: bigint) => (v < 0n ? -v : v);
  return changes
    .sort((a, b) => (abs(b.deltaFen) > abs(a.deltaFen) ? 1 : abs(b.deltaFen) < abs(a.deltaFen) ? -1 : a.unit.localeCompare(b.unit)))
    .slice(0, limit);
}

/** The values of a finding's provenance JSON, read defensively (each check family adds its own fields). */
export function findingValues(provenance: string): FindingValue[] {
  let parsed: unknown;
  try { parsed = JSON.parse(provenance); } catch { return []; }
  const values = (parsed as { values?: unknown }).values;
  if (!Array.isArray(values)) return [];
  const str = (v: unknown): string | null => (v === undefined || v === null ? null : String(v));
  return values.map((raw: Record<string, unknown>) => {
    // ValueRef of transforms/checks/model.ts: a table cell (side, row, code, column) or a sentence.
    const cell = [
      raw.side ? `${String(raw.side)} side` : null,
      raw.row !== undefined ? `row ${String(raw.row)}` : null,
      raw.code ? `code ${String(raw.code)}` : null,
      raw.column ? `column ${String(raw.column)}` : null,
      raw.report ? `report ${String(raw.report)}` : null,
    ].filter((v) => v !== null);
    return {
      label: str(raw.label) ?? '',
      value: str(raw.value) ?? '',
      printed: str(raw.printed),
      table: str(raw.tableId),
      row: cell.length > 0 ? cell.join(' · ') : null,
      sentence: str(raw.sentence),
    };
  });
}

/** Unit ids matching the unit filter (any spelling, or the code), or null for all units. */
async function unitIds(db: Kysely<Database>, filter: ReportDataFilter): Promise<number[] | null> {
  if (filter.unit === undefined) return null;
  const reports = await findReports(db, { unit: filter.unit, ...(filter.year !== undefined ? { year: filter.year } : {}) });
  return [...new Set(reports.map((r) => r.unit_id).filter((id): id is number => id !== null))];
}

/** How many units' line items one query reads: the rows in memory at once stay bounded as the archive grows. */
const UNITS_PER_QUERY = 200;

/**
 * The line items unitSeries reads, queried a group of units at a time. The database keeps a superset of
 * the rows unitSeries uses (total rows of t02/t03, 类 rows of t03, 合计 columns of t07) and skips the
 * rest, which at 8,000 reports is 1.8 million rows; unitSeries then applies its exact tests. A unit's
 * series depend on its own rows only, so the groups' series are joined and sorted as one call would.
 */
async function chartSeries(db: Kysely<Database>, ids: readonly number[] | null, year: number | undefined): Promise<UnitSeries[]> {
  let unitQuery = db.selectFrom('reports').select('unit_id').distinct().where('status', '=', 'current').where('unit_id', 'is not', null);
  if (ids !== null) unitQuery = unitQuery.where('unit_id', 'in', ids);
  if (year !== undefined) unitQuery = unitQuery.where('year', '=', year);
  const units = (await unitQuery.orderBy('unit_id').execute()).map((r) => r.unit_id!);
  const series: UnitSeries[] = [];
  for (let i = 0; i < units.length; i += UNITS_PER_QUERY) {
    const chunk = units.slice(i, i + UNITS_PER_QUERY);
    let q = db
      .selectFrom('v_line_items')
      .select([
        'unit_id', 'unit as unit_name', 'year', 'kind', 'scope', 'table_id', 'row_order', 'code', 'code_scheme', 'level', 'canonical_code',
        'canonical_name', 'name', 'column_path', 'measure', 'amount_fen',
      ])
      .where('table_id', 'in', [...CHART_TABLES])
      .where('unit_id', 'in', chunk)
      .where('amount_fen', 'is not', null)
      .where((eb) =>
        eb.or([
          // isTotalRow (its 合\s*计 test widened to 合…计) of t02 or t03, with a total, basic or project measure.
          eb.and([
            eb('table_id', 'in', [...TOTAL_TABLES]),
            eb('code', 'is', null),
            eb.or([eb('row_order', '=', 0), eb('name', 'like', '%合%计%')]),
            eb('measure', 'in', ['total', 'basic', 'project']),
          ]),
          // A 类 row of t03 in the function classification.
          eb.and([eb('table_id', 'in', [...CLASS_TABLES]), eb('level', '=', 1), eb('code_scheme', '=', 'function'), eb('measure', '=', 'total')]),
          // isThreePublicTotal: a t07 column path ending in 合计.
          eb.and([eb('table_id', 'in', [...THREE_PUBLIC_TABLES]), eb('column_path', 'like', '%合计')]),
        ]),
      )
      // The order a single scan of the view gave: points of one key keep it in unitSeries' stable sort.
      .orderBy('line_item_id');
    if (year !== undefined) q = q.where('year', '=', year);
    const found = unitSeries(await q.execute());
    series.push(...found, ...(await unitsWithoutSeries(db, chunk, found, year)));
  }
  return series.sort((a, b) => a.name.localeCompare(b.name, 'zh'));
}

/**
 * unitSeries lists a unit with any dated budget or final amount in the chart tables, even one none of its
 * series use (e.g. a t03 without a 合计 row): the units of the group that the narrowed query left out
 * but that have such a row, with empty series.
 */
async function unitsWithoutSeries(
  db: Kysely<Database>,
  chunk: readonly number[],
  found: readonly UnitSeries[],
  year: number | undefined,
): Promise<UnitSeries[]> {
  const seen = new Set(found.map((u) => u.unitId));
  const missing = chunk.filter((id) => !seen.has(id));
  if (missing.length === 0) return [];
  let q = db
    .selectFrom('v_line_items')
    .select(['unit_id', 'unit as unit_name'])
    .distinct()
    .where('table_id', 'in', [...CHART_TABLES])
    .where('unit_id', 'in', missing)
    .where('amount_fen', 'is not', null)
    .where('year', 'is not', null)
    .where('kind', 'in', ['budget', 'final']);
  if (year !== undefined) q = q.where('year', '=', year);
  return (await q.orderBy('unit_id').execute()).map((r) => ({
    unitId: r.unit_id!,
    name: r.unit_name ?? `单位 ${r.unit_id}`,
    totals: [],
    classes: [],
    basicProject: [],
    threePublic: [],
  }));
}

/** Gathers the report's data; `--unit` and `--year` narrow every part of it. */
export async function gatherReportData(db: Kysely<Database>, filter: ReportDataFilter = {}): Promise<ReportData> {
  const ids = await unitIds(db, filter);
  if (ids !== null && ids.length === 0) return { units: [], coverage: [], changes: [], findings: [] };
  const units = await chartSeries(db, ids, filter.year);

  const matrix = (await coverage(db)).filter(
    (c) => (ids === null || (c.unit_id !== null && ids.includes(c.unit_id))) && (filter.year === undefined || c.year === filter.year),
  );

  // The findings dataset filters units by resolved name: pass each selected unit's name.
  const names = ids === null
    ? [undefined]
    : (await db.selectFrom('units').select('name').where('id', 'in', ids).execute()).map((u) => u.name);
  const found: FindingItem[] = [];
  const paths = new Map<string, string | null>();
  for (const unit of names) {
    const f = { ...(unit !== undefined ? { units: [unit] } : {}), ...(filter.year !== undefined ? { years: [filter.year] } : {}) };
    for await (const page of datasets.findings.pages(db, f)) {
      for (const r of page) {
        if (r.outcome !== 'finding') continue;
        if (!paths.has(r.sha256)) paths.set(r.sha256, null);
        found.push({
          id: r.id, unit: r.unit ?? '（未识别单位）', year: r.year, kind: r.kind, ruleId: r.rule_id, severity: r.severity,
          message: r.message ?? '', expected: r.expected, actual: r.actual, file: r.sha256, values: findingValues(r.provenance),
          key: r.finding_key, mark: r.mark ? { mark: r.mark, why: r.mark_why } : null,
        });
      }
    }
  }
  if (paths.size > 0) {
    const rowsByHash = await db
      .selectFrom('source_files as sf')
      .innerJoin('source_paths as sp', 'sp.source_file_id', 'sf.id')
      .select(['sf.sha256', (eb) => eb.fn.min('sp.path').as('path')])
      .where('sf.sha256', 'in', [...paths.keys()])
      .groupBy('sf.sha256')
      .execute();
    for (const r of rowsByHash) paths.set(r.sha256, r.path);
  }
  const findings = found
    .map((f) => ({ ...f, file: f.file === null ? null : paths.get(f.file) ?? f.file }))
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.unit.localeCompare(b.unit, 'zh') || (a.year ?? 0) - (b.year ?? 0) || a.id - b.id);
  return { units, coverage: matrix, changes: largestChanges(units), findings };
}
