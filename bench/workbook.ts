/**
 * The workbook benchmark of issue 21:
 *
 *   npx tsx bench/workbook.ts [--reports 60] [--workers 2]
 *
 * Renders the golden reports of ../shared/corpus/golden N times each way, under a different unit name every
 * time (so no two files share a hash): as DOCX (tests/fixtures/tables/golden-docs.ts), as .xlsx and as
 * legacy .xls laid out like the district template (tests/fixtures/workbook/render.ts). The same tables
 * and narrative in each format, so the rates compare the formats and nothing else. Then, in one run and
 * in this order: DOCX, .xlsx, .xls, DOCX again (the machine's speed drifts over minutes; the DOCX figure
 * is the mean of its two runs), each a full ingest into a fresh SQLite warehouse with the same worker
 * threads, and the extraction alone on one thread. It also extracts the district's template workbook,
 * whose sheets declare 3,380 formatted rows around a few dozen filled cells.
 * The last line is `workbook X reports/s (.xlsx A, .xls B); docx D reports/s; ratio R`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { extractBytes } from '../extractors/index.ts';
import { openWarehouse } from '../loaders/warehouse/open.ts';
import { ingest } from '../pipelines/ingest.ts';
import { emptyCounts, type ProgressSink } from '../pipelines/events.ts';
import { GOLDEN_FILES, goldenDocx, readGolden } from '../tests/fixtures/tables/golden-docs.ts';
import { goldenWorkbook } from '../tests/fixtures/workbook/render.ts';

const root = resolve(import.meta.dirname, '..');
type Format = 'docx' | 'xlsx' | 'xls';

const silent: ProgressSink = { addTotal() {}, file() {}, done() {} };

async function writeCorpus(dir: string, format: Format, n: number): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const base = readGolden(GOLDEN_FILES[i % GOLDEN_FILES.length]!);
    // Another unit each time: another file hash, another report.
    const g = { ...base, unit: `${base.unit}第${i + 1}分部` };
    const bytes = format === 'docx' ? await goldenDocx(g) : goldenWorkbook(g, format);
    const file = join(dir, `${String(i).padStart(4, '0')}.${format}`);
    writeFileSync(file, bytes);
    files.push(file);
  }
  return files;
}

interface Rate {
  readonly reports: number;
  readonly seconds: number;
  readonly lineItems: number;
  readonly failed: number;
}

async function ingestRate(dir: string, workers: number): Promise<Rate> {
  const dbDir = mkdtempSync(join(tmpdir(), 'disclosure-bench-wb-'));
  const warehouse = await openWarehouse(join(dbDir, 'w.sqlite'));
  try {
    const r = await ingest({ paths: [dir], warehouse, workers, concurrency: 2 * workers + 2, progress: silent, args: [dir] });
    const counts = { ...emptyCounts(), ...r.counts };
    return { reports: counts.new + counts.updated, seconds: r.seconds, lineItems: counts.lineItems, failed: counts.failed };
  } finally {
    await warehouse.close();
    rmSync(dbDir, { recursive: true, force: true });
  }
}

async function extractRate(files: readonly string[]): Promise<number> {
  const started = performance.now();
  for (const f of files) await extractBytes(new Uint8Array(readFileSync(f)), f);
  return files.length / ((performance.now() - started) / 1000);
}

const perSecond = (r: Rate) => r.reports / r.seconds;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { reports: { type: 'string', default: '60' }, workers: { type: 'string', default: '2' } } });
  const n = Number(values.reports);
  const workers = Number(values.workers);
  const work = join(root, '.bench', `workbook-${n}`);
  rmSync(work, { recursive: true, force: true });
  const files: Record<Format, string[]> = { docx: [], xlsx: [], xls: [] };
  for (const f of ['docx', 'xlsx', 'xls'] as const) files[f] = await writeCorpus(join(work, f), f, n);
  console.log(`${n} reports per format from ${GOLDEN_FILES.length} golden reports under ${work}; ${workers} worker threads`);

  const runs: Record<string, Rate> = {};
  for (const [label, format] of [['docx-1', 'docx'], ['xlsx', 'xlsx'], ['xls', 'xls'], ['docx-2', 'docx']] as const) {
    const r = await ingestRate(join(work, format), workers);
    runs[label] = r;
    console.log(`ingest ${label.padEnd(6)}: ${r.reports} reports in ${r.seconds.toFixed(2)}s = ${perSecond(r).toFixed(1)} reports/s, ${(r.lineItems / r.seconds).toFixed(0)} line items/s, ${r.failed} failed`);
  }
  const docx = (perSecond(runs['docx-1']!) + perSecond(runs['docx-2']!)) / 2;
  const xlsx = perSecond(runs.xlsx!);
  const xls = perSecond(runs.xls!);
  const workbook = (runs.xlsx!.reports + runs.xls!.reports) / (runs.xlsx!.seconds + runs.xls!.seconds);

  const extract: Record<Format, number> = { docx: 0, xlsx: 0, xls: 0 };
  for (const f of ['docx', 'xlsx', 'xls'] as const) extract[f] = await extractRate(files[f]);
  console.log(`extraction alone, one thread: docx ${extract.docx.toFixed(1)}, xlsx ${extract.xlsx.toFixed(1)}, xls ${extract.xls.toFixed(1)} reports/s`);
  const template = join(root, '..', 'shared', 'corpus', 'xlsx', 'shanghai-putuo-2026-budget-template-department.xlsx');
  const templateRate = await extractRate([template, template, template]);
  console.log(`extraction of the district's template workbook (A1:I3380 sheets): ${(1000 / templateRate).toFixed(0)} ms each`);
  rmSync(work, { recursive: true, force: true });
  console.log(`workbook ${workbook.toFixed(1)} reports/s (.xlsx ${xlsx.toFixed(1)}, .xls ${xls.toFixed(1)}); docx ${docx.toFixed(1)} reports/s; ratio ${(workbook / docx).toFixed(2)}`);
}

await main();
