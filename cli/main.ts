/**
 * The `disclosure` command's front: a table of subcommands, each in its own module under cli/commands/,
 * loaded only when used (by cli/run.ts), so that `disclosure --help` stays instant. The front answers
 * `--help`, `--version` and an unknown name itself, from small modules that load nothing else: the build
 * compiles it to a CommonJS file (scripts/bundle.mjs), and Node starts such a file without its ES-module loader.
 */
import { didYouMean } from './suggest.ts';
import { debugWanted, takeLogFlags, withoutDebug } from './log.ts';
import { versionText } from './version.ts';
import { EXIT, type Command } from './command.ts';

type Loader = () => Promise<{ command: Command }>;

/** Every subcommand, in the order `--help` lists them. */
const commands: Record<string, { summary: string; load: Loader }> = {
  extract: { summary: 'Print the document model of a DOCX/HTML/PDF report', load: () => import('./commands/extract.ts') },
  parse: { summary: 'Parse a report into metadata, standard tables, line items and facts', load: () => import('./commands/parse.ts') },
  ingest: { summary: 'Load reports from folders and zip archives into the warehouse', load: () => import('./commands/ingest.ts') },
  reprocess: { summary: 'Rebuild normalised data from the stored documents, showing changes', load: () => import('./commands/reprocess.ts') },
  export: { summary: 'Write a dataset as CSV, NDJSON or Parquet (or all as a Fiscal Data Package)', load: () => import('./commands/export.ts') },
  status: { summary: 'Show the last runs, warehouse counts and quarantined files', load: () => import('./commands/status.ts') },
  coverage: { summary: 'Show the unit × year × budget/final matrix, gaps marked', load: () => import('./commands/coverage.ts') },
  units: { summary: 'List, merge and split units; apply identity hints per folder or file pattern', load: () => import('./commands/units.ts') },
  check: { summary: 'Check reports for inconsistent figures (files, or the reports in the warehouse)', load: () => import('./commands/check.ts') },
  findings: { summary: 'Dismiss or confirm a finding by its id (marks survive reprocess and new versions)', load: () => import('./commands/findings.ts') },
  codes: { summary: 'Import, look up and resolve classification codes (the edition-aware codebook)', load: () => import('./commands/codes.ts') },
  report: { summary: 'Write a static HTML report with multi-year charts (opens from disk)', load: () => import('./commands/report.ts') },
  query: { summary: 'Run a read-only SQL query against the analyst views; print a table or CSV', load: () => import('./commands/query.ts') },
};

function help(): string {
  const width = Math.max(...Object.keys(commands).map((k) => k.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'disclosure — ETL for Chinese government budget and final-accounts disclosures (部门预算/决算公开)',
    '',
    'Usage: disclosure COMMAND [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Global options: --quiet (-q) only warnings and errors on standard error; --verbose more detail;',
    '                --version the version; --help this text.',
    '',
    'Run `disclosure COMMAND --help` for the options of one command.',
  ].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const debug = debugWanted(argv);
  try {
    return await dispatch(argv, debug);
  } catch (e) {
    const { failed } = await import('./run.ts');
    return failed(e, '', debug);
  }
}

async function dispatch(argv: readonly string[], debug: boolean): Promise<number> {
  const { level, rest: args } = takeLogFlags(withoutDebug(argv));
  if (level) process.env.DISCLOSURE_LOG = level;
  const [name, ...rest] = args;
  // No arguments at all is a request for help, as with git: it prints the commands and succeeds.
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help() + '\n');
    return EXIT.ok;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(versionText() + '\n');
    return EXIT.ok;
  }
  const entry = commands[name];
  if (!entry) {
    const hint = didYouMean(name, Object.keys(commands));
    const what = name.startsWith('-') ? 'option' : 'command';
    process.stderr.write(`disclosure: unknown ${what} '${name}'${hint}\n\n${help()}\n`);
    return EXIT.usage;
  }
  const { run } = await import('./run.ts');
  return run(name, entry.load, rest, debug);
}
