/** `disclosure reprocess [--year Y] [--unit NAME] [--kind K] [--all] [--json] [--wait] [--db URL]`. */
import { parseCommandArgs, UsageError } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import { formatReprocessEvent, reprocess } from '../../pipelines/reprocess.ts';
import { withWarehouse } from '../session.ts';

const usage = `Usage: disclosure reprocess (--all | --year YEAR | --unit NAME | --kind KIND …) [options]

Rebuilds the normalised data of current reports from the document models stored in the warehouse
(no source files needed), after the codebook, unit aliases or rules changed, and reports per report
what changed: line items and facts added (+), removed (−) and changed (~).

Options:
  --all           every current report (required when no filter is given)
  --year YEAR     only reports of this year
  --unit NAME     only this unit (any known spelling, or its code)
  --kind KIND     budget or final
  --json          one JSON line per report and a summary line
  --wait          wait for another run holding the SQLite warehouse lock instead of exiting
  --db URL        warehouse (default: $DISCLOSURE_DB or data/warehouse.sqlite)

Exit codes: 0 done; 3 some reports failed; 4 the warehouse lock is held; 2 bad arguments.`;

export const command: Command = {
  summary: 'Rebuild normalised data from the stored document models, showing what changed',
  usage,
  async run(args) {
    const { values } = parseCommandArgs(args, {
      db: { type: 'string' }, year: { type: 'string' }, unit: { type: 'string' }, kind: { type: 'string' },
      all: { type: 'boolean' }, json: { type: 'boolean' }, wait: { type: 'boolean' },
    });
    const year = values.year === undefined ? undefined : Number(values.year);
    if (year !== undefined && !Number.isInteger(year)) throw new UsageError('--year must be a year such as 2021');
    if (values.kind !== undefined && values.kind !== 'budget' && values.kind !== 'final') throw new UsageError('--kind must be budget or final');
    if (!values.all && year === undefined && !values.unit && !values.kind) throw new UsageError('say which reports: --all, or --year/--unit/--kind');
    const filter = { ...(year !== undefined ? { year } : {}), ...(values.unit ? { unit: values.unit } : {}), ...(values.kind ? { kind: values.kind } : {}) };
    return withWarehouse(values.db, { lock: true, wait: values.wait ?? false, command: ['reprocess', ...args].join(' ') }, async (warehouse) => {
      const started = performance.now();
      const { runId, counts } = await reprocess({
        warehouse, filter, args,
        onReport: (e) => process.stdout.write((values.json ? JSON.stringify({ event: 'report', ...e }) : formatReprocessEvent(e)) + '\n'),
      });
      const seconds = (performance.now() - started) / 1000;
      const exitCode = counts.failed > 0 ? EXIT.someFilesFailed : EXIT.ok;
      process.stdout.write(
        values.json
          ? JSON.stringify({ event: 'summary', runId, ...counts, seconds: Number(seconds.toFixed(3)), exitCode }) + '\n'
          : `run ${runId}: ${counts.reports} reports, ${counts.changed} changed, ${counts.unchanged} unchanged, ${counts.failed} failed; ${seconds.toFixed(1)}s\n`,
      );
      return exitCode;
    });
  },
};
