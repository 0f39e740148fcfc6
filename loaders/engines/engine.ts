/**
 * The one small interface between the warehouse and its database engines (SQLite, PostgreSQL), after
 * kysely's dialects: each engine lives in its own folder (`sqlite/`, `postgres/`) and implements this;
 * nothing outside loaders/engines/ branches on the engine. Which engine a warehouse uses is decided in one
 * place, from its URL (loaders/engines/index.ts `resolveTarget`).
 */
import type { ColumnDataType, CompiledQuery, CreateTableBuilder, Dialect, Kysely, Migration, RawBuilder } from 'kysely';
import type { Database } from '../warehouse/schema.ts';
import type { VersionRow } from '../warehouse/version-rows.ts';

export type Engine = 'sqlite' | 'postgres';

/** The column types that differ between the engines, for migrations (loaders/warehouse/migrations/). */
export interface EngineTypes {
  readonly engine: Engine;
  /** A 64-bit signed integer (amounts in 分). */
  readonly int64: ColumnDataType;
  readonly blob: ColumnDataType;
  /**
   * Adds an auto-numbered primary key `id`: int4 serial, or int8 where a table may outgrow 2^31 rows
   * (line items of a decade of reports).
   */
  readonly id: <T extends string>(t: CreateTableBuilder<T, never>, wide?: boolean) => CreateTableBuilder<T, 'id'>;
}

/** An error that is the environment's fault (disk full, lost connection …), never the file's. */
export interface EnvironmentFailure {
  readonly code: string;
  readonly what: string;
  readonly retriable: boolean;
}

/** One table's rows for `insertParts`. */
export interface ColumnInsert {
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
  /** Values shared by every row, before the row's own (the report id). */
  readonly prefix?: readonly unknown[];
  /**
   * The first column of every row is the id of the report inserted in the same statement (PostgreSQL's
   * report writer); `prefix` is then not used.
   */
  readonly headId?: boolean;
  /** Appended to the insert (`on conflict … do nothing`). */
  readonly suffix?: string;
}

/** A known unit key: its unit, that unit's name, and the key's confidence. */
export interface KnownKey {
  readonly alias: string;
  readonly unit_id: number;
  readonly confidence: string | null;
  readonly unit_name: string;
}

/**
 * What unit resolution reads before it writes, when the engine read it in the first round trip of the
 * load (loaders/warehouse/units.ts `resolveUnit`): the lowest unit id with the meta's unit code, and the
 * unit of each of the report's unit aliases that has one.
 */
export interface UnitLookup {
  readonly byCode: number | null;
  readonly aliases: readonly KnownKey[];
}

/** The report row of a load and its source file, as the engine's report writer inserts them. */
export interface ReportStatement {
  readonly sha256: string;
  readonly format: string;
  readonly bytes: number;
  readonly path: string;
  readonly at: string;
  readonly runId: number | null;
  readonly document: { readonly encoding: string; readonly body: Uint8Array; readonly rawBytes: number };
  readonly unitId: number | null;
  readonly unitName: string | null;
  readonly year: number | null;
  readonly kind: string | null;
  readonly scope: string | null;
  readonly moneyUnit: string | null;
  readonly meta: string;
  readonly listedTables: string;
  readonly messages: string;
  readonly part: string;
  readonly status: string;
}

/**
 * How an engine writes one new report: the parts of `loadReport` (loaders/warehouse/load.ts) that differ
 * by engine. PostgreSQL is bound by round trips, so it reads during BEGIN and writes the source file, the
 * report and its derived rows in one statement; SQLite has no round trips and writes them statement by
 * statement from its statement cache.
 */
export interface ReportWriter {
  /** A statement without parameters to run in BEGIN's round trip (the hash and unit lookup), or none. */
  firstRead(sha256: string, unitCode: string | null, aliases: readonly string[]): string | undefined;
  /** Client work done while BEGIN's round trip is in flight (given to `insert` as `ready`), or none. */
  meanwhile(parts: () => readonly ColumnInsert[]): (() => unknown) | undefined;
  /** The report already loaded from this content hash, and what unit resolution needs if it was read. */
  known(trx: Kysely<Database>, sha256: string, firstRows: readonly unknown[]): Promise<{ known: number | null; units: UnitLookup | undefined }>;
  /**
   * Records the source file, inserts the report and its derived rows (`parts(reportId)`; `parts(null)`
   * when the rows take the id of the report inserted with them). `earlier`: the other reports of the
   * report's version key as the statement saw them, or null when the engine did not read them.
   */
  insert(
    trx: Kysely<Database>, report: ReportStatement, parts: (reportId: number | null) => readonly ColumnInsert[], ready: unknown,
  ): Promise<{ reportId: number; earlier: VersionRow[] | null }>;
}

/** A database engine of the warehouse. */
export interface WarehouseEngine {
  readonly name: Engine;
  /** The kysely dialect of the warehouse at `url` (a resolved file path or a server URL). */
  dialect(url: string, options: { readonly readOnly: boolean; readonly poolSize?: number }): Dialect;
  /** The file holding the warehouse at `url` on this machine, or null (a server, or in memory). */
  localFile(url: string): string | null;
  /** True when the file at `path` is a database of this engine (an export must never overwrite one). */
  isDatabaseFile(path: string): boolean;
  /** What the engine's SQL calls `url` in messages (a server URL's password hidden). */
  redact(url: string): string;
  /** The column types that differ between the engines, for migrations. */
  readonly types: EngineTypes;
  /** Migration 0003: the engine's own load-path DDL (nothing on SQLite). */
  readonly loadPathMigration: Migration;
  /** The environment failure an error of this engine stands for, or null. */
  environmentFailure(e: unknown): EnvironmentFailure | null;
  /** Statements that make a read-only query's transaction refuse writes, and undo that afterwards. */
  readonly readOnly: { readonly begin: string; readonly end: string | null };
  /** SQL written with `?` placeholders, as the engine wants it. */
  placeholders(text: string): string;
  /** The statement that opens a write transaction, taking the `locks` and then running `read` (see batch.ts). */
  begin(locks: readonly string[], read: string | undefined): CompiledQuery;
  /** Serialises write transactions that touch the same keys (a file hash, a unit name) until commit. */
  lockKeys(trx: Kysely<Database>, keys: readonly string[]): Promise<void>;
  /** Batched inserts of `rows` (values after the `prefix` shared by every row) into one table. */
  insertRows(
    db: Kysely<Database>, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[], prefix?: readonly unknown[], suffix?: string,
  ): Promise<void>;
  /** Inserts the rows of several tables, as fast as the engine can (one round trip on PostgreSQL). */
  insertParts(db: Kysely<Database>, parts: readonly ColumnInsert[]): Promise<void>;
  /** The clock claims expire by, in epoch milliseconds: the server's, or this machine's (one machine). */
  nowMs(): RawBuilder<number | bigint>;
  /**
   * Claims the row that `pick` selects (`update … where id = (pick)`): PostgreSQL locks it with
   * `for update skip locked` so that concurrent claimers never wait on or take the same row; SQLite runs
   * the update inside BEGIN IMMEDIATE, which serialises claimers.
   */
  claimRow<T>(db: Kysely<Database>, claim: (trx: Kysely<Database>, skipLocked: boolean) => Promise<T>): Promise<T>;
  /** Finishes writes left in a log (SQLite's WAL checkpoint); nothing where the server does it. */
  checkpoint(db: Kysely<Database>): Promise<void>;
  /** True when the engine runs in this process (its CPU time is this process's). */
  readonly inProcess: boolean;
  readonly reports: ReportWriter;
}
