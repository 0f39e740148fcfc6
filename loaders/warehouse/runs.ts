/**
 * Runs, source files and quarantine: what a command did, which files it saw, and which failed and why.
 */
import { sql, type Kysely } from 'kysely';
import { hostname } from 'node:os';
import type { Database, RunStatus } from './schema.ts';
import { writeTransaction } from './batch.ts';
import { processAlive as alive } from '../../core/process.ts';

const now = () => new Date().toISOString();

/**
 * Marks `interrupted` the runs still `running` whose process is gone: killed, or stopped by a full disk
 * before it could write its end. Only runs of this machine are judged (another host's pids mean nothing
 * here). Returns their ids.
 */
export async function markInterruptedRuns(db: Kysely<Database>): Promise<number[]> {
  const running = await db.selectFrom('runs').select(['id', 'pid']).where('status', '=', 'running').where('host', '=', hostname()).execute();
  const dead = running.filter((r) => r.pid !== process.pid && !alive(Number(r.pid))).map((r) => Number(r.id));
  if (dead.length > 0) await db.updateTable('runs').set({ status: 'interrupted' }).where('id', 'in', dead).execute();
  return dead;
}

/** Records the start of a run (first marking the runs of dead processes interrupted); returns its id. */
export async function startRun(db: Kysely<Database>, input: { command: string; args?: readonly string[] }): Promise<number> {
  await markInterruptedRuns(db);
  const row = await db
    .insertInto('runs')
    .values({
      command: input.command,
      args: JSON.stringify(input.args ?? []),
      host: hostname(),
      pid: process.pid,
      started_at: now(),
      status: 'running',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Records the end of a run with its counts (any JSON object: seen, new, unchanged, updated, failed …). */
export async function finishRun(db: Kysely<Database>, runId: number, counts: object, status: RunStatus = 'ok'): Promise<void> {
  await db
    .updateTable('runs')
    .set({ finished_at: now(), status, counts: JSON.stringify(counts) })
    .where('id', '=', runId)
    .execute();
}

export interface QuarantineInput {
  readonly runId: number | null;
  readonly path: string;
  readonly sha256: string | null;
  /**
   * The error's rule (`format/legacy-doc`: its diagnostic's `rule`, DisclosureError.code), stored as
   * `error_class`. Its action is not stored: only a skippable error quarantines a file (a retriable or
   * fatal one stops the run, pipelines/ingest.ts).
   */
  readonly errorClass?: string;
  /** The text naming the file (`file: reason`). */
  readonly message: string;
}

/**
 * Quarantines a file: one row per failure (a file failing in several runs keeps its history), and the
 * source file marked `quarantined` unless a load of the same bytes already succeeded.
 */
export async function quarantine(db: Kysely<Database>, input: QuarantineInput): Promise<void> {
  const at = now();
  await writeTransaction(db, async (trx) => {
    await trx
      .insertInto('quarantine')
      .values({
        run_id: input.runId,
        path: input.path,
        sha256: input.sha256,
        error_class: input.errorClass ?? 'internal/unexpected',
        message: input.message,
        at,
      })
      .execute();
    if (input.sha256 === null) return;
    await trx
      .insertInto('source_files')
      .values({ sha256: input.sha256, format: null, bytes: null, status: 'quarantined', first_seen_at: at, last_seen_at: at, first_run_id: input.runId })
      .onConflict((oc) => oc.column('sha256').doUpdateSet({ last_seen_at: at }))
      .execute();
    await notePathIn(trx, input.sha256, input.path, input.runId, at);
  });
}

/** Paths quarantined by earlier runs whose file has not been loaded since (for `ingest --retry-failed`). */
export async function quarantinedPaths(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('quarantine as q')
    .select('q.path')
    .distinct()
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('source_paths as sp')
            .innerJoin('source_files as sf', 'sf.id', 'sp.source_file_id')
            .select(sql<number>`1`.as('one'))
            .whereRef('sp.path', '=', 'q.path')
            .where('sf.status', '=', 'loaded'),
        ),
      ),
    )
    .orderBy('q.path')
    .execute();
  return rows.map((r) => r.path);
}

const HASH_CHUNK = 500;

/**
 * Of the given hashes, those already loaded, with their report id. Quarantined files are not "known": a
 * retry must process them again.
 */
export async function knownHashes(db: Kysely<Database>, hashes: readonly string[]): Promise<Map<string, number>> {
  const known = new Map<string, number>();
  const unique = [...new Set(hashes)];
  for (let i = 0; i < unique.length; i += HASH_CHUNK) {
    const rows = await db
      .selectFrom('source_files as sf')
      .innerJoin('reports as r', 'r.source_file_id', 'sf.id')
      .select(['sf.sha256', 'r.id'])
      .where('sf.sha256', 'in', unique.slice(i, i + HASH_CHUNK))
      .where('sf.status', '=', 'loaded')
      .execute();
    for (const r of rows) known.set(r.sha256, r.id);
  }
  return known;
}

async function notePathIn(db: Kysely<Database>, sha256: string, path: string, runId: number | null, at: string): Promise<void> {
  await db
    .insertInto('source_paths')
    .columns(['source_file_id', 'path', 'first_seen_at', 'run_id'])
    .expression((eb) =>
      eb
        .selectFrom('source_files')
        // Casts: PostgreSQL cannot infer the type of a bare parameter in a select list.
        .select([
          'id',
          sql<string>`cast(${path} as text)`.as('path'),
          sql<string>`cast(${at} as text)`.as('first_seen_at'),
          sql<number | null>`cast(${runId} as integer)`.as('run_id'),
        ])
        .where('sha256', '=', sha256),
    )
    .onConflict((oc) => oc.columns(['source_file_id', 'path']).doNothing())
    .execute();
}

/**
 * Records that a known file was seen under `path` (a copy elsewhere in the archive); a path already
 * recorded changes nothing. For callers that skip known hashes without calling loadReport.
 */
export async function notePath(db: Kysely<Database>, sha256: string, path: string, runId: number | null = null): Promise<void> {
  await notePathIn(db, sha256, path, runId, now());
}

export { notePathIn };
