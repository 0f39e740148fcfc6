// The entry of an extraction worker thread. The sources are TypeScript: register tsx in this thread (each
// worker has its own module loader), as bin/disclosure.mjs does for the main thread, then load the worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
