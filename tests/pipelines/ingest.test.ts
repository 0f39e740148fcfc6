import { beforeAll, describe, expect, it, vi } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateArchive } from '../../bench/generate.ts';
import { openWarehouse } from '../../loaders/warehouse/open.ts';
import { ingest } from '../../pipelines/ingest.ts';
import { emptyCounts, type FileEvent, type ProgressSink } from '../../pipelines/events.ts';
import { acquireLock, lockPathFor } from '../../pipelines/lock.ts';

const execFileP = promisify(execFile);
// Each case starts the CLI (tsx compiles on load) and ingests real documents: minutes on a busy machine.
vi.setConfig({ testTimeout: 300_000 });
const bin = new URL('../../bin/disclosure.cjs', import.meta.url).pathname;
const seedDocx = new URL('../../../shared/seeds/panzhihua-szcg-2021-final.docx', import.meta.url).pathname;

/** Runs the CLI; resolves with its exit code and output whatever the code. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileP(process.execPath, [bin, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const jsonLines = (text: string) => text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

function collect(): ProgressSink & { events: FileEvent[] } {
  const events: FileEvent[] = [];
  return { events, addTotal() {}, file: (e) => events.push(e), done() {} };
}

let root: string;
let archive: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'disclosure-ingest-'));
  archive = join(root, 'archive');
  // 2 units × 2 years × budget (HTML) + final (DOCX); 2022 packed in a zip; plus the seed DOCX.
  await generateArchive(archive, { units: 2, years: [2021, 2022], zipYears: [2022] });
  cpSync(seedDocx, join(archive, 'seed.docx'));
});

describe('ingest (library)', () => {
  const db = () => join(root, 'lib.sqlite');
  it('loads every report of a folder, zip archive entries included, using worker threads', async () => {
    const w = await openWarehouse(db());
    try {
      const progress = collect();
      const r = await ingest({ paths: [archive], warehouse: w, workers: 2, concurrency: 4, progress, args: [archive] });
      expect(r.counts).toMatchObject({ seen: 9, new: 9, failed: 0, unchanged: 0 });
      expect(r.counts.lineItems).toBeGreaterThan(500);
      expect(progress.events.filter((e) => e.path.includes('reports-2022.zip!/'))).toHaveLength(4);
      const reports = await w.db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      expect(Number(reports.n)).toBe(9);
      const items = await w.db.selectFrom('line_items').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      expect(Number(items.n)).toBe(r.counts.lineItems);
      const run = await w.db.selectFrom('runs').selectAll().where('id', '=', r.runId).executeTakeFirstOrThrow();
      expect(run.status).toBe('ok');
      expect(JSON.parse(run.counts!)).toMatchObject({ seen: 9, new: 9 });
    } finally {
      await w.close();
    }
  });

  it('quarantines every copy of a bad file met in one run under its own path, and skips them all on the next run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'disclosure-copies-'));
    // A PDF with no pages: read, hashed and handed to the extractor, which fails on it (pdf/unreadable).
    const broken = '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';
    for (const name of ['a.pdf', 'b.pdf', 'c.pdf']) writeFileSync(join(dir, name), broken);
    const w = await openWarehouse(join(dir, 'copies.sqlite'));
    try {
      // One at a time, so that each copy is looked up after the one before it was quarantined.
      const first = await ingest({ paths: [dir], warehouse: w, workers: 0, concurrency: 1, progress: collect(), args: [] });
      expect(first.counts).toMatchObject({ seen: 3, failed: 3, skipped: 0 });
      const quarantined = await w.db.selectFrom('quarantine').select('path').execute();
      expect(quarantined.map((q) => q.path).sort()).toEqual(['a.pdf', 'b.pdf', 'c.pdf'].map((n) => join(dir, n)));
      const rerun = await ingest({ paths: [dir], warehouse: w, workers: 0, concurrency: 1, progress: collect(), args: [] });
      expect(rerun.counts).toMatchObject({ seen: 3, failed: 0, skipped: 3 });
    } finally {
      await w.close();
    }
  });

  it('skips every file on a rerun over the unchanged archive, without extracting anything', async () => {
    const w = await openWarehouse(db());
    try {
      const progress = collect();
      const r = await ingest({ paths: [archive], warehouse: w, workers: 0, concurrency: 4, progress, args: [] });
      expect(r.counts).toMatchObject({ ...emptyCounts(), seen: 9, unchanged: 9 });
      expect(r.stageMs.extract).toBe(0);
    } finally {
      await w.close();
    }
  });
});

describe('disclosure ingest (command line)', () => {
  it('quarantines a bad file, loads the rest, and exits with code 3; a rerun skips it unless --retry-failed', async () => {
    const dir = join(root, 'with-bad');
    cpSync(archive, dir, { recursive: true });
    const good = readFileSync(join(dir, 'seed.docx'));
    writeFileSync(join(dir, 'broken.docx'), good.subarray(0, good.length - 200));
    const dbFile = join(root, 'cli.sqlite');
    const first = await cli('ingest', dir, '--db', dbFile, '--json', '--workers', '1');
    expect(first.code).toBe(3);
    const lines = jsonLines(first.stdout);
    const failed = lines.filter((l) => l.outcome === 'failed');
    expect(failed).toHaveLength(1);
    // The error in the diagnostics convention, through the worker thread and back: the rule, its stage,
    // the file as its place, the reason without the file, and the action that quarantined it.
    expect(failed[0]).toMatchObject({
      path: join(dir, 'broken.docx'),
      error: { code: 'zip/corrupt', rule: 'zip/corrupt', stage: 'extract', severity: 'error', location: { file: join(dir, 'broken.docx') }, action: 'skippable' },
    });
    const error = failed[0]!.error as { message: string; reason: string };
    expect(error.message).toBe(`${join(dir, 'broken.docx')}: ${error.reason}`);
    expect(lines.filter((l) => l.outcome === 'inserted')).toHaveLength(9);
    expect(lines.at(-1)).toMatchObject({ event: 'summary', seen: 10, new: 9, failed: 1, exitCode: 3 });

    const status = await cli('status', '--db', dbFile);
    expect(status.stdout).toContain('broken.docx');
    expect(status.stdout).toContain('zip/corrupt');

    const rerun = await cli('ingest', dir, '--db', dbFile, '--json');
    expect(rerun.code).toBe(0);
    expect(jsonLines(rerun.stdout).at(-1)).toMatchObject({ seen: 10, unchanged: 9, skipped: 1, failed: 0 });

    const retry = await cli('ingest', '--retry-failed', '--db', dbFile, '--json');
    expect(retry.code).toBe(3);
    expect(jsonLines(retry.stdout).at(-1)).toMatchObject({ seen: 1, failed: 1 });
  });

  it('refuses to run while another run holds the warehouse lock (exit code 4), and queues with --wait', async () => {
    const dbFile = join(root, 'locked.sqlite');
    const lock = await acquireLock(lockPathFor(dbFile), { command: 'ingest (test holder)' });
    try {
      const second = await cli('ingest', join(archive, 'seed.docx'), '--db', dbFile, '--json');
      expect(second.code).toBe(4);
      expect(second.stderr).toMatch(/holds the warehouse lock .*ingest \(test holder\)/);
      setTimeout(() => lock.release(), 1500);
      const waiting = await cli('ingest', join(archive, 'seed.docx'), '--db', dbFile, '--json', '--wait');
      expect(waiting.code).toBe(0);
      expect(jsonLines(waiting.stdout).at(-1)).toMatchObject({ new: 1 });
    } finally {
      lock.release();
    }
  });
});
