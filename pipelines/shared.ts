/**
 * Several ingest processes, possibly on different machines, sharing one PostgreSQL warehouse and one
 * archive (`disclosure ingest --shared`): every process lists the archive and enqueues its files in the
 * claim queue of loaders/warehouse/claims.ts, then takes files one claim at a time until none is left. A claim is
 * short (CLAIM_TTL_SECONDS) and renewed by a heartbeat while its file is handled, so the claims of a
 * process that dies expire within seconds and are taken over; a process whose queue is empty waits for
 * the files still claimed by others (taking them over when their heartbeat stops) rather than finishing
 * with files missing. Loads are idempotent, so a file handled twice is still loaded once.
 *
 * A work item's key is the path with the file's size and modification time, so that a file changed in
 * place is queued again by the next run while an unchanged one is not. Mount the archive at the same path
 * on every machine.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import { claimNext, claimsOf, completeClaim, enqueue, renewClaim } from '../loaders/warehouse/claims.ts';
import type { Database } from '../loaders/warehouse/schema.ts';
import { processName } from '../loaders/warehouse/open.ts';

/**
 * How long a claim lasts without a heartbeat before another process may take it over (default 30 s;
 * DISCLOSURE_CLAIM_TTL_S). The holder renews it every third of that while it works on the file.
 */
export function claimTtlSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.DISCLOSURE_CLAIM_TTL_S?.trim() || NaN);
  return Number.isFinite(n) && n > 0 ? n : 30;
}

/** What a shared ingest could not finish: files whose claims were given up after too many attempts. */
export interface SharedOutcome {
  readonly handled: number;
  readonly abandoned: readonly string[];
}

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
 * Enqueues the files and handles claimed ones with `concurrency` loops until none of this run's files is
 * pending or claimed by a live worker; returns how many files this process handled and the files given
 * up (claimed `maxAttempts` times by workers that died). `handle` must not throw for a bad file (ingest
 * quarantines it); when it throws (the environment failed), the claim is marked failed, which the next
 * run's enqueue offers again, and the error is rethrown once every loop has stopped.
 */
export async function claimAndHandle(
  db: Kysely<Database>,
  files: readonly string[],
  concurrency: number,
  handle: (path: string) => Promise<void>,
  onClaim: () => void = () => {},
  ttlSeconds: number = claimTtlSeconds(),
): Promise<SharedOutcome> {
  const items = await workItems(files);
  await enqueue(db, items);
  const keys = items.map((i) => i.key);
  const workerId = `${processName()}:${randomUUID().slice(0, 8)}`;
  let handled = 0;
  let failure: unknown = null;
  const poll = Math.max(100, Math.min(2_000, (ttlSeconds * 1000) / 3));
  const loop = async () => {
    while (failure === null) {
      const item = await claimNext(db, workerId, ttlSeconds);
      if (!item) {
        // Nothing to claim now: done unless files of this run are still claimed by others, which are
        // waited for (and taken over once their holder's heartbeat stops).
        if ((await unfinished(db, keys)).claimed === 0) return;
        await sleep(poll);
        continue;
      }
      onClaim();
      const heartbeat = setInterval(() => void renewClaim(db, item.id, workerId, ttlSeconds).catch(() => undefined), (ttlSeconds * 1000) / 3);
      try {
        await handle(item.path);
        handled++;
        clearInterval(heartbeat);
        await completeClaim(db, item.id, workerId, { status: 'done' });
      } catch (e) {
        clearInterval(heartbeat);
        failure ??= e;
        await completeClaim(db, item.id, workerId, { status: 'failed', error: e instanceof Error ? e.message : String(e) }).catch(() => undefined);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, loop));
  if (failure !== null) throw failure;
  return { handled, abandoned: (await unfinished(db, keys)).abandoned };
}

/** Of the given work items: how many are claimed by a worker still within its claim, and which were given up. */
async function unfinished(db: Kysely<Database>, keys: readonly string[]): Promise<{ claimed: number; abandoned: string[] }> {
  let claimed = 0;
  const abandoned: string[] = [];
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await claimsOf(db, keys.slice(i, i + 500));
    for (const r of rows) {
      if (r.status === 'claimed' && !r.exhausted) claimed++;
      else if (r.status === 'pending' || r.status === 'claimed') abandoned.push(r.path);
    }
  }
  return { claimed, abandoned };
}
