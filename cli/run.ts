/**
 * Runs one subcommand, once cli/main.ts has named it: loads its module, answers `COMMAND --help`, and turns
 * whatever it throws into an exit code. A usage mistake prints the command's usage (exit 2), a selection
 * that matched nothing exit 5, anything else one diagnostic line (cli/top-level.ts, exit 1).
 *
 * It is a module of its own so that the front (cli/main.ts) imports none of this: `disclosure --help` and
 * `--version` never load the error classes, and the compiled front can stay a CommonJS file that Node starts
 * without its ES-module loader (scripts/bundle.mjs).
 */
import { describeFailure } from './top-level.ts';
import { NothingMatchedError, UsageError } from './args.ts';
import { EXIT, type Command } from './command.ts';

export async function run(name: string, load: () => Promise<{ command: Command }>, args: readonly string[], debug: boolean): Promise<number> {
  try {
    const { command } = await load();
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(command.usage + '\n');
      return EXIT.ok;
    }
    try {
      return await command.run(args);
    } catch (e) {
      if (e instanceof NothingMatchedError) {
        process.stderr.write(`disclosure ${name}: ${e.message}\n`);
        return EXIT.nothingMatched;
      }
      if (e instanceof UsageError) {
        process.stderr.write(`disclosure ${name}: ${e.message}\n\n${command.usage}\n`);
        return EXIT.usage;
      }
      throw e;
    }
  } catch (e) {
    return failed(e, name, debug);
  }
}

/** Any other failure, typed or not, of `command` (or of the front, before one is named): one line, exit 1. */
export async function failed(e: unknown, command: string, debug: boolean): Promise<number> {
  process.stderr.write((await describeFailure(e, command, debug)) + '\n');
  return EXIT.failed;
}
