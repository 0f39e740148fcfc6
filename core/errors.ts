/**
 * Errors are typed by what the operator should do with them (after the Meltano SDK):
 * - `skippable`: this input is bad; record it (quarantine) and go on with the batch;
 * - `retriable`: something outside the input failed (database busy, lock held); try again later;
 * - `fatal`: configuration or environment is wrong; stop the run, but still write its record.
 */
export type ErrorAction = 'skippable' | 'retriable' | 'fatal';

export class DisclosureError extends Error {
  override readonly name = 'DisclosureError';
  constructor(
    /** A stable error class such as `format/legacy-doc`, `zip/corrupt`, `zip/bomb`, `input/empty`. */
    readonly code: string,
    message: string,
    readonly action: ErrorAction = 'skippable',
    /** The file the error is about, when there is one. */
    readonly file?: string,
    options?: { cause?: unknown },
  ) {
    super(file ? `${file}: ${message}` : message, options);
  }
}

/** A bad input file: the batch records it and carries on. */
export function badInput(code: string, file: string, message: string, cause?: unknown): DisclosureError {
  return new DisclosureError(code, message, 'skippable', file, cause === undefined ? undefined : { cause });
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
