/**
 * vitest global setup: the CLI tests start bin/disclosure.cjs, which runs the compiled build bundled in
 * dist/bundle/ (scripts/bundle.mjs).
 * Rebuild it (incrementally) when a source is newer than the last build, so that no test runs stale code.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCES = ['core', 'extractors', 'transforms', 'loaders', 'pipelines', 'cli', 'data/table-aliases.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts'];
const STAMP = join(ROOT, 'dist', '.tsbuildinfo');
const BUNDLE = join(ROOT, 'dist', 'bundle', 'main.cjs');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

export default function setup(): void {
  const built = existsSync(STAMP) && existsSync(BUNDLE) ? Math.min(statSync(STAMP).mtimeMs, statSync(BUNDLE).mtimeMs) : 0;
  if (SOURCES.every((s) => newest(join(ROOT, s)) <= built)) return;
  // The package's own build (compile, then bundle what bin/disclosure.cjs and the workers run).
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
}
