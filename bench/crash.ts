/**
 * Crash safety (issue 8): kill -9 an ingest in the middle of a batch, run it again, and compare the
 * warehouse with one made by a clean run: every report must be there exactly once and none partially.
 * Compared: reports, distinct source files per report, line items, and a sha256 over the sorted
 * (source sha256, table, row, column, amount) rows of all line items.
 *
 *   npx tsx bench/crash.ts [--reports 500] [--kill-after 100] [--workers 2] [--dir .bench/crash]
 *
 * SQLite always; PostgreSQL too when DISCLOSURE_TEST_PG is set (fresh databases, dropped afterwards).
 * Exits 1 when the figures differ.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { openWarehouse } from '../loaders/warehouse/open.ts';
import { generateArchive } from './generate.ts';

const bin = fileURLToPath(new URL('../bin/disclosure.cjs', import.meta.url));

/** What a warehouse holds, in figures that must match between a clean and a crashed-then-rerun ingest. */
export interface WarehouseFigures {
  readonly reports: number;
  readonly sourceFilesWithReports: number;
  readonly lineItems: number;
  readonly quarantined: number;
  readonly lineItemsSha256: string;
}

/** The figures of the warehouse at `url`. */
export async function figures(url: string): Promise<WarehouseFigures> {
  const wh = await openWarehouse(url);
  try {
    const db = wh.db;
    const n = async (q: Promise<{ n: unknown }>) => Number((await q).n);
    const reports = await n(db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow());
    const sourceFilesWithReports = await n(db.selectFrom('reports').select(sql<number>`count(distinct source_file_id)`.as('n')).executeTakeFirstOrThrow());
    const quarantined = await n(db.selectFrom('quarantine').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow());
    const rows = await db
      .selectFrom('line_items as li')
      .innerJoin('reports as r', 'r.id', 'li.report_id')
      .innerJoin('source_files as s', 's.id', 'r.source_file_id')
      .select(['s.sha256', 'li.table_index', 'li.table_id', 'li.row_order', 'li.column_path', 'li.amount_fen', 'li.printed'])
      .execute();
    const keys = rows.map((r) => [r.sha256, r.table_index, r.table_id, r.row_order, r.column_path, r.amount_fen === null ? '' : String(r.amount_fen), r.printed].join('\t'));
    keys.sort();
    const hash = createHash('sha256');
    for (const k of keys) hash.update(k).update('\n');
    return { reports, sourceFilesWithReports, lineItems: rows.length, quarantined, lineItemsSha256: hash.digest('hex') };
  } finally {
    await wh.close();
  }
}

/** Line items per source file (by sha256): a report cut short by the kill would have fewer than a clean run's. */
export async function lineItemsBySource(url: string): Promise<Map<string, number>> {
  const wh = await openWarehouse(url);
  try {
    const rows = await wh.db
      .selectFrom('reports as r')
      .innerJoin('source_files as s', 's.id', 'r.source_file_id')
      .leftJoin('line_items as li', 'li.report_id', 'r.id')
      .select(['s.sha256', (eb) => eb.fn.count('li.id').as('n')])
      .groupBy('s.sha256')
      .execute();
    return new Map(rows.map((r) => [r.sha256, Number(r.n)]));
  } finally {
    await wh.close();
  }
}

interface IngestRun { code: number | null; signal: string | null; files: number; summary: Record<string, unknown> | null; seconds: number }

/** Runs `disclosure ingest`; with `killAfter`, SIGKILLs it once that many per-file lines were printed. */
export function runIngest(archive: string, db: string, workers: number, killAfter?: number): Promise<IngestRun> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, 'ingest', archive, '--db', db, '--json', '--workers', String(workers)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let files = 0;
    let summary: Record<string, unknown> | null = null;
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        const event = JSON.parse(line) as Record<string, unknown>;
        if (event.event === 'summary') summary = event;
        else files++;
        if (killAfter !== undefined && files >= killAfter && child.exitCode === null && !child.killed) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, files, summary, seconds: (performance.now() - started) / 1000 }));
  });
}

/** A fresh PostgreSQL database on the server of `serverUrl`, and its removal. */
export async function freshPostgres(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `disclosure_crash_${randomBytes(5).toString('hex')}`;
  const admin = async (text: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/** Clean run vs killed-and-rerun on one engine; prints the figures; true when they match. */
async function compare(engine: string, archive: string, target: () => Promise<{ url: string; drop(): Promise<void> }>, workers: number, killAfter: number): Promise<boolean> {
  const clean = await target();
  const crashed = await target();
  try {
    const cleanRun = await runIngest(archive, clean.url, workers);
    console.log(`[${engine}] clean run: exit ${cleanRun.code}, ${cleanRun.files} files in ${cleanRun.seconds.toFixed(1)} s`);
    const killed = await runIngest(archive, crashed.url, workers, killAfter);
    console.log(`[${engine}] killed run: signal ${killed.signal}, ${killed.files} files reported before kill -9 (${killed.seconds.toFixed(1)} s)`);
    const atKill = await figures(crashed.url);
    const whole = await lineItemsBySource(clean.url);
    const partial = [...(await lineItemsBySource(crashed.url))].filter(([sha, n]) => whole.get(sha) !== n);
    console.log(`[${engine}] after the kill: ${JSON.stringify(atKill)}; reports with a different line-item count than the clean run's: ${partial.length}`);
    const rerun = await runIngest(archive, crashed.url, workers);
    console.log(`[${engine}] rerun: exit ${rerun.code}, summary ${JSON.stringify(rerun.summary)}`);
    const a = await figures(clean.url);
    const b = await figures(crashed.url);
    console.log(`[${engine}] clean:           ${JSON.stringify(a)}`);
    console.log(`[${engine}] killed + rerun:  ${JSON.stringify(b)}`);
    const same = JSON.stringify(a) === JSON.stringify(b) && a.reports === a.sourceFilesWithReports && partial.length === 0 && killed.signal === 'SIGKILL' && cleanRun.code === 0 && rerun.code === 0;
    console.log(`[${engine}] ${same ? 'OK: every report exactly once, none partial' : 'MISMATCH'}`);
    return same;
  } finally {
    await clean.drop();
    await crashed.drop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      reports: { type: 'string', default: '500' },
      'kill-after': { type: 'string', default: '100' },
      workers: { type: 'string', default: '2' },
      dir: { type: 'string', default: '.bench/crash' },
    },
  });
  const reports = Number(values.reports);
  const killAfter = Number(values['kill-after']);
  const workers = Number(values.workers);
  const dir = resolve(values.dir);
  const archive = join(dir, `archive-${reports}`);
  if (!existsSync(archive)) {
    const years = [2019, 2020, 2021, 2022, 2023];
    const s = await generateArchive(archive, { units: Math.ceil(reports / (years.length * 2)), years, limit: reports });
    console.log(`generated ${s.reports} reports (${s.docx} DOCX, ${s.html} HTML) in ${archive}`);
  }
  let n = 0;
  const sqliteTarget = async () => {
    const folder = join(dir, `wh-${process.pid}-${n++}`);
    mkdirSync(folder, { recursive: true });
    return { url: join(folder, 'warehouse.sqlite'), drop: async () => rmSync(folder, { recursive: true, force: true }) };
  };
  let ok = await compare('sqlite', archive, sqliteTarget, workers, killAfter);
  const pgUrl = process.env.DISCLOSURE_TEST_PG;
  if (pgUrl) ok = (await compare('postgres', archive, () => freshPostgres(pgUrl), workers, killAfter)) && ok;
  else console.log('[postgres] skipped: DISCLOSURE_TEST_PG is not set');
  process.exitCode = ok ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
