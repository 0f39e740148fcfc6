/** Argument parsing shared by the commands: node's parseArgs, with its errors put in our own words. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from './suggest.ts';

export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: O,
) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(argumentMessage(e, options));
  }
}

/**
 * Node's parser messages name its own internals ("To specify a positional argument starting with a '-',
 * place it at the end of the command after '--'…"); say instead which option was not understood, and
 * which one was probably meant.
 */
export function argumentMessage(e: unknown, options: NonNullable<ParseArgsConfig['options']>): string {
  const code = (e as { code?: unknown } | null)?.code;
  const text = e instanceof Error ? e.message : String(e);
  const flag = /'(-[^' ]*)/.exec(text)?.[1] ?? '';
  const names = Object.keys(options);
  const spec = options[flag.replace(/^--?/, '')];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const bare = flag.replace(/^--?/, '').split('=')[0] ?? '';
      return `unknown option ${flag.split('=')[0]}${didYouMean(bare, names, '--')}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return spec?.type === 'boolean' ? `option ${flag} takes no value` : `option ${flag} needs a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument: ${text.replace(/^Unexpected argument '([^']*)'.*$/s, '$1')}`;
    default:
      return text;
  }
}

/** Thrown by a command for bad arguments: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Thrown by a command whose filters or inputs matched nothing: said on standard error, exit code 5. */
export class NothingMatchedError extends Error {
  override readonly name = 'NothingMatchedError';
}
