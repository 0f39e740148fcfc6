/**
 * The PostgreSQL engine (`WarehouseEngine`, loaders/engines/engine.ts): a server shared by several workers,
 * possibly on several machines. Writers serialise on advisory locks of the keys they touch, taken in the
 * round trip of BEGIN; claims expire by the server's clock.
 */
import { CompiledQuery, sql, type ColumnDefinitionBuilder, type CreateTableBuilder } from 'kysely';
import type { EngineTypes, WarehouseEngine } from '../engine.ts';
import { insertValues, type ValuesStyle } from '../values.ts';
import { POSTGRES_MAX_PARAMETERS, POSTGRES_READ_ONLY, postgresDialect, postgresEnvironmentFailure, postgresPool } from './driver.ts';
import { insertColumns } from './columns.ts';
import { lockStatement } from './literals.ts';
import { postgresLoadPath } from './load-path-migration.ts';
import { postgresReports } from './report.ts';

const postgresId = <T extends string>(t: CreateTableBuilder<T, never>, wide = false): CreateTableBuilder<T, 'id'> =>
  t.addColumn('id', wide ? 'bigserial' : 'serial', (c: ColumnDefinitionBuilder) => c.primaryKey());

const TYPES: EngineTypes = { engine: 'postgres', int64: 'bigint', blob: 'bytea', id: postgresId };

/** `$n` placeholders; PostgreSQL gains from fewer round trips up to a few hundred rows per statement. */
const VALUES: ValuesStyle = { name: 'postgres', placeholder: (n) => `$${n + 1}`, maxRows: 256, maxParameters: POSTGRES_MAX_PARAMETERS };

/** Cache: a statement's text with `?` turned into `$n`, by its text (a statement set bounded by the code). */
const placeholderCache = new Map<string, string>();

export const postgres: WarehouseEngine = {
  name: 'postgres',
  dialect: (url, options) => postgresDialect(postgresPool(url, options.poolSize)),
  localFile: () => null,
  isDatabaseFile: () => false,
  redact: (url) => url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@]*@/i, '$1***@'),
  types: TYPES,
  loadPathMigration: postgresLoadPath,
  environmentFailure: postgresEnvironmentFailure,
  readOnly: POSTGRES_READ_ONLY,
  placeholders(text) {
    let out = placeholderCache.get(text);
    if (out === undefined) {
      let n = 0;
      out = text.replace(/\?/g, () => `$${++n}`);
      placeholderCache.set(text, out);
    }
    return out;
  },
  // BEGIN, the advisory locks and the read in one round trip (statements of one simple query;
  // engines/postgres/driver.ts returns the rows of the last).
  begin: (locks, read) => CompiledQuery.raw(['begin', ...(locks.length > 0 ? [lockStatement(locks)] : []), ...(read ? [read] : [])].join('; ')),
  async lockKeys(trx, keys) {
    if (keys.length > 0) await trx.executeQuery(CompiledQuery.raw(lockStatement(keys)));
  },
  insertRows: (db, table, columns, rows, prefix, suffix) => insertValues(VALUES, db, table, columns, rows, prefix, suffix),
  async insertParts(db, parts) {
    await insertColumns(db, parts);
  },
  nowMs: () => sql<bigint>`cast(extract(epoch from clock_timestamp()) * 1000 as bigint)`,
  // One statement: `for update skip locked` keeps concurrent claimers apart without a transaction.
  claimRow: (db, claim) => claim(db, true),
  checkpoint: async () => undefined,
  inProcess: false,
  reports: postgresReports,
};
