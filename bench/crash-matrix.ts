/**
 * kill -9 at three moments of each writing command (issue 20): `ingest`, `reprocess --all`, `export` and
 * `ingest --shared`, on SQLite and (with DISCLOSURE_TEST_PG) PostgreSQL. Each killed command is run again
 * and the result compared with a clean run's: the warehouse figures of bench/crash.ts (reports, line
 * items, a sha256 over every line item) or, for export, the sha256 of the CSV. After a kill the export's
 * target must be absent (never a truncated file), and after the rerun no run may be left `running`.
 *
 *   npx tsx bench/crash-matrix.ts [--commands ingest,reprocess,export,shared] [--moments early,middle,late]
 *                                 [--engines sqlite,postgres] [--units 2] [--dir .bench/crash-matrix]
 *
 * Moments: ingest, reprocess and --shared are killed after the first, the middle and the next-to-last
 * report line; export (which prints nothing until it ends) at 30 %, 60 % and 90 % of a clean export's
 * wall time. Exits 1 when anything differs.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openWarehouse } from '../loaders/warehouse/open.ts';
import { figures, freshPostgres } from './crash.ts';
import { generateArchive } from './generate.ts';

const bin = fileURLToPath(new URL('../bin/disclosure.cjs', import.meta.url));

export type CrashCommand = 'ingest' | 'reprocess' | 'export' | 'shared';
export type Moment = 'early' | 'middle' | 'late';
export interface Target { readonly url: string; drop(): Promise<void> }

interface Run { code: number | null; signal: string | null; lines: number; seconds: number }

/** Runs the CLI; kills it with SIGKILL after `killAfterLines` JSON lines or `killAfterMs` milliseconds. */
export function run(args: readonly string[], kill: { killAfterLines?: number; killAfterMs?: number } = {}, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const t0 = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let lines = 0;
    let stderr = '';
    const stop = () => {
      if (child.exitCode === null && !child.killed) child.kill('SIGKILL');
    };
    const timer = kill.killAfterMs !== undefined ? setTimeout(stop, kill.killAfterMs) : null;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      lines += chunk.split('\n').length - 1;
      if (kill.killAfterLines !== undefined && lines >= kill.killAfterLines) stop();
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (code !== 0 && code !== null && signal === null) process.stderr.write(`  (disclosure ${args[0]} exited ${code}: ${stderr.trim().split('\n')[0]})\n`);
      resolvePromise({ code, signal, lines, seconds: (performance.now() - t0) / 1000 });
    });
  });
}

export async function freshSqlite(dir: string): Promise<Target> {
  const folder = join(dir, `wh-${randomBytes(4).toString('hex')}`);
  mkdirSync(folder, { recursive: true });
  return { url: join(folder, 'warehouse.sqlite'), drop: async () => rmSync(folder, { recursive: true, force: true }) };
}

const sha256File = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Runs left `running` (none may be after a rerun: the rerun marks the killed one interrupted). */
async function runningRuns(url: string): Promise<number> {
  const wh = await openWarehouse(url);
  try {
    return (await wh.db.selectFrom('runs').select('id').where('status', '=', 'running').execute()).length;
  } finally {
    await wh.close();
  }
}

export interface CrashCase {
  readonly command: CrashCommand;
  readonly moment: Moment;
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * One command killed at one moment and run again, against a clean run of the same command; `reports` is
 * the number of reports in `archive`, `open` makes a fresh warehouse.
 */
export async function crashCase(command: CrashCommand, moment: Moment, archive: string, reports: number, open: () => Promise<Target>, scratch: string): Promise<CrashCase> {
  const ttl = { DISCLOSURE_CLAIM_TTL_S: '2' };
  const ingestArgs = (url: string, shared = false) => ['ingest', archive, '--db', url, '--json', '--workers', '1', ...(shared ? ['--shared'] : [])];
  const at = { early: 1, middle: Math.ceil(reports / 2), late: reports - 1 }[moment];
  const clean = await open();
  const crashed = await open();
  try {
    if (command === 'ingest' || command === 'shared') {
      const shared = command === 'shared';
      await run(ingestArgs(clean.url, shared), {}, ttl);
      const killed = await run(ingestArgs(crashed.url, shared), { killAfterLines: at }, ttl);
      const rerun = await run(ingestArgs(crashed.url, shared), {}, ttl);
      const [a, b] = [await figures(clean.url), await figures(crashed.url)];
      const ok = killed.signal === 'SIGKILL' && rerun.code === 0 && a.reports === reports && JSON.stringify(a) === JSON.stringify(b) && (await runningRuns(crashed.url)) === 0;
      return { command, moment, ok, detail: `killed after ${killed.lines} lines; rerun exit ${rerun.code}; clean ${a.reports} reports ${a.lineItemsSha256.slice(0, 12)}, rerun ${b.reports} reports ${b.lineItemsSha256.slice(0, 12)}` };
    }
    // reprocess and export start from a loaded warehouse.
    await run(ingestArgs(clean.url));
    await run(ingestArgs(crashed.url));
    if (command === 'reprocess') {
      const args = (url: string) => ['reprocess', '--all', '--db', url, '--json'];
      await run(args(clean.url));
      const killed = await run(args(crashed.url), { killAfterLines: at });
      const rerun = await run(args(crashed.url));
      const [a, b] = [await figures(clean.url), await figures(crashed.url)];
      const ok = killed.signal === 'SIGKILL' && rerun.code === 0 && JSON.stringify(a) === JSON.stringify(b) && (await runningRuns(crashed.url)) === 0;
      return { command, moment, ok, detail: `killed after ${killed.lines} lines; rerun exit ${rerun.code}; clean ${a.lineItemsSha256.slice(0, 12)}, rerun ${b.lineItemsSha256.slice(0, 12)}` };
    }
    const out = (name: string) => join(scratch, `${name}-${randomBytes(3).toString('hex')}.csv`);
    const cleanOut = out('clean');
    const timed = await run(['export', 'line-items', '--db', clean.url, '--out', cleanOut]);
    const killedOut = out('killed');
    const fraction = { early: 0.3, middle: 0.6, late: 0.9 }[moment];
    const killed = await run(['export', 'line-items', '--db', crashed.url, '--out', killedOut], { killAfterMs: Math.round(timed.seconds * 1000 * fraction) });
    // A killed export leaves no file at its target (or, had it finished, the whole file).
    const leftWhole = !existsSync(killedOut) || sha256File(killedOut) === sha256File(cleanOut);
    const rerun = await run(['export', 'line-items', '--db', crashed.url, '--out', killedOut]);
    const ok = leftWhole && rerun.code === 0 && sha256File(killedOut) === sha256File(cleanOut);
    return { command, moment, ok, detail: `killed at ${Math.round(timed.seconds * fraction * 1000)} ms (${killed.signal ?? `exit ${killed.code}`}); target after kill ${existsSync(killedOut) ? 'whole' : 'absent'}; rerun CSV ${sha256File(killedOut).slice(0, 12)} vs clean ${sha256File(cleanOut).slice(0, 12)}` };
  } finally {
    await clean.drop();
    await crashed.drop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      commands: { type: 'string', default: 'ingest,reprocess,export,shared' },
      moments: { type: 'string', default: 'early,middle,late' },
      engines: { type: 'string', default: 'sqlite,postgres' },
      units: { type: 'string', default: '2' },
      dir: { type: 'string', default: '.bench/crash-matrix' },
    },
  });
  const dir = resolve(values.dir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = join(dir, 'archive');
  const years = [2021, 2022, 2023];
  const s = await generateArchive(archive, { units: Number(values.units), years, zipYears: [2023] });
  console.log(`archive: ${s.reports} reports`);
  const pgUrl = process.env.DISCLOSURE_TEST_PG;
  let ok = true;
  for (const engine of values.engines.split(',')) {
    if (engine === 'postgres' && !pgUrl) {
      console.log('[postgres] skipped: DISCLOSURE_TEST_PG is not set');
      continue;
    }
    const open = engine === 'postgres' ? () => freshPostgres(pgUrl!) : () => freshSqlite(dir);
    for (const command of values.commands.split(',') as CrashCommand[]) {
      for (const moment of values.moments.split(',') as Moment[]) {
        const t0 = performance.now();
        const r = await crashCase(command, moment, archive, s.reports, open, dir);
        ok &&= r.ok;
        console.log(`[${engine}] ${command.padEnd(9)} ${moment.padEnd(6)} ${r.ok ? 'OK      ' : 'MISMATCH'} ${r.detail} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
      }
    }
  }
  console.log(ok ? 'every killed command, run again, matched its clean run' : 'MISMATCHES: see above');
  process.exitCode = ok ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
