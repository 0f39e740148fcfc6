/**
 * Loading one report: one transaction, all or nothing, keyed by the source file's content hash.
 *
 * - The same file again (same sha256) changes nothing: outcome `unchanged`.
 * - A new file for a (unit, year, kind, scope) that already has a report adds a version and supersedes
 *   the older one (kept, status `superseded`): outcome `updated`.
 * - Anything thrown inside the transaction rolls all of it back: no partial report is ever visible.
 *
 * Rows are prepared before the transaction opens (pure conversion; in an ingest the CPU stages make them
 * and compress the document model, pipelines/stages.ts), then written with batched inserts. On PostgreSQL,
 * concurrent loaders serialise on advisory locks of the file hash and the unit's names, taken with BEGIN,
 * so two workers never create one unit twice or make two versions current; a new report then costs three
 * round trips (BEGIN, the locks and the lookup of the hash and the unit; source file, report and derived
 * rows; COMMIT), four when its unit is new.
 */
import type { Kysely } from 'kysely';
import type { Document } from '../../extractors/model.ts';
import type { NormalisedReport } from '../../transforms/model.ts';
import type { Database } from './schema.ts';
import { insertRows, lockKeys, writeTransaction } from './batch.ts';
import { engineOf, type ColumnInsert, type WarehouseEngine } from '../engines/index.ts';
import { compressDocument, type StoredDocument } from './documents.ts';

export { compressDocument, type StoredDocument } from './documents.ts';
import {
  CLASSIFICATION_COLUMNS, FACT_COLUMNS, FINDING_COLUMNS, INDICATOR_COLUMNS, LINE_ITEM_COLUMNS, PROJECT_COLUMNS,
  TABLE_COLUMNS, findingRows, prepareReport, reportRows, type CodeInsert, type FindingInsert, type FindingRow, type PreparedReport, type ReportHead, type ReportRows,
} from './rows.ts';
import { notePathIn } from './runs.ts';
import {
  applyVersions, companionScope, identityProblem, isVersioned, recomputeVersions, resolveUnit, unitAliases, versionKey, type VersionKey,
} from './units.ts';
import { warning, type Message } from '../../core/messages.ts';
import { diffDerived, readDerivedSignatures, type DerivedChanges } from './diff.ts';
import { rememberCodes, unseenCodes } from './learned-codes.ts';

export type { FindingRow, PreparedReport } from './rows.ts';
export { prepareReport } from './rows.ts';
export type { DerivedChanges, ChangeCounts } from './diff.ts';
export { finishRun, knownHashes, notePath, quarantine, quarantinedPaths, startRun, type QuarantineInput } from './runs.ts';
export { loadDocument } from './queries.ts';

export interface LoadInput {
  /** The report, or the report already made into rows (`prepareReport`, e.g. in an ingest worker thread). */
  readonly report: NormalisedReport | PreparedReport;
  /**
   * The document model the report was made from, stored compressed for reprocessing; or that model
   * already compressed by `compressDocument` (e.g. in an ingest worker thread, off the loading thread).
   */
  readonly document: Document | StoredDocument;
  readonly runId: number | null;
  readonly findings?: readonly FindingRow[];
}

export type LoadOutcome = 'inserted' | 'unchanged' | 'updated';

export interface LoadResult {
  readonly outcome: LoadOutcome;
  readonly reportId: number;
}

const now = () => new Date().toISOString();

/** The derived rows of a report (everything but the report row itself), table by table. */
function derivedParts(reportId: number | null, rows: ReportRows, findings: FindingInsert[] | null, codes: CodeInsert[]): ColumnInsert[] {
  // Without an id, the rows take the id of the report inserted in the same statement (PostgreSQL's head).
  const id = reportId === null ? { headId: true } : { prefix: [reportId] };
  return [
    { table: 'report_tables', columns: TABLE_COLUMNS, rows: rows.tables, ...id },
    { table: 'line_items', columns: LINE_ITEM_COLUMNS, rows: rows.lineItems, ...id },
    { table: 'facts', columns: FACT_COLUMNS, rows: rows.facts, ...id },
    { table: 'projects', columns: PROJECT_COLUMNS, rows: rows.projects, ...id },
    { table: 'indicators', columns: INDICATOR_COLUMNS, rows: rows.indicators, ...id },
    { table: 'findings', columns: FINDING_COLUMNS, rows: findings ?? [], ...id },
    // Learned codebook pairs: the first report to print a pair is remembered; later ones change nothing.
    { table: 'classification', columns: CLASSIFICATION_COLUMNS, rows: codes, ...id, suffix: 'on conflict (scheme, edition, code, name, source) do nothing' },
  ];
}

/** Writes the derived rows of an existing report. */
async function insertDerived(
  trx: Kysely<Database>,
  engine: WarehouseEngine,
  reportId: number,
  rows: ReportRows,
  findings: FindingInsert[] | null,
  codes: CodeInsert[],
): Promise<void> {
  await engine.insertParts(trx, derivedParts(reportId, rows, findings, codes));
}

/** What the report row is made of, besides its source file. */
interface ReportInsert {
  readonly source: NormalisedReport['source'];
  readonly stored: StoredDocument;
  readonly runId: number | null;
  readonly at: string;
  readonly unitId: number | null;
  readonly head: ReportHead;
  /** What resolving the unit said, and why a file is unidentified: appended to the report's messages. */
  readonly identity: readonly Message[];
}

/**
 * Records the source file, inserts the report row and its derived rows (the engine's report writer:
 * loaders/engines/), and numbers the versions of its key; returns the report id and its version.
 */
async function insertReportAndDerived(
  trx: Kysely<Database>,
  engine: WarehouseEngine,
  input: ReportInsert,
  rows: ReportRows,
  findings: FindingInsert[] | null,
  codes: CodeInsert[],
  ready: unknown,
): Promise<{ reportId: number; version: number; copies: number }> {
  const { source, stored, runId, at, unitId } = input;
  const head = { ...input.head, messages: [...input.head.messages, ...input.identity] };
  const meta = head.meta;
  const columns = reportColumns(head);
  const key = versionKey(unitId, meta);
  const status = identityProblem(meta, head.messages) === null ? 'current' : 'unidentified';
  const { reportId, earlier } = await engine.reports.insert(trx, {
    sha256: source.sha256, format: source.format, bytes: source.bytes, path: source.path, at, runId, document: stored,
    unitId, unitName: meta.unit, year: meta.year, kind: meta.kind, scope: meta.scope, moneyUnit: columns.money_unit,
    meta: columns.meta, listedTables: columns.listed_tables, messages: columns.messages, part: meta.part ?? 'whole', status,
  }, (id) => derivedParts(id, rows, findings, codes), ready);
  if (!isVersioned(key)) return { reportId, version: 1, copies: 1 };
  let versions: Map<number, number>;
  if (earlier !== null) {
    // Every report of the key in id order, as recomputeVersions reads them: the earlier ones the engine
    // read in the insert's statement, and the new row as it was written.
    const own = { id: reportId, version: 1, status: 'current', superseded_by: null, sha256: source.sha256, items: rows.lineItems.length + rows.facts.length, errors: errorCount(findings) };
    versions = await applyVersions(trx, [...earlier, own]);
  } else {
    versions = await recomputeVersions(trx, key);
  }
  return { reportId, version: versions.get(reportId) ?? 1, copies: versions.size };
}

function reportColumns(head: ReportHead) {
  return {
    money_unit: head.meta.moneyUnit,
    meta: JSON.stringify(head.meta),
    listed_tables: JSON.stringify(head.listedTables),
    messages: JSON.stringify(head.messages),
  };
}

/** Error findings among a report's finding rows (FINDING_COLUMNS without the report id: severity, outcome at 2, 3). */
function errorCount(findings: readonly FindingInsert[] | null): number {
  return (findings ?? []).filter((f) => f[2] === 'error' && f[3] === 'finding').length;
}

/** The message of a file that is not loaded as current, or none. */
function unidentifiedMessages(meta: NormalisedReport['meta'], messages: readonly Message[]): Message[] {
  const why = identityProblem(meta, messages);
  return why === null ? [] : [warning('load', 'meta/unidentified', `not loaded as a current report: ${why}; it is kept as unidentified until a hint names it (\`disclosure units hints FILE\`)`)];
}

/** Loads one report in one transaction (see the module comment for the outcomes). */
export async function loadReport(db: Kysely<Database>, input: LoadInput): Promise<LoadResult> {
  const { document, runId } = input;
  const { head, rows } = 'rows' in input.report ? input.report : prepareReport(input.report);
  const { source, meta } = head;
  const engine = engineOf(db);
  // A file loaded before is found inside the transaction, where it must be looked for anyway (another
  // process may have loaded it meanwhile): a second look before it would cost every new file a statement.
  // The ingest looks known hashes up before it extracts a file, so a known one rarely gets here.
  const findings = findingRows(input.findings ?? [], runId);
  const stored = 'encoding' in document ? document : compressDocument(document);
  const codes = unseenCodes(db, rows.codes);

  const locks = [`sha256:${source.sha256}`, ...unitAliases(meta).map((a) => `unit:${a}`)];
  const writer = engine.reports;
  const result = await writeTransaction(db, async (trx, first): Promise<LoadResult> => {
    const at = now();
    // The same bytes loaded before, or by another worker while this one was preparing (PostgreSQL read
    // this, and what unit resolution needs, in the round trip of BEGIN).
    const { known: again, units } = await writer.known(trx, source.sha256, first.rows);
    if (again !== null) {
      await notePathIn(trx, source.sha256, source.path, runId, at);
      return { outcome: 'unchanged', reportId: again };
    }
    const problem = identityProblem(meta, head.messages);
    const { unitId, messages: resolved } = problem === null ? await resolveUnit(trx, meta, at, units, source.path) : { unitId: null, messages: [] };
    const companion = await companionScope(trx, unitId, meta);
    const identity = [...resolved, ...companion.messages, ...unidentifiedMessages(meta, head.messages)];
    const { reportId, copies } = await insertReportAndDerived(
      trx, engine, { source, stored, runId, at, unitId, head: { ...head, meta: companion.meta }, identity }, rows, findings, codes, first.meanwhile,
    );
    return { outcome: copies > 1 ? 'updated' : 'inserted', reportId };
  }, {
    locks,
    read: writer.firstRead(source.sha256, meta.unitCode, unitAliases(meta)),
    meanwhile: writer.meanwhile(() => derivedParts(null, rows, findings, codes)),
  });
  rememberCodes(db, codes);
  return result;
}

/**
 * Rebuilds the derived rows of an existing report from a newly normalised version of it (reprocessing
 * after the codebook, aliases or rules changed), in one transaction, and says what changed. The report's
 * unit, year, kind and scope follow the new meta, and versions are recomputed for the old and new keys.
 * Findings are replaced when `findings` is given, kept otherwise.
 */
export async function replaceDerived(
  db: Kysely<Database>,
  reportId: number,
  report: NormalisedReport,
  findings?: readonly FindingRow[],
  runId: number | null = null,
): Promise<DerivedChanges> {
  const engine = engineOf(db);
  const rows = reportRows(report);
  const newFindings = findings ? findingRows(findings, runId) : null;
  return writeTransaction(db, async (trx) => {
    await lockKeys(trx, unitAliases(report.meta).map((a) => `unit:${a}`));
    const old = await trx
      .selectFrom('reports')
      .select(['unit_id', 'year', 'kind', 'scope', 'part', 'status'])
      .where('id', '=', reportId)
      .executeTakeFirst();
    if (!old) throw new Error(`report ${reportId} does not exist`);
    const before = await readDerivedSignatures(trx, reportId);

    for (const table of ['line_items', 'facts', 'report_tables', 'indicators', 'projects'] as const) {
      await trx.deleteFrom(table).where('report_id', '=', reportId).execute();
    }
    if (newFindings) await trx.deleteFrom('findings').where('report_id', '=', reportId).execute();

    const at = now();
    const problem = identityProblem(report.meta, report.messages);
    const { unitId, messages: resolved } = problem === null ? await resolveUnit(trx, report.meta, at, undefined, report.source.path) : { unitId: null, messages: [] };
    const companion = await companionScope(trx, unitId, report.meta);
    const meta = companion.meta;
    const identified = problem === null;
    await trx
      .updateTable('reports')
      .set({
        unit_id: unitId,
        unit_name: meta.unit,
        year: meta.year,
        kind: meta.kind,
        scope: meta.scope,
        part: meta.part ?? 'whole',
        reprocessed_at: at,
        ...reportColumns({ ...report, meta, messages: [...report.messages, ...resolved, ...companion.messages, ...unidentifiedMessages(meta, report.messages)] }),
        // A file identified now (a hint named it) enters versioning; one unidentified now leaves it.
        ...(identified ? (old.status === 'unidentified' ? { status: 'current' as const } : {}) : { status: 'unidentified' as const, version: 1, superseded_by: null }),
      })
      .where('id', '=', reportId)
      .execute();
    const oldKey: VersionKey = { unitId: old.unit_id, year: old.year, kind: old.kind, scope: old.scope, part: old.part };
    const newKey = versionKey(unitId, meta);
    if (identified && !isVersioned(newKey)) {
      await trx.updateTable('reports').set({ version: 1, status: 'current', superseded_by: null }).where('id', '=', reportId).execute();
    }
    await insertDerived(trx, engine, reportId, rows, newFindings, rows.codes);
    // Versions are ranked on the rebuilt rows (line items and facts count).
    await recomputeVersions(trx, oldKey);
    await recomputeVersions(trx, newKey);
    const after = await readDerivedSignatures(trx, reportId);
    return diffDerived(reportId, before, after);
  });
}

/** Replaces the findings of a report (checks re-run without reprocessing). */
export async function replaceFindings(
  db: Kysely<Database>,
  reportId: number,
  findings: readonly FindingRow[],
  runId: number | null = null,
): Promise<void> {
  const rows = findingRows(findings, runId);
  await writeTransaction(db, async (trx) => {
    await trx.deleteFrom('findings').where('report_id', '=', reportId).execute();
    await insertRows(trx, 'findings', FINDING_COLUMNS, rows, [reportId]);
  });
}
