// The entry of an extraction worker thread when the pool runs from the TypeScript sources (vitest; the
// compiled build runs dist/pipelines/worker.js instead). tsx's ESM hook compiles the sources in this thread:
// the extractors load each format's reader with a dynamic import(), which tsx's CommonJS hook does not see.
// (The hook starts one more module-loader thread per worker, ~29 MB each: only tests pay it.)
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
