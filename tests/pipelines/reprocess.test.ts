import { beforeAll, describe, expect, it, vi } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateArchive } from '../../bench/generate.ts';
import { openWarehouse } from '../../loaders/warehouse/open.ts';
import { ingest } from '../../pipelines/ingest.ts';
import { reprocess, type ReprocessEvent } from '../../pipelines/reprocess.ts';

const execFileP = promisify(execFile);
// Each case starts the CLI (tsx compiles on load) and ingests real documents: minutes on a busy machine.
vi.setConfig({ testTimeout: 300_000 });
const bin = new URL('../../bin/disclosure.cjs', import.meta.url).pathname;

let dbFile: string;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'disclosure-reprocess-'));
  const archive = join(root, 'archive');
  await generateArchive(archive, { units: 1, years: [2021, 2022] });
  dbFile = join(root, 'w.sqlite');
  const w = await openWarehouse(dbFile);
  try {
    const r = await ingest({ paths: [archive], warehouse: w, workers: 0, concurrency: 2, progress: { addTotal() {}, file() {}, done() {} }, args: [] });
    expect(r.counts.new).toBe(4);
  } finally {
    await w.close();
  }
});

describe('reprocess', () => {
  it('rebuilds reports from their stored document models and reports nothing changed when nothing did', async () => {
    const w = await openWarehouse(dbFile);
    try {
      const events: ReprocessEvent[] = [];
      const { counts } = await reprocess({ warehouse: w, filter: {}, args: ['--all'], onReport: (e) => events.push(e) });
      expect(counts).toEqual({ reports: 4, changed: 0, unchanged: 4, failed: 0 });
    } finally {
      await w.close();
    }
  });

  it('reports per report the line items restored after the warehouse rows drifted from the documents', async () => {
    const w = await openWarehouse(dbFile);
    let target: number;
    try {
      const report = await w.db.selectFrom('reports').select(['id']).where('year', '=', 2022).where('kind', '=', 'final').executeTakeFirstOrThrow();
      target = report.id;
      const ids = await w.db.selectFrom('line_items').select('id').where('report_id', '=', target).orderBy('id').limit(3).execute();
      await w.db.deleteFrom('line_items').where('id', 'in', ids.map((r) => r.id)).execute();
      const one = await w.db.selectFrom('line_items').select('id').where('report_id', '=', target).orderBy('id').executeTakeFirstOrThrow();
      await w.db.updateTable('line_items').set({ printed: 'tampered' }).where('id', '=', one.id).execute();
    } finally {
      await w.close();
    }
    const { stdout } = await execFileP(process.execPath, [bin, 'reprocess', '--year', '2022', '--db', dbFile, '--json']);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown> & { changes?: { lineItems: unknown } });
    const changed = lines.find((l) => l.reportId === target)!;
    expect(changed).toMatchObject({ outcome: 'changed', changes: { lineItems: { added: 3, removed: 0, changed: 1 } } });
    expect(lines.filter((l) => l.event === 'report')).toHaveLength(2);
    expect(lines.at(-1)).toMatchObject({ event: 'summary', reports: 2, changed: 1, unchanged: 1, failed: 0 });
  });

  it('asks which reports to rebuild rather than rebuilding everything by accident', async () => {
    await expect(execFileP(process.execPath, [bin, 'reprocess', '--db', dbFile])).rejects.toMatchObject({ code: 2 });
  });
});
