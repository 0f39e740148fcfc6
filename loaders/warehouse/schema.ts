/**
 * The one kysely `Database` interface of the warehouse: every table and view, as both engines return them.
 *
 * Type conventions that hold on SQLite and PostgreSQL alike (loaders/engines/sqlite/driver.ts and loaders/engines/postgres/driver.ts
 * make them hold):
 * - Exact amounts are integer 分 (fen) in 64-bit integer columns whose names end in `_fen`; they are read
 *   and written as `bigint` (never `number`: 99999999999999.99 元 is beyond 2^53 分).
 * - Other integers (ids, years, counts stored in rows) are `number`. `count(*)` is engine-dependent
 *   (PostgreSQL's int8 comes back as `bigint`): wrap it in `Number()`.
 * - Percentages and printed figures are exact decimal strings in `text` columns (SQLite's NUMERIC affinity
 *   would turn "100.00" into a float, so no NUMERIC columns anywhere).
 * - JSON is stored as `text` (portable; PostgreSQL users can cast to jsonb in queries).
 * - Timestamps are ISO-8601 UTC strings written by the loader.
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { ReportPart } from '../../transforms/model.ts';
import type { CoverageView, LineItemCells, LineItemsView, SeriesView } from './views.ts';

/** An exact amount in 分: a signed 64-bit integer, `bigint` in JavaScript on both engines. */
export type Fen = ColumnType<bigint | null, bigint | null, bigint | null>;

/** A JSON document stored as text. */
export type JsonText = string;

/** Lifecycle of a run: `running` until finishRun; a run left `running` by a crash stays visible as such. */
/** `interrupted`: left `running` by a process that died (marked so by the next run on its host). */
export type RunStatus = 'running' | 'ok' | 'failed' | 'interrupted';

/** Where a source file stands: loaded into a report, or quarantined (its extraction or load failed). */
export type SourceStatus = 'loaded' | 'quarantined';

/**
 * One version of each part of (unit, year, kind, scope) is `current` (the rule of loaders/warehouse/units.ts
 * `rankVersions`), the others are kept, `superseded`; a file whose identity is unknown is `unidentified`.
 */
export type ReportStatus = 'current' | 'superseded' | 'unidentified';

export type { ReportPart } from '../../transforms/model.ts';

/** Where a classification row came from (docs/domain.md: the codebook has three sources). */
export type ClassificationSource = 'official' | 'learned' | 'imported';

/** Compression of a stored document model. */
export type DocumentEncoding = 'gzip' | 'br';

/** State of a work item in the multi-worker claim queue (loaders/warehouse/claims.ts). */
export type ClaimStatus = 'pending' | 'claimed' | 'done' | 'failed';

/** One invocation of a command (ingest, reprocess …): what it was asked and what it counted. */
export interface RunsTable {
  id: Generated<number>;
  command: string;
  /** The arguments as a JSON array. */
  args: JsonText;
  host: string;
  pid: number;
  started_at: string;
  finished_at: string | null;
  status: RunStatus;
  /** The counts reported by finishRun (seen, new, unchanged, updated, failed …) as a JSON object. */
  counts: JsonText | null;
}

/** A source file, by content: the same bytes under several paths are one row. */
export interface SourceFilesTable {
  id: Generated<number>;
  sha256: string;
  /** DetectedFormat of extractors/model.ts, or null when the file failed before detection. */
  format: string | null;
  bytes: number | null;
  status: SourceStatus;
  first_seen_at: string;
  last_seen_at: string;
  first_run_id: number | null;
}

/** Every path under which a source file was seen. */
export interface SourcePathsTable {
  source_file_id: number;
  path: string;
  first_seen_at: string;
  run_id: number | null;
}

/** One publishing unit across years and spellings. */
export interface UnitsTable {
  id: Generated<number>;
  /** The name first seen (display name). */
  name: string;
  code: string | null;
  parent_name: string | null;
  parent_code: string | null;
  created_at: string;
}

/** Every spelling of a unit's name maps to exactly one unit. */
export interface UnitAliasesTable {
  alias: string;
  unit_id: number;
  /** Why the spelling belongs to the unit: printed, canonical form, region prefix, manual … */
  evidence: string | null;
  /** high | medium | low | manual; `ambiguous` keys resolve nothing. */
  confidence: string | null;
}

/** A user's hint: the identity of the files whose path matches `pattern` (a glob on the path). */
export interface IdentityHintsTable {
  id: Generated<number>;
  pattern: string;
  unit: string | null;
  year: number | null;
  kind: string | null;
  scope: string | null;
  added_at: string;
}

/** A report: one version per source file. */
export interface ReportsTable {
  id: Generated<number>;
  source_file_id: number;
  unit_id: number | null;
  /** The unit name as the report states it. */
  unit_name: string | null;
  year: number | null;
  kind: string | null;
  scope: string | null;
  /** ReportPart: whole, or the narrative or tables file of a report published as two. */
  part: Generated<ReportPart>;
  money_unit: string | null;
  /** The copies of one part of (unit, year, kind, scope) numbered 1, 2 … in the order of `rankVersions`: the current one has the highest. */
  version: number;
  status: ReportStatus;
  superseded_by: number | null;
  run_id: number | null;
  loaded_at: string;
  /** Set when replaceDerived rebuilt the report's rows. */
  reprocessed_at: string | null;
  /** ReportMeta as JSON. */
  meta: JsonText;
  listed_tables: JsonText;
  messages: JsonText;
}

/** The classification dimension: one row per (scheme, edition, code, name, source). */
export interface ClassificationTable {
  id: Generated<number>;
  /** CodeScheme of transforms/model.ts (function, economic-dept, economic-gov, revenue). */
  scheme: string;
  /** The edition: the budget year whose code list this row belongs to ("2021"). */
  edition: string;
  code: string;
  name: string;
  level: number | null;
  parent_code: string | null;
  canonical_code: string | null;
  source: ClassificationSource;
  /** The report that taught a learned pair first. */
  first_report_id: number | null;
}

/** A table of a report, with its title, money unit and column paths. */
export interface ReportTablesTable {
  id: Generated<number>;
  report_id: number;
  /** Position of the table in NormalisedReport.tables. */
  table_index: number;
  table_id: string;
  title: string;
  money_unit: string | null;
  columns: JsonText;
  empty_note: string | null;
  blocks: JsonText;
}

/** The fact table: one printed value (row × column) of a report table. */
export interface LineItemsTable extends LineItemCells {
  /** Bigint identity on PostgreSQL (a decade of reports outgrows int4): `bigint` there, `number` on SQLite. */
  id: Generated<number | bigint>;
  report_id: number;
  table_index: number;
  table_id: string;
  /** Exact amount in 分, null where the cell is not money (or not representable in whole 分). */
  amount_fen: Fen;
  /** ValueProvenance of the cell as JSON. */
  prov: JsonText;
}

/** A figure stated in the narrative. */
export interface FactsTable {
  id: Generated<number | bigint>;
  report_id: number;
  seq: number;
  metric: string;
  code: string | null;
  name: string | null;
  value: string;
  unit: string | null;
  amount_fen: Fen;
  share_pct: string | null;
  completion_pct: string | null;
  reason: string | null;
  sentence: string;
  prov: JsonText;
}

/** A performance project (绩效自评表 / 项目绩效目标表). */
export interface ProjectsTable {
  id: Generated<number>;
  report_id: number;
  seq: number;
  name: string;
  budget: string | null;
  executed: string | null;
  budget_fen: Fen;
  executed_fen: Fen;
  money_unit: string | null;
  prov: JsonText;
}

/** An indicator row of a performance project, keyed by the project's position in its report. */
export interface IndicatorsTable {
  id: Generated<number>;
  report_id: number;
  project_seq: number;
  seq: number;
  level1: string;
  level2: string;
  level3: string;
  expected: string;
  actual: string;
}

/** The outcome of a consistency check (transforms/checks); generic so that any rule fits. */
export interface FindingsTable {
  id: Generated<number>;
  report_id: number;
  run_id: number | null;
  rule_id: string;
  severity: string | null;
  /** pass | finding | insufficient. */
  outcome: string;
  expected: string | null;
  actual: string | null;
  difference: string | null;
  message: string | null;
  /** The values involved and where they were printed, as JSON. */
  provenance: JsonText;
  /** The finding's stable id (rule, report identity, places): the key of its mark in `finding_marks`. */
  finding_key: string | null;
}

/** An auditor's mark on a finding, by its stable id: it outlives reprocessing and new versions. */
export interface FindingMarksTable {
  finding_key: string;
  /** dismissed | confirmed. */
  mark: string;
  why: string | null;
  /** ISO 8601 time of the mark. */
  marked_at: string;
}

/** A file that could not be extracted or loaded, with why. */
export interface QuarantineTable {
  id: Generated<number>;
  run_id: number | null;
  path: string;
  sha256: string | null;
  error_class: string;
  message: string;
  at: string;
}

/** The stored document model of a source file, compressed: reprocessing never needs the original file. */
export interface DocumentsTable {
  source_file_id: number;
  sha256: string;
  encoding: DocumentEncoding;
  /** JSON of extractors/model.ts `Document`, compressed. */
  body: ColumnType<Uint8Array, Uint8Array, Uint8Array>;
  /** Length of the uncompressed JSON in bytes. */
  raw_bytes: number;
  stored_at: string;
}

/** A work item of the multi-worker queue: a file to ingest, claimed by one worker at a time. */
export interface ClaimsTable {
  id: Generated<number>;
  /** What identifies the work (a path or a hash); unique. */
  key: string;
  path: string;
  status: ClaimStatus;
  worker_id: string | null;
  claimed_at: string | null;
  /** Epoch milliseconds after which a claim is abandoned and may be taken over. */
  expires_ms: ColumnType<number | bigint | null, number | bigint | null, number | bigint | null>;
  attempts: number;
  finished_at: string | null;
  error: string | null;
}

export type { CoverageView, LineItemsView, SeriesView } from './views.ts';

/** The warehouse. */
export interface Database {
  runs: RunsTable;
  source_files: SourceFilesTable;
  source_paths: SourcePathsTable;
  units: UnitsTable;
  unit_aliases: UnitAliasesTable;
  identity_hints: IdentityHintsTable;
  reports: ReportsTable;
  classification: ClassificationTable;
  report_tables: ReportTablesTable;
  line_items: LineItemsTable;
  facts: FactsTable;
  projects: ProjectsTable;
  indicators: IndicatorsTable;
  findings: FindingsTable;
  finding_marks: FindingMarksTable;
  quarantine: QuarantineTable;
  documents: DocumentsTable;
  claims: ClaimsTable;
  v_line_items: LineItemsView;
  v_coverage: CoverageView;
  v_series: SeriesView;
}

export type Run = Selectable<RunsTable>;
export type Report = Selectable<ReportsTable>;
export type NewReport = Insertable<ReportsTable>;
export type LineItemRow = Selectable<LineItemsTable>;
export type FactRow = Selectable<FactsTable>;
export type Claim = Selectable<ClaimsTable>;
export type ClassificationRow = Selectable<ClassificationTable>;
export type QuarantineRow = Selectable<QuarantineTable>;
