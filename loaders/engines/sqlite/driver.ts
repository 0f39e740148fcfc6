/**
 * SQLite specifics: opening a better-sqlite3 file with the pragmas a warehouse needs, and the adapter that
 * kysely's SqliteDialect talks to.
 *
 * The adapter does two things kysely's plain use of better-sqlite3 does not:
 * - it caches prepared statements by SQL text, so the batched inserts of a load are prepared once and
 *   re-bound for every batch (kysely calls `prepare` for every query);
 * - it reads integers exactly: every reading statement runs with `safeIntegers(true)`, then columns named
 *   `*_fen` (amounts in 分, which pass 2^53 at about 90 trillion 元) stay `bigint` and every other integer
 *   becomes a `number`, which is what PostgreSQL gives for int4 columns (loaders/warehouse/schema.ts).
 */
import BetterSqlite3 from 'better-sqlite3';
import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { DisclosureError } from '../../../core/errors.ts';
import { dirname } from 'node:path';
import { SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import type { ValuesStyle } from '../values.ts';
import type { EnvironmentFailure } from '../engine.ts';

const STATEMENT_CACHE = 256;

/** How long a writer waits for another process's write lock before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 30_000;

/** SQLite's compile-time limit on bound parameters per statement (better-sqlite3 12 builds it at 32766). */
export const SQLITE_MAX_PARAMETERS = 32_766;

type Row = Record<string, unknown>;

function exactRow(row: Row): Row {
  for (const key in row) {
    const v = row[key];
    if (typeof v === 'bigint' && !key.endsWith('_fen') && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER)) {
      row[key] = Number(v);
    }
  }
  return row;
}

class CachedStatement implements SqliteStatement {
  readonly reader: boolean;
  constructor(private readonly stmt: BetterSqlite3.Statement) {
    this.reader = stmt.reader;
    if (this.reader) stmt.safeIntegers(true);
  }
  all(parameters: readonly unknown[]): unknown[] {
    return (this.stmt.all(...parameters) as Row[]).map(exactRow);
  }
  run(parameters: readonly unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint } {
    return this.stmt.run(...parameters);
  }
  *iterate(parameters: readonly unknown[]): IterableIterator<unknown> {
    for (const row of this.stmt.iterate(...parameters)) yield exactRow(row as Row);
  }
}

/** A better-sqlite3 database seen through a prepared-statement cache (what SqliteDialect is given). */
export class CachedSqlite implements SqliteDatabase {
  readonly #cache = new Map<string, CachedStatement>();
  constructor(readonly raw: BetterSqlite3.Database) {}

  prepare(sql: string): SqliteStatement {
    let stmt = this.#cache.get(sql);
    if (stmt) {
      // Map order is insertion order: re-inserting keeps the most recently used statements last.
      this.#cache.delete(sql);
    } else {
      stmt = new CachedStatement(this.raw.prepare(sql));
      if (this.#cache.size >= STATEMENT_CACHE) {
        const oldest = this.#cache.keys().next().value;
        if (oldest !== undefined) this.#cache.delete(oldest);
      }
    }
    this.#cache.set(sql, stmt);
    return stmt;
  }

  close(): void {
    this.#cache.clear();
    if (this.raw.open) this.raw.close();
  }
}

/**
 * Opens (creating it and its folder if needed) a SQLite warehouse file, or `:memory:`: WAL so that readers
 * never block the writer, a busy timeout so that a second process waits instead of failing, foreign keys
 * on (SQLite leaves them off by default), and synchronous=NORMAL, which in WAL mode is durable at every
 * checkpoint and safe against corruption.
 */
export function openSqliteFile(file: string, options: { readOnly?: boolean } = {}): CachedSqlite {
  if (file !== ':memory:') checkSqliteTarget(file, options.readOnly ?? false);
  if (options.readOnly) {
    // Nothing is created or changed: no folder, no WAL switch, no migrations (loaders/warehouse/open.ts).
    const raw = new BetterSqlite3(file, { readonly: true, fileMustExist: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
    raw.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    return new CachedSqlite(raw);
  }
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const raw = new BetterSqlite3(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  if (file !== ':memory:') raw.pragma('journal_mode = WAL');
  raw.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  raw.pragma('foreign_keys = ON');
  raw.pragma('synchronous = NORMAL');
  // In WAL mode with synchronous=NORMAL the fsyncs happen at checkpoints; checkpointing every 40 MB
  // instead of every 4 MB (the default of 1000 pages) cut the commit cost of a load by a third in
  // bench/load.ts. The WAL file is truncated back to 64 MB after a checkpoint.
  raw.pragma('wal_autocheckpoint = 10000');
  raw.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  return new CachedSqlite(raw);
}

/**
 * Refuses a `--db` path that is not a SQLite warehouse, before SQLite opens (and could create or
 * overwrite) it: a folder, a file of anything else (SQLite would write its header over an empty one
 * only), and for read-only commands a missing file. One-line `warehouse/*` errors.
 */
function checkSqliteTarget(file: string, readOnly: boolean): void {
  const info = statSync(file, { throwIfNoEntry: false });
  if (!info) {
    if (readOnly) throw new DisclosureError('warehouse/not-found', `no warehouse at ${file} (check --db or DISCLOSURE_DB; \`disclosure ingest\` creates one)`, 'fatal', undefined, { stage: 'load' });
    return;
  }
  if (info.isDirectory()) throw new DisclosureError('warehouse/not-a-file', `${file} is a folder, not a SQLite warehouse file`, 'fatal', undefined, { stage: 'load' });
  if (info.size === 0 && !readOnly) return;
  let ok: boolean;
  try {
    ok = startsWithSqliteHeader(file);
  } catch (e) {
    throw new DisclosureError('warehouse/unreadable', `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, 'fatal', undefined, { cause: e, stage: 'load' });
  }
  if (!ok) throw new DisclosureError('warehouse/not-sqlite', `${file} is not a SQLite database; refusing to open it as the warehouse`, 'fatal', undefined, { stage: 'load' });
}

const SQLITE_HEADER = 'SQLite format 3\0';

/** True when the file's first 16 bytes are the SQLite database header; throws when it cannot be read. */
function startsWithSqliteHeader(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

/** True when `path` is a SQLite database file (false when it cannot be read). */
export function isSqliteFile(path: string): boolean {
  try {
    return startsWithSqliteHeader(path);
  } catch {
    return false;
  }
}

/** The kysely dialect over an opened file. */
export function sqliteDialect(database: CachedSqlite): SqliteDialect {
  return new SqliteDialect({ database });
}

/**
 * SQLite result codes that are the environment's fault, never the file's: a full disk, a read-only or
 * vanished database file, an I/O error, no memory, a lock held too long. The extended codes
 * (`SQLITE_IOERR_WRITE`, `SQLITE_READONLY_DBMOVED`) start with these.
 */
const ENVIRONMENT_CODES: readonly [prefix: string, code: string, what: string, retriable: boolean][] = [
  ['SQLITE_FULL', 'env/disk-full', 'the disk holding the warehouse is full', false],
  ['SQLITE_READONLY', 'env/read-only', 'the warehouse cannot be written (read-only file or file system)', false],
  ['SQLITE_IOERR', 'env/io', 'the warehouse file could not be read or written (I/O error)', false],
  ['SQLITE_CANTOPEN', 'env/io', 'the warehouse file could not be opened', false],
  ['SQLITE_NOMEM', 'env/out-of-memory', 'SQLite ran out of memory', false],
  ['SQLITE_CORRUPT', 'env/corrupt', 'the warehouse file is damaged', false],
  ['SQLITE_NOTADB', 'env/corrupt', 'the warehouse file is not a SQLite database', false],
  ['SQLITE_BUSY', 'env/busy', 'another process held the warehouse locked too long', true],
  ['SQLITE_LOCKED', 'env/busy', 'the warehouse was locked', true],
];

/** The environment failure a SQLite error stands for, or null when it is not one. */
export function sqliteEnvironmentFailure(e: unknown): EnvironmentFailure | null {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  const hit = ENVIRONMENT_CODES.find(([prefix]) => code === prefix || code.startsWith(`${prefix}_`));
  return hit ? { code: hit[1], what: hit[2], retriable: hit[3] } : null;
}

/** Statements that make the connection refuse writes for a read-only query, and undo that afterwards. */
export const SQLITE_READ_ONLY = { begin: 'pragma query_only = 1', end: 'pragma query_only = 0' } as const;

/** How SQLite takes multi-row inserts: `?` placeholders, a few dozen rows per statement (bench/load.ts). */
export const SQLITE_VALUES: ValuesStyle = { name: 'sqlite', placeholder: () => '?', maxRows: 64, maxParameters: SQLITE_MAX_PARAMETERS };
