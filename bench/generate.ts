/**
 * Generates a realistic multi-year archive of synthetic reports: several units, several years, budget
 * and final accounts, as DOCX and HTML, optionally some years packed into a zip archive.
 *
 *   npx tsx bench/generate.ts --out data/samples/generated --units 3 --years 2021-2023 --zip-year 2023
 *   npx tsx bench/generate.ts --out .bench/archive-200 --reports 200
 *
 * The committed sample archive (data/samples/generated) was made with the first command; the ingest
 * benchmark calls `generateArchive` for its own archives under .bench/.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { zipSync } from 'fflate';
import { UNITS, type SynthKind, type SynthReport, type SynthUnit } from './generate-model.ts';
import { buildReport } from './generate-report.ts';
import { renderDocx, renderHtml } from './generate-render.ts';

export interface ArchiveOptions {
  /** Number of units (cycled from the five templates under generated place names beyond five). */
  readonly units: number;
  readonly years: readonly number[];
  readonly kinds?: readonly SynthKind[];
  /** Stop after this many reports (the benchmark's N). */
  readonly limit?: number;
  /** Years whose reports go into one zip archive per year instead of loose files. */
  readonly zipYears?: readonly number[];
}

export interface ArchiveSummary {
  readonly reports: number;
  readonly docx: number;
  readonly html: number;
  readonly bytes: number;
  /** Body rows over all tables of all reports. */
  readonly bodyRows: number;
  readonly files: readonly string[];
}

const SYLLABLES = ['青', '临', '白', '云', '安', '河', '东', '南', '西', '北', '平', '长', '宁', '丰', '永', '新', '江', '山', '泉', '阳'];

/** The i-th unit: the five templates first, then the same shapes under generated place names and codes. */
export function unitAt(i: number): SynthUnit {
  const base = UNITS[i % UNITS.length]!;
  const k = Math.floor(i / UNITS.length);
  if (k === 0) return base;
  const place = `${SYLLABLES[k % SYLLABLES.length]!}${SYLLABLES[Math.floor(k / SYLLABLES.length) % SYLLABLES.length]!}${k >= 400 ? k : ''}`;
  return {
    ...base,
    name: base.name.replace(/^.{2}([市县])/, `${place}$1`),
    code: String(Number(base.code) + k * 10_000).padStart(6, '0'),
  };
}

/** The years of the benchmarks' archives (bench:load loads the reports that bench:ingest ingests). */
export const BENCH_YEARS: readonly number[] = [2019, 2020, 2021, 2022, 2023];

/** The reports of an archive in the order it is written: unit by unit, year by year, budget before final. */
export function* archiveReports(opts: ArchiveOptions): Generator<SynthReport> {
  const kinds = opts.kinds ?? ['budget', 'final'];
  let n = 0;
  for (let u = 0; u < opts.units; u++) {
    const unit = unitAt(u);
    for (const year of opts.years) {
      for (const kind of kinds) {
        if (opts.limit !== undefined && n >= opts.limit) return;
        n++;
        yield buildReport(unit, year, kind);
      }
    }
  }
}

/** Writes the archive under `dir`; final accounts as DOCX, budgets as HTML (so both formats are mixed). */
export async function generateArchive(dir: string, opts: ArchiveOptions): Promise<ArchiveSummary> {
  const files: string[] = [];
  const zips = new Map<number, Record<string, Uint8Array>>();
  let reports = 0, docx = 0, html = 0, bytes = 0, bodyRows = 0;
  for (const report of archiveReports(opts)) {
    const asDocx = report.kind === 'final';
    const content = asDocx ? await renderDocx(report) : new TextEncoder().encode(renderHtml(report));
    const name = `${report.stem}.${asDocx ? 'docx' : 'html'}`;
    reports++;
    bodyRows += report.bodyRows;
    bytes += content.byteLength;
    if (asDocx) docx++;
    else html++;
    if (opts.zipYears?.includes(report.year)) {
      const entries = zips.get(report.year) ?? {};
      entries[`${report.unitCode}/${name}`] = content;
      zips.set(report.year, entries);
      continue;
    }
    const folder = join(dir, report.unitCode, String(report.year));
    await mkdir(folder, { recursive: true });
    const file = join(folder, name);
    await writeFile(file, content);
    files.push(file);
  }
  for (const [year, entries] of zips) {
    await mkdir(dir, { recursive: true });
    const file = join(dir, `reports-${year}.zip`);
    // Level 0 for entries that are already deflated (DOCX), 6 for HTML.
    await writeFile(file, zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, [v, { level: k.endsWith('.docx') ? 0 : 6 }]]))));
    files.push(file);
  }
  return { reports, docx, html, bytes, bodyRows, files };
}

/** `2021-2023` or `2021,2023`. */
export function parseYears(text: string): number[] {
  const range = /^(\d{4})-(\d{4})$/.exec(text);
  if (range) {
    const out: number[] = [];
    for (let y = Number(range[1]); y <= Number(range[2]); y++) out.push(y);
    return out;
  }
  return text.split(',').map(Number);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      units: { type: 'string', default: '3' },
      years: { type: 'string', default: '2021-2023' },
      reports: { type: 'string' },
      'zip-year': { type: 'string', multiple: true },
    },
  });
  if (!values.out) throw new Error('usage: bench/generate.ts --out DIR [--units N] [--years 2021-2023] [--reports N] [--zip-year Y]');
  const years = parseYears(values.years);
  const limit = values.reports === undefined ? undefined : Number(values.reports);
  const units = limit === undefined ? Number(values.units) : Math.ceil(limit / (years.length * 2));
  const summary = await generateArchive(values.out, {
    units, years, ...(limit === undefined ? {} : { limit }), zipYears: (values['zip-year'] ?? []).map(Number),
  });
  console.log(`${summary.reports} reports (${summary.docx} DOCX, ${summary.html} HTML), ${(summary.bytes / 1e6).toFixed(1)} MB, ${summary.bodyRows} table rows, in ${values.out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
