import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';
import { WorkerPool } from '../../pipelines/pool.ts';
import { DisclosureError } from '../../core/errors.ts';

// A plain-JS worker speaking the pool's protocol: doubles numbers, reports its thread, fails or dies on request.
const dir = mkdtempSync(join(tmpdir(), 'disclosure-pool-'));
const entry = join(dir, 'worker.mjs');
writeFileSync(entry, `
import { parentPort, threadId } from 'node:worker_threads';
parentPort.on('message', ({ id, task }) => {
  if (task === 'die') process.exit(7);
  if (task === 'hang') for (;;) {}
  if (task === 'oom') { const keep = []; for (;;) keep.push(new Array(1e5).fill({ x: 1 })); }
  if (task === 'bad') return parentPort.postMessage({ id, ok: false, error: { code: 'zip/corrupt', message: 'x.docx: corrupt', action: 'skippable', file: 'x.docx' } });
  const until = Date.now() + 30; while (Date.now() < until) {}
  parentPort.postMessage({ id, ok: true, value: { doubled: task * 2, thread: threadId } });
});
`);

const pool = new WorkerPool<number | string, { doubled: number; thread: number }>(2, pathToFileURL(entry));
afterAll(() => pool.close());

describe('the worker pool', () => {
  it('spreads tasks over its threads, off the main thread, and returns every result', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => pool.run(i)));
    expect(results.map((r) => r.doubled)).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    const threads = new Set(results.map((r) => r.thread));
    expect(threads.size).toBe(2);
    expect(threads.has(threadId)).toBe(false);
  });

  it('turns a worker error back into a typed DisclosureError naming the file', async () => {
    const e = await pool.run('bad').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DisclosureError);
    expect(e).toMatchObject({ code: 'zip/corrupt', file: 'x.docx' });
  });

  it('fails only the task of a worker that dies, and replaces the worker', async () => {
    const [died, ...rest] = await Promise.allSettled([pool.run('die'), pool.run(1), pool.run(2), pool.run(3)]);
    expect(died).toMatchObject({ status: 'rejected', reason: { code: 'internal/worker-died' } });
    expect(rest.map((r) => (r.status === 'fulfilled' ? r.value.doubled : null))).toEqual([2, 4, 6]);
    expect((await pool.run(21)).doubled).toBe(42);
  });

  it('ends a task that runs past its time limit with limit/time naming the file, and replaces the worker', async () => {
    const t0 = Date.now();
    const e = await pool.run('hang', [], { timeoutMs: 300, file: 'slow.html' }).catch((x: unknown) => x);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(e).toBeInstanceOf(DisclosureError);
    expect(e).toMatchObject({ code: 'limit/time', file: 'slow.html' });
    expect((e as Error).message).toMatch(/^slow\.html: .*DISCLOSURE_PARSE_TIMEOUT_S/);
    expect((await pool.run(5, [], { timeoutMs: 5_000 })).doubled).toBe(10);
  });

  it('fails a task that exhausts the worker heap with limit/memory naming the file', async () => {
    const small = new WorkerPool<string, unknown>(1, pathToFileURL(entry), 16, 0, 0);
    try {
      const e = await small.run('oom', [], { file: 'big.docx' }).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: 'limit/memory', file: 'big.docx' });
    } finally {
      await small.close();
    }
  });
});
