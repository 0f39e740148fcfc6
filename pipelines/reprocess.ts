/**
 * Reprocessing: after the codebook, the unit aliases or the rules change, rebuild the normalised rows of
 * reports from the document models stored in the warehouse (never the source files, which may be long
 * gone), and say per report what changed: line items and facts added, removed and changed.
 */
import { DisclosureError } from '../core/errors.ts';
import { formatMessage } from '../core/messages.ts';
import { failureOf, type FailureDiagnostic } from './events.ts';
import { finishRun, loadDocument, replaceDerived, startRun, type DerivedChanges } from '../loaders/warehouse/load.ts';
import { findReports, type ReportFilter, type ReportRef } from '../loaders/warehouse/queries.ts';
import { readHints } from '../loaders/warehouse/registry.ts';
import { checkCompanions } from './companions.ts';
import { environmentFailure, type Warehouse } from '../loaders/warehouse/open.ts';
import { transformDocument } from './stages.ts';

/** What happened to one report. */
export type ReprocessEvent =
  | { readonly reportId: number; readonly unit: string | null; readonly year: number | null; readonly kind: string | null; readonly outcome: 'changed' | 'unchanged'; readonly changes: DerivedChanges; readonly findings: number }
  | { readonly reportId: number; readonly unit: string | null; readonly year: number | null; readonly kind: string | null; readonly outcome: 'failed'; readonly error: FailureDiagnostic };

export interface ReprocessCounts {
  reports: number;
  changed: number;
  unchanged: number;
  failed: number;
}

export interface ReprocessOptions {
  readonly warehouse: Warehouse;
  readonly filter: Omit<ReportFilter, 'all'>;
  readonly args: readonly string[];
  readonly onReport: (event: ReprocessEvent) => void;
  /** Only the reports this accepts (e.g. those whose path a new hint matches). */
  readonly only?: (ref: ReportRef) => boolean;
}

/** Rebuilds every current report matching the filter; a report that fails is reported and skipped. */
export async function reprocess(options: ReprocessOptions): Promise<{ runId: number; counts: ReprocessCounts }> {
  const { db } = options.warehouse;
  const runId = await startRun(db, { command: 'reprocess', args: options.args });
  const counts: ReprocessCounts = { reports: 0, changed: 0, unchanged: 0, failed: 0 };
  let finishedCleanly = false;
  try {
    // Every copy, superseded and unidentified ones included: a unit merged or split, or a hint added,
    // moves all of them, and which copy is current is decided on the copies themselves (loaders/warehouse/versions.ts).
    const hints = await readHints(db);
    const touched = new Set<number>();
    for (const ref of await findReports(db, { ...options.filter, all: true })) {
      if (options.only && !options.only(ref)) continue;
      counts.reports++;
      const who = { reportId: ref.id, unit: ref.unit_name, year: ref.year, kind: ref.kind };
      try {
        const document = await loadDocument(db, ref.sha256);
        if (!document) throw new DisclosureError('warehouse/no-document', 'the warehouse holds no document model for this report; ingest its file again', 'skippable', ref.path ?? ref.sha256, { stage: 'load' });
        const { report, findings } = await transformDocument(document, hints);
        const changes = await replaceDerived(db, ref.id, report, findings, runId);
        touched.add(ref.id);
        const outcome = changes.unchanged ? 'unchanged' : 'changed';
        counts[outcome]++;
        options.onReport({ ...who, outcome, changes, findings: findings.length });
      } catch (e) {
        // A full disk or a lost connection is no fault of the report: the run stops (exit 1).
        const env = environmentFailure(e);
        if (env) throw env;
        counts.failed++;
        options.onReport({ ...who, outcome: 'failed', error: failureOf(e, ref.path ?? ref.sha256) });
      }
    }
    // The parts of a report published as two files are checked together again (pipelines/companions.ts).
    await checkCompanions(db, touched);
    finishedCleanly = true;
  } finally {
    const finish = finishRun(db, runId, counts, finishedCleanly ? 'ok' : 'failed');
    // When the environment failed, the run's record may not be writable either; the next run marks it interrupted.
    if (finishedCleanly) await finish;
    else await finish.catch(() => undefined);
  }
  return { runId, counts };
}

/** One line per report: `#12 青原市… 2021 final: line items +0 −0 ~3; facts +1 −0 ~0`. */
export function formatReprocessEvent(e: ReprocessEvent): string {
  const head = `#${e.reportId} ${e.unit ?? '(unit unknown)'} ${e.year ?? '?'} ${e.kind ?? '?'}`;
  if (e.outcome === 'failed') return `${head}: failed: ${formatMessage(e.error)}`;
  if (e.outcome === 'unchanged') return `${head}: unchanged`;
  const c = (x: DerivedChanges['lineItems']) => `+${x.added} −${x.removed} ~${x.changed}`;
  return `${head}: line items ${c(e.changes.lineItems)}; facts ${c(e.changes.facts)}`;
}
