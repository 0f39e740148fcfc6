// The second step of `npm run build`: bundles the compiled JavaScript (dist/) into dist/bundle/, so that a
// start loads a few files instead of about ninety modules (a one-off `parse` of a PDF: about 0.1 s less CPU).
//  - The ES-module entries: each subcommand (cli/commands/*), the runner that loads them (cli/run.js) and
//    the worker thread's entry (pipelines/worker.js), one file each under its own name, plus shared chunks.
//    Format readers imported on demand stay separate chunks; packages stay in node_modules. The entries sit
//    side by side, so the pool's `./worker.js` resolves from any chunk.
//  - The front (cli/main.js) as one CommonJS file, main.cjs: Node starts CommonJS without loading its
//    ES-module loader, which is most of what `disclosure --help` would cost beyond Node's own start (issue
//    22). Its dynamic imports (the runner, the subcommands) stay imports of the ES-module entries above.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';

const root = join(import.meta.dirname, '..');
const outdir = join(root, 'dist', 'bundle');
// Chunk names carry a hash of their content: the last build's chunks are removed, not left to pile up.
rmSync(outdir, { recursive: true, force: true });

const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', packages: 'external', sourcemap: true, logLevel: 'warning' };
const commands = readdirSync(join(root, 'dist', 'cli', 'commands')).filter((f) => f.endsWith('.js'));

await build({
  ...common,
  entryPoints: ['dist/cli/run.js', 'dist/pipelines/worker.js', ...commands.map((f) => `dist/cli/commands/${f}`)],
  outdir,
  entryNames: '[name]',
  splitting: true,
  format: 'esm',
});

/** The front's dynamic imports point at the ES-module entry of the same name, built above. */
const toEntries = {
  name: 'dynamic-imports-to-entries',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const entry = basename(args.path);
      if (!existsSync(join(outdir, entry))) return { errors: [{ text: `${args.path}: no ES-module entry ${entry} in dist/bundle/` }] };
      return { path: `./${entry}`, external: true };
    });
  },
};

await build({
  ...common,
  entryPoints: ['dist/cli/main.js'],
  outfile: join(outdir, 'main.cjs'),
  format: 'cjs',
  // CommonJS has no import.meta: the front's one use (core/package-root.ts) gets this file's URL.
  define: { 'import.meta.url': 'import_meta_url' },
  banner: { js: 'const import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [toEntries],
});
