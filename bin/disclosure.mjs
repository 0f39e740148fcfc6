#!/usr/bin/env node
// The `disclosure` command. It runs the compiled JavaScript bundled in dist/bundle/, which `npm ci` builds
// from the TypeScript sources (the `prepare` script; `npm run build` after editing them).
let cli;
try {
  cli = await import('../dist/bundle/main.js');
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes('dist/bundle/main.js')) throw e;
  console.error('disclosure: the compiled build (dist/) is missing: run `npm run build` (or `npm ci`) in the package folder');
  process.exit(2);
}
process.exitCode = await cli.main(process.argv.slice(2));
