/**
 * How talkative the command is: `--quiet` keeps standard error to warnings and errors, `--verbose` adds
 * detail (timings, what each step read). The level travels in the environment (DISCLOSURE_LOG) rather
 * than in module state, so that worker threads and child processes started by a command follow it too.
 */

export type LogLevel = 'quiet' | 'normal' | 'verbose';

export function logLevel(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const v = env.DISCLOSURE_LOG;
  return v === 'quiet' || v === 'verbose' ? v : 'normal';
}

/** An informational line on standard error (row counts, files written); silent under --quiet. */
export function note(line: string): void {
  if (logLevel() !== 'quiet') process.stderr.write(line.endsWith('\n') ? line : line + '\n');
}

/** A detail line on standard error, written only under --verbose. */
export function detail(line: string): void {
  if (logLevel() === 'verbose') process.stderr.write(line.endsWith('\n') ? line : line + '\n');
}

/**
 * Takes the global flags (--quiet/-q, --verbose) out of an argument list, wherever they stand, and
 * returns the level they ask for with the remaining arguments. Arguments after `--` are left alone.
 */
export function takeLogFlags(argv: readonly string[]): { level: LogLevel | null; rest: string[] } {
  let level: LogLevel | null = null;
  const rest: string[] = [];
  let passthrough = false;
  for (const a of argv) {
    if (!passthrough && (a === '--quiet' || a === '-q')) level = 'quiet';
    else if (!passthrough && a === '--verbose') level = 'verbose';
    else {
      if (a === '--') passthrough = true;
      rest.push(a);
    }
  }
  return { level, rest };
}

/** True when the user asked for stack traces. */
export function debugWanted(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  return argv.includes('--debug') || env.DISCLOSURE_DEBUG === '1';
}

/** The arguments without `--debug` (which every command accepts). */
export function withoutDebug(argv: readonly string[]): string[] {
  return argv.filter((a) => a !== '--debug');
}
