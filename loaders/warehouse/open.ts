/**
 * Opening the warehouse: one entry point for both engines, migrations applied on open.
 *
 * Where the warehouse is: an explicit `--db` value, else the DISCLOSURE_DB environment variable, else
 * `data/warehouse.sqlite` under the current directory. A `postgres://…` (or `postgresql://…`) URL means
 * PostgreSQL; anything else is a SQLite file path (`:memory:` for a throwaway database).
 */
import { resolve } from 'node:path';
import { hostname } from 'node:os';
import { Kysely, Migrator, PostgresAdapter, SqliteAdapter, sql } from 'kysely';
import { DisclosureError, systemFailure } from '../../core/errors.ts';
import { WarehouseMigrations, type Engine } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { openSqliteFile, sqliteDialect, sqliteEnvironmentFailure } from '../engines/sqlite/driver.ts';
import { isPostgresUrl, postgresDialect, postgresEnvironmentFailure, postgresPool } from '../engines/postgres/driver.ts';

export type { Engine } from './migrations/index.ts';

/** The default SQLite file, relative to the current directory. */
export const DEFAULT_WAREHOUSE = 'data/warehouse.sqlite';

/** An open warehouse. `close()` ends the pool or closes the file; call it once. */
export interface Warehouse {
  readonly db: Kysely<Database>;
  readonly engine: Engine;
  /** The PostgreSQL URL, or the absolute SQLite file path (or `:memory:`). */
  readonly url: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Apply pending migrations (default true; never when read-only). */
  readonly migrate?: boolean;
  /**
   * Open an existing warehouse for reading only: a missing SQLite file is an error rather than created,
   * and nothing (schema, WAL mode) is changed.
   */
  readonly readOnly?: boolean;
  /** PostgreSQL pool size (default 10). */
  readonly poolSize?: number;
  /** Environment to read DISCLOSURE_DB from (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Directory a relative SQLite path is resolved against (default process.cwd()). */
  readonly cwd?: string;
}

/** Where `openWarehouse(url)` would open, without opening it. */
export function resolveWarehouse(
  url?: string,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): { engine: Engine; url: string } {
  const chosen = url?.trim() || env.DISCLOSURE_DB?.trim() || DEFAULT_WAREHOUSE;
  if (isPostgresUrl(chosen)) return { engine: 'postgres', url: chosen };
  const scheme = /^([a-z][a-z0-9+.-]+):\/\//i.exec(chosen)?.[1];
  if (scheme !== undefined && scheme.toLowerCase() !== 'sqlite') {
    throw new DisclosureError('warehouse/unsupported-url', `unsupported warehouse URL scheme '${scheme}:' (give PATH.sqlite or postgres://…)`, 'fatal');
  }
  if (chosen === ':memory:') return { engine: 'sqlite', url: chosen };
  const path = chosen.replace(/^sqlite:(?:\/\/)?/i, '');
  return { engine: 'sqlite', url: resolve(cwd, path) };
}

/** Which engine a kysely instance talks to (loader functions take only `db`). */
export function engineOf(db: Kysely<Database>): Engine {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return 'postgres';
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  throw new DisclosureError('warehouse/engine', `unsupported kysely adapter ${adapter.constructor.name}`, 'fatal');
}

/** Applies pending migrations; a failed migration is fatal (the run stops, naming the migration). */
export async function migrateWarehouse(db: Kysely<Database>, engine: Engine): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new WarehouseMigrations(engine) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new DisclosureError(
      'warehouse/migration-failed',
      `migration ${failed?.migrationName ?? '(none)'} failed: ${reason}`,
      'fatal',
      undefined,
      { cause: error },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Opens the warehouse at `url` (or DISCLOSURE_DB, or data/warehouse.sqlite) and brings its schema up to
 * date. A PostgreSQL server that cannot be reached is a retriable error.
 */
export async function openWarehouse(url?: string, options: OpenOptions = {}): Promise<Warehouse> {
  const target = resolveWarehouse(url, options.env, options.cwd);
  let db: Kysely<Database>;
  if (target.engine === 'sqlite') {
    db = new Kysely<Database>({ dialect: sqliteDialect(openSqliteFile(target.url, { readOnly: options.readOnly ?? false })) });
  } else {
    db = new Kysely<Database>({ dialect: postgresDialect(postgresPool(target.url, options.poolSize)) });
  }
  try {
    // A first query separates "cannot connect" (retriable) from "a migration failed" (fatal).
    await sql`select 1`.execute(db);
    if (options.migrate !== false && !options.readOnly) await migrateWarehouse(db, target.engine);
  } catch (e) {
    await db.destroy();
    if (e instanceof DisclosureError) throw e;
    throw new DisclosureError(
      'warehouse/unreachable',
      `cannot open the warehouse ${redact(target.url)}: ${e instanceof Error ? e.message : String(e)}`,
      'retriable',
      undefined,
      { cause: e },
    );
  }
  let closed = false;
  return {
    db,
    engine: target.engine,
    url: target.url,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

/** A URL fit for messages: the password replaced by `***`. */
export function redact(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

/** This process, as runs and claims name it (`host:pid`). */
export function processName(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * The environment failure an error stands for, as a DisclosureError whose action says what to do
 * (`fatal`, or `retriable` for a lost connection or a lock), or null when the error is not the
 * environment's fault. A run meeting one stops: the file it was loading is not to blame.
 */
export function environmentFailure(e: unknown, file?: string): DisclosureError | null {
  if (e instanceof DisclosureError) return e.action === 'skippable' ? null : e;
  const hit = sqliteEnvironmentFailure(e) ?? postgresEnvironmentFailure(e);
  const reason = e instanceof Error ? e.message : String(e);
  if (hit) {
    return new DisclosureError(hit.code, `${hit.what}: ${reason}`, hit.retriable ? 'retriable' : 'fatal', undefined, { cause: e });
  }
  return systemFailure(e, file);
}
