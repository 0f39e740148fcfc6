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
