import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireLock, LockHeldError } from '../../pipelines/lock.ts';

const tempLock = () => join(mkdtempSync(join(tmpdir(), 'disclosure-lock-')), 'warehouse.sqlite.lock');

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

describe('the warehouse run lock', () => {
  it('lets one run hold the lock and refuses a second one with the owner named', async () => {
    const path = tempLock();
    const lock = await acquireLock(path, { command: 'ingest data/samples' });
    const second = acquireLock(path);
    await expect(second).rejects.toBeInstanceOf(LockHeldError);
    await expect(acquireLock(path)).rejects.toThrow(new RegExp(`pid ${process.pid}.*ingest data/samples`));
    lock.release();
    expect(existsSync(path)).toBe(false);
    (await acquireLock(path)).release();
  });

  it('takes over a stale lock whose owner process is gone', async () => {
    const path = tempLock();
    writeFileSync(path, JSON.stringify({ pid: deadPid(), host: hostname(), since: '2020-01-01T00:00:00Z', command: 'ingest' }));
    const lock = await acquireLock(path);
    expect(existsSync(path)).toBe(true);
    lock.release();
  });

  it('waits for the lock with --wait and gets it once the holder releases it', async () => {
    const path = tempLock();
    const first = await acquireLock(path);
    setTimeout(() => first.release(), 150);
    const started = Date.now();
    const second = await acquireLock(path, { wait: true, pollMs: 20 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    second.release();
  });

  it('gives up waiting after the timeout', async () => {
    const path = tempLock();
    const first = await acquireLock(path);
    await expect(acquireLock(path, { wait: true, pollMs: 10, timeoutMs: 60 })).rejects.toBeInstanceOf(LockHeldError);
    first.release();
  });
});
