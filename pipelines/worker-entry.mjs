// The entry of an extraction worker thread. The sources are TypeScript: tsx's CommonJS hook compiles them
// in this thread as they are required. (tsx's ESM hook, as bin/disclosure.mjs registers it for the main
// thread, would start one more module-loader thread per worker, ~29 MB each.)
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('tsx/cjs/api').register();
require('./worker.ts');
