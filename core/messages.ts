/**
 * Diagnostics that travel with values through every stage, after mammoth's Result{value, messages}.
 * Bad data never throws inside a stage: it becomes a message with a rule id and a reason that names the
 * consequence, and the stage carries on.
 *
 * `Message` is the one diagnostics shape of the project: a stage's message, a check's finding
 * (`diagnosticOfOutcome`, transforms/checks/model.ts) and a thrown error (`DisclosureError#diagnostic`,
 * core/errors.ts) are each one, and every line shown to a user is `formatMessage`'s.
 */

export type Severity = 'error' | 'warning' | 'info';
/**
 * The stage that said it: the stage folder of the code that found it (`check` for the rules of
 * transforms/checks), or `run` for the compositions and the command line (a worker pool, a lock, the
 * command's arguments and outputs).
 */
export type Stage = 'extract' | 'transform' | 'check' | 'load' | 'run';

/**
 * Errors are typed by what the operator should do with them (after the Meltano SDK):
 * - `skippable`: this input is bad; record it (quarantine) and go on with the batch;
 * - `retriable`: something outside the input failed (database busy, lock held); try again later;
 * - `fatal`: configuration or environment is wrong; stop the run, but still write its record.
 */
export type ErrorAction = 'skippable' | 'retriable' | 'fatal';

/**
 * Where in a source a message points. All fields optional: a message says as much as it knows. A table
 * cell of a normalised report is `table` (its id), `row` (counted from 1) and `column` (its header path).
 */
export interface Location {
  readonly file?: string;
  readonly block?: number;
  readonly row?: number;
  readonly col?: number;
  readonly page?: number;
  readonly start?: number;
  readonly end?: number;
  readonly table?: string;
  readonly column?: string;
}

export interface Message {
  readonly severity: Severity;
  /** A stable id such as `amount/unparseable` or `docx/ragged-grid`. */
  readonly rule: string;
  readonly stage: Stage;
  /** What is wrong and what follows from it ("cell merging may be incorrect"). */
  readonly reason: string;
  readonly location?: Location;
  /** Only on an error that stopped a file or a run: what happens next (ErrorAction). */
  readonly action?: ErrorAction;
}

export interface Result<T> {
  readonly value: T;
  readonly messages: readonly Message[];
}

export function result<T>(value: T, messages: readonly Message[] = []): Result<T> {
  return { value, messages };
}

export function message(
  severity: Severity,
  stage: Stage,
  rule: string,
  reason: string,
  location?: Location,
): Message {
  return location ? { severity, stage, rule, reason, location } : { severity, stage, rule, reason };
}

export const warning = (stage: Stage, rule: string, reason: string, location?: Location): Message =>
  message('warning', stage, rule, reason, location);

export const info = (stage: Stage, rule: string, reason: string, location?: Location): Message =>
  message('info', stage, rule, reason, location);

/** The message placed in `file`, unless it already names one (a stage's message seldom knows its file). */
export function inFile(m: Message, file: string | undefined): Message {
  return file === undefined || m.location?.file !== undefined ? m : { ...m, location: { file, ...m.location } };
}

/**
 * Formats a message for a terminal, the one line every command prints for a diagnostic, in this order:
 * severity, rule, (stage), place, reason, and an error's action:
 * `warning docx/ragged-grid (extract) a.docx block 3: cell merging may be incorrect`,
 * `error zip/corrupt (extract) b.docx: the archive is truncated [skippable]`.
 */
export function formatMessage(m: Message): string {
  const where: string[] = [];
  const l = m.location;
  if (l?.file) where.push(l.file);
  if (l?.page !== undefined) where.push(`page ${l.page}`);
  if (l?.table !== undefined) where.push(l.table);
  if (l?.block !== undefined) where.push(`block ${l.block}`);
  if (l?.row !== undefined) where.push(`row ${l.row}`);
  if (l?.col !== undefined) where.push(`col ${l.col}`);
  if (l?.column !== undefined) where.push(`column ${l.column}`);
  const action = m.action ? ` [${m.action}]` : '';
  return `${m.severity} ${m.rule} (${m.stage})${where.length ? ' ' + where.join(' ') : ''}: ${m.reason}${action}`;
}
