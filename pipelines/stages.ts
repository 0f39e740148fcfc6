/**
 * The CPU-bound part of the pipeline as one composition: extract → normalise → checks. It runs inside the
 * worker threads during ingest (pipelines/worker.ts), in the main thread when no workers are wanted, and
 * (from normalise on) in reprocess, where the document comes from the warehouse instead of a file. The
 * commands that stop short of loading (`check`, `parse`), the companion checks and the accuracy bench call
 * the same steps (`shippedCodebook`, `normaliseDocument`, `checkReport`, `normaliseFile`), so that every
 * path reads a report and judges it alike.
 */
import type { Result } from '../core/messages.ts';
import { extractBytes, extractFile } from '../extractors/index.ts';
import type { Document } from '../extractors/model.ts';
import type { Codebook } from '../transforms/codebook/codebook.ts';
import type { NormalisedReport } from '../transforms/model.ts';
import { normalise } from '../transforms/normalise.ts';
import type { IdentityHint } from '../transforms/identity/hints.ts';
import { runChecks } from '../transforms/checks/engine.ts';
import type { CheckContext } from '../transforms/checks/model.ts';
import { isFinding, type CheckOutcome, type FindingOutcome } from '../transforms/checks/model.ts';
import { loadShippedCodebook } from '../loaders/codebook-files.ts';
import { compressDocument, type StoredDocument } from '../loaders/warehouse/documents.ts';
import { prepareReport, type PreparedReport } from '../loaders/warehouse/rows.ts';

/** One source handed to a worker. */
export interface SourceTask {
  readonly path: string;
  readonly bytes: Uint8Array;
  /** The warehouse's identity hints (`disclosure units hints`), applied by normalise. */
  readonly hints?: readonly IdentityHint[];
}

/** Milliseconds spent per stage, for the benchmark's "where the time goes". */
export interface StageTimes {
  extract: number;
  normalise: number;
  checks: number;
}

/** What the CPU-bound stages make of one source. */
export interface Processed {
  readonly document: Document;
  /**
   * The document model in its stored form (JSON, brotli), made here rather than by the loader: it is pure
   * CPU work, and the loader runs on the one thread that owns the database connection.
   */
  readonly stored: StoredDocument;
  readonly report: NormalisedReport;
  readonly findings: readonly FindingOutcome[];
  readonly ms: StageTimes;
}

/**
 * What the load needs of a processed source: the report made into rows and the document model in its
 * stored form. A worker sends only this, so the main thread neither deserialises a document it would not
 * read nor converts the report (v8 deserialisation of a generated report and its conversion: ~790 µs; of
 * its rows: ~240 µs).
 */
export interface ForLoad {
  readonly report: PreparedReport;
  readonly stored: StoredDocument;
  readonly findings: readonly FindingOutcome[];
  readonly ms: StageTimes;
}

export function forLoad({ report, stored, findings, ms }: Processed): ForLoad {
  return { report: prepareReport(report), stored, findings, ms };
}

/** Cache: the shipped codebook of this thread (see shippedCodebook). */
let codebook: Codebook | null = null;

/**
 * The shipped codebook (data/codebook, data/crosswalk through loaders/codebook-files.ts), read once per
 * thread: it is immutable reference data. The one way the pipelines, the commands and the benches obtain it.
 */
export function shippedCodebook(): Codebook {
  codebook ??= loadShippedCodebook();
  return codebook;
}

/** Normalises a document with the shipped codebook and the warehouse's identity hints. */
export function normaliseDocument(document: Document, hints: readonly IdentityHint[] = []): Result<NormalisedReport> {
  return normalise(document, { codebook: shippedCodebook(), hints });
}

/**
 * Runs every check on a report with the shipped codebook. `context` adds what one report lacks: its
 * document (text rules), the unit's other reports (across years, budget against final).
 */
export function checkReport(report: NormalisedReport, context: Omit<CheckContext, 'codebook'> = {}): CheckOutcome[] {
  return runChecks(report, { ...context, codebook: shippedCodebook() });
}

/** Reads, extracts and normalises one file (`check FILE`, `parse FILE`). Bad input throws a typed DisclosureError. */
export async function normaliseFile(path: string): Promise<{ readonly document: Document } & Result<NormalisedReport>> {
  const document = await extractFile(path);
  return { document, ...normaliseDocument(document) };
}

/** Normalises a document and runs the checks on it (reprocess starts here). */
export async function transformDocument(document: Document, hints: readonly IdentityHint[] = []): Promise<Omit<Processed, 'document' | 'stored'>> {
  const t0 = performance.now();
  const { value: report } = normaliseDocument(document, hints);
  const t1 = performance.now();
  // Checks that need the rest of the archive (across years, budget against final) are not run here: a
  // worker sees one report. They say so as `insufficient` outcomes, which are not stored.
  const findings = checkReport(report, { document }).filter(isFinding);
  const t2 = performance.now();
  return { report, findings, ms: { extract: 0, normalise: t1 - t0, checks: t2 - t1 } };
}

/** Extracts, normalises and checks the bytes of one source. Bad input throws a typed DisclosureError. */
export async function processBytes(bytes: Uint8Array, path: string, hints: readonly IdentityHint[] = []): Promise<Processed> {
  const t0 = performance.now();
  const document = await extractBytes(bytes, path);
  // Storing the model is counted with its extraction (the stages' times keep their names).
  const stored = compressDocument(document);
  const extract = performance.now() - t0;
  const rest = await transformDocument(document, hints);
  return { document, stored, ...rest, ms: { ...rest.ms, extract } };
}
