/**
 * Several ingest processes, possibly on different machines, sharing one PostgreSQL warehouse and one
 * archive (`disclosure ingest --shared`): every process lists the archive and enqueues its files in the
 * claim queue of loaders/claims.ts, then takes files one claim at a time until none is left. A process
 * that dies leaves claims that expire and are taken over; loads are idempotent, so a file handled twice
 * is still loaded once.
 *
 * A work item's key is the path with the file's size and modification time, so that a file changed in
 * place is queued again by the next run while an unchanged one is not. Mount the archive at the same path
 * on every machine.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { claimNext, completeClaim, enqueue } from '../loaders/claims.ts';
import type { Database } from '../loaders/schema.ts';
import { processName } from '../loaders/warehouse.ts';

/** How long a claim lasts before another process may take it over (a report takes well under a second). */
export const CLAIM_TTL_SECONDS = 600;

/** Work items for the files, keyed by path, size and modification time. */
export async function workItems(files: readonly string[]): Promise<{ key: string; path: string }[]> {
  return Promise.all(
    files.map(async (path) => {
      const s = await stat(path).catch(() => null);
      return { key: s ? `${path}|${s.size}|${Math.round(s.mtimeMs)}` : path, path };
    }),
  );
}

/**
 * Enqueues the files and handles claimed ones with `concurrency` loops until the queue is empty; returns
 * how many files this process handled. `handle` must not throw for a bad file (ingest quarantines it).
 */
export async function claimAndHandle(
  db: Kysely<Database>,
  files: readonly string[],
  concurrency: number,
  handle: (path: string) => Promise<void>,
  onClaim: () => void = () => {},
): Promise<number> {
  await enqueue(db, await workItems(files));
  const workerId = `${processName()}:${randomUUID().slice(0, 8)}`;
  let handled = 0;
  const loop = async () => {
    while (true) {
      const item = await claimNext(db, workerId, CLAIM_TTL_SECONDS);
      if (!item) return;
      onClaim();
      try {
        await handle(item.path);
        handled++;
        await completeClaim(db, item.id, workerId, { status: 'done' });
      } catch (e) {
        await completeClaim(db, item.id, workerId, { status: 'failed', error: e instanceof Error ? e.message : String(e) });
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, loop));
  return handled;
}
