/** `disclosure ingest PATH… [--db URL] [--concurrency N] [--workers N] [--wait] [--json] [--retry-failed]`. */
import { parseCommandArgs, UsageError } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import { ingest } from '../../pipelines/ingest.ts';
import { chooseProgress } from '../renderers.ts';
import { defaultPoolSize } from '../../pipelines/pool.ts';
import { withWarehouse } from '../session.ts';
import { ingestSelection, printPlan } from '../ingest-options.ts';

const usage = `Usage: disclosure ingest PATH… [options]

Walks the folders (and zip archives of reports) under each PATH, skips files whose content hash is
already in the warehouse, and extracts, normalises, checks and loads the rest. A file that fails is
quarantined with its error and the run carries on.

Options:
  --db URL            warehouse: PATH.sqlite or postgres://… (default: $DISCLOSURE_DB or data/warehouse.sqlite)
  --concurrency N     files in flight at once (default: 2 × workers + 2)
  --workers N         worker threads for extraction and transforms (default: one per core; 0 = none)
  --retry-failed      also retry the files quarantined by earlier runs
  --shared            share the archive with other ingest processes (other machines too) through the
                      warehouse's claim queue; meant for PostgreSQL: run the same command on every machine
  --wait              wait for another run holding the SQLite warehouse lock instead of exiting
  --json              one JSON line per file and a summary line (the default when not on a terminal)
  --include GLOB      only files matching GLOB (repeat for several): *.pdf, 2021/**, *决算*; a pattern
                      without / is matched against the file name, one with / against the end of the path
  --exclude GLOB      leave out files matching GLOB (repeat for several); wins over --include
  --dry-run           list each file and what would be done with it (new, unchanged, quarantined),
                      loading nothing

Exit codes: 0 all files loaded or unchanged; 3 some files failed (see \`disclosure status\`);
4 another run holds the warehouse lock; 5 no file to ingest (an empty folder, or patterns that match
nothing); 2 bad arguments; 1 fatal error.`;

const positiveInt = (name: string, text: string | undefined, fallback: number, min = 1): number => {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}`);
  return n;
};

export const command: Command = {
  summary: 'Load reports from folders and zip archives into the warehouse',
  usage,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      db: { type: 'string' },
      concurrency: { type: 'string' },
      workers: { type: 'string' },
      'retry-failed': { type: 'boolean' },
      shared: { type: 'boolean' },
      wait: { type: 'boolean' },
      json: { type: 'boolean' },
      include: { type: 'string', multiple: true },
      exclude: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean' },
    });
    if (positionals.length === 0 && !values['retry-failed']) throw new UsageError('give at least one PATH (or --retry-failed)');
    const workers = positiveInt('workers', values.workers, defaultPoolSize(), 0);
    const concurrency = positiveInt('concurrency', values.concurrency, 2 * workers + 2);
    const { select, files } = await ingestSelection(positionals, values.include ?? [], values.exclude ?? [], values['retry-failed'] ?? false);
    if (values['dry-run']) return withWarehouse(values.db, {}, async ({ db }) => printPlan(db, files, select, values.json ?? false));
    const progress = chooseProgress(values.json);
    return withWarehouse(values.db, { lock: true, wait: values.wait ?? false, command: ['ingest', ...args].join(' ') }, async (warehouse) => {
      const result = await ingest({
        paths: positionals, warehouse, workers, concurrency, retryFailed: values['retry-failed'] ?? false, shared: values.shared ?? false, progress,
        args, ...(select ? { select } : {}),
      });
      const exitCode = result.counts.failed > 0 ? EXIT.someFilesFailed : EXIT.ok;
      progress.done({ runId: result.runId, counts: result.counts, seconds: result.seconds, exitCode, extra: { peakRssMb: result.peakRssMb, stageMs: roundAll(result.stageMs) } });
      return exitCode;
    });
  },
};

function roundAll(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v)]));
}
