/**
 * SQLite specifics: opening a better-sqlite3 file with the pragmas a warehouse needs, and the adapter that
 * kysely's SqliteDialect talks to.
 *
 * The adapter does two things kysely's plain use of better-sqlite3 does not:
 * - it caches prepared statements by SQL text, so the batched inserts of a load are prepared once and
 *   re-bound for every batch (kysely calls `prepare` for every query);
 * - it reads integers exactly: every reading statement runs with `safeIntegers(true)`, then columns named
 *   `*_fen` (amounts in 分, which pass 2^53 at about 90 trillion 元) stay `bigint` and every other integer
 *   becomes a `number`, which is what PostgreSQL gives for int4 columns (loaders/schema.ts).
 */
import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';

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
export function openSqliteFile(file: string): CachedSqlite {
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

/** The kysely dialect over an opened file. */
export function sqliteDialect(database: CachedSqlite): SqliteDialect {
  return new SqliteDialect({ database });
}

/** Statements that make the connection refuse writes for a read-only query, and undo that afterwards. */
export const SQLITE_READ_ONLY = { begin: 'pragma query_only = 1', end: 'pragma query_only = 0' } as const;
