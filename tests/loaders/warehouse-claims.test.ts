import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { claimCounts, claimNext, completeClaim, enqueue, renewClaim } from '../../loaders/warehouse/claims.ts';
import { openWarehouse, type Warehouse } from '../../loaders/warehouse/open.ts';
import { ENGINES } from '../helpers/engines.ts';

const WORKER = fileURLToPath(new URL('../helpers/claim-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface WorkerLine {
  key: string;
  outcome: string;
  kept: boolean;
  worker: string;
}

/**
 * Starts a claim worker. It connects, prints "ready" and waits for `go()`, so that both workers of a test
 * claim from the same moment whatever their start-up times (a slow start could otherwise find the queue empty).
 */
function startWorker(url: string, id: string): { ready: Promise<void>; go(): void; done: Promise<WorkerLine[]> } {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, url, id], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.startsWith('ready\n')) onReady();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<WorkerLine[]>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`worker ${id} exited with ${code}: ${err}`));
      else resolve(out.replace(/^ready\n/, '').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as WorkerLine));
    });
  });
  return { ready: Promise.race([ready, done.then(() => undefined)]), go: () => child.stdin.end('go\n'), done };
}

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `file-${i}`, path: `archive/file-${i}.docx` }));

describe.each(ENGINES)('the claim queue on $name', (engine) => {
  let wh: Warehouse;
  beforeEach(async () => {
    wh = await engine.open();
  });
  afterEach(async () => {
    await wh.close();
  });

  it('adds each key once', async () => {
    expect(await enqueue(wh.db, items(3))).toBe(3);
    expect(await enqueue(wh.db, items(5))).toBe(2);
    expect(await claimCounts(wh.db)).toEqual({ pending: 5, claimed: 0, done: 0, failed: 0 });
  });

  it('hands each item to one worker and none after all are claimed', async () => {
    await enqueue(wh.db, items(2));
    const a = await claimNext(wh.db, 'a', 60);
    const b = await claimNext(wh.db, 'b', 60);
    expect([a?.key, b?.key]).toEqual(['file-0', 'file-1']);
    expect(await claimNext(wh.db, 'c', 60)).toBeNull();
    expect(await completeClaim(wh.db, a!.id, 'a', { status: 'done' })).toBe(true);
    expect(await completeClaim(wh.db, b!.id, 'b', { status: 'failed', error: 'format/legacy-doc' })).toBe(true);
    expect(await claimCounts(wh.db)).toEqual({ pending: 0, claimed: 0, done: 1, failed: 1 });
  });

  it("takes over a dead worker's expired claim, and the dead worker can no longer complete it", async () => {
    await enqueue(wh.db, items(1));
    const dead = await claimNext(wh.db, 'dead', 0.05);
    expect(await claimNext(wh.db, 'alive', 60)).toBeNull();
    await new Promise((r) => setTimeout(r, 120));
    const taken = await claimNext(wh.db, 'alive', 60);
    expect(taken).toMatchObject({ id: dead!.id, key: 'file-0', attempts: 2 });
    expect(await renewClaim(wh.db, dead!.id, 'dead', 60)).toBe(false);
    expect(await completeClaim(wh.db, dead!.id, 'dead', { status: 'done' })).toBe(false);
    expect(await renewClaim(wh.db, taken!.id, 'alive', 60)).toBe(true);
    expect(await completeClaim(wh.db, taken!.id, 'alive', { status: 'done' })).toBe(true);
  });

  it('gives up on an item claimed too many times without completing', async () => {
    await enqueue(wh.db, items(1));
    for (let i = 0; i < 2; i++) {
      expect(await claimNext(wh.db, `w${i}`, 0.01, { maxAttempts: 2 })).not.toBeNull();
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(await claimNext(wh.db, 'w3', 60, { maxAttempts: 2 })).toBeNull();
  });

  it('lets two worker processes with their own connections load every file exactly once', async () => {
    const n = 40;
    await enqueue(wh.db, items(n));
    const w1 = startWorker(wh.url, 'worker-1');
    const w2 = startWorker(wh.url, 'worker-2');
    await Promise.all([w1.ready, w2.ready]);
    w1.go();
    w2.go();
    const [one, two] = await Promise.all([w1.done, w2.done]);
    const all = [...one, ...two];
    expect(all.map((l) => l.key).sort()).toEqual(items(n).map((i) => i.key).sort());
    expect(new Set(all.map((l) => l.key)).size).toBe(n);
    expect(all.every((l) => l.kept)).toBe(true);
    // Every load was a first load: no file was processed twice.
    expect(all.filter((l) => l.outcome === 'unchanged')).toEqual([]);
    expect(one.length).toBeGreaterThan(0);
    expect(two.length).toBeGreaterThan(0);
    const check = await openWarehouse(wh.url);
    try {
      expect(await claimCounts(check.db)).toEqual({ pending: 0, claimed: 0, done: n, failed: 0 });
      const reports = await check.db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      expect(Number(reports.n)).toBe(n);
      // 40 files of 5 units with one year/kind/scope: 5 current reports, 35 superseded, no duplicate units.
      const units = await check.db.selectFrom('units').select('name').execute();
      expect(units).toHaveLength(5);
      const current = await check.db.selectFrom('reports').select('id').where('status', '=', 'current').execute();
      expect(current).toHaveLength(5);
    } finally {
      await check.close();
    }
  });
});
