/**
 * The command line's last line of defence (issue 20): whatever a command throws becomes one line on
 * stderr, `disclosure COMMAND: ` and the error's diagnostic (core/messages.ts formatMessage:
 * `error CODE (stage) file: reason [action]`), and exit code 1. The stack trace is printed only with
 * `--debug` or DISCLOSURE_DEBUG=1. An error that is not a DisclosureError is classified first (a full
 * disk or a read-only file system is named as such); anything left is `internal/unexpected`.
 */
import { DisclosureError, systemFailure } from '../core/errors.ts';
import { formatMessage } from '../core/messages.ts';

/** The one line (and, when debugging, the trace) describing a failure of `command`: the error's diagnostic line. */
export async function describeFailure(e: unknown, command: string, debug: boolean): Promise<string> {
  // The warehouse's failure classes are loaded only on failure: `--help` and `parse` never load a database driver.
  const { environmentFailure } = await import('../loaders/warehouse/open.ts');
  const typed = e instanceof DisclosureError ? e : (environmentFailure(e) ?? systemFailure(e) ?? null);
  const code = typeof (e as { code?: unknown } | null)?.code === 'string' ? `internal/${String((e as { code: string }).code).toLowerCase()}` : 'internal/unexpected';
  const error = typed ?? new DisclosureError(code, e instanceof Error ? e.message : String(e), 'fatal', undefined, { cause: e });
  const d = error.diagnostic();
  const line = `disclosure${command ? ` ${command}` : ''}: ${formatMessage({ ...d, reason: d.reason.split('\n')[0] ?? '' })}`;
  if (!debug) return line;
  const stack = e instanceof Error ? e.stack : undefined;
  return stack ? `${line}\n${stack}` : line;
}
