/**
 * The PDF benchmark of issue 22:
 *
 *   npm run bench:pdf -- [--copies 3] [--parse-files 19]
 *
 * On the real corpus PDFs (../shared/corpus/pdf), from one run, each figure beside its target:
 *  - `ingest` of a batch made of every corpus PDF repeated --copies times (each copy gets a trailing PDF
 *    comment, so that its hash differs and it is extracted again), into a fresh SQLite warehouse, as a child
 *    process: CPU seconds per PDF (user + system, worker threads included), its ratio to `pdftotext -layout`
 *    on the same files, and peak RSS;
 *  - a one-off `disclosure parse FILE.pdf` per file (the first --parse-files, in name order): median CPU
 *    seconds and its ratio to `pdftotext -layout` on that file, and the largest peak RSS;
 *  - start-up: `disclosure --help` beside `node -e 0` (Node alone), Node running an empty CommonJS file (the
 *    front is one: cli/main.ts, scripts/bundle.mjs) and an empty ES module, eleven of each, alternately.
 * CPU and peak RSS of a child come from GNU time (/usr/bin/time, which counts the children it waits for).
 * The targets: ≤0.3 s of CPU per PDF in ingest, ≤0.6 s for a one-off parse, ≤0.1 s for --help, peak RSS
 * below 500 MB.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const CORPUS = resolve(root, '../shared/corpus/pdf');
const TIME = '/usr/bin/time';
const TARGET = { ingestCpu: 0.3, parseCpu: 0.6, helpCpu: 0.1, rssMb: 500 } as const;

interface Usage {
  readonly cpu: number;
  readonly rssMb: number;
  readonly stdout: string;
}

/** Runs a command under GNU time; CPU (user + system) and peak RSS of it and the children it waited for. */
function measured(command: string, args: readonly string[]): Usage {
  const r = spawnSync(TIME, ['-f', '@@ %U %S %M', command, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  const line = r.stderr.split('\n').reverse().find((l) => l.startsWith('@@ '));
  if (r.status !== 0 || !line) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const [user, system, kb] = line.slice(3).split(' ').map(Number) as [number, number, number];
  return { cpu: user + system, rssMb: kb / 1024, stdout: r.stdout };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** pdftotext -layout over the files in one shell: its CPU in total. */
function pdftotextCpu(files: readonly string[]): number {
  return measured('sh', ['-c', 'for f; do pdftotext -layout "$f" /dev/null || exit 1; done', 'sh', ...files]).cpu;
}

const verdict = (ok: boolean): string => (ok ? 'meets' : 'MISSES');

function main(): void {
  const { values } = parseArgs({ options: { copies: { type: 'string', default: '3' }, 'parse-files': { type: 'string' } } });
  if (!existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed to measure a child's CPU and peak RSS`);
  if (spawnSync('pdftotext', ['-v']).error) throw new Error('pdftotext (poppler-utils) is needed for the baseline');
  const corpus = readdirSync(CORPUS).filter((f) => f.endsWith('.pdf')).sort().map((f) => join(CORPUS, f));
  const copies = Number(values.copies);
  const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`${corpus.length} corpus PDFs; load average ${load()}`);

  const batch = join(root, '.bench', 'pdf-batch');
  rmSync(batch, { recursive: true, force: true });
  mkdirSync(batch, { recursive: true });
  const files: string[] = [];
  for (let c = 1; c <= copies; c++) {
    for (const f of corpus) {
      const out = join(batch, `${c}-${f.slice(CORPUS.length + 1)}`);
      writeFileSync(out, Buffer.concat([readFileSync(f), Buffer.from(`\n% bench copy ${c}\n`)]));
      files.push(out);
    }
  }
  const db = join(root, '.bench', 'pdf-batch.sqlite');
  for (const suffix of ['', '-wal', '-shm', '.lock']) rmSync(db + suffix, { force: true });

  // The baseline runs before and after the ingest, as the shared host's speed drifts over minutes.
  const floorBefore = pdftotextCpu(files);
  const ingest = measured(process.execPath, ['bin/disclosure.cjs', 'ingest', batch, '--db', db, '--json']);
  const floorAfter = pdftotextCpu(files);
  const summary = JSON.parse(ingest.stdout.trim().split('\n').pop()!) as { seen: number; failed: number };
  if (summary.seen !== files.length || summary.failed > 0) throw new Error(`ingest saw ${summary.seen} of ${files.length} files, ${summary.failed} failed`);
  const perPdf = ingest.cpu / files.length;
  const floor = (floorBefore + floorAfter) / 2 / files.length;
  console.log(
    `ingest of ${files.length} PDFs (${copies} × corpus): ${perPdf.toFixed(3)} s CPU per PDF = ${(perPdf / floor).toFixed(0)}× pdftotext -layout ` +
      `(${(floor * 1000).toFixed(1)} ms per PDF); peak RSS ${ingest.rssMb.toFixed(0)} MB`,
  );

  const parsed = corpus.slice(0, values['parse-files'] ? Number(values['parse-files']) : corpus.length);
  const parses = parsed.map((f) => ({ run: measured(process.execPath, ['bin/disclosure.cjs', 'parse', f]), floor: pdftotextCpu([f]) }));
  const parseCpu = median(parses.map((p) => p.run.cpu));
  const parseRatio = median(parses.map((p) => p.run.cpu / Math.max(p.floor, 0.001)));
  const parseRss = Math.max(...parses.map((p) => p.run.rssMb));
  console.log(`one-off parse of ${parsed.length} PDFs: median ${parseCpu.toFixed(2)} s CPU = ${parseRatio.toFixed(0)}× pdftotext -layout; peak RSS ${parseRss.toFixed(0)} MB`);

  // Start-up: `disclosure --help` beside Node running nothing, an empty CommonJS file (the floor of the
  // command's front) and an empty ES module (the floor of any ES-module program), alternately, medians of eleven.
  const [emptyCjs, emptyMjs] = [join(root, '.bench', 'empty.cjs'), join(root, '.bench', 'empty.mjs')];
  for (const file of [emptyCjs, emptyMjs]) writeFileSync(file, '');
  const floors = { 'node -e 0': ['-e', '0'], 'node empty.cjs': [emptyCjs], 'node empty.mjs': [emptyMjs] };
  const help: number[] = [];
  const floorCpu = new Map<string, number[]>(Object.keys(floors).map((k) => [k, []]));
  for (let i = 0; i < 11; i++) {
    help.push(measured(process.execPath, ['bin/disclosure.cjs', '--help']).cpu);
    for (const [name, args] of Object.entries(floors)) floorCpu.get(name)!.push(measured(process.execPath, args).cpu);
  }
  const helpCpu = median(help);
  console.log(`disclosure --help: median ${helpCpu.toFixed(3)} s CPU; ${[...floorCpu].map(([name, xs]) => `${name}: ${median(xs).toFixed(3)} s`).join('; ')}`);

  console.log(`load average at the end ${load()}`);
  console.log(
    `targets: ingest ${perPdf.toFixed(3)} s/PDF (≤${TARGET.ingestCpu}: ${verdict(perPdf <= TARGET.ingestCpu)}); ` +
      `parse ${parseCpu.toFixed(2)} s (≤${TARGET.parseCpu}: ${verdict(parseCpu <= TARGET.parseCpu)}); ` +
      `--help ${helpCpu.toFixed(3)} s (≤${TARGET.helpCpu}: ${verdict(helpCpu <= TARGET.helpCpu)}); ` +
      `peak RSS ${Math.max(ingest.rssMb, parseRss).toFixed(0)} MB (<${TARGET.rssMb}: ${verdict(Math.max(ingest.rssMb, parseRss) < TARGET.rssMb)})`,
  );
}

main();
