/**
 * Diagnostics that travel with values through every stage, after mammoth's Result{value, messages}.
 * Bad data never throws inside a stage: it becomes a message with a rule id and a reason that names the
 * consequence, and the stage carries on.
 */

export type Severity = 'error' | 'warning' | 'info';
/**
 * The stage that said it. Checks report as outcomes (transforms/checks/model.ts) and thrown errors carry
 * their own class (core/errors.ts), so messages come from these three.
 */
export type Stage = 'extract' | 'transform' | 'load';

/** Where in a source a message points. All fields optional: a message says as much as it knows. */
export interface Location {
  readonly file?: string;
  readonly block?: number;
  readonly row?: number;
  readonly col?: number;
  readonly page?: number;
  readonly start?: number;
  readonly end?: number;
}

export interface Message {
  readonly severity: Severity;
  /** A stable id such as `amount/unparseable` or `docx/ragged-grid`. */
  readonly rule: string;
  readonly stage: Stage;
  /** What is wrong and what follows from it ("cell merging may be incorrect"). */
  readonly reason: string;
  readonly location?: Location;
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

/** Formats a message for a terminal: `warning docx/ragged-grid (extract) file block 3: reason`. */
export function formatMessage(m: Message): string {
  const where: string[] = [];
  const l = m.location;
  if (l?.file) where.push(l.file);
  if (l?.page !== undefined) where.push(`page ${l.page}`);
  if (l?.block !== undefined) where.push(`block ${l.block}`);
  if (l?.row !== undefined) where.push(`row ${l.row}`);
  if (l?.col !== undefined) where.push(`col ${l.col}`);
  return `${m.severity} ${m.rule} (${m.stage})${where.length ? ' ' + where.join(' ') : ''}: ${m.reason}`;
}
