/**
 * The ingest benchmark of issue 5:
 *
 *   npx tsx bench/ingest.ts --reports 200 [--concurrency N] [--skip-pandoc]
 *
 * Generates (or reuses) an archive of N synthetic reports under .bench/archive-N (final accounts as DOCX,
 * budgets as HTML, nine full tables each), then measures, from one run:
 *  - a full ingest into a fresh SQLite warehouse (`node bin/disclosure.cjs ingest --json`, a child process,
 *    so that its peak RSS is its own): reports/s, line items/s, peak RSS, time per stage;
 *  - a full ingest of the archive's DOCX files alone (hard links under .bench/archive-N-docx, a fresh
 *    warehouse): DOCX reports/s, printed as a ratio to pandoc, so HTML never flatters or hides the DOCX figure;
 *  - an unchanged rerun over the same archive: files/s;
 *  - pandoc converting the same DOCX files to HTML, two processes at a time (a baseline doing far less), half
 *    of them before the ingest and half after, as the speed of this shared host drifts over minutes;
 *  - unzipping the DOCX files and parsing word/document.xml with fast-xml-parser (near the physical limit).
 * The last line is `ingest R reports/s; docx D reports/s; pandoc P reports/s; unzip+parse U reports/s; peak_rss M MB`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import pLimit from 'p-limit';
import { readZip } from '../extractors/zip.ts';
import { listFiles } from '../pipelines/walk.ts';
import { BENCH_YEARS, generateArchive } from './generate.ts';

const root = resolve(import.meta.dirname, '..');

interface Summary {
  event: 'summary';
  seen: number;
  new: number;
  unchanged: number;
  updated: number;
  failed: number;
  lineItems: number;
  seconds: number;
  peakRssMb?: number;
  stageMs?: Record<string, number>;
}

async function ensureArchive(n: number): Promise<string> {
  const dir = join(root, '.bench', `archive-${n}`);
  const marker = join(dir, '.complete');
  if (existsSync(marker)) {
    console.log(`reusing ${dir}: ${readFileSync(marker, 'utf8').trim()}`);
    return dir;
  }
  rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  const s = await generateArchive(dir, { units: Math.ceil(n / (BENCH_YEARS.length * 2)), years: BENCH_YEARS, limit: n });
  const line = `${s.reports} reports (${s.docx} DOCX, ${s.html} HTML), ${(s.bytes / 1e6).toFixed(1)} MB, ${s.bodyRows} table rows`;
  writeFileSync(marker, line + '\n');
  console.log(`generated ${dir} in ${((performance.now() - started) / 1000).toFixed(1)}s: ${line}`);
  return dir;
}

/** Runs `disclosure ingest` in a child process and returns its JSON summary line. */
function runIngest(dir: string, db: string, concurrency?: string): Promise<Summary> {
  const args = [join(root, 'bin', 'disclosure.cjs'), 'ingest', dir, '--db', db, '--json', ...(concurrency ? ['--concurrency', concurrency] : [])];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let last = '';
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const l of lines) if (l.includes('"event":"summary"')) last = l;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (buffer.includes('"event":"summary"')) last = buffer;
      if (!last) reject(new Error(`ingest exited with code ${code} and no summary`));
      else resolvePromise(JSON.parse(last) as Summary);
    });
  });
}

function pandocAvailable(): boolean {
  if (spawnSync('pandoc', ['--version']).status === 0) return true;
  // Install once if we can (root, apt); the figure is skipped otherwise.
  if (process.getuid?.() === 0) spawnSync('apt-get', ['install', '-y', 'pandoc'], { stdio: 'ignore' });
  return spawnSync('pandoc', ['--version']).status === 0;
}

/** A folder holding only the archive's DOCX files (hard links, so no copy), for the DOCX-alone ingest. */
function docxOnlyDir(n: number, docx: readonly string[]): string {
  const dir = join(root, '.bench', `archive-${n}-docx`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of docx) linkSync(f, join(dir, basename(f)));
  return dir;
}

async function pandocRate(docx: readonly string[]): Promise<number> {
  const limit = pLimit(2);
  const started = performance.now();
  await Promise.all(
    docx.map((f) =>
      limit(
        () =>
          new Promise<void>((res, rej) => {
            const p = spawn('pandoc', ['-f', 'docx', '-t', 'html', '-o', '/dev/null', f], { stdio: 'ignore' });
            p.on('error', rej);
            p.on('close', (code) => (code === 0 ? res() : rej(new Error(`pandoc failed on ${f}`))));
          }),
      ),
    ),
  );
  return docx.length / ((performance.now() - started) / 1000);
}

async function unzipParseRate(docx: readonly string[]): Promise<number> {
  const parser = new XMLParser({ ignoreAttributes: false });
  const started = performance.now();
  let nodes = 0;
  for (const f of docx) {
    const bytes = new Uint8Array(await readFile(f));
    const xml = readZip(bytes, f, { wanted: (n) => n === 'word/document.xml' }).get('word/document.xml')!;
    const tree = parser.parse(Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength).toString('utf8')) as object;
    nodes += Object.keys(tree).length;
  }
  if (nodes === 0) throw new Error('nothing parsed');
  return docx.length / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { reports: { type: 'string', default: '200' }, concurrency: { type: 'string' }, 'skip-pandoc': { type: 'boolean', default: false } },
  });
  const n = Number(values.reports);
  // The figures are only comparable on a quiet machine: say how busy it was.
  const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`${availableParallelism()} cores; load average ${load()}`);
  const dir = await ensureArchive(n);
  const files = await listFiles([dir]);
  const docx = files.filter((f) => f.endsWith('.docx'));
  const db = join(root, '.bench', `bench-${n}.sqlite`);
  for (const suffix of ['', '-wal', '-shm', '.lock']) rmSync(db + suffix, { force: true });

  // The host's speed drifts over minutes (2 shared vCPUs): pandoc converts half of the DOCX files before the
  // ingest and half after it, and its rate is over both halves, so that both figures see the same machine.
  const withPandoc = !values['skip-pandoc'] && pandocAvailable();
  const half = Math.ceil(docx.length / 2);
  const pandocBefore = withPandoc ? await pandocRate(docx.slice(0, half)) : null;

  const full = await runIngest(dir, db, values.concurrency);
  const ingestRate = full.seen / full.seconds;
  console.log(
    `full ingest: ${full.seen} reports in ${full.seconds.toFixed(2)}s = ${ingestRate.toFixed(1)} reports/s, ` +
      `${full.lineItems} line items = ${(full.lineItems / full.seconds).toFixed(0)} line items/s; ` +
      `new ${full.new}, failed ${full.failed}; peak RSS ${full.peakRssMb ?? '?'} MB`,
  );
  if (full.stageMs) {
    const total = Object.values(full.stageMs).reduce((a, b) => a + b, 0);
    console.log(
      'time by stage (summed over workers; ms per report): ' +
        Object.entries(full.stageMs).map(([k, v]) => `${k} ${(v / full.seen).toFixed(1)} (${((100 * v) / total).toFixed(0)}%)`).join(', '),
    );
  }
  const docxDb = join(root, '.bench', `bench-${n}-docx.sqlite`);
  for (const suffix of ['', '-wal', '-shm', '.lock']) rmSync(docxDb + suffix, { force: true });
  const docxRun = await runIngest(docxOnlyDir(n, docx), docxDb, values.concurrency);
  const docxRate = docxRun.seen / docxRun.seconds;
  console.log(
    `DOCX alone: ${docxRun.seen} reports in ${docxRun.seconds.toFixed(2)}s = ${docxRate.toFixed(1)} reports/s; ` +
      `failed ${docxRun.failed}; peak RSS ${docxRun.peakRssMb ?? '?'} MB`,
  );
  if (docxRun.stageMs) {
    const total = Object.values(docxRun.stageMs).reduce((a, b) => a + b, 0);
    console.log(
      'DOCX time by stage (ms per report): ' +
        Object.entries(docxRun.stageMs).map(([k, v]) => `${k} ${(v / docxRun.seen).toFixed(1)} (${((100 * v) / total).toFixed(0)}%)`).join(', '),
    );
  }
  const rerun = await runIngest(dir, db, values.concurrency);
  console.log(`unchanged rerun: ${rerun.seen} files in ${rerun.seconds.toFixed(2)}s = ${(rerun.seen / rerun.seconds).toFixed(0)} files/s (unchanged ${rerun.unchanged})`);

  let pandoc = 'n/a';
  if (values['skip-pandoc']) console.log('pandoc: skipped (--skip-pandoc)');
  else if (pandocBefore === null) console.log('pandoc: not installed and could not be installed; figure skipped');
  else {
    const pandocAfter = await pandocRate(docx.slice(half));
    const rate = docx.length / (half / pandocBefore + (docx.length - half) / pandocAfter);
    pandoc = rate.toFixed(1);
    console.log(
      `pandoc docx→html, 2 processes: ${docx.length} DOCX = ${pandoc} reports/s ` +
        `(half before the ingests ${pandocBefore.toFixed(1)}, half after ${pandocAfter.toFixed(1)}; ingest/pandoc = ${(ingestRate / rate).toFixed(2)})`,
    );
    console.log(`DOCX alone / pandoc on the same ${docx.length} files = ${(docxRate / rate).toFixed(2)} (target ≥ 1.5)`);
  }
  const unzip = await unzipParseRate(docx);
  console.log(`unzip + parse document.xml (fast-xml-parser, one thread): ${unzip.toFixed(1)} reports/s`);
  console.log(`load average at the end ${load()}`);
  console.log(`ingest ${ingestRate.toFixed(1)} reports/s; docx ${docxRate.toFixed(1)} reports/s; pandoc ${pandoc} reports/s; unzip+parse ${unzip.toFixed(1)} reports/s; peak_rss ${full.peakRssMb ?? '?'} MB`);
}

await main();
