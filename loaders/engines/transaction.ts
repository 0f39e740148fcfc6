/**
 * Write transactions, the same for both engines but for the statement that opens them
 * (`WarehouseEngine.begin`): all or nothing, on one connection, with optional work between BEGIN and the
 * function (see `TransactionOptions`).
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../warehouse/schema.ts';
import type { WarehouseEngine } from './engine.ts';

const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');

/** What `writeTransaction` does besides running its function. */
export interface TransactionOptions<M> {
  /**
   * Keys to serialise on (see `WarehouseEngine.lockKeys`), taken before the function runs, in the round
   * trip of BEGIN; on SQLite BEGIN IMMEDIATE already serialises every writer.
   */
  readonly locks?: readonly string[];
  /**
   * A statement without parameters run in the same round trip after the locks, so that it sees every
   * transaction that held them; the function gets its rows. Only from an engine's `reports.firstRead`.
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
 * Runs `fn` in one write transaction of `engine`: all or nothing. On SQLite it is `BEGIN IMMEDIATE`, which
 * takes the write lock up front: a deferred transaction that reads first and writes later can fail with
 * SQLITE_BUSY when another process wrote in between, which busy_timeout cannot resolve. Never nest these.
 */
export async function runWriteTransaction<T, M = never>(
  engine: WarehouseEngine,
  db: Kysely<Database>,
  fn: (trx: Kysely<Database>, first: FirstRoundTrip<M>) => Promise<T>,
  options: TransactionOptions<M> = {},
): Promise<T> {
  const { locks = [], read, meanwhile } = options;
  const first = engine.begin(locks, read);
  return db.connection().execute(async (conn) => {
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
