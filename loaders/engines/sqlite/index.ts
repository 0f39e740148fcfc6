/**
 * The SQLite engine (`WarehouseEngine`, loaders/engines/engine.ts): a better-sqlite3 file in this process.
 * Every writer takes the write lock with BEGIN IMMEDIATE, so there is nothing else to lock; the clock is
 * this machine's (one machine writes).
 */
import { CompiledQuery, sql, type ColumnDefinitionBuilder, type CreateTableBuilder } from 'kysely';
import type { EngineTypes, WarehouseEngine } from '../engine.ts';
import { insertValues } from '../values.ts';
import { runWriteTransaction } from '../transaction.ts';
import { SQLITE_READ_ONLY, SQLITE_VALUES, isSqliteFile, openSqliteFile, sqliteDialect, sqliteEnvironmentFailure } from './driver.ts';
import { insertPartsSqlite, sqliteReports } from './report.ts';

const sqliteId = <T extends string>(t: CreateTableBuilder<T, never>, wide = false): CreateTableBuilder<T, 'id'> =>
  // INTEGER PRIMARY KEY is the 64-bit rowid. AUTOINCREMENT keeps ids of deleted rows from being reused,
  // so that an id in an old export never names a different row; the wide fact tables go without it, as
  // their rows are rebuilt by reprocessing anyway and AUTOINCREMENT costs a sqlite_sequence write per row.
  t.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) => (wide ? c.primaryKey() : c.primaryKey().autoIncrement()));

const TYPES: EngineTypes = { engine: 'sqlite', int64: 'bigint', blob: 'blob', id: sqliteId };

const BEGIN_IMMEDIATE = CompiledQuery.raw('begin immediate');
const CHECKPOINT = CompiledQuery.raw('pragma wal_checkpoint(passive)');

export const sqlite: WarehouseEngine = {
  name: 'sqlite',
  dialect: (url, options) => sqliteDialect(openSqliteFile(url, { readOnly: options.readOnly })),
  localFile: (url) => (url === ':memory:' ? null : url),
  isDatabaseFile: isSqliteFile,
  redact: (url) => url,
  types: TYPES,
  loadPathMigration: { async up() {} },
  environmentFailure: sqliteEnvironmentFailure,
  readOnly: SQLITE_READ_ONLY,
  placeholders: (text) => text,
  begin(_locks, read) {
    // BEGIN IMMEDIATE already serialises every writer: no locks to take.
    if (read !== undefined) throw new Error('writeTransaction: `read` is for engines that read during BEGIN (PostgreSQL)');
    return BEGIN_IMMEDIATE;
  },
  lockKeys: async () => undefined,
  insertRows: (db, table, columns, rows, prefix, suffix) => insertValues(SQLITE_VALUES, db, table, columns, rows, prefix, suffix),
  insertParts: insertPartsSqlite,
  nowMs: () => sql<number>`${Date.now()}`,
  claimRow: (db, claim) => runWriteTransaction(sqlite, db, (trx) => claim(trx, false)),
  async checkpoint(db) {
    await db.executeQuery(CHECKPOINT);
  },
  inProcess: true,
  reports: sqliteReports,
};
