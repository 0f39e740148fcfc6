/**
 * Opening the warehouse: one entry point for both engines, migrations applied on open. Which engine and
 * where: loaders/engines/index.ts `resolveTarget` (an explicit `--db` value, else DISCLOSURE_DB, else
 * data/warehouse.sqlite).
 */
import { hostname } from 'node:os';
import { Kysely, Migrator, sql } from 'kysely';
import { DisclosureError, systemFailure } from '../../core/errors.ts';
import { WarehouseMigrations } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { engineEnvironmentFailure, engineNamed, resolveTarget, type Engine } from '../engines/index.ts';

export type { Engine } from '../engines/index.ts';
export { DEFAULT_WAREHOUSE, engineOf, redact } from '../engines/index.ts';

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
export function resolveWarehouse(url?: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): { engine: Engine; url: string } {
  return resolveTarget(url, env, cwd);
}

/** The file holding the warehouse at a resolved target on this machine, or null (a server, in memory). */
export function warehouseFile(target: { engine: Engine; url: string }): string | null {
  return engineNamed(target.engine).localFile(target.url);
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
      { cause: error, stage: 'load' },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Opens the warehouse at `url` (or DISCLOSURE_DB, or data/warehouse.sqlite) and brings its schema up to
 * date. A PostgreSQL server that cannot be reached is a retriable error.
 */
export async function openWarehouse(url?: string, options: OpenOptions = {}): Promise<Warehouse> {
  const target = resolveTarget(url, options.env, options.cwd);
  const engine = engineNamed(target.engine);
  const db = new Kysely<Database>({ dialect: engine.dialect(target.url, { readOnly: options.readOnly ?? false, poolSize: options.poolSize }) });
  try {
    // A first query separates "cannot connect" (retriable) from "a migration failed" (fatal).
    await sql`select 1`.execute(db);
    if (options.migrate !== false && !options.readOnly) await migrateWarehouse(db, target.engine);
  } catch (e) {
    await db.destroy();
    if (e instanceof DisclosureError) throw e;
    throw new DisclosureError(
      'warehouse/unreachable',
      `cannot open the warehouse ${engine.redact(target.url)}: ${e instanceof Error ? e.message : String(e)}`,
      'retriable',
      undefined,
      { cause: e, stage: 'load' },
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
  const hit = engineEnvironmentFailure(e);
  const reason = e instanceof Error ? e.message : String(e);
  if (hit) {
    return new DisclosureError(hit.code, `${hit.what}: ${reason}`, hit.retriable ? 'retriable' : 'fatal', undefined, { cause: e, stage: 'load' });
  }
  return systemFailure(e, file);
}
