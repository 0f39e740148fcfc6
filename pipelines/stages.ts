/**
 * The CPU-bound part of the pipeline as one composition: extract → normalise → checks. It runs inside the
 * worker threads during ingest (pipelines/worker.ts), in the main thread when no workers are wanted, and
 * (from normalise on) in reprocess, where the document comes from the warehouse instead of a file.
 */
import { extractBytes } from '../extractors/index.ts';
import type { Document } from '../extractors/model.ts';
import type { NormalisedReport } from '../transforms/model.ts';
import { normalise } from '../transforms/normalise.ts';
import type { IdentityHint } from '../transforms/identity/hints.ts';
import { runChecks, type CheckCodebook } from '../transforms/checks/engine.ts';
import { isFinding, type FindingOutcome } from '../transforms/checks/model.ts';
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

type Codebook = Awaited<ReturnType<typeof loadShippedCodebook>>;
let codebook: Promise<Codebook> | null = null;

/** The shipped codebook, read once per thread (it is immutable reference data). */
function shippedCodebook(): Promise<Codebook> {
  codebook ??= Promise.resolve(loadShippedCodebook());
  return codebook;
}

/** The codebook as the checks read it: the entry valid for a code in the edition of a year. */
function checkCodebook(codebook: Codebook): CheckCodebook {
  return {
    lookup(scheme, year, code) {
      if (scheme === 'none') return null;
      const hit = codebook.lookup(scheme, year, code);
      return hit ? { edition: hit.edition, name: hit.name, source: hit.entry.source } : null;
    },
  };
}

/** Normalises a document and runs the checks on it (reprocess starts here). */
export async function transformDocument(document: Document, hints: readonly IdentityHint[] = []): Promise<Omit<Processed, 'document' | 'stored'>> {
  const t0 = performance.now();
  const codebook = await shippedCodebook();
  const { value: report } = normalise(document, { codebook, hints });
  const t1 = performance.now();
  // Checks that need the rest of the archive (across years, budget against final) are not run here: a
  // worker sees one report. They say so as `insufficient` outcomes, which are not stored.
  const findings = runChecks(report, { codebook: checkCodebook(codebook), document }).filter(isFinding);
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
