/**
 * Batched inserts and write transactions, the same for both engines.
 *
 * Rows go in multi-row INSERT statements whose row counts are powers of two (a batch of 203 rows is sent as
 * 128 + 64 + 8 + 2 + 1), so that only a handful of distinct SQL texts exist per table: SQLite's statement
 * cache (loaders/engines/sqlite/driver.ts) then prepares each once per connection. Every statement stays under the
 * engine's bound-parameter limit.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { Engine } from './migrations/index.ts';
import { SQLITE_MAX_PARAMETERS } from '../engines/sqlite/driver.ts';
import { POSTGRES_MAX_PARAMETERS, prepared } from '../engines/postgres/driver.ts';
import { engineOf } from './open.ts';

/**
 * Upper bound on rows per statement, per engine, measured with bench/load.ts: SQLite is fastest at a few
 * dozen rows per statement (bigger ones cost more to bind than they save); PostgreSQL gains from fewer
 * round trips up to a few hundred.
 */
const MAX_ROWS_PER_STATEMENT: Record<Engine, number> = { sqlite: 64, postgres: 256 };

const sqlCache = new Map<string, string>();

function insertSql(engine: Engine, table: string, columns: readonly string[], rows: number, suffix: string): string {
  const cacheKey = `${engine}\u0000${table}\u0000${columns.join(',')}\u0000${rows}\u0000${suffix}`;
  const cached = sqlCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const width = columns.length;
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) {
    const marks: string[] = [];
    for (let c = 0; c < width; c++) marks.push(engine === 'postgres' ? `$${r * width + c + 1}` : '?');
    tuples.push(`(${marks.join(',')})`);
  }
  const text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(',')}) values ${tuples.join(',')}${suffix ? ' ' + suffix : ''}`;
  sqlCache.set(cacheKey, text);
  return text;
}

/** The largest power of two rows per statement allowed for this many columns. */
export function maxRowsPerStatement(engine: Engine, width: number): number {
  const limit = Math.min(MAX_ROWS_PER_STATEMENT[engine], Math.floor((engine === 'sqlite' ? SQLITE_MAX_PARAMETERS : POSTGRES_MAX_PARAMETERS) / width));
  return 2 ** Math.floor(Math.log2(Math.max(1, limit)));
}

/** One table's rows for `insertColumnsPostgres`. */
export interface ColumnInsert {
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
  /** Values shared by every row, before the row's own (the report id). */
  readonly prefix?: readonly unknown[];
  /**
   * The first column of every row is the `id` the head statement of `insertColumnsPostgres` returns (the
   * report being inserted in the same statement); `prefix` is then not used.
   */
  readonly headId?: boolean;
  /** Appended to the insert (`on conflict … do nothing`). */
  readonly suffix?: string;
}

const INT4_COLUMNS = new Set(['report_id', 'table_index', 'row_order', 'level', 'seq', 'project_seq', 'run_id', 'first_report_id']);

/** The PostgreSQL element type of a warehouse column, for the column arrays: by the schema's naming. */
export function pgElementType(column: string): string {
  return column.endsWith('_fen') ? 'int8' : INT4_COLUMNS.has(column) ? 'int4' : 'text';
}

const NEEDS_ESCAPE = /["\\]/;

/**
 * A one-dimensional PostgreSQL array literal (`{"a",NULL,12}`) of the values of one column. pg would
 * serialise a JS array itself, but with two regular-expression replacements per element; building the
 * literal here (escaping only the elements that hold `"` or `\`) took a third of the client's CPU time of
 * a load off in bench/load.ts. Elements are strings, numbers, bigints, booleans or null (what rows.ts
 * produces); anything else is a programming error.
 */
export function pgArrayLiteral(values: readonly unknown[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v === 'string') parts[i] = NEEDS_ESCAPE.test(v) ? `"${v.replace(/["\\]/g, '\\$&')}"` : `"${v}"`;
    else if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') parts[i] = String(v);
    else throw new TypeError(`cannot put a ${typeof v} into a PostgreSQL array literal`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * A data-modifying statement run first in the statement of `insertColumnsPostgres` (`insert … returning
 * id`, with `$1 …` parameters): its id is what `headId` parts use, and what the statement returns.
 */
export interface HeadInsert {
  /** Common table expressions the head reads (`name as (…), …`), written before it, sharing its parameters. */
  readonly with?: string;
  readonly sql: string;
  readonly params: readonly unknown[];
  /** What the statement returns (default `select id from h`); it sees the tables as they were before it. */
  readonly select?: string;
}

/**
 * The client's work of `insertColumnsPostgres`: the column arrays of `parts` as literals and the inserts
 * that unnest them, numbered after the head's `headParams` parameters (null: no head). Pure; a load builds
 * it while its first round trip is in flight (`writeTransaction`'s `meanwhile`).
 */
export interface ColumnArrays {
  readonly headParams: number | null;
  readonly inserts: readonly string[];
  readonly arrays: readonly string[];
}

export function columnArrays(parts: readonly ColumnInsert[], headParams: number | null): ColumnArrays {
  const inserts: string[] = [];
  const arrays: string[] = [];
  for (const part of parts) {
    if (part.rows.length === 0) continue;
    const fromHead = headParams !== null && part.headId === true;
    const prefix = fromHead ? [] : (part.prefix ?? []);
    const columns = fromHead ? part.columns.slice(1) : part.columns;
    const values: unknown[][] = columns.map(() => new Array<unknown>(part.rows.length));
    for (let r = 0; r < part.rows.length; r++) {
      const row = part.rows[r]!;
      for (let c = 0; c < columns.length; c++) values[c]![r] = c < prefix.length ? prefix[c] : row[c - prefix.length];
    }
    const first = (headParams ?? 0) + arrays.length;
    for (const a of values) arrays.push(pgArrayLiteral(a));
    const unnest = columns.map((c, i) => `$${first + i + 1}::${pgElementType(c)}[]`).join(', ');
    const source = fromHead ? `select h.id, u.* from h cross join unnest(${unnest}) as u` : `select * from unnest(${unnest})`;
    inserts.push(`insert into "${part.table}" (${part.columns.map((c) => `"${c}"`).join(',')}) ${source}${part.suffix ? ' ' + part.suffix : ''}`);
  }
  return { headParams, inserts, arrays };
}

/**
 * Inserts rows into several tables on PostgreSQL in one statement and one round trip: each table's rows
 * as one array per column, unnested by the server, each insert a data-modifying CTE. No parameter limit
 * (one parameter per column whatever the row count), no giant statement text to parse; in bench/load.ts
 * column arrays insert about twice as fast as multi-row VALUES on this server, and a load is bound by
 * round trips. With a `head`, that insert runs in the same statement (the report row and its derived
 * rows in one round trip; foreign keys are checked at the end of the statement) and its rows are returned.
 * `parts` may come already built by `columnArrays` (for the same head).
 */
export async function insertColumnsPostgres<R = { id: number }>(
  db: Kysely<Database>,
  parts: readonly ColumnInsert[] | ColumnArrays,
  head?: HeadInsert,
): Promise<R[]> {
  const headParams = head ? head.params.length : null;
  const { inserts, arrays, headParams: numberedAfter } = 'inserts' in parts ? parts : columnArrays(parts, headParams);
  if (numberedAfter !== headParams) throw new Error(`insertColumnsPostgres: arrays numbered after ${numberedAfter} head parameters, not ${headParams}`);
  if (inserts.length === 0 && !head) return [];
  const params: unknown[] = head ? [...head.params, ...arrays] : [...arrays];
  let text: string;
  if (head) {
    text = `with ${head.with ? head.with + ', ' : ''}h as (${head.sql})${inserts.map((q, i) => `, w${i} as (${q})`).join('')} ${head.select ?? 'select id from h'}`;
  } else {
    text = inserts.length === 1 ? inserts[0]! : `with ${inserts.slice(0, -1).map((q, i) => `w${i} as (${q})`).join(', ')} ${inserts[inserts.length - 1]}`;
  }
  const result = await db.executeQuery<R>(CompiledQuery.raw(prepared(text), params));
  return result.rows as R[];
}

/**
 * Inserts `rows` (values in `columns` order, after the `prefix` values shared by every row, such as the
 * report id) in batched statements. `suffix` is appended to every statement (`on conflict … do nothing`).
 * `table` and `columns` are identifiers from this codebase, never user input.
 */
export async function insertRows(
  db: Kysely<Database>,
  engine: Engine,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  prefix: readonly unknown[] = [],
  suffix = '',
): Promise<void> {
  const max = maxRowsPerStatement(engine, columns.length);
  let i = 0;
  while (i < rows.length) {
    let n = max;
    while (n > rows.length - i) n >>= 1;
    const params: unknown[] = [];
    for (let k = i; k < i + n; k++) {
      for (const p of prefix) params.push(p);
      for (const v of rows[k]!) params.push(v);
    }
    await db.executeQuery(CompiledQuery.raw(insertSql(engine, table, columns, n, suffix), params));
    i += n;
  }
}

const dialectCache = new Map<string, string>();

/** SQL written with `?` placeholders, as the engine wants it (`$1, $2 …` on PostgreSQL). */
function dialectSql(engine: Engine, text: string): string {
  if (engine === 'sqlite') return text;
  let out = dialectCache.get(text);
  if (out === undefined) {
    let n = 0;
    out = text.replace(/\?/g, () => `$${++n}`);
    dialectCache.set(text, out);
  }
  return out;
}

/**
 * Runs one statement of the load path given as SQL text with `?` placeholders (no literal `?` inside).
 * The hot statements of a load skip kysely's query builder: building and compiling a dozen queries per
 * report cost more than the SQL itself in bench/load.ts.
 */
export async function execute<R>(db: Kysely<Database>, engine: Engine, text: string, params: readonly unknown[]): Promise<R[]> {
  const result = await db.executeQuery<R>(CompiledQuery.raw(dialectSql(engine, text), [...params]));
  return result.rows as R[];
}

const BEGIN_IMMEDIATE = CompiledQuery.raw('begin immediate');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');

/** What `writeTransaction` does besides running its function. */
export interface TransactionOptions<M> {
  /**
   * Keys to serialise on (see `lockKeys`), taken on PostgreSQL before the function runs, in the round trip
   * of BEGIN; on SQLite BEGIN IMMEDIATE already serialises every writer.
   */
  readonly locks?: readonly string[];
  /**
   * PostgreSQL only: a statement without parameters (see `pgInline`) run in the same round trip after the
   * locks, so that it sees every transaction that held them; the function gets its rows.
   */
  readonly read?: string;
  /**
   * Work that needs no database, done while that first round trip is in flight (on PostgreSQL the client
   * would otherwise wait for the server, and the server for the client); the function gets its result.
   */
  readonly meanwhile?: () => M;
}

/** What the first round trip of `writeTransaction` gave. */
export interface FirstRoundTrip<M> {
  readonly rows: unknown[];
  readonly meanwhile: M | undefined;
}

/**
 * Runs `fn` in one write transaction: all or nothing. On SQLite it is `BEGIN IMMEDIATE`, which takes the
 * write lock up front: a deferred transaction that reads first and writes later can fail with SQLITE_BUSY
 * when another process wrote in between, which busy_timeout cannot resolve. Never nest these.
 */
export async function writeTransaction<T, M = never>(
  db: Kysely<Database>,
  fn: (trx: Kysely<Database>, first: FirstRoundTrip<M>) => Promise<T>,
  options: TransactionOptions<M> = {},
): Promise<T> {
  const { locks = [], read, meanwhile } = options;
  const postgres = engineOf(db) === 'postgres';
  if (read !== undefined && !postgres) throw new Error('writeTransaction: `read` is for PostgreSQL only');
  return db.connection().execute(async (conn) => {
    // PostgreSQL: BEGIN, the advisory locks and the read in one round trip (statements of one simple query;
    // loaders/engines/postgres/driver.ts returns the rows of the last).
    const first = postgres ? CompiledQuery.raw(['begin', ...(locks.length > 0 ? [lockStatement(locks)] : []), ...(read ? [read] : [])].join('; ')) : BEGIN_IMMEDIATE;
    const sent = conn.executeQuery(first);
    let done: M | undefined;
    if (meanwhile) {
      sent.catch(() => undefined); // awaited below
      try {
        // By the time the event loop gets to setImmediate, the query has been written to the server.
        await new Promise((resolve) => setImmediate(resolve));
        done = meanwhile();
      } catch (e) {
        // BEGIN went out: end the transaction it opened before giving the error back.
        if (await sent.then(() => true, () => false)) await conn.executeQuery(ROLLBACK);
        throw e;
      }
    }
    const { rows } = await sent;
    let result: T;
    try {
      result = await fn(conn, { rows: read === undefined ? [] : (rows as unknown[]), meanwhile: done });
    } catch (e) {
      await conn.executeQuery(ROLLBACK);
      throw e;
    }
    await conn.executeQuery(COMMIT);
    return result;
  });
}

/** A PostgreSQL string literal (standard_conforming_strings or not: backslashes make it an E'' literal). */
function pgLiteral(text: string): string {
  const quoted = text.replace(/'/g, "''");
  return text.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

/**
 * `text` with its `$1 … $n` parameters written as literals, for statements that must go over the simple
 * protocol (several statements in one round trip take no parameters). Values: null, numbers, strings and
 * arrays of strings (as text[]); `text` must hold no `$n` other than its parameters.
 */
export function pgInline(text: string, params: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const v = params[Number(n) - 1];
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v === 'string') return pgLiteral(v);
    if (Array.isArray(v) && v.every((e) => typeof e === 'string')) return `${pgLiteral(pgArrayLiteral(v))}::text[]`;
    throw new TypeError(`pgInline: cannot write parameter $${n} (${typeof v}) as a literal`);
  });
}

/**
 * The advisory-lock statement over `keys`, written with literals so that it needs no parameters (PostgreSQL
 * then runs it with the simple protocol, where it can share BEGIN's round trip). Sorted, so that two
 * transactions take shared keys in the same order and cannot deadlock (PostgreSQL evaluates a volatile
 * function of the select list after the sort).
 */
function lockStatement(keys: readonly string[]): string {
  const sorted = [...new Set(keys)].sort();
  return `select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(array[${sorted.map(pgLiteral).join(',')}]::text[]) as k order by k`;
}

/** Serialises PostgreSQL transactions that touch the same keys (a file hash, a unit name) until commit. */
export async function lockKeys(trx: Kysely<Database>, engine: Engine, keys: readonly string[]): Promise<void> {
  if (engine !== 'postgres' || keys.length === 0) return; // SQLite's BEGIN IMMEDIATE already serialises all writers.
  await trx.executeQuery(CompiledQuery.raw(lockStatement(keys)));
}
