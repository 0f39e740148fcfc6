/**
 * The body of an extraction worker thread: receives { id, task: { path, bytes } } messages, runs the
 * CPU-bound stages (extract → normalise → checks) and replies with the result or a serialised error.
 * Loading stays on the main thread, which owns the database connection.
 */
import { parentPort } from 'node:worker_threads';
import { serialiseError, type WorkerReply } from './pool.ts';
import { forLoad, processBytes, type ForLoad, type SourceTask } from './stages.ts';

if (!parentPort) throw new Error('pipelines/worker.ts runs only inside a worker thread');
const port = parentPort;

port.on('message', (message: { id: number; task: SourceTask }) => {
  const { id, task } = message;
  processBytes(task.bytes, task.path, task.hints).then(
    (processed) => port.postMessage({ id, ok: true, value: forLoad(processed) } satisfies WorkerReply<ForLoad>),
    (e: unknown) => port.postMessage({ id, ok: false, error: serialiseError(e, task.path) } satisfies WorkerReply<ForLoad>),
  );
});
