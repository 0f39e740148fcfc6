/**
 * The message port between pdfjs's document API and its worker side when both run in this thread.
 *
 * Without a worker thread, pdfjs sets up a "fake worker" whose LoopbackPort structured-clones every
 * message: each page's text items and operator lists, and every embedded font, are deep-copied once
 * more on their way from the worker side to the API in the same heap (about 7% of a PDF's extraction CPU
 * on the corpus, and garbage besides). This port hands the messages over by reference instead.
 *
 * By reference is only safe where the sender no longer changes what it sent, and pdfjs's worker side
 * reuses two things after enqueueing a stream chunk (pdf.worker.mjs 5.6): `OperatorList.flush` empties
 * its `fnArray` and `argsArray` in place (`length = 0`), and `getTextContent`'s `enqueueChunk` puts new
 * `items` and `styles` on the same `textContent` object. A chunk is therefore copied one level down
 * (its object and the arrays it holds); what those arrays hold is built fresh for each chunk.
 */

type Listener = (this: unknown, event: { data: unknown }) => void;

/** A structured-clone-free stand-in for pdfjs's LoopbackPort (both ends listen on the one port). */
export class InThreadPort {
  private readonly listeners = new Set<Listener>();

  postMessage(message: unknown): void {
    const event = { data: ownChunk(message) };
    // Delivered asynchronously, as a port does (and as LoopbackPort does, on a resolved promise).
    queueMicrotask(() => {
      for (const listener of this.listeners) listener.call(this, event);
    });
  }

  addEventListener(_type: 'message', listener: Listener): void {
    this.listeners.add(listener);
  }

  removeEventListener(_type: 'message', listener: Listener): void {
    this.listeners.delete(listener);
  }

  terminate(): void {
    this.listeners.clear();
  }
}

/** The message with its stream chunk (if any) copied one level down: see the file comment. */
function ownChunk(message: unknown): unknown {
  if (typeof message !== 'object' || message === null || !('chunk' in message)) return message;
  const { chunk } = message as { chunk: unknown };
  if (typeof chunk !== 'object' || chunk === null || Array.isArray(chunk) || ArrayBuffer.isView(chunk)) return message;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(chunk)) copy[key] = Array.isArray(value) ? value.slice() : value;
  return { ...message, chunk: copy };
}
