/**
 * The ingest pipeline: sources → (hash, skip the known) → extract → normalise → checks → load, with
 * bounded concurrency. The main thread reads files, hashes them and loads results (it owns the database
 * connection); the CPU-bound stages run in a pool of worker threads, so that every core works. A file that
 * fails is quarantined with its error class and message and the run carries on; the run's counts are
 * recorded in the warehouse whatever happens.
 */
import { sha256 } from '../extractors/index.ts';
import pLimit from 'p-limit';
import { badInput, DisclosureError } from '../core/errors.ts';
import { limits } from '../core/limits.ts';
import { finishRun, loadReport, notePath, quarantine, quarantinedPaths, startRun } from '../loaders/warehouse/load.ts';
import { environmentFailure, type Warehouse } from '../loaders/warehouse/open.ts';
import { readHints } from '../loaders/warehouse/registry.ts';
import { checkCompanions } from './companions.ts';
import { SourceLookup } from './known.ts';
import { claimAndHandle } from './shared.ts';
import { WorkerPool } from './pool.ts';
import { emptyCounts, failureOf, type FileEvent, type ProgressSink, type RunCounts } from './events.ts';
import { forLoad, processBytes, type ForLoad, type SourceTask } from './stages.ts';
import { expandArchive, isArchive, listSources, readSource, type ListedFiles, type SourceBytes } from './walk.ts';

export interface IngestOptions {
  readonly paths: readonly string[];
  readonly warehouse: Warehouse;
  /** Worker threads for extraction and transforms; 0 runs them in the main thread. */
  readonly workers: number;
  /** Files read and in flight at once (bounds memory: each holds its bytes and results). */
  readonly concurrency: number;
  /** Also retry the files quarantined by earlier runs (by their recorded paths). */
  readonly retryFailed?: boolean;
  /** Share the archive with other ingest processes through the warehouse's claim queue (pipelines/shared.ts). */
  readonly shared?: boolean;
  readonly progress: ProgressSink;
  /** Which files and archive entries to take (ingest --include/--exclude); all when absent. */
  readonly select?: (path: string) => boolean;
  /** The command's arguments, recorded with the run. */
  readonly args: readonly string[];
}

export interface IngestResult {
  readonly runId: number;
  readonly counts: RunCounts;
  readonly seconds: number;
  /** Milliseconds per stage summed over all files (workers included). */
  readonly stageMs: Record<'read' | 'extract' | 'normalise' | 'checks' | 'load', number>;
  readonly peakRssMb: number;
}

/** The bytes as a transferable buffer of their own (a view into a larger buffer is copied first). */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();
}

/** Ingests every source under `paths`; never throws for a bad file. */
export async function ingest(options: IngestOptions): Promise<IngestResult> {
  const { warehouse, progress } = options;
  const db = warehouse.db;
  const started = performance.now();
  const counts = emptyCounts();
  const stageMs = { read: 0, extract: 0, normalise: 0, checks: 0, load: 0 };
  const runId = await startRun(db, { command: 'ingest', args: options.args });
  const lookup = new SourceLookup(db);
  // The user's identity hints, read once: every file of the run is normalised with them.
  const hints = await readHints(db);
  // Workers start on the first file that needs them: a rerun over an unchanged archive never pays for them.
  let pool: WorkerPool<SourceTask, ForLoad> | null = null;
  const workerPool = () => (pool ??= new WorkerPool<SourceTask, ForLoad>(options.workers));

  const record = (event: FileEvent) => {
    counts.seen++;
    if (event.outcome === 'inserted') counts.new++;
    else if (event.outcome === 'updated') counts.updated++;
    else counts[event.outcome]++;
    counts.lineItems += event.lineItems ?? 0;
    if ((event.outcome === 'inserted' || event.outcome === 'updated') && typeof event.reportId === 'number') loaded.add(event.reportId);
    progress.file(event);
  };

  /**
   * The first failure of the environment (disk full, lost connection, read-only warehouse): the run takes
   * no more files and writes nothing more, the files in flight are not blamed, and the next run picks
   * them up. The error's action decides: only a `skippable` error is the file's fault.
   */
  let stopped: DisclosureError | null = null;
  const stopOn = (e: unknown, path?: string): boolean => {
    const env = environmentFailure(e, path);
    if (env) stopped ??= env;
    return env !== null;
  };
  /** Reports loaded by this run: their companion files are checked together at the end. */
  const loaded = new Set<number>();
  /** Contents that failed in this run: another copy of one is tried (and fails) under its own path. */
  const failedThisRun = new Set<string>();
  const fail = async (path: string, sha: string | null, e: unknown, t0: number) => {
    if (stopOn(e, path) || stopped) return;
    // Only a skippable error gets here (stopOn took the others): the file is quarantined under its rule.
    const error = failureOf(e, path);
    if (sha) failedThisRun.add(sha);
    try {
      await quarantine(db, { runId, path, sha256: sha, errorClass: error.rule, message: error.message });
    } catch (qe) {
      if (stopOn(qe, path)) return;
      throw qe;
    }
    record({ path, sha256: sha, outcome: 'failed', error, ms: Math.round(performance.now() - t0) });
  };
  const parseMs = limits().parseMs;

  const handleSource = async ({ path, bytes }: SourceBytes): Promise<void> => {
    if (stopped) return;
    const t0 = performance.now();
    const sha = sha256(bytes);
    try {
      const known = await lookup.get(sha);
      if (known?.status === 'loaded' && known.reportId !== null) {
        // A copy under a new path is recorded; a file seen here before costs no write at all.
        if (!known.paths.has(path)) await notePath(db, sha, path, runId);
        record({ path, sha256: sha, outcome: 'unchanged', reportId: known.reportId, ms: Math.round(performance.now() - t0) });
        return;
      }
      if (known?.status === 'quarantined' && !options.retryFailed && !failedThisRun.has(sha)) {
        record({ path, sha256: sha, outcome: 'skipped', reason: 'quarantined by an earlier run (retry with --retry-failed)', ms: Math.round(performance.now() - t0) });
        return;
      }
      const own = ownBuffer(bytes);
      const processed = options.workers > 0
        ? await workerPool().run({ path, bytes: own, hints }, [own.buffer as ArrayBuffer], { timeoutMs: parseMs, file: path })
        : forLoad(await processBytes(own, path, hints));
      if (stopped) return;
      stageMs.extract += processed.ms.extract;
      stageMs.normalise += processed.ms.normalise;
      stageMs.checks += processed.ms.checks;
      const tLoad = performance.now();
      const loaded = await loadReport(db, { report: processed.report, document: processed.stored, runId, findings: processed.findings });
      stageMs.load += performance.now() - tLoad;
      const lineItems = processed.report.rows.lineItems.length;
      record({
        path, sha256: sha, outcome: loaded.outcome, reportId: loaded.reportId,
        lineItems: loaded.outcome === 'unchanged' ? 0 : lineItems, findings: processed.findings.length,
        ms: Math.round(performance.now() - t0),
      });
    } catch (e) {
      await fail(path, sha, e, t0);
    }
  };

  // Entries of archives go through their own limiter: their archive's slot stays taken meanwhile, and
  // sharing one limiter would deadlock once every slot held an archive.
  let listed: ListedFiles = { files: [], onDisk: (p) => p };
  const entryLimit = pLimit(Math.max(2, options.workers + 1));
  const handleFile = async (path: string): Promise<void> => {
    if (stopped) return;
    const t0 = performance.now();
    let bytes: Uint8Array;
    try {
      bytes = await readSource(path, listed.onDisk(path));
      stageMs.read += performance.now() - t0;
      if (isArchive(bytes)) {
        const entries = expandArchive({ path, bytes }).filter((e) => !options.select || options.select(e.path));
        // An archive with nothing to ingest would otherwise leave no trace in the run.
        if (entries.length === 0) throw badInput('zip/no-reports', path, 'the archive holds no report files (only folders, hidden or ignored names)');
        progress.addTotal(entries.length - 1);
        await Promise.all(entries.map((entry) => entryLimit(() => handleSource(entry))));
        return;
      }
    } catch (e) {
      await fail(path, null, e, t0);
      return;
    }
    await handleSource({ path, bytes });
  };

  // The run is `failed` only when it could not finish (a fatal error); bad files are in its counts.
  let finishedCleanly = false;
  try {
    listed = await listSources(options.paths);
    const files = listed.files.filter((f) => !options.select || options.select(f));
    if (options.retryFailed) {
      // An archive entry is retried by reading its archive again.
      const retry = new Set((await quarantinedPaths(db)).map((p) => p.split('!/')[0]!));
      for (const f of files) retry.delete(f);
      files.push(...retry);
    }
    if (options.shared) {
      // A file left unhandled by a stop is given back to the queue (its claim fails, and the next run's
      // enqueue offers it again).
      const handleClaimed = async (path: string) => {
        await handleFile(path);
        if (stopped) throw stopped;
      };
      const shared = await claimAndHandle(db, files, options.concurrency, handleClaimed, () => progress.addTotal(1));
      if (shared.abandoned.length > 0) {
        const names = shared.abandoned.slice(0, 20).join(', ') + (shared.abandoned.length > 20 ? ', …' : '');
        throw new DisclosureError(
          'shared/abandoned',
          `${shared.abandoned.length} file(s) were claimed by workers that stopped, three times over, and are not loaded: ${names}`,
          'retriable',
        );
      }
    } else {
      progress.addTotal(files.length);
      const limit = pLimit(Math.max(1, options.concurrency));
      await Promise.all(files.map((f) => limit(() => handleFile(f))));
    }
    if (stopped === null) await checkCompanions(db, loaded);
    finishedCleanly = stopped === null;
  } catch (e) {
    if (!stopOn(e)) throw e;
  } finally {
    await (pool as WorkerPool<SourceTask, ForLoad> | null)?.close();
    const finish = finishRun(db, runId, { ...counts, seconds: Number(((performance.now() - started) / 1000).toFixed(3)) }, finishedCleanly ? 'ok' : 'failed');
    // With the disk full or the connection gone the run's record cannot be written either; the next run
    // marks it interrupted.
    if (stopped) await finish.catch(() => undefined);
    else await finish;
  }
  if (stopped) throw stopped;
  return {
    runId, counts, seconds: (performance.now() - started) / 1000, stageMs,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
