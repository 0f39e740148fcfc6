import { beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateArchive } from '../bench/generate.ts';
import { openWarehouse } from '../loaders/warehouse.ts';
import { claimCounts } from '../loaders/claims.ts';
import { ingest } from '../pipelines/ingest.ts';
import type { FileEvent } from '../pipelines/progress.ts';
import { ENGINES } from './helpers/engines.ts';

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
      const runOne = async () => {
        const w = await openWarehouse(url, { poolSize: 2 });
        const events: FileEvent[] = [];
        try {
          const r = await ingest({
            paths: [archive], warehouse: w, workers: 0, concurrency: 2, shared: true, args: ['--shared'],
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
});
