#!/usr/bin/env node
// The `disclosure` command. It runs the compiled JavaScript bundled in dist/bundle/, which `npm ci` builds
// from the TypeScript sources (the `prepare` script; `npm run build` after editing them). It is CommonJS,
// as is the front it loads, so that `disclosure --help` does not start Node's ES-module loader.
'use strict';
let cli;
try {
  cli = require('../dist/bundle/main.cjs');
} catch (e) {
  if (e?.code !== 'MODULE_NOT_FOUND' || !String(e.message).includes('dist/bundle/main.cjs')) throw e;
  console.error('disclosure: the compiled build (dist/) is missing: run `npm run build` (or `npm ci`) in the package folder');
  process.exit(2);
}
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
