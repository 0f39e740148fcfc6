/**
 * PostgreSQL specifics: a `pg` pool whose int8 values come back as `bigint` (pg's default is a string,
 * which would make amounts in 分 read differently from SQLite; loaders/schema.ts), and the dialect.
 * The parser is set on this pool only, never on pg's global type registry, so other pg users in the same
 * process are unaffected.
 */
import pg from 'pg';
import { PostgresDialect } from 'kysely';

/** PostgreSQL's limit on bound parameters per statement (a 16-bit count in the wire protocol). */
export const POSTGRES_MAX_PARAMETERS = 65_535;

const INT8_OID = 20;

const exactTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => BigInt(value);
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** A pool for one warehouse URL. */
export function postgresPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, types: exactTypes });
  // An idle client losing its connection (server restart) must not crash the process; the next query
  // gets a fresh client and reports the error where it can be handled.
  pool.on('error', () => undefined);
  return pool;
}

export function postgresDialect(pool: pg.Pool): PostgresDialect {
  return new PostgresDialect({ pool });
}

/** True for a PostgreSQL connection URL. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(url);
}
