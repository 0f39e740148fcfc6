/**
 * The file selection of `disclosure ingest`: --include/--exclude patterns, the "nothing to ingest" case
 * (an empty folder, or patterns that match nothing: exit 5 rather than a silent success), and the listing
 * of --dry-run.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../loaders/warehouse/schema.ts';
import { NothingMatchedError } from './args.ts';
import { EXIT } from './command.ts';
import { note } from './log.ts';
import { fileFilter, planIngest } from '../pipelines/select-files.ts';
import { listFiles } from '../pipelines/walk.ts';

/** The filter (null when no pattern is given) and the files it keeps; throws when none is left. */
export async function ingestSelection(
  paths: readonly string[],
  include: readonly string[],
  exclude: readonly string[],
  retryFailed: boolean,
): Promise<{ select: ((path: string) => boolean) | null; files: string[] }> {
  const select = include.length > 0 || exclude.length > 0 ? fileFilter(include, exclude) : null;
  if (paths.length === 0) return { select, files: [] };
  const listed = await listFiles(paths);
  const files = select ? listed.filter(select) : listed;
  if (files.length === 0 && !retryFailed) {
    const why = listed.length === 0
      ? `no report files under ${paths.join(', ')} (hidden files and ${'.json/.md/.csv…'} are passed over)`
      : `none of the ${listed.length} files under ${paths.join(', ')} matches the --include/--exclude patterns`;
    throw new NothingMatchedError(`nothing to ingest: ${why}`);
  }
  return { select, files };
}

/** Prints what an ingest would do with each file (one JSON line each with --json); loads nothing. */
export async function printPlan(db: Kysely<Database>, files: readonly string[], select: ((path: string) => boolean) | null, json: boolean): Promise<number> {
  const plan = await planIngest(db, files, select ?? (() => true));
  for (const p of plan) {
    process.stdout.write(json ? JSON.stringify(p) + '\n' : `${p.action.padEnd(11)} ${p.path}${p.reason ? `  (${p.reason})` : ''}\n`);
  }
  const by = (a: string) => plan.filter((p) => p.action === a).length;
  note(`dry run: ${plan.length} sources: ${by('new')} would be loaded, ${by('unchanged')} unchanged, ${by('quarantined')} quarantined before (retried only with --retry-failed), ${by('unreadable')} unreadable; nothing was loaded`);
  if (plan.length === 0) throw new NothingMatchedError('nothing to ingest: the archives hold no entry matching the patterns');
  return EXIT.ok;
}
