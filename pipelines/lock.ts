/**
 * A run lock for a SQLite warehouse, so that two scheduled runs never write one file at once: a lock
 * file next to the database (`warehouse.sqlite.lock`) created with O_EXCL, holding the owner's pid, host
 * and start time. A lock whose owner process is gone (same host, pid not alive) is stale and taken over;
 * so is an unreadable or empty lock file older than a minute (a crash between create and write).
 *
 * PostgreSQL warehouses need no lock file: several workers share them through claims (loaders/warehouse/claims.ts).
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { DisclosureError } from '../core/errors.ts';
import { processAlive as alive } from '../core/process.ts';

export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** ISO time the lock was taken. */
  readonly since: string;
  readonly command: string;
}

/** A held lock; `release` is idempotent and also runs when the process exits. */
export interface RunLock {
  readonly path: string;
  release(): void;
}

export interface LockOptions {
  /** Wait for the lock instead of failing (polling every `pollMs`), up to `timeoutMs` (default: forever). */
  readonly wait?: boolean;
  readonly pollMs?: number;
  readonly timeoutMs?: number;
  /** What the owner is doing, shown to a second run (`ingest data/samples`). */
  readonly command?: string;
}

/** Thrown when the lock is held by a live process: a retriable condition, exit code 4 (EXIT.locked). */
export class LockHeldError extends DisclosureError {
  constructor(readonly lockPath: string, readonly owner: LockOwner | null) {
    super(
      'lock/held',
      owner
        ? `another run holds the warehouse lock ${lockPath} (pid ${owner.pid} on ${owner.host} since ${owner.since}: ${owner.command}); ` +
            'try again later, or pass --wait to queue behind it'
        : `another run holds the warehouse lock ${lockPath}; try again later, or pass --wait to queue behind it`,
      'retriable',
    );
  }
}

/** The lock file of a SQLite database file. */
export function lockPathFor(dbFile: string): string {
  return `${dbFile}.lock`;
}

function readOwner(path: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null;
    return { pid: parsed.pid, host: parsed.host, since: String(parsed.since ?? ''), command: String(parsed.command ?? '') };
  } catch {
    return null;
  }
}

/** Whether an existing lock file is stale (its owner cannot be running any more). */
export function isStale(path: string, now = Date.now()): boolean {
  const owner = readOwner(path);
  if (!owner) {
    try {
      return now - statSync(path).mtimeMs > 60_000;
    } catch {
      return true;
    }
  }
  // A lock from another host cannot be checked; it is only stale on its own host.
  return owner.host === hostname() && owner.pid !== process.pid && !alive(owner.pid);
}

function tryCreate(path: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify(owner) + '\n');
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Takes the lock at `path`, or throws LockHeldError (without `wait`). A stale lock is removed and
 * taken over.
 */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<RunLock> {
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), command: options.command ?? '' };
  const started = Date.now();
  while (true) {
    if (tryCreate(path, owner)) break;
    if (isStale(path)) {
      try {
        unlinkSync(path);
      } catch {
        // Another run removed it first; the next create decides who gets it.
      }
      continue;
    }
    const timedOut = options.timeoutMs !== undefined && Date.now() - started >= options.timeoutMs;
    if (!options.wait || timedOut) throw new LockHeldError(path, readOwner(path));
    await sleep(options.pollMs ?? 500);
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    // Only remove the file if it is still ours (a stale-lock takeover by another host must survive).
    if (readOwner(path)?.pid === process.pid) {
      try {
        unlinkSync(path);
      } catch {
        // Already gone.
      }
    }
  };
  process.on('exit', release);
  return { path, release };
}
