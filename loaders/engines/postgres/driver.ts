/**
 * PostgreSQL specifics: a `pg` pool whose int8 values come back as `bigint` (pg's default is a string,
 * which would make amounts in 分 read differently from SQLite; loaders/warehouse/schema.ts), whose clients return
 * the rows of multi-statement queries (below), and the dialect. The parser is set on this pool only,
 * never on pg's global type registry, so other pg users in the same process are unaffected.
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

/** The last statement's result that has columns (a select, or a data-modifying statement with `returning`). */
function lastRowSet(results: pg.QueryResult[]): pg.QueryResult {
  for (let i = results.length - 1; i >= 0; i--) if (results[i]!.fields.length > 0) return results[i]!;
  return results[results.length - 1]!;
}

/**
 * Statement texts that run as named prepared statements, parsed and planned once per connection instead of
 * at every execution: the column-array inserts of the load path (loaders/warehouse/batch.ts), whose ~10 KB of SQL
 * took PostgreSQL ~0.3 ms per report to parse and plan. Bounded: texts past the limit run unnamed. Named
 * statements need a session of their own; behind a pooler in transaction mode (PgBouncer), connect
 * directly or set DISCLOSURE_PG_PREPARE=0.
 */
const preparedNames = new Map<string, string>();
const PREPARED_LIMIT = 256;
const PREPARE = process.env.DISCLOSURE_PG_PREPARE !== '0';

/** Marks `text` (with parameters) to run as a named prepared statement on every connection; returns it. */
export function prepared(text: string): string {
  if (PREPARE && !preparedNames.has(text) && preparedNames.size < PREPARED_LIMIT) preparedNames.set(text, `disclosure_${preparedNames.size}`);
  return text;
}

/**
 * The pg client the pool makes, with two changes for kysely:
 * - a text marked by `prepared` runs as a named prepared statement;
 * - a query without parameters that holds several statements (`begin; select …; select …`) goes in one
 *   round trip over the simple protocol, and pg resolves it to an array of results, whose rows kysely
 *   would drop; this client resolves it to the last result that has columns. The load path opens its
 *   transaction, takes its locks and reads what it needs that way (loaders/warehouse/batch.ts `writeTransaction`).
 * Everything else is unchanged.
 */
class RowSetClient extends pg.Client {
  // pg's `query` has a dozen overloads (callbacks, cursors, configs); only the promise forms are changed.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const [text, values] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && args.length === 2) {
      const name = preparedNames.get(text);
      if (name !== undefined) args = [{ name, text, values }];
    }
    const result: unknown = (super.query as (...a: unknown[]) => unknown)(...args);
    return result instanceof Promise ? result.then((r: pg.QueryResult | pg.QueryResult[]) => (Array.isArray(r) ? lastRowSet(r) : r)) : result;
  }
}

/** A pool for one warehouse URL. */
export function postgresPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, types: exactTypes, Client: RowSetClient as unknown as new () => pg.ClientBase });
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

/**
 * PostgreSQL failures that are the environment's fault, never the file's, by SQLSTATE class (08
 * connection exception, 53 insufficient resources, 57 operator intervention, 58 system error, 25006
 * read-only transaction, 40 serialization failure or deadlock) or by a lost socket.
 */
export function postgresEnvironmentFailure(e: unknown): { code: string; what: string; retriable: boolean } | null {
  const code = (e as { code?: unknown } | null)?.code;
  const message = e instanceof Error ? e.message : '';
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    if (code === '53100') return { code: 'env/disk-full', what: 'the disk of the PostgreSQL server is full', retriable: false };
    if (code === '25006') return { code: 'env/read-only', what: 'the PostgreSQL server accepts no writes (read-only transaction or standby)', retriable: false };
    if (code.startsWith('53')) return { code: 'env/out-of-memory', what: 'the PostgreSQL server is out of resources', retriable: false };
    if (code.startsWith('08') || code.startsWith('57')) return { code: 'env/connection-lost', what: 'the connection to PostgreSQL was lost', retriable: true };
    if (code.startsWith('58')) return { code: 'env/io', what: 'the PostgreSQL server had a system error', retriable: false };
    if (code.startsWith('40')) return { code: 'env/busy', what: 'a PostgreSQL transaction conflicted with another', retriable: true };
    return null;
  }
  if (typeof code === 'string' && /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND)$/.test(code)) {
    return { code: 'env/connection-lost', what: 'the connection to PostgreSQL was lost', retriable: true };
  }
  if (/Connection terminated|connection timeout|Client has encountered a connection error|Cannot use a pool after calling end/i.test(message)) {
    return { code: 'env/connection-lost', what: 'the connection to PostgreSQL was lost', retriable: true };
  }
  return null;
}

/** Statements that make the transaction refuse writes for a read-only query (it is rolled back anyway). */
export const POSTGRES_READ_ONLY = { begin: 'set transaction read only', end: null } as const;
