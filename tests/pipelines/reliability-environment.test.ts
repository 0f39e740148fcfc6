/**
 * Issue 20, failures of the environment: a full disk (simulated on SQLite by capping the database's page
 * count, so that SQLite itself answers SQLITE_FULL; on PostgreSQL by a trigger that raises SQLSTATE 53100
 * disk_full) must never blame the file. The run stops with a typed `env/*` error, quarantines nothing,
 * leaves no half-written report, and the rerun loads every report.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { generateArchive } from '../../bench/generate.ts';
import { DisclosureError } from '../../core/errors.ts';
import { markInterruptedRuns, startRun } from '../../loaders/warehouse/runs.ts';
import type { Warehouse } from '../../loaders/warehouse/open.ts';
import { ingest } from '../../pipelines/ingest.ts';
import type { ProgressSink } from '../../pipelines/events.ts';
import { ENGINES } from '../helpers/engines.ts';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const silent: ProgressSink = { addTotal() {}, file() {}, done() {} };
let archive: string;

beforeAll(async () => {
  archive = join(mkdtempSync(join(tmpdir(), 'disclosure-env-')), 'archive');
  // 2 units × 2 years × budget + final: 8 reports, 2022 inside a zip.
  await generateArchive(archive, { units: 2, years: [2021, 2022], zipYears: [2022] });
});

const count = async (w: Warehouse, table: 'reports' | 'quarantine' | 'line_items' | 'source_files') =>
  Number((await w.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** Makes the warehouse's disk "full" after `reports` more reports; returns how to free it. */
async function fillDisk(w: Warehouse): Promise<() => Promise<void>> {
  if (w.engine === 'sqlite') {
    const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(w.db)).rows[0]!.page_count);
    // Room for a report or two: the third load meets SQLITE_FULL ("database or disk is full").
    await sql.raw(`pragma max_page_count = ${pages + 40}`).execute(w.db);
    return async () => {
      await sql.raw('pragma max_page_count = 1073741823').execute(w.db);
    };
  }
  await sql.raw(`
    create function disclosure_test_disk_full() returns trigger language plpgsql as $$
    begin
      if (select count(*) from reports) >= 2 then
        raise exception 'could not extend file: No space left on device' using errcode = 'disk_full';
      end if;
      return null;
    end $$;
    create trigger disclosure_test_disk_full after insert on line_items for each statement execute function disclosure_test_disk_full();
  `).execute(w.db);
  return async () => {
    await sql.raw('drop trigger disclosure_test_disk_full on line_items; drop function disclosure_test_disk_full();').execute(w.db);
  };
}

describe.each(ENGINES)('a full disk on $name', (engine) => {
  it('stops the run with env/disk-full, quarantines nothing, and the rerun loads every report', async () => {
    const w = await engine.open();
    try {
      const free = await fillDisk(w);
      const failed = await ingest({ paths: [archive], warehouse: w, workers: 1, concurrency: 2, progress: silent, args: [] }).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(DisclosureError);
      expect(failed).toMatchObject({ code: 'env/disk-full', action: 'fatal' });
      expect((failed as DisclosureError).file).toBeUndefined();
      expect(await count(w, 'quarantine')).toBe(0);
      const partial = await count(w, 'reports');
      expect(partial).toBeLessThan(8);
      await free();
      // No report is half-written: every loaded report has its line items, and no line item lacks its report.
      const orphans = await w.db.selectFrom('reports as r').select('r.id')
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('line_items as li').select('li.id').whereRef('li.report_id', '=', 'r.id'))))
        .execute();
      expect(orphans).toEqual([]);
      const runs = await w.db.selectFrom('runs').select('status').execute();
      expect(runs.map((r) => r.status)).toEqual(['failed']);

      const rerun = await ingest({ paths: [archive], warehouse: w, workers: 1, concurrency: 2, progress: silent, args: [] });
      expect(rerun.counts).toMatchObject({ failed: 0, skipped: 0 });
      expect(rerun.counts.new).toBe(8 - partial);
      expect(await count(w, 'reports')).toBe(8);
      expect(await count(w, 'quarantine')).toBe(0);
    } finally {
      await w.close();
    }
  });

  it('marks a run left "running" by a dead process interrupted when the next run starts', async () => {
    const w = await engine.open();
    try {
      const ghost = await startRun(w.db, { command: 'ingest' });
      // A pid that no process of this machine has (above the kernel's pid_max).
      await w.db.updateTable('runs').set({ pid: 2 ** 22 + 7 }).where('id', '=', ghost).execute();
      const live = await startRun(w.db, { command: 'ingest' });
      const rows = await w.db.selectFrom('runs').select(['id', 'status']).orderBy('id').execute();
      expect(rows).toEqual([{ id: ghost, status: 'interrupted' }, { id: live, status: 'running' }]);
      expect(await markInterruptedRuns(w.db)).toEqual([]);
    } finally {
      await w.close();
    }
  });
});
