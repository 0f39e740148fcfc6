/**
 * Writing an export file safely (issue 20): the data goes to a temporary file beside the target, which is
 * renamed over it only when complete, so a killed export leaves the old file (or none), never a truncated
 * one that looks complete. The target may not be the warehouse itself (its WAL and shared-memory files
 * included), any SQLite database, or a folder.
 */
import { realpathSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { createWriteStream, type WriteStream } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { DisclosureError } from '../../core/errors.ts';
import { isDatabaseFile } from '../engines/index.ts';

/** The path with its symlinks resolved where it exists (else as given, made absolute). */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Throws a fatal `output/*` error when `target` may not be written: a folder, a SQLite database, or the
 * warehouse file (`warehouse`, an absolute SQLite path, or null for PostgreSQL) or one of its companions.
 */
export function checkOutputFile(target: string, warehouse: string | null): void {
  const full = real(target);
  if (warehouse !== null && warehouse !== ':memory:') {
    const db = real(warehouse);
    if ([db, `${db}-wal`, `${db}-shm`, `${db}-journal`, `${db}.lock`].includes(full)) {
      throw new DisclosureError('output/is-warehouse', `${target}: refusing to write the export onto the warehouse itself`, 'fatal', undefined, { stage: 'load' });
    }
  }
  const info = statSync(full, { throwIfNoEntry: false });
  if (info?.isDirectory()) throw new DisclosureError('output/is-a-folder', `${target}: is a folder; give a file name for the export`, 'fatal', undefined, { stage: 'load' });
  if (info && isDatabaseFile(full)) throw new DisclosureError('output/is-database', `${target}: is a warehouse database file; refusing to overwrite it with an export`, 'fatal', undefined, { stage: 'load' });
}

/**
 * Writes `target` through `write`, given the path of a temporary file in the same folder, and renames the
 * temporary file over the target once `write` has finished; on any failure the temporary file is removed
 * and the target is left as it was. Returns what `write` returns.
 */
export async function replaceFileAtomically<T>(target: string, write: (temp: string) => Promise<T>): Promise<T> {
  const full = resolve(target);
  await mkdir(dirname(full), { recursive: true });
  const temp = join(dirname(full), `.${basename(full)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const result = await write(temp);
    await rename(temp, full);
    return result;
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

/** replaceFileAtomically through a stream on the temporary file, flushed to disk before the rename. */
export async function writeFileAtomically<T>(target: string, write: (sink: WriteStream) => Promise<T>): Promise<T> {
  return replaceFileAtomically(target, async (temp) => {
    const sink = createWriteStream(temp, { flush: true });
    try {
      const result = await write(sink);
      sink.end();
      await finished(sink);
      return result;
    } catch (e) {
      sink.destroy();
      throw e;
    }
  });
}
