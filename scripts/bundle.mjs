// The second step of `npm run build`: bundles the compiled command (dist/cli/main.js) and the worker
// thread's entry (dist/pipelines/worker.js) into dist/bundle/, one file per entry plus shared chunks, so
// that a start loads a dozen files instead of about ninety modules (a one-off `parse` of a PDF: about 0.1 s
// less CPU). Commands and format readers that are imported on demand stay separate chunks; packages stay
// in node_modules. The entries sit side by side, so the pool's `./worker.js` resolves from any chunk.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
// Chunk names carry a hash of their content: the last build's chunks are removed, not left to pile up.
rmSync(join(root, 'dist', 'bundle'), { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: ['dist/cli/main.js', 'dist/pipelines/worker.js'],
  outdir: 'dist/bundle',
  entryNames: '[name]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
