/**
 * Thrown errors, typed by what the operator should do with them (`ErrorAction`, core/messages.ts:
 * skippable, retriable, fatal). An error is shown and recorded as the one diagnostics shape through
 * `diagnostic()`: rule = code, severity `error`, its stage, location.file, reason, and its action.
 */
import type { ErrorAction, Message, Stage } from './messages.ts';

export type { ErrorAction } from './messages.ts';

export interface ErrorOptions {
  readonly cause?: unknown;
  /**
   * The stage that raised it. By default a bad input (`skippable`) is found reading it (`extract`) and
   * anything else is the run's (`run`); the loaders say `load`.
   */
  readonly stage?: Stage;
}

export class DisclosureError extends Error {
  override readonly name = 'DisclosureError';
  readonly stage: Stage;
  /** What is wrong, without the file (`message` is `file: reason`, for plain `Error` readers). */
  readonly reason: string;
  constructor(
    /** A stable error class such as `format/legacy-doc`, `zip/corrupt`, `zip/bomb`, `input/empty`. */
    readonly code: string,
    message: string,
    readonly action: ErrorAction = 'skippable',
    /** The file the error is about, when there is one. */
    readonly file?: string,
    options?: ErrorOptions,
  ) {
    super(file ? `${file}: ${message}` : message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.reason = message;
    this.stage = options?.stage ?? (action === 'skippable' ? 'extract' : 'run');
  }

  /** The error as a diagnostic; `file` places it when the error itself names none (the file being handled). */
  diagnostic(file?: string): Message {
    const where = this.file ?? file;
    return { severity: 'error', rule: this.code, stage: this.stage, reason: this.reason, ...(where ? { location: { file: where } } : {}), action: this.action };
  }
}

/** A bad input file: the batch records it and carries on. */
export function badInput(code: string, file: string, message: string, cause?: unknown): DisclosureError {
  return new DisclosureError(code, message, 'skippable', file, { cause });
}

export function isDisclosureError(e: unknown): e is DisclosureError {
  return e instanceof DisclosureError;
}

/** Turns anything thrown into a DisclosureError, keeping typed ones and naming the file for the rest. */
export function asDisclosureError(e: unknown, file?: string): DisclosureError {
  if (e instanceof DisclosureError) return e;
  const text = e instanceof Error ? e.message : String(e);
  return new DisclosureError('internal/unexpected', text, 'skippable', file, { cause: e });
}

/** Node's codes for a machine that cannot go on: disk full, read-only file system, I/O error, no descriptors. */
const SYSTEM_FAILURES: Readonly<Record<string, string>> = {
  ENOSPC: 'env/disk-full', EDQUOT: 'env/disk-full', EROFS: 'env/read-only', EIO: 'env/io', EMFILE: 'env/io', ENFILE: 'env/io', ENOMEM: 'env/out-of-memory',
};

/**
 * A system error that is the environment's fault (not the file's) as a fatal DisclosureError, or null.
 * `file` is what was being handled, named in the message but not blamed (the error carries no file).
 */
export function systemFailure(e: unknown, file?: string): DisclosureError | null {
  const code = (e as { code?: unknown } | null)?.code;
  const kind = typeof code === 'string' ? SYSTEM_FAILURES[code] : undefined;
  if (!kind) return null;
  const reason = e instanceof Error ? e.message : String(e);
  return new DisclosureError(kind, `${file ? `while handling ${file}: ` : ''}${reason}`, 'fatal', undefined, { cause: e });
}
