// The entry of an extraction worker thread when the pool runs from the TypeScript sources (vitest, tsx
// benches; the compiled build runs dist/bundle/worker.js instead): tsx's ES-module hook compiles them in
// this thread's loader as they are imported, dynamic imports of .ts files included (the extractors load
// each format's reader on its first file). It costs one more module-loader thread per worker (~29 MB),
// which only test and bench runs from the sources pay.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
