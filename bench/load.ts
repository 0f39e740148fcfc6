/**
 * Load benchmark of the warehouse (issue 4): line items per second that `loadReport` writes into SQLite
 * and PostgreSQL, beside a plain batched insert of the same rows into a bare table in the same run (the
 * engine's ceiling for these rows), and the ratio between the two.
 *
 *   npx tsx bench/load.ts --reports 1000            # SQLite, and PostgreSQL when DISCLOSURE_TEST_PG is set
 *   npx tsx bench/load.ts --reports 2000 --engines sqlite
 *
 * The reports are those of the generated archive bench/ingest.ts ingests (bench/generate.ts: units × the
 * years 2019–2023 × budget and final, ~360 line items, ~40 narrative facts and a ~10 KB stored document
 * each), rendered as HTML and taken through the CPU stages before the clock starts: the loader is handed
 * what an ingest's worker threads hand it (pipelines/stages.ts `forLoad`: the report made into rows, its
 * findings, the document model compressed). SQLite writes a WAL file in a temporary folder, PostgreSQL
 * a database created for the run and dropped after it. The ceiling inserts the same line-item rows with
 * the same statement shape, into a table without keys, indexes or constraints, in one transaction per
 * report (the loader's granularity) and, as a second figure, in one transaction per block of 50 reports.
 * The three are timed in alternating blocks of 50 reports, so that load from other processes falls on
 * all alike.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { insertRows, writeTransaction } from '../loaders/warehouse/batch.ts';
import { engineOf } from '../loaders/engines/index.ts';
import { loadReport } from '../loaders/warehouse/load.ts';
import { LINE_ITEM_COLUMNS } from '../loaders/warehouse/rows.ts';
import { openWarehouse, type Engine } from '../loaders/warehouse/open.ts';
import { forLoad, processBytes, type ForLoad } from '../pipelines/stages.ts';
import { BENCH_YEARS, archiveReports } from './generate.ts';
import { renderHtml } from './generate-render.ts';

interface Figures {
  readonly engine: Engine;
  readonly lineItems: number;
  readonly loaderRate: number;
  readonly ceilingRate: number;
  readonly ceilingOneTxRate: number;
  /** The engine's fastest insert of a load's rows (`insertParts`: column arrays on PostgreSQL), one transaction per report. */
  readonly ceilingColumnsRate: number | null;
  /** Engines in this process only (SQLite): loader rate / per-report ceiling rate, both in line items per CPU second of this process. */
  readonly cpuRatio: number | null;
}

/** The first `n` reports of the archive bench:ingest generates, as the CPU stages leave them for the loader. */
async function preparedReports(n: number): Promise<ForLoad[]> {
  const out: ForLoad[] = [];
  for (const synth of archiveReports({ units: Math.ceil(n / (BENCH_YEARS.length * 2)), years: BENCH_YEARS, limit: n })) {
    out.push(forLoad(await processBytes(new TextEncoder().encode(renderHtml(synth)), `${synth.stem}.html`)));
  }
  return out;
}

const rate = (n: number, ms: number) => (n / ms) * 1000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const BLOCK = 50;

/** The columns of line_items, as a bare table: no key, no index, no constraint. */
function bareTable(name: string): string {
  const type = (c: string) => (c === 'amount_fen' ? 'bigint' : ['report_id', 'table_index', 'row_order', 'level'].includes(c) ? 'integer' : 'text');
  return `create table ${name} (${LINE_ITEM_COLUMNS.map((c) => `"${c}" ${type(c)}`).join(', ')})`;
}

/** Wall and CPU milliseconds of this process (SQLite runs in-process, so its CPU time is all the work). */
interface Time {
  wall: number;
  cpu: number;
}

/** Times `fn` and then `settle` (the write-back its writes leave behind) into `total`. */
async function timed(total: Time, settle: () => Promise<unknown>, fn: () => Promise<unknown>): Promise<void> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await fn();
  await settle();
  const c = process.cpuUsage(c0);
  total.wall += performance.now() - t0;
  total.cpu += (c.user + c.system) / 1000;
}

/**
 * Loader and ceilings measured in alternating blocks of 50 reports, so that all three see the same
 * machine (other processes come and go during a run) and the same table sizes.
 */
async function bench(engine: Engine, url: string, reports: readonly ForLoad[]): Promise<Figures> {
  const wh = await openWarehouse(url);
  const db = wh.db;
  try {
    const batches = reports.map((r) => r.report.rows.lineItems);
    const lineItems = batches.reduce((n, b) => n + b.length, 0);
    await sql.raw(bareTable('bench_ceiling')).execute(db);
    await sql.raw(bareTable('bench_ceiling_one')).execute(db);
    await sql.raw(bareTable('bench_ceiling_columns')).execute(db);
    const loader: Time = { wall: 0, cpu: 0 };
    const ceiling: Time = { wall: 0, cpu: 0 };
    const ceilingOne: Time = { wall: 0, cpu: 0 };
    const ceilingColumns: Time = { wall: 0, cpu: 0 };
    // SQLite copies the pages a block wrote from the WAL into the database file at a checkpoint, which
    // otherwise runs inside whichever commit first fills 10,000 pages of WAL: ~0.4 s charged at random to
    // the loader or a ceiling, a few times a run. Each timed block ends with a checkpoint of its own pages.
    const e = engineOf(db);
    const settle = () => e.checkpoint(db);
    for (let start = 0; start < reports.length; start += BLOCK) {
      const block = reports.slice(start, start + BLOCK).map((input, k) => ({ input, i: start + k }));
      await timed(loader, settle, async () => {
        for (const { input } of block) {
          const r = await loadReport(db, { report: input.report, document: input.stored, findings: input.findings, runId: null });
          if (r.outcome === 'unchanged') throw new Error('benchmark reports must all be new');
        }
      });
      await timed(ceiling, settle, async () => {
        for (const { i } of block) {
          await writeTransaction(db, (trx) => insertRows(trx, 'bench_ceiling', LINE_ITEM_COLUMNS, batches[i]!, [i + 1]));
        }
      });
      await timed(ceilingOne, settle, () =>
        writeTransaction(db, async (trx) => {
          for (const { i } of block) await insertRows(trx, 'bench_ceiling_one', LINE_ITEM_COLUMNS, batches[i]!, [i + 1]);
        }),
      );
      await timed(ceilingColumns, settle, async () => {
        for (const { i } of block) {
          await writeTransaction(db, (trx) => e.insertParts(trx, [{ table: 'bench_ceiling_columns', columns: LINE_ITEM_COLUMNS, rows: batches[i]!, prefix: [i + 1] }]));
        }
      });
    }
    return {
      engine, lineItems,
      loaderRate: rate(lineItems, loader.wall), ceilingRate: rate(lineItems, ceiling.wall), ceilingOneTxRate: rate(lineItems, ceilingOne.wall),
      ceilingColumnsRate: rate(lineItems, ceilingColumns.wall),
      cpuRatio: e.inProcess ? ceiling.cpu / loader.cpu : null,
    };
  } finally {
    await wh.close();
  }
}

async function withPostgres<T>(server: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `disclosure_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  try {
    return await fn(u.toString());
  } finally {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      reports: { type: 'string', default: '1000' },
      engines: { type: 'string', default: 'sqlite,postgres' },
    },
  });
  const n = Number(values.reports);
  if (!Number.isInteger(n) || n < 1) throw new Error('--reports must be a positive integer');
  const engines = values.engines.split(',').map((e) => e.trim());
  const t0 = performance.now();
  const reports = await preparedReports(n);
  const lineItems = reports.reduce((sum, r) => sum + r.report.rows.lineItems.length, 0);
  console.log(`${n} generated reports, ${fmt(lineItems / n)} line items each on average (prepared in ${((performance.now() - t0) / 1000).toFixed(0)} s)`);

  const results: Figures[] = [];
  if (engines.includes('sqlite')) {
    const dir = mkdtempSync(join(tmpdir(), 'disclosure-bench-'));
    try {
      results.push(await bench('sqlite', join(dir, 'bench.sqlite'), reports));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (engines.includes('postgres')) {
    const server = process.env.DISCLOSURE_TEST_PG;
    if (!server) console.log('postgres: skipped (set DISCLOSURE_TEST_PG to a server URL)');
    else results.push(await withPostgres(server, (url) => bench('postgres', url, reports)));
  }
  for (const f of results) {
    const ceilings = [
      `${fmt(f.ceilingRate)} (multi-row VALUES, one transaction per report)`,
      `${fmt(f.ceilingOneTxRate)} (multi-row VALUES, one transaction per 50 reports)`,
      ...(f.ceilingColumnsRate === null ? [] : [`${fmt(f.ceilingColumnsRate)} (the engine's insertParts: column arrays on PostgreSQL, one transaction per report)`]),
    ];
    // The ratio is against the fastest plain insert with the loader's transaction granularity.
    const best = Math.max(f.ceilingRate, f.ceilingColumnsRate ?? 0);
    console.log(`${f.engine}: loadReport ${fmt(f.loaderRate)} line items/s; plain insert into a bare table ${ceilings.join(', ')} line items/s`);
    console.log(
      `${f.engine}: ratio ${(f.loaderRate / best).toFixed(2)} of the per-report ceiling` +
        (f.ceilingColumnsRate === null ? '' : ` (${(f.loaderRate / f.ceilingRate).toFixed(2)} of its multi-row VALUES insert)`) +
        `, ${(f.loaderRate / f.ceilingOneTxRate).toFixed(2)} of the 50-report-transaction one` +
        (f.cpuRatio === null ? '' : `; in CPU time ${f.cpuRatio.toFixed(2)} of the per-report ceiling`),
    );
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exitCode = 1;
});
