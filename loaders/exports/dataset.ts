/**
 * What every export dataset is (`Dataset`: documented columns and keyset pages), the filters they take,
 * and what several of them share, declared once: the columns that name a row's report, unit, year, kind
 * and source file, and the reports of the filters (loaders/exports/datasets.ts, identity.ts, series.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../warehouse/schema.ts';
import type { CsvColumn } from './csv.ts';

export type DatasetName = 'line-items' | 'facts' | 'findings' | 'coverage' | 'codebook' | 'series' | 'reports' | 'quarantine';

export interface ExportFilters {
  /** Budget years (any of them). */
  readonly years?: readonly number[];
  /** Units' names as printed or as resolved (any of them). */
  readonly units?: readonly string[];
  readonly kind?: 'budget' | 'final';
  /** Classification code prefix (`208`, `20805`): matches the canonical or the printed code. */
  readonly codePrefix?: string;
}

/** A column (or columns) of a dataset that names a row of another dataset, for the data package. */
export interface ForeignKey {
  readonly fields: readonly string[];
  /** The dataset referred to; the key is written only when that dataset is in the same package. */
  readonly resource: string;
  readonly referenceFields: readonly string[];
}

export interface Dataset<R> {
  readonly name: DatasetName;
  readonly title: string;
  readonly columns: readonly CsvColumn<R>[];
  /** Columns that identify a row (default: the first column when it is an `…_id`). */
  readonly primaryKey?: readonly string[];
  readonly foreignKeys?: readonly ForeignKey[];
  pages(db: Kysely<Database>, filters: ExportFilters, pageSize?: number): AsyncGenerator<R[]>;
}

/** FDP phase of a report kind: a budget is approved, final accounts are executed. */
export const phaseOf = (kind: string | null): 'approved' | 'executed' | null =>
  kind === 'budget' ? 'approved' : kind === 'final' ? 'executed' : null;

/** The columns several datasets share, each declared once (name, type, meaning). */
export const COLUMNS = {
  reportId: <R extends { report_id: number }>(): CsvColumn<R> =>
    ({ name: 'report_id', type: 'integer', description: 'Warehouse id of the report version', value: (r) => r.report_id }),
  unit: <R extends { unit: string | null }>(): CsvColumn<R> =>
    ({ name: 'unit', type: 'string', description: 'The unit, resolved across spellings', value: (r) => r.unit }),
  year: <R extends { year: number | null }>(): CsvColumn<R> => ({ name: 'year', type: 'year', description: 'Budget year', value: (r) => r.year }),
  kind: <R extends { kind: string | null }>(description = 'budget or final'): CsvColumn<R> => ({ name: 'kind', type: 'string', description, value: (r) => r.kind }),
  phase: <R extends { kind: string | null }>(description = 'approved (budget) or executed (final)'): CsvColumn<R> =>
    ({ name: 'phase', type: 'string', description, value: (r) => phaseOf(r.kind) }),
  sha256: <R extends { sha256: string | null }>(name = 'sha256', description = 'Content hash of the source file'): CsvColumn<R> =>
    ({ name, type: 'string', description, value: (r) => r.sha256 }),
};

/** Every row derived from a report names it: the `reports` resource, where a package has one. */
export const REPORT_KEY: readonly ForeignKey[] = [{ fields: ['report_id'], resource: 'reports', referenceFields: ['report_id'] }];

/** Reports (any status) with their source file and resolved unit, filtered by year, kind and unit. */
export function filteredReports(db: Kysely<Database>, f: ExportFilters) {
  let q = db
    .selectFrom('reports as r')
    .innerJoin('source_files as s', 's.id', 'r.source_file_id')
    .leftJoin('units as u', 'u.id', 'r.unit_id');
  if (f.years?.length) q = q.where('r.year', 'in', f.years);
  if (f.kind) q = q.where('r.kind', '=', f.kind);
  if (f.units?.length) { const units = f.units; q = q.where((eb) => eb.or([eb('u.name', 'in', units), eb('r.unit_name', 'in', units)])); }
  return q;
}
