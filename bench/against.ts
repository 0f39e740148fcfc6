/**
 * Runs one benchmark on this checkout and on an earlier commit, alternately, in the same run, so that a
 * refactor or an optimisation is judged against its baseline on the same (noisy, shared) machine:
 *
 *   npx tsx bench/against.ts HEAD~1 bench/load.ts --reports 200 --engines sqlite
 *   npx tsx bench/against.ts main bench/accuracy.ts --rounds 1
 *
 * The earlier commit is checked out into a temporary git worktree beside this one that shares this checkout's node_modules
 * (hard links) and gets its own compiled build. Each round runs the baseline, then this checkout; the last
 * lines of every run's output are printed under its label. `--rounds N` (default 2) and `--lines N`
 * (default 6) are this script's own options; every other argument goes to the benchmark.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const [rev, bench, ...rest] = process.argv.slice(2);
if (!rev || !bench) {
  console.error('usage: npx tsx bench/against.ts REV bench/NAME.ts [--rounds N] [--lines N] [benchmark options]');
  process.exit(2);
}

function takeOption(name: string, fallback: number): number {
  const i = rest.indexOf(name);
  if (i < 0) return fallback;
  const [, value] = rest.splice(i, 2);
  return Number(value);
}
const rounds = takeOption('--rounds', 2);
const lines = takeOption('--lines', 6);

// Beside this checkout, so that the baseline finds ../shared as the tests and benchmarks expect.
const base = mkdtempSync(join(dirname(root), '.bench-against-'));
const commit = execFileSync('git', ['rev-parse', '--short', rev], { cwd: root, encoding: 'utf8' }).trim();
const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
execFileSync('git', ['worktree', 'add', '--detach', base, commit], { cwd: root, stdio: 'ignore' });
try {
  execFileSync('cp', ['-al', join(root, 'node_modules'), join(base, 'node_modules')]);
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: base, stdio: 'inherit' });
  if (!existsSync(join(base, bench))) throw new Error(`${bench} does not exist at ${commit}`);
  for (let round = 1; round <= rounds; round++) {
    for (const [label, cwd] of [[`baseline ${commit}`, base], [`this checkout ${head}`, root]] as const) {
      const run = spawnSync('npx', ['tsx', bench, ...rest], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
      const out = `${run.stdout}${run.status === 0 ? '' : run.stderr}`.trimEnd().split('\n').slice(-lines);
      console.log(`\n== round ${round}, ${label} (exit ${run.status})`);
      console.log(out.join('\n'));
    }
  }
} finally {
  execFileSync('git', ['worktree', 'remove', '--force', base], { cwd: root, stdio: 'ignore' });
  rmSync(base, { recursive: true, force: true });
}
