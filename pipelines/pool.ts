/**
 * A small pool of worker threads for the CPU-bound stages (extraction and transforms), so that every core
 * works while the main thread hashes, loads and reports. One task per worker at a time; further tasks
 * wait in a queue. A worker that dies fails only its own task and is replaced.
 *
 * Compiled (bundled in dist/bundle/, as bin/disclosure.cjs runs it), the workers run the worker.js that
 * sits beside every chunk there (scripts/bundle.mjs). Run from the TypeScript sources (vitest, tsx
 * benches), they run worker-entry.mjs, which registers tsx in the worker and imports worker.ts.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { asDisclosureError, DisclosureError, type ErrorAction } from '../core/errors.ts';
import type { Stage } from '../core/messages.ts';
import { overLimit } from '../core/limits.ts';

/** What a worker sends back for one task. */
export type WorkerReply<O> =
  | { readonly id: number; readonly ok: true; readonly value: O }
  | { readonly id: number; readonly ok: false; readonly error: SerialisedError };

/** A DisclosureError (or anything thrown) in a form that survives postMessage. */
export interface SerialisedError {
  readonly code: string;
  /** The full text (`file: reason`). */
  readonly message: string;
  readonly action: ErrorAction;
  readonly file?: string;
  /** The error's stage and its reason without the file (absent: the message is the reason). */
  readonly stage?: Stage;
  readonly reason?: string;
}

export function serialiseError(e: unknown, file?: string): SerialisedError {
  const err = asDisclosureError(e, file);
  return { code: err.code, message: err.message, action: err.action, stage: err.stage, reason: err.reason, ...(err.file ? { file: err.file } : {}) };
}

/** Rebuilds a DisclosureError from its serialised form. */
export function reviveError(e: SerialisedError): DisclosureError {
  const reason = e.reason ?? (e.file && e.message.startsWith(`${e.file}: `) ? e.message.slice(e.file.length + 2) : e.message);
  return new DisclosureError(e.code, reason, e.action, e.file, e.stage ? { stage: e.stage } : undefined);
}

/** How one task is bounded: ended (with its worker) past `timeoutMs`; `file` names it in the errors. */
export interface TaskOptions {
  readonly timeoutMs?: number;
  readonly file?: string;
}

interface Pending<O> {
  readonly id: number;
  readonly task: unknown;
  readonly transfer: readonly ArrayBuffer[];
  readonly options: TaskOptions;
  resolve(value: O): void;
  reject(error: unknown): void;
}

interface Slot<O> {
  worker: Worker;
  current: Pending<O> | null;
  timer: NodeJS.Timeout | null;
  /** Fails the current task as over its time limit and ends the worker. */
  expire(ms: number): void;
}

/** A number ≥ 0 from the environment (0 meaning "V8's default"), else the fallback. */
function envNumber(name: string, fallback: number): number {
  const n = Number(process.env[name]?.trim() || NaN);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/**
 * How far V8 lets a heap grow past its live data before the next full collection, in percent (V8's
 * --heap-growing-percent; 0 keeps V8's own choice). Under a heap cap below 256 MB, V8 grows a heap by only
 * 1.3× between full collections, so a worker whose live data is ~35 MB was fully collected every ~0.3 s,
 * most of the cost in concurrent marking on the other core. It is a process-wide V8 setting (every isolate,
 * the main thread's too, reads it at each collection): a pool sets it before starting its workers. On the
 * 200-report bench (`node --trace-gc`, heap cap 192 MB): 0 → 37–39 mark-compacts, 43 s CPU, 391–397 MB peak RSS;
 * 100 → 19–20, 34–35 s, 411–414 MB; 200 → 13, 30–33 s, 456–459 MB. At 2,000 reports: 0 → ~40
 * mark-compacts per worker, 395–445 MB; 120 → 108 in all, 454 MB; 150 → 86, 460–483 MB (eight runs).
 */
function applyHeapGrowing(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${Math.round(percent)}`);
}

/** The default size: one worker per core the process may use. */
export const defaultPoolSize = (): number => Math.max(1, availableParallelism());

export class WorkerPool<I, O> {
  private readonly slots: Slot<O>[] = [];
  private readonly queue: Pending<O>[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    readonly size: number,
    private readonly entry: URL = new URL(import.meta.url.endsWith('.ts') ? './worker-entry.mjs' : './worker.js', import.meta.url),
    /**
     * Old-generation heap of each worker in MB. A cap makes V8 collect garbage before the heap grows, so
     * that peak RSS stays flat however many files a run sees; a document too big for it fails alone
     * (`internal/worker-died`) and the worker is replaced. 0 lifts the cap: V8 then lets a worker's heap grow
     * to ~4× its live data before a full collection, at the price of ~140 MB more peak RSS (546 MB at 2,000
     * reports). How far a capped heap grows is set by `heapGrowingPercent` below.
     */
    private readonly heapMb: number = envNumber('DISCLOSURE_WORKER_HEAP_MB', 192),
    /**
     * Young-generation size of each worker in MB (V8 splits it into two semi-spaces and a third for large
     * objects). mammoth, cheerio and the table readers allocate many short-lived objects per document, and
     * a report's trees outlive several scavenges. At 2,000 reports (`node --trace-gc`): 48 MB → 4,115
     * scavenges, 64 MB → 2,077. At 200 reports: 128 MB → 172 scavenges against 253, but 522 MB peak RSS.
     * 0 leaves the young generation to V8's own sizing.
     */
    private readonly youngMb: number = envNumber('DISCLOSURE_WORKER_YOUNG_MB', 64),
    heapGrowingPercent: number = envNumber('DISCLOSURE_HEAP_GROWING_PERCENT', 150),
  ) {
    applyHeapGrowing(heapGrowingPercent);
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot<O> {
    const resourceLimits = {
      ...(this.heapMb > 0 ? { maxOldGenerationSizeMb: this.heapMb } : {}),
      ...(this.youngMb > 0 ? { maxYoungGenerationSizeMb: this.youngMb } : {}),
    };
    const slot: Slot<O> = { worker: new Worker(this.entry, { resourceLimits }), current: null, timer: null, expire: () => {} };
    const settle = () => {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      const p = slot.current;
      slot.current = null;
      return p;
    };
    slot.worker.on('message', (reply: WorkerReply<O>) => {
      if (!slot.current || slot.current.id !== reply.id) return;
      const p = settle()!;
      if (reply.ok) p.resolve(reply.value);
      else p.reject(reviveError(reply.error));
      this.pump();
    });
    let dead = false;
    const die = (error: (file: string | undefined) => DisclosureError) => {
      if (dead) return;
      dead = true;
      const p = settle();
      if (p) p.reject(error(p.options.file));
      if (this.closed) return;
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots[i] = this.spawn();
      this.pump();
    };
    const died = (why: string) => (file: string | undefined) =>
      new DisclosureError('internal/worker-died', `the extraction worker stopped (${why})`, 'skippable', file);
    slot.worker.on('error', (e) => {
      // A document too big for the worker's heap: the file's fault, named as the limit it passed.
      if ((e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        die((file) => overLimit('memory', file, `extracting the file needed more than the worker's ${this.heapMb} MB heap`));
      } else die(died(e instanceof Error ? e.message : String(e)));
    });
    slot.worker.on('exit', (code) => {
      if (!this.closed) die(died(`exit code ${code}`));
    });
    slot.expire = (ms: number) => {
      // Ending the worker is the only way to stop a parse that runs away (a regular expression or a tree
      // walk on a pathological document): a thread cannot be interrupted from outside.
      die((file) => overLimit('time', file, `extraction took longer than ${Math.round(ms / 1000)} s and was stopped`));
      void slot.worker.terminate();
    };
    // Idle workers must not keep the process alive after the run.
    slot.worker.unref();
    return slot;
  }

  /**
   * Runs a task on the next free worker; `transfer` lists buffers to move rather than copy. A task past
   * `options.timeoutMs` (from when a worker takes it) fails with `limit/time` and its worker is replaced.
   */
  run(task: I, transfer: readonly ArrayBuffer[] = [], options: TaskOptions = {}): Promise<O> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, transfer, options, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.current || this.queue.length === 0) continue;
      const p = this.queue.shift()!;
      slot.current = p;
      const ms = p.options.timeoutMs ?? 0;
      if (ms > 0) slot.timer = setTimeout(() => slot.expire(ms), ms);
      slot.worker.ref();
      slot.worker.postMessage({ id: p.id, task: p.task }, [...p.transfer]);
    }
    for (const slot of this.slots) if (!slot.current) slot.worker.unref();
  }

  /** Stops the workers; tasks still queued are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('the worker pool was closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
