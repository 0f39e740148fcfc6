/**
 * Opening the warehouse for a command: resolve --db / DISCLOSURE_DB, take the run lock of a SQLite file
 * for commands that write (two scheduled runs never overlap; the lock is taken before the database is
 * opened, so that even migrations never race), and always close and release, whatever the command does.
 * A held lock is reported with its owner and exit code 4 (EXIT.locked).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatMessage } from '../core/messages.ts';
import { EXIT } from './command.ts';
import { acquireLock, lockPathFor, LockHeldError, type RunLock } from '../pipelines/lock.ts';
import { openWarehouse, resolveWarehouse, warehouseFile, type Warehouse } from '../loaders/warehouse/open.ts';

export interface SessionOptions {
  /** Take the run lock (commands that write: ingest, reprocess). */
  readonly lock?: boolean;
  /** Wait for the lock instead of exiting with code 4. */
  readonly wait?: boolean;
  readonly command?: string;
  /** Only read (status, coverage, export, report, check without --save): never create or change a warehouse. */
  readonly readOnly?: boolean;
}

/** Runs `body` with an open warehouse (and the lock when asked); returns its exit code. */
export async function withWarehouse(
  url: string | undefined,
  options: SessionOptions,
  body: (warehouse: Warehouse) => Promise<number>,
): Promise<number> {
  const file = warehouseFile(resolveWarehouse(url));
  if (file && !options.readOnly) mkdirSync(dirname(file), { recursive: true });
  let lock: RunLock | null = null;
  if (options.lock && file) {
    try {
      lock = await acquireLock(lockPathFor(file), { wait: options.wait ?? false, command: options.command ?? '' });
    } catch (e) {
      if (!(e instanceof LockHeldError)) throw e;
      process.stderr.write(`disclosure: ${formatMessage(e.diagnostic())}\n`);
      return EXIT.locked;
    }
  }
  try {
    const warehouse = await openWarehouse(url, { readOnly: options.readOnly ?? false });
    try {
      return await body(warehouse);
    } finally {
      await warehouse.close();
    }
  } finally {
    lock?.release();
  }
}
