import { beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateArchive } from '../../bench/generate.ts';
import { openWarehouse } from '../../loaders/warehouse/open.ts';
import { claimCounts, claimNext, enqueue } from '../../loaders/warehouse/claims.ts';
import { listFiles } from '../../pipelines/walk.ts';
import { workItems } from '../../pipelines/shared.ts';
import { DisclosureError } from '../../core/errors.ts';
import { ingest } from '../../pipelines/ingest.ts';
import type { FileEvent } from '../../pipelines/events.ts';
import { ENGINES } from '../helpers/engines.ts';

vi.setConfig({ testTimeout: 300_000 });

let archive: string;
beforeAll(async () => {
  archive = join(mkdtempSync(join(tmpdir(), 'disclosure-shared-')), 'archive');
  await generateArchive(archive, { units: 2, years: [2021, 2022] });
});

describe.each(ENGINES)('ingest --shared on $name', (engine) => {
  it('lets two ingest processes share one archive through claims, every file loaded exactly once', async () => {
    const { url, drop } = await engine.create();
    try {
      // Each run extracts in a worker thread of its own, as the command does. With both in this thread
      // (workers: 0), one run's synchronous work could interleave with the other's open transaction, and
      // SQLite's busy wait, which blocks the thread, would then keep the lock holder from committing: a
      // deadlock that two processes (what the two runs stand for) cannot have.
      const runOne = async () => {
        const w = await openWarehouse(url, { poolSize: 2 });
        const events: FileEvent[] = [];
        try {
          const r = await ingest({
            paths: [archive], warehouse: w, workers: 1, concurrency: 2, shared: true, args: ['--shared'],
            progress: { addTotal() {}, file: (e) => events.push(e), done() {} },
          });
          return { counts: r.counts, events };
        } finally {
          await w.close();
        }
      };
      // The first opens (and migrates) the warehouse before the two workers start together.
      await (await openWarehouse(url)).close();
      const [a, b] = await Promise.all([runOne(), runOne()]);
      const paths = [...a.events, ...b.events].map((e) => e.path).sort();
      expect(paths).toHaveLength(8);
      expect(new Set(paths).size).toBe(8);
      expect(a.counts.new + b.counts.new).toBe(8);
      expect(a.counts.seen).toBeGreaterThan(0);
      expect(b.counts.seen).toBeGreaterThan(0);
      const w = await openWarehouse(url);
      try {
        const reports = await w.db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
        expect(Number(reports.n)).toBe(8);
        expect(await claimCounts(w.db)).toMatchObject({ pending: 0, claimed: 0, done: 8 });
      } finally {
        await w.close();
      }
    } finally {
      await drop();
    }
  });

  it('takes over the files of a worker that died once its heartbeat stops, so the rerun loads every file', async () => {
    const { url, drop } = await engine.create();
    const before = process.env.DISCLOSURE_CLAIM_TTL_S;
    process.env.DISCLOSURE_CLAIM_TTL_S = '1';
    const w = await openWarehouse(url);
    try {
      // A worker killed mid-run: two files claimed (for one second) and never finished.
      await enqueue(w.db, await workItems(await listFiles([archive])));
      expect(await claimNext(w.db, 'dead-host:1:x', 1)).not.toBeNull();
      expect(await claimNext(w.db, 'dead-host:1:x', 1)).not.toBeNull();
      const r = await ingest({ paths: [archive], warehouse: w, workers: 0, concurrency: 2, shared: true, args: ['--shared'], progress: { addTotal() {}, file() {}, done() {} } });
      expect(r.counts.new).toBe(8);
      expect(await claimCounts(w.db)).toMatchObject({ pending: 0, claimed: 0, done: 8 });
    } finally {
      if (before === undefined) delete process.env.DISCLOSURE_CLAIM_TTL_S;
      else process.env.DISCLOSURE_CLAIM_TTL_S = before;
      await w.close();
      await drop();
    }
  });

  it('exits with shared/abandoned naming the files that workers died on three times over', async () => {
    const { url, drop } = await engine.create();
    const w = await openWarehouse(url);
    try {
      const items = await workItems(await listFiles([archive]));
      await enqueue(w.db, items);
      // The first file killed its worker three times (each claim expired).
      for (let i = 0; i < 3; i++) {
        expect((await claimNext(w.db, `dead-host:${i}:x`, -1))?.path).toBe(items[0]!.path);
      }
      const e = await ingest({ paths: [archive], warehouse: w, workers: 0, concurrency: 2, shared: true, args: ['--shared'], progress: { addTotal() {}, file() {}, done() {} } }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(DisclosureError);
      expect(e).toMatchObject({ code: 'shared/abandoned' });
      expect((e as Error).message).toContain(items[0]!.path);
      const reports = await w.db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      expect(Number(reports.n)).toBe(7);
    } finally {
      await w.close();
      await drop();
    }
  });
});
