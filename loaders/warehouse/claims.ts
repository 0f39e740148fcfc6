/**
 * The multi-worker claim queue: several ingest workers, possibly on different machines, share one
 * PostgreSQL warehouse and one archive; each file is claimed by exactly one worker at a time.
 *
 * - `enqueue` adds work items (a key such as the file's path, unique; adding a known key does nothing).
 * - `claimNext` takes the oldest pending item, or one whose claim expired (its worker died or hung): on
 *   PostgreSQL with `SELECT … FOR UPDATE SKIP LOCKED`, so concurrent workers never wait on or take the same
 *   row; on SQLite inside a `BEGIN IMMEDIATE` transaction, which serialises claimers.
 * - A worker renews a long claim with `renewClaim` and ends it with `completeClaim`; both succeed only while
 *   the claim is still its own (a worker whose claim was taken over learns it there).
 *
 * Expiry times come from the database's clock on PostgreSQL, so machines with skewed clocks agree.
 *
 * How to run several workers: point every worker at the same `--db postgres://…`, enqueue the archive's
 * files once, then let each worker loop `claimNext → load → completeClaim` until `claimNext` returns null.
 */
import { sql, type Kysely } from 'kysely';
import type { Claim, Database } from './schema.ts';
import { engineOf } from '../engines/index.ts';

export interface WorkItem {
  readonly key: string;
  readonly path: string;
}

/** A claimed work item. */
export interface ClaimedItem {
  readonly id: number;
  readonly key: string;
  readonly path: string;
  /** 1 for a first claim; more when an expired claim was taken over. */
  readonly attempts: number;
}

export interface ClaimOptions {
  /** Items claimed this many times without completing are not offered again (default 3). */
  readonly maxAttempts?: number;
}

const ENQUEUE_CHUNK = 500;

const isoNow = () => new Date().toISOString();

/** The clock claims expire by, in epoch milliseconds: the database server's, or this machine's (SQLite: one machine). */
function nowMs(db: Kysely<Database>) {
  return engineOf(db).nowMs();
}

/**
 * Adds work items; returns how many were new or offered again. An item whose last claim failed (its run
 * stopped on a failure of the environment) is offered again, with its attempts reset.
 */
export async function enqueue(db: Kysely<Database>, items: readonly WorkItem[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < items.length; i += ENQUEUE_CHUNK) {
    const chunk = items.slice(i, i + ENQUEUE_CHUNK);
    const result = await db
      .insertInto('claims')
      .values(chunk.map((it) => ({ key: it.key, path: it.path, status: 'pending' as const, attempts: 0 })))
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ status: 'pending', attempts: 0, worker_id: null, expires_ms: null, error: null }).where('claims.status', '=', 'failed'),
      )
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return added;
}

function claimed(row: Pick<Claim, 'id' | 'key' | 'path' | 'attempts'>): ClaimedItem {
  return { id: Number(row.id), key: row.key, path: row.path, attempts: Number(row.attempts) };
}

/**
 * Claims the next item for `workerId` for `ttlSeconds`, or returns null when nothing is left to claim.
 * An item whose claim expired is taken over (its attempts count goes up).
 */
export async function claimNext(
  db: Kysely<Database>,
  workerId: string,
  ttlSeconds: number,
  options: ClaimOptions = {},
): Promise<ClaimedItem | null> {
  const maxAttempts = options.maxAttempts ?? 3;
  const ttlMs = Math.round(ttlSeconds * 1000);
  // PostgreSQL: one statement whose `for update skip locked` keeps concurrent claimers apart; SQLite: the
  // same inside BEGIN IMMEDIATE, which serialises claimers (loaders/engines/ `claimRow`).
  const row = await engineOf(db).claimRow(db, (trx, skipLocked) =>
    trx
      .updateTable('claims')
      .set((eb) => ({
        status: 'claimed',
        worker_id: workerId,
        claimed_at: isoNow(),
        expires_ms: sql`${nowMs(trx)} + ${ttlMs}`,
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', '=', (eb) => {
        const next = eb
          .selectFrom('claims')
          .select('id')
          .where((w) => w.or([w('status', '=', 'pending'), w.and([w('status', '=', 'claimed'), w('expires_ms', '<', nowMs(trx))])]))
          .where('attempts', '<', maxAttempts)
          .orderBy('id')
          .limit(1);
        return skipLocked ? next.forUpdate().skipLocked() : next;
      })
      .returning(['id', 'key', 'path', 'attempts'])
      .executeTakeFirst(),
  );
  return row ? claimed(row) : null;
}

/** Extends a claim still held by `workerId`; false when it was lost (expired and taken over). */
export async function renewClaim(db: Kysely<Database>, claimId: number, workerId: string, ttlSeconds: number): Promise<boolean> {
  const result = await db
    .updateTable('claims')
    .set({ expires_ms: sql`${nowMs(db)} + ${Math.round(ttlSeconds * 1000)}` })
    .where('id', '=', claimId)
    .where('worker_id', '=', workerId)
    .where('status', '=', 'claimed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Ends a claim held by `workerId` as done or failed; false when the claim was no longer this worker's
 * (its result must then be treated as a duplicate: loads are idempotent, so nothing is written twice).
 */
export async function completeClaim(
  db: Kysely<Database>,
  claimId: number,
  workerId: string,
  outcome: { status: 'done' | 'failed'; error?: string },
): Promise<boolean> {
  const result = await db
    .updateTable('claims')
    .set({ status: outcome.status, finished_at: isoNow(), error: outcome.error ?? null, expires_ms: null })
    .where('id', '=', claimId)
    .where('worker_id', '=', workerId)
    .where('status', '=', 'claimed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The state of some work items (by key): status, attempts, and whether a claim has passed its expiry. */
export async function claimsOf(
  db: Kysely<Database>,
  keys: readonly string[],
  options: ClaimOptions = {},
): Promise<{ key: string; path: string; status: Claim['status']; exhausted: boolean }[]> {
  if (keys.length === 0) return [];
  const maxAttempts = options.maxAttempts ?? 3;
  const rows = await db
    .selectFrom('claims')
    .select(['key', 'path', 'status', 'attempts', 'expires_ms', sql<string>`${nowMs(db)}`.as('now_ms')])
    .where('key', 'in', [...keys])
    .execute();
  return rows.map((r) => ({
    key: r.key,
    path: r.path,
    status: r.status,
    exhausted: Number(r.attempts) >= maxAttempts && (r.expires_ms === null || Number(r.expires_ms) < Number(r.now_ms)),
  }));
}

/** How many items are in each state. */
export async function claimCounts(db: Kysely<Database>): Promise<Record<'pending' | 'claimed' | 'done' | 'failed', number>> {
  const rows = await db.selectFrom('claims').select(['status', (eb) => eb.fn.countAll().as('n')]).groupBy('status').execute();
  const counts = { pending: 0, claimed: 0, done: 0, failed: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}
