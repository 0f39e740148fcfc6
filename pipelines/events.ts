/**
 * The events of an ingest run: what happened to each file, the run's counts and summary, and the sink
 * that receives them. The renderers that show them to a user (a terminal bar, JSON lines) are in
 * cli/renderers.ts; pipelines only emit.
 */
import { asDisclosureError } from '../core/errors.ts';
import type { Message } from '../core/messages.ts';

/**
 * The error of a failed file or report: its diagnostic (rule, stage, severity, location, reason and the
 * action that decided its fate), plus `code` (the rule) and `message` (the text naming the file), the
 * keys the events have always had.
 */
export type FailureDiagnostic = Message & { readonly code: string; readonly message: string };

/** Anything thrown while handling `file`, as the failure of an event (the one way, for ingest and reprocess). */
export function failureOf(e: unknown, file: string): FailureDiagnostic {
  const err = asDisclosureError(e, file);
  return { code: err.code, message: err.message, ...err.diagnostic(file) };
}

/** What happened to one source file. */
export type FileOutcome = 'inserted' | 'updated' | 'unchanged' | 'failed' | 'skipped';

export interface FileEvent {
  readonly path: string;
  readonly sha256: string | null;
  readonly outcome: FileOutcome;
  readonly reportId?: number | string | null;
  readonly lineItems?: number;
  readonly findings?: number;
  /** The error of a failed file (error class `zip/corrupt` as `rule` and `code`). */
  readonly error?: FailureDiagnostic;
  /** Why a file was skipped. */
  readonly reason?: string;
  readonly ms?: number;
}

/** Counts of a run, as recorded in the runs table and printed at the end. */
export interface RunCounts {
  seen: number;
  new: number;
  unchanged: number;
  updated: number;
  failed: number;
  skipped: number;
  lineItems: number;
}

export const emptyCounts = (): RunCounts => ({ seen: 0, new: 0, unchanged: 0, updated: 0, failed: 0, skipped: 0, lineItems: 0 });

/** The end of a run: its id, counts, duration and exit code, plus figures such as peak RSS. */
export interface RunSummary {
  readonly runId: number | string | null;
  readonly counts: RunCounts;
  readonly seconds: number;
  readonly exitCode: number;
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface ProgressSink {
  /** More files became known (folders walked, archives opened). */
  addTotal(n: number): void;
  file(event: FileEvent): void;
  /** The end of the run; prints the summary. */
  done(summary: RunSummary): void;
}
