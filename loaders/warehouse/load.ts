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
import type { Engine } from './migrations/index.ts';
import {
  columnArrays, execute, insertColumnsPostgres, insertRows, lockKeys, pgInline, writeTransaction, type ColumnArrays, type ColumnInsert,
} from './batch.ts';
import { compressDocument, type StoredDocument } from './documents.ts';

export { compressDocument, type StoredDocument } from './documents.ts';
import {
  CLASSIFICATION_COLUMNS, FACT_COLUMNS, FINDING_COLUMNS, INDICATOR_COLUMNS, LINE_ITEM_COLUMNS, PROJECT_COLUMNS,
  TABLE_COLUMNS, findingRows, prepareReport, reportRows, type FindingRow, type PreparedReport, type ReportHead, type ReportRows,
} from './rows.ts';
import { notePathIn } from './runs.ts';
import {
  UNIT_LOOKUP_POSTGRES, applyVersions, companionScope, identityProblem, isVersioned, recomputeVersions, resolveUnit, unitAliases, versionKey, type UnitLookup, type VersionKey,
} from './units.ts';
import { VERSION_COLUMNS, type VersionRow } from './versions.ts';
import { warning, type Message } from '../../core/messages.ts';
import { engineOf } from './open.ts';
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

/** The hot statements of a load, in SQL both engines read alike (`?` becomes `$n` on PostgreSQL). */
const SQL = {
  reportOfHash: 'select r.id as id from source_files sf join reports r on r.source_file_id = sf.id where sf.sha256 = ?',
  // A file quarantined earlier and loadable now (a fixed extractor) becomes loaded.
  upsertSource:
    "insert into source_files (sha256, format, bytes, status, first_seen_at, last_seen_at, first_run_id) values (?, ?, ?, 'loaded', ?, ?, ?) " +
    "on conflict (sha256) do update set format = excluded.format, bytes = excluded.bytes, status = 'loaded', last_seen_at = excluded.last_seen_at returning id",
  insertPath: 'insert into source_paths (source_file_id, path, first_seen_at, run_id) values (?, ?, ?, ?) on conflict (source_file_id, path) do nothing',
  insertDocument: 'insert into documents (source_file_id, sha256, encoding, body, raw_bytes, stored_at) values (?, ?, ?, ?, ?, ?)',
  // PostgreSQL: the source file, its path and its stored document as CTEs heading the report's statement
  // (parameters $1-$9: sha256, format, bytes, at, run id, path, encoding, body, raw bytes), and the report
  // row inserted from them ($10-$18: unit id, unit name, year, kind, scope, money unit, meta, listed tables,
  // messages).
  sourceCtesPostgres:
    "sf as (insert into source_files (sha256, format, bytes, status, first_seen_at, last_seen_at, first_run_id) values ($1, $2, $3, 'loaded', $4, $4, $5::int4) " +
    "on conflict (sha256) do update set format = excluded.format, bytes = excluded.bytes, status = 'loaded', last_seen_at = excluded.last_seen_at returning id), " +
    'p as (insert into source_paths (source_file_id, path, first_seen_at, run_id) select id, $6, $4, $5::int4 from sf on conflict (source_file_id, path) do nothing), ' +
    'd as (insert into documents (source_file_id, sha256, encoding, body, raw_bytes, stored_at) select id, $1, $7, $8, $9, $4 from sf)',
  insertReportPostgres:
    'insert into reports (source_file_id, unit_id, unit_name, year, kind, scope, money_unit, version, status, superseded_by, run_id, ' +
    'loaded_at, reprocessed_at, meta, listed_tables, messages, part) select sf.id, $10::int4, $11::text, $12::int4, $13::text, $14::text, $15::text, 1, $20::text, null, $5::int4, $4, null, $16, $17, $18, $19::text from sf returning id',
  insertReport:
    'insert into reports (source_file_id, unit_id, unit_name, year, kind, scope, money_unit, version, status, superseded_by, run_id, ' +
    'loaded_at, reprocessed_at, meta, listed_tables, messages, part) values (?, ?, ?, ?, ?, ?, ?, 1, ?, null, ?, ?, null, ?, ?, ?, ?) returning id',
} as const;

/** The parameters of SQL.sourceCtesPostgres and SQL.insertReportPostgres ($1-$20), before the column arrays. */
const REPORT_HEAD_PARAMS = 20;

async function reportOfHash(db: Kysely<Database>, engine: Engine, sha256: string): Promise<number | null> {
  const rows = await execute<{ id: number }>(db, engine, SQL.reportOfHash, [sha256]);
  return rows[0]?.id ?? null;
}

/**
 * PostgreSQL: the report of a content hash, if any, and the unit lookup of `meta`, as one statement with
 * literals that `writeTransaction` runs in the round trip of BEGIN and the locks.
 */
function knownAndUnitsPostgres(sha256: string, meta: NormalisedReport['meta']): string {
  return pgInline(
    'select (select r.id from source_files sf join reports r on r.source_file_id = sf.id where sf.sha256 = $3) as known, ' + UNIT_LOOKUP_POSTGRES,
    [meta.unitCode, unitAliases(meta), sha256],
  );
}

/** The report of a content hash, if any, and on PostgreSQL the unit lookup (read with BEGIN: `read`). */
async function knownAndUnits(
  trx: Kysely<Database>, engine: Engine, sha256: string, read: unknown[],
): Promise<{ known: number | null; units: UnitLookup | undefined }> {
  if (engine === 'sqlite') return { known: await reportOfHash(trx, engine, sha256), units: undefined };
  const row = read[0] as { known: number | null; by_code: number | null; aliases: UnitLookup['aliases'] };
  return { known: row.known, units: { byCode: row.by_code, aliases: row.aliases } };
}

/**
 * SQLite: records the source file as loaded, its path and its stored document; returns the file id.
 * (PostgreSQL does the same in the statement that inserts the report: SQL.sourceCtesPostgres.)
 */
async function insertSource(
  trx: Kysely<Database>, engine: Engine, source: NormalisedReport['source'], stored: StoredDocument, runId: number | null, at: string,
): Promise<number> {
  const [file] = await execute<{ id: number }>(trx, engine, SQL.upsertSource, [source.sha256, source.format, source.bytes, at, at, runId]);
  const fileId = file!.id;
  await execute(trx, engine, SQL.insertPath, [fileId, source.path, at, runId]);
  await execute(trx, engine, SQL.insertDocument, [fileId, source.sha256, stored.encoding, stored.body, stored.rawBytes, at]);
  return fileId;
}

/** The derived rows of a report (everything but the report row itself), table by table. */
function derivedParts(reportId: number | null, rows: ReportRows, findings: unknown[][] | null, codes: unknown[][]): ColumnInsert[] {
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
  engine: Engine,
  reportId: number,
  rows: ReportRows,
  findings: unknown[][] | null,
  codes: unknown[][],
): Promise<void> {
  const parts = derivedParts(reportId, rows, findings, codes);
  // PostgreSQL: everything in one statement (a load is bound by round trips); SQLite: batched statements
  // from the statement cache (no round trips, and no data-modifying CTEs).
  if (engine === 'postgres') {
    await insertColumnsPostgres(trx, parts);
    return;
  }
  for (const part of parts) await insertRows(trx, engine, part.table, part.columns, part.rows, part.prefix, part.suffix);
}

/**
 * PostgreSQL: the reports of the new report's (unit, year, kind, scope) that exist before it, as the
 * statement that inserts it sees them (parameters of SQL.insertReportPostgres: $10 unit, $12 year,
 * $13 kind, $14 scope), so that versions need no read of their own. The unit locks held by the transaction keep
 * other loads of the key out until it commits.
 */
const EARLIER_VERSIONS_POSTGRES =
  'select h.id, (select coalesce(json_agg(row_to_json(v) order by v.id), \'[]\'::json) from (select ' + VERSION_COLUMNS + ' from reports r join source_files sf on sf.id = r.source_file_id ' +
  "where r.unit_id = $10 and r.year = $12 and r.kind = $13 and (r.scope = $14 or (r.scope is null and $14::text is null)) and r.part = $19 and r.status <> 'unidentified') v) as earlier from h";

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
 * Records the source file, inserts the report row and its derived rows, and numbers the versions of its
 * key; returns the report id and its version. On PostgreSQL all of it but the versions' writes is one
 * statement (the source file's CTEs, the report insert heading the derived rows' column-array inserts, and
 * the read of the earlier versions); on SQLite the source statements, the report insert, the batched
 * inserts, then the versions.
 */
async function insertReportAndDerived(
  trx: Kysely<Database>,
  engine: Engine,
  input: ReportInsert,
  rows: ReportRows,
  findings: unknown[][] | null,
  codes: unknown[][],
  built?: ColumnArrays,
): Promise<{ reportId: number; version: number; copies: number }> {
  const { source, stored, runId, at, unitId } = input;
  const head = { ...input.head, messages: [...input.head.messages, ...input.identity] };
  const meta = head.meta;
  const columns = reportColumns(head);
  const key = versionKey(unitId, meta);
  const status = identityProblem(meta, head.messages) === null ? 'current' : 'unidentified';
  const part = meta.part ?? 'whole';
  if (engine === 'postgres') {
    const [inserted] = await insertColumnsPostgres<{ id: number; earlier: VersionRow[] }>(trx, built ?? derivedParts(null, rows, findings, codes), {
      with: SQL.sourceCtesPostgres,
      sql: SQL.insertReportPostgres,
      params: [
        source.sha256, source.format, source.bytes, at, runId, source.path, stored.encoding, stored.body, stored.rawBytes,
        unitId, meta.unit, meta.year, meta.kind, meta.scope, columns.money_unit, columns.meta, columns.listed_tables, columns.messages, part, status,
      ],
      select: EARLIER_VERSIONS_POSTGRES,
    });
    const reportId = inserted!.id;
    if (!isVersioned(key)) return { reportId, version: 1, copies: 1 };
    // Every report of the key in id order, as recomputeVersions reads them: the earlier ones and the new
    // row as SQL.insertReportPostgres wrote it.
    const own = { id: reportId, version: 1, status: 'current', superseded_by: null, sha256: source.sha256, items: rows.lineItems.length + rows.facts.length, errors: errorCount(findings) };
    const all = [...inserted!.earlier.map((r) => ({ ...r, items: Number(r.items), errors: Number(r.errors) })), own];
    const versions = await applyVersions(trx, all);
    return { reportId, version: versions.get(reportId) ?? 1, copies: versions.size };
  }
  const fileId = await insertSource(trx, engine, source, stored, runId, at);
  const [inserted] = await execute<{ id: number }>(trx, engine, SQL.insertReport, [
    fileId, unitId, meta.unit, meta.year, meta.kind, meta.scope, columns.money_unit, status, runId, at, columns.meta,
    columns.listed_tables, columns.messages, part,
  ]);
  const reportId = inserted!.id;
  await insertDerived(trx, engine, reportId, rows, findings, codes);
  const versions = isVersioned(key) ? await recomputeVersions(trx, key) : null;
  return { reportId, version: versions?.get(reportId) ?? 1, copies: versions?.size ?? 1 };
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
function errorCount(findings: readonly unknown[][] | null): number {
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
  const read = engine === 'postgres' ? knownAndUnitsPostgres(source.sha256, meta) : undefined;
  const result = await writeTransaction(db, async (trx, first): Promise<LoadResult> => {
    const at = now();
    // The same bytes loaded before, or by another worker while this one was preparing. PostgreSQL read
    // this, and what unit resolution needs, in the round trip of BEGIN.
    const { known: again, units } = await knownAndUnits(trx, engine, source.sha256, first.rows);
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
    read,
    // PostgreSQL: the derived rows' column arrays are built while the lookup is on the server.
    meanwhile: engine === 'postgres' ? () => columnArrays(derivedParts(null, rows, findings, codes), REPORT_HEAD_PARAMS) : undefined,
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
    await lockKeys(trx, engine, unitAliases(report.meta).map((a) => `unit:${a}`));
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
  const engine = engineOf(db);
  const rows = findingRows(findings, runId);
  await writeTransaction(db, async (trx) => {
    await trx.deleteFrom('findings').where('report_id', '=', reportId).execute();
    await insertRows(trx, engine, 'findings', FINDING_COLUMNS, rows, [reportId]);
  });
}
