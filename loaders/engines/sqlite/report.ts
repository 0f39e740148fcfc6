/**
 * SQLite's report writer (`ReportWriter`, loaders/engines/engine.ts): no round trips to save, so the source
 * file, its path, its stored document, the report and the derived rows go statement by statement, every
 * statement from the connection's statement cache; versions are then read back (`earlier: null`).
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../../warehouse/schema.ts';
import type { ColumnInsert, ReportStatement, ReportWriter } from '../engine.ts';
import { insertValues } from '../values.ts';
import { SQLITE_VALUES } from './driver.ts';

const SQL = {
  reportOfHash: 'select r.id as id from source_files sf join reports r on r.source_file_id = sf.id where sf.sha256 = ?',
  // A file quarantined earlier and loadable now (a fixed extractor) becomes loaded.
  upsertSource:
    "insert into source_files (sha256, format, bytes, status, first_seen_at, last_seen_at, first_run_id) values (?, ?, ?, 'loaded', ?, ?, ?) " +
    "on conflict (sha256) do update set format = excluded.format, bytes = excluded.bytes, status = 'loaded', last_seen_at = excluded.last_seen_at returning id",
  insertPath: 'insert into source_paths (source_file_id, path, first_seen_at, run_id) values (?, ?, ?, ?) on conflict (source_file_id, path) do nothing',
  insertDocument: 'insert into documents (source_file_id, sha256, encoding, body, raw_bytes, stored_at) values (?, ?, ?, ?, ?, ?)',
  insertReport:
    'insert into reports (source_file_id, unit_id, unit_name, year, kind, scope, money_unit, version, status, superseded_by, run_id, ' +
    'loaded_at, reprocessed_at, meta, listed_tables, messages, part) values (?, ?, ?, ?, ?, ?, ?, 1, ?, null, ?, ?, null, ?, ?, ?, ?) returning id',
} as const;

async function run<R>(db: Kysely<Database>, text: string, params: readonly unknown[]): Promise<R[]> {
  return (await db.executeQuery<R>(CompiledQuery.raw(text, [...params]))).rows as R[];
}

/** Each table's rows in batched statements. */
export async function insertPartsSqlite(db: Kysely<Database>, parts: readonly ColumnInsert[]): Promise<void> {
  for (const part of parts) await insertValues(SQLITE_VALUES, db, part.table, part.columns, part.rows, part.prefix, part.suffix);
}

export const sqliteReports: ReportWriter = {
  firstRead: () => undefined,
  meanwhile: () => undefined,
  async known(trx, sha256) {
    const rows = await run<{ id: number }>(trx, SQL.reportOfHash, [sha256]);
    return { known: rows[0]?.id ?? null, units: undefined };
  },
  async insert(trx, r: ReportStatement, parts) {
    const [file] = await run<{ id: number }>(trx, SQL.upsertSource, [r.sha256, r.format, r.bytes, r.at, r.at, r.runId]);
    const fileId = file!.id;
    await run(trx, SQL.insertPath, [fileId, r.path, r.at, r.runId]);
    await run(trx, SQL.insertDocument, [fileId, r.sha256, r.document.encoding, r.document.body, r.document.rawBytes, r.at]);
    const [inserted] = await run<{ id: number }>(trx, SQL.insertReport, [
      fileId, r.unitId, r.unitName, r.year, r.kind, r.scope, r.moneyUnit, r.status, r.runId, r.at, r.meta, r.listedTables, r.messages, r.part,
    ]);
    const reportId = inserted!.id;
    await insertPartsSqlite(trx, parts(reportId));
    return { reportId, earlier: null };
  },
};
