/**
 * The identity datasets of `disclosure export`: `reports` (one row per source file of each report
 * version: what each file was identified as, and whether it is current) and `quarantine` (the files that
 * are not in the warehouse as a current report part: failed to load, or unidentified). Columns as in
 * datasets.ts: the `columns` arrays are the documentation.
 */
import type { Kysely } from 'kysely';
import type { Message } from '../../core/messages.ts';
import type { CsvColumn } from './csv.ts';
import { COLUMNS, filteredReports, type Dataset, type ExportFilters } from './dataset.ts';
import { keyset } from './pages.ts';
import type { Database } from '../warehouse/schema.ts';

export interface ReportsRow {
  id: number; unit_id: number | null; unit: string | null; unit_printed: string | null; year: number | null; kind: string | null;
  scope: string | null; part: string; version: number; status: string; superseded_by: number | null; sha256: string; path: string | null; messages: string;
}

const messagesOf = (json: string): Message[] => {
  try {
    return JSON.parse(json) as Message[];
  } catch {
    return [];
  }
};
const reasonOf = (json: string, rule: string): string | null => messagesOf(json).find((m) => m.rule === rule)?.reason ?? null;

function reportsQuery(db: Kysely<Database>, f: ExportFilters) {
  return filteredReports(db, f).select((eb) => [
    'r.id', 'r.unit_id', 'u.name as unit', 'r.unit_name as unit_printed', 'r.year', 'r.kind', 'r.scope', 'r.part', 'r.version', 'r.status',
    'r.superseded_by', 's.sha256', 'r.messages',
    eb.selectFrom('source_paths as sp').select((e) => e.fn.min('sp.path').as('p')).whereRef('sp.source_file_id', '=', 's.id').as('path'),
  ]);
}

const reportColumns: readonly CsvColumn<ReportsRow>[] = [
  { name: 'report_id', type: 'integer', description: 'Warehouse id of the report version of this file (line-items, facts and findings refer to it)', value: (r) => r.id },
  { name: 'unit_id', type: 'integer', description: 'Warehouse id of the unit (empty when unidentified)', value: (r) => r.unit_id },
  { name: 'unit', type: 'string', description: 'The unit, resolved across spellings (`disclosure units list`)', value: (r) => r.unit },
  { name: 'unit_printed', type: 'string', description: 'The unit as the file prints it (or as a hint names it)', value: (r) => r.unit_printed },
  COLUMNS.year(),
  COLUMNS.kind('budget (预算) or final (决算)'),
  { name: 'scope', type: 'string', description: 'department (部门, 预算主管部门) or unit (单位, 预算单位)', value: (r) => r.scope },
  { name: 'part', type: 'string', description: 'whole, or narrative / tables: one of two companion files that form one report', value: (r) => r.part },
  {
    name: 'report_key', type: 'string', description: 'The report this file is (part of): unit_id/year/kind/scope; companion files share it',
    value: (r) => (r.status === 'unidentified' ? null : `${r.unit_id}/${r.year}/${r.kind}/${r.scope ?? ''}`),
  },
  { name: 'version', type: 'integer', description: 'Version among the copies of this part (the current one has the highest)', value: (r) => r.version },
  { name: 'status', type: 'string', description: 'current, superseded or unidentified', value: (r) => r.status },
  { name: 'superseded_by', type: 'integer', description: 'report_id of the current copy, for a superseded one', value: (r) => r.superseded_by },
  COLUMNS.sha256('source_sha256'),
  { name: 'source_path', type: 'string', description: 'The first path the file was seen under', value: (r) => r.path },
  { name: 'identity', type: 'string', description: 'Where unit, year, kind and scope were read (title, cover label, table titles, file name, hint …)', value: (r) => reasonOf(r.messages, 'meta/identity') },
];

/** One row per source file of each report version. */
export const reports: Dataset<ReportsRow> = {
  name: 'reports',
  title: 'Reports: one row per source file of each report version, with its identity and status',
  columns: reportColumns,
  pages(db, f, pageSize = 5000) {
    const q = reportsQuery(db, f);
    return keyset((after, limit) => q.where('r.id', '>', Number(after)).orderBy('r.id').limit(limit).execute() as Promise<ReportsRow[]>, pageSize);
  },
};

export interface QuarantineRow {
  id: number; report_id: number | null; path: string | null; sha256: string | null; reason: string; message: string; at: string | null;
}

/** Files not in the warehouse as current report parts: failed loads (quarantine) and unidentified reports. */
export const quarantine: Dataset<QuarantineRow> = {
  name: 'quarantine',
  title: 'Files kept out of the current reports: failed to load, or unidentified (unit, year or kind unknown, or a placeholder)',
  columns: [
    { name: 'source_path', type: 'string', description: 'Path of the file', value: (r) => r.path },
    { name: 'source_sha256', type: 'string', description: 'Content hash of the file (empty when it could not be read)', value: (r) => r.sha256 },
    { name: 'reason', type: 'string', description: 'meta/unidentified, or the error class of a failed load', value: (r) => r.reason },
    { name: 'message', type: 'string', description: 'What is wrong and what to do (a hint, `disclosure ingest --retry-failed`)', value: (r) => r.message },
    { name: 'report_id', type: 'integer', description: 'report_id of an unidentified file (it is loaded, not current)', value: (r) => r.report_id },
    { name: 'at', type: 'datetime', description: 'When it was quarantined or loaded', value: (r) => r.at },
  ],
  async *pages(db, f, pageSize = 5000) {
    // Filters on year, unit and kind do not apply: these files are the ones whose identity is unknown.
    void f;
    for await (const page of keyset((after, limit) => db.selectFrom('quarantine').selectAll().where('id', '>', Number(after)).orderBy('id').limit(limit).execute(), pageSize)) {
      yield page.map((q) => ({ id: q.id, report_id: null, path: q.path, sha256: q.sha256, reason: q.error_class, message: q.message, at: q.at }));
    }
    const unidentified = reportsQuery(db, {}).select('r.loaded_at').where('r.status', '=', 'unidentified');
    for await (const page of keyset((after, limit) => unidentified.where('r.id', '>', Number(after)).orderBy('r.id').limit(limit).execute(), pageSize)) {
      yield page.map((r) => ({
        id: r.id, report_id: r.id, path: r.path, sha256: r.sha256, reason: 'meta/unidentified',
        message: reasonOf(r.messages, 'meta/unidentified') ?? 'unit, year or kind unknown', at: r.loaded_at,
      }));
    }
  },
};
