/**
 * The contract between the `disclosure` dispatcher (cli/main.ts) and each subcommand (cli/commands/): what a
 * command provides, and the exit codes it returns. It imports nothing, so no command depends on the dispatcher.
 */

export interface Command {
  /** One line for `disclosure --help`. */
  readonly summary: string;
  /** Full usage text for `disclosure COMMAND --help`. */
  readonly usage: string;
  /** Runs the command; returns the process exit code. */
  run(args: readonly string[]): Promise<number>;
}

/** Exit codes, documented in the README. */
export const EXIT = { ok: 0, failed: 1, usage: 2, someFilesFailed: 3, locked: 4, nothingMatched: 5 } as const;
