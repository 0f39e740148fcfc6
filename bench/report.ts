/**
 * The `report` benchmark of issue 22:
 *
 *   npm run bench:report -- --reports 2000 [--reports-small 500]
 *
 * Builds (or reuses) SQLite warehouses of N generated reports under .bench/report-N.sqlite, then runs
 * `disclosure report` on each in a child process: CPU seconds (user + system) and peak RSS from GNU time,
 * and how the CPU scales from the smaller archive to the larger one (flat memory and linear CPU are the
 * goal; targets at 8,000 reports: under 10 s of CPU and under 500 MB).
 *
 * Building a warehouse the way an ingest does would cost minutes of CPU per thousand reports here: the
 * reports of bench:ingest's first five units (bench/generate.ts, 5 years × budget and final) are taken
 * through the CPU stages once, and each later group of 50 reports loads those same rows under the names
 * and codes of five further units (`unitAt`), with a fresh content hash each.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadReport } from '../loaders/warehouse/load.ts';
import { openWarehouse } from '../loaders/warehouse/open.ts';
import { forLoad, processBytes, type ForLoad } from '../pipelines/stages.ts';
import { UNITS } from './generate-model.ts';
import { BENCH_YEARS, archiveReports, unitAt } from './generate.ts';
import { renderHtml } from './generate-render.ts';

const root = resolve(import.meta.dirname, '..');
const TIME = '/usr/bin/time';
const TARGET = { reports: 8000, cpu: 10, rssMb: 500 } as const;

/** The reports of the first UNITS.length units, as the CPU stages hand them to the loader. */
async function templates(): Promise<ForLoad[]> {
  const out: ForLoad[] = [];
  for (const synth of archiveReports({ units: UNITS.length, years: BENCH_YEARS })) {
    out.push(forLoad(await processBytes(new TextEncoder().encode(renderHtml(synth)), `${synth.stem}.html`)));
  }
  return out;
}

/** A template loaded as the report of another unit: its name, code and a fresh hash. */
function asUnit(t: ForLoad, i: number, unitIndex: number): ForLoad {
  const unit = unitAt(unitIndex);
  const { head } = t.report;
  const sha256 = createHash('sha256').update(`bench-report-${i}`).digest('hex');
  return {
    ...t,
    report: {
      ...t.report,
      head: {
        ...head,
        source: { ...head.source, sha256, path: `${unit.code}-${head.meta.year}-${head.meta.kind}-${i}.html` },
        meta: { ...head.meta, unit: unit.name, unitAliases: [], unitCode: head.meta.unitCode === null ? null : unit.code },
      },
    },
  };
}

async function ensureWarehouse(n: number, base: readonly ForLoad[]): Promise<string> {
  const path = join(root, '.bench', `report-${n}.sqlite`);
  if (existsSync(`${path}.complete`)) return path;
  for (const suffix of ['', '-wal', '-shm', '.lock']) rmSync(path + suffix, { force: true });
  const started = performance.now();
  const { db, close } = await openWarehouse(path);
  try {
    for (let i = 0; i < n; i++) {
      const t = base[i % base.length]!;
      const group = Math.floor(i / base.length);
      // Templates run unit by unit (10 reports each): report j of the template set is unit ⌊j/10⌋'s.
      const unitIndex = group * UNITS.length + Math.floor((i % base.length) / (BENCH_YEARS.length * 2));
      await loadReport(db, { report: asUnit(t, i, unitIndex).report, document: t.stored, runId: null, findings: t.findings });
    }
  } finally {
    await close();
  }
  writeFileSync(`${path}.complete`, `${n}\n`);
  console.log(`built ${path} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return path;
}

/** `disclosure report` on a warehouse, under GNU time: CPU (user + system) and peak RSS. */
function runReport(db: string): { cpu: number; rssMb: number } {
  const out = mkdtempSync(join(tmpdir(), 'bench-report-'));
  try {
    const r = spawnSync(TIME, ['-f', '@@ %U %S %M', process.execPath, 'bin/disclosure.cjs', 'report', '--db', db, '--out', out], { cwd: root, encoding: 'utf8' });
    const line = r.stderr.split('\n').reverse().find((l) => l.startsWith('@@ '));
    if (r.status !== 0 || !line) throw new Error(`report failed (${r.status}): ${r.stderr.slice(-2000)}`);
    const [user, system, kb] = line.slice(3).split(' ').map(Number) as [number, number, number];
    return { cpu: user + system, rssMb: kb / 1024 };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { reports: { type: 'string', default: '2000' }, 'reports-small': { type: 'string', default: '500' } } });
  if (!existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed to measure a child's CPU and peak RSS`);
  const large = Number(values.reports);
  const small = Number(values['reports-small']);
  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const needed = [small, large].filter((n) => !existsSync(join(root, '.bench', `report-${n}.sqlite.complete`)));
  const base = needed.length > 0 ? await templates() : [];
  const figures = [];
  for (const n of [small, large]) {
    const db = await ensureWarehouse(n, base);
    const f = runReport(db);
    figures.push({ n, ...f });
    console.log(`report on ${n} reports: ${f.cpu.toFixed(2)} s CPU, peak RSS ${f.rssMb.toFixed(0)} MB`);
  }
  const [a, b] = figures as [{ n: number; cpu: number; rssMb: number }, { n: number; cpu: number; rssMb: number }];
  const scale = b.cpu / a.cpu;
  console.log(
    `scaling ${a.n} → ${b.n} reports (${(b.n / a.n).toFixed(1)}×): CPU ×${scale.toFixed(2)}, peak RSS ×${(b.rssMb / a.rssMb).toFixed(2)}; ` +
      `linear extrapolation to ${TARGET.reports}: ${((b.cpu * TARGET.reports) / b.n).toFixed(1)} s CPU (target <${TARGET.cpu} s; RSS target <${TARGET.rssMb} MB)`,
  );
  console.log(`load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}

await main();
