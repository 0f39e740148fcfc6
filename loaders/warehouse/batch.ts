/**
 * The warehouse's statements without kysely's query builder, for any engine: the hot statements of a load
 * (`execute`), batched inserts (`insertRows`), write transactions (`writeTransaction`) and key locks
 * (`lockKeys`). Each finds its engine from `db` (loaders/engines/index.ts `engineOf`); what differs by
 * engine is in loaders/engines/.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { engineOf, runWriteTransaction, type FirstRoundTrip, type TransactionOptions, type WarehouseEngine } from '../engines/index.ts';

export type { FirstRoundTrip, TransactionOptions } from '../engines/index.ts';

/**
 * Runs one statement of the load path given as SQL text with `?` placeholders (no literal `?` inside).
 * The hot statements of a load skip kysely's query builder: building and compiling a dozen queries per
 * report cost more than the SQL itself in bench/load.ts.
 */
export async function execute<R>(db: Kysely<Database>, text: string, params: readonly unknown[]): Promise<R[]> {
  const result = await db.executeQuery<R>(CompiledQuery.raw(engineOf(db).placeholders(text), [...params]));
  return result.rows as R[];
}

/** The arguments of `WarehouseEngine.insertRows` after `db`: table, columns, rows, prefix, suffix. */
type RowsInsert = Parameters<WarehouseEngine['insertRows']> extends [unknown, ...infer R] ? R : never;

/**
 * Inserts `rows` (values in `columns` order, after the `prefix` values shared by every row, such as the
 * report id) in batched statements. `suffix` is appended to every statement (`on conflict … do nothing`).
 * `table` and `columns` are identifiers from this codebase, never user input.
 */
export async function insertRows(db: Kysely<Database>, ...rows: RowsInsert): Promise<void> {
  await engineOf(db).insertRows(db, ...rows);
}

/**
 * Runs `fn` in one write transaction: all or nothing (loaders/engines/transaction.ts). On SQLite it is
 * `BEGIN IMMEDIATE`; on PostgreSQL the `locks` are taken in BEGIN's round trip. Never nest these.
 */
export async function writeTransaction<T, M = never>(
  db: Kysely<Database>,
  fn: (trx: Kysely<Database>, first: FirstRoundTrip<M>) => Promise<T>,
  options: TransactionOptions<M> = {},
): Promise<T> {
  return runWriteTransaction(engineOf(db), db, fn, options);
}

/** Serialises write transactions that touch the same keys (a file hash, a unit name) until commit. */
export async function lockKeys(trx: Kysely<Database>, keys: readonly string[]): Promise<void> {
  await engineOf(trx).lockKeys(trx, keys);
}
