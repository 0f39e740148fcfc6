// The entry of an extraction worker thread when the pool runs from the TypeScript sources (vitest, tsx
// benches; the compiled build runs dist/pipelines/worker.js instead): tsx's CommonJS hook compiles them in
// this thread as they are required. (tsx's ESM hook would start one more module-loader thread per worker,
// ~29 MB each.)
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('tsx/cjs/api').register();
require('./worker.ts');
