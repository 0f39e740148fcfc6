/**
 * Hostile inputs in one batch (issue 20): both rounds of generated hostile files (tests/fixtures/hostile.ts
 * and hostile-more.ts, 60+ distinct inputs) beside the good sample archive, ingested by one
 * `disclosure ingest --json` run. Prints how many hostile files there were, how each ended (typed error
 * class, loaded), the slowest file, the good reports loaded and the peak RSS of the run, against the
 * targets: every bad file a typed error naming it within 60 s, every good report loaded, peak RSS < 1 GB.
 *
 *   npm run bench:hostile [-- --workers 2] [--dir .bench/hostile]
 *
 * The run sets DISCLOSURE_PARSE_TIMEOUT_S=30 (the default is 60 s): a file's time counts from when it is
 * read, so its wait for a free worker comes on top of its own extraction time.
 * Exits 1 when a target is missed.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeHostileFiles, type HostileFile } from '../tests/fixtures/hostile.ts';
import { writeMoreHostileFiles } from '../tests/fixtures/hostile-more.ts';

const bin = fileURLToPath(new URL('../bin/disclosure.cjs', import.meta.url));
const samples = fileURLToPath(new URL('../data/samples/generated', import.meta.url));

export interface HostileEvent {
  readonly path?: string;
  readonly event?: string;
  readonly outcome?: string;
  readonly ms?: number;
  readonly error?: { code: string; message: string };
  readonly peakRssMb?: number;
  readonly [key: string]: unknown;
}

/** Writes both rounds of hostile files under `root/batch/hostile` and the sample archive under `root/batch/good`. */
export async function writeHostileBatch(root: string): Promise<HostileFile[]> {
  const hostile = join(root, 'batch', 'hostile');
  const files = [...(await writeHostileFiles(hostile)), ...(await writeMoreHostileFiles(hostile))];
  cpSync(samples, join(root, 'batch', 'good'), { recursive: true });
  return files;
}

/** The environment of a hostile batch: a parse time limit that leaves room for the wait for a worker. */
export const HOSTILE_ENV = { DISCLOSURE_PARSE_TIMEOUT_S: '30' } as const;

/** Runs the CLI; resolves with exit code, JSON lines, stderr and wall seconds. */
export function runIngest(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; lines: HostileEvent[]; stderr: string; seconds: number }> {
  const t0 = performance.now();
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [bin, 'ingest', ...args, '--json'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      const lines = out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as HostileEvent);
      resolvePromise({ code, lines, stderr: err, seconds: (performance.now() - t0) / 1000 });
    });
  });
}

/** The events of one hostile file: the file itself or, for an archive, its entries. */
export function eventsOf(lines: readonly HostileEvent[], dir: string, f: HostileFile): HostileEvent[] {
  const full = join(dir, f.name);
  return lines.filter((l) => l.path === full || l.path?.startsWith(`${full}!/`));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { workers: { type: 'string', default: '2' }, dir: { type: 'string', default: '.bench/hostile' } } });
  const root = resolve(values.dir);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const tGen = performance.now();
  const files = await writeHostileBatch(root);
  console.log(`generated ${files.length} hostile files (${files.filter((f) => f.expect === 'fail').length} to fail, ${files.filter((f) => f.expect !== 'fail').length} to load) in ${((performance.now() - tGen) / 1000).toFixed(1)} s`);
  const run = await runIngest([join(root, 'batch'), '--db', join(root, 'warehouse.sqlite'), '--workers', values.workers], HOSTILE_ENV);
  const summary = run.lines.at(-1) ?? {};
  const dir = join(root, 'batch', 'hostile');
  const rows = files.map((f) => ({ f, events: eventsOf(run.lines, dir, f) }));
  const slowest = rows.flatMap(({ f, events }) => events.map((e) => ({ name: f.name, ms: e.ms ?? 0 }))).sort((a, b) => b.ms - a.ms).slice(0, 5);
  const missing = rows.filter((r) => r.events.length === 0).map((r) => r.f.name);
  const untyped = rows.filter((r) => r.events.some((e) => e.error?.code === 'internal/unexpected' || e.error?.code === 'internal/worker-died')).map((r) => r.f.name);
  const unnamed = rows.filter((r) => r.events.some((e) => e.error && !e.error.message.includes(e.path ?? '\0'))).map((r) => r.f.name);
  const wrong = rows.filter(({ f, events }) => f.expect === 'fail' && f.code && !events.every((e) => e.error?.code === f.code)).map(({ f, events }) => `${f.name} (${events.map((e) => e.error?.code ?? e.outcome).join(',')} ≠ ${f.code})`);
  for (const { f, events } of rows) {
    const got = events.map((e) => e.error?.code ?? e.outcome).join(',');
    console.log(`  ${f.expect.padEnd(12)} ${got.padEnd(22)} ${String(Math.max(0, ...events.map((e) => e.ms ?? 0))).padStart(6)} ms  ${f.name}: ${f.what}`);
  }
  const byClass = new Map<string, number>();
  for (const l of run.lines) if (l.error) byClass.set(l.error.code, (byClass.get(l.error.code) ?? 0) + 1);
  const good = run.lines.filter((l) => l.path?.startsWith(join(root, 'batch', 'good')));
  const goodLoaded = good.filter((l) => l.outcome === 'inserted').length;
  console.log(`ingest: exit ${run.code} in ${run.seconds.toFixed(1)} s; summary ${JSON.stringify({ seen: summary['seen'], new: summary['new'], failed: summary['failed'] })}`);
  console.log(`errors by class: ${JSON.stringify(Object.fromEntries([...byClass].sort()))}`);
  console.log(`slowest files: ${slowest.map((s) => `${s.name} ${(s.ms / 1000).toFixed(1)} s`).join('; ')}`);
  console.log(`good reports loaded: ${goodLoaded} of ${good.length} (target: all 18)`);
  console.log(`peak RSS: ${summary.peakRssMb} MB (target < 1000)`);
  console.log(`hostile files without an event: ${missing.length}${missing.length ? ` (${missing.join(', ')})` : ''}; untyped errors: ${untyped.length}${untyped.length ? ` (${untyped.join(', ')})` : ''}; errors not naming their file: ${unnamed.length}; unexpected classes: ${wrong.length}${wrong.length ? ` (${wrong.join('; ')})` : ''}`);
  const ok = run.code === 3 && missing.length === 0 && untyped.length === 0 && unnamed.length === 0 && wrong.length === 0 && goodLoaded === 18 && (summary.peakRssMb ?? Infinity) < 1000 && (slowest[0]?.ms ?? 0) < 60_000;
  console.log(ok ? 'all targets met' : 'TARGETS MISSED');
  if (!ok) process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
