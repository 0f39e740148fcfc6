/** Writing to a stream with its backpressure honoured. */
import type { Writable } from 'node:stream';

/** Writes `text`; resolves at once, or after 'drain' when the sink's buffer is full. */
export function writeChunk(sink: Writable, text: string): Promise<void> {
  if (sink.write(text)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      sink.off('error', onError);
      resolve();
    };
    const onError = (e: Error) => {
      sink.off('drain', onDrain);
      reject(e);
    };
    sink.once('drain', onDrain);
    sink.once('error', onError);
  });
}
