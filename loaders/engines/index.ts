/**
 * The engines, and the one place that decides which one a warehouse uses: from its URL (`resolveTarget`),
 * or for an open database from its kysely adapter (`engineOf`).
 *
 * Where the warehouse is: an explicit `--db` value, else the DISCLOSURE_DB environment variable, else
 * `data/warehouse.sqlite` under the current directory. A `postgres://…` (or `postgresql://…`) URL means
 * PostgreSQL; anything else is a SQLite file path (`sqlite:PATH` too; `:memory:` for a throwaway database).
 */
import { resolve } from 'node:path';
import { PostgresAdapter, SqliteAdapter, type Kysely } from 'kysely';
import { DisclosureError } from '../../core/errors.ts';
import type { Database } from '../warehouse/schema.ts';
import type { Engine, EnvironmentFailure, WarehouseEngine } from './engine.ts';
import { sqlite } from './sqlite/index.ts';
import { postgres } from './postgres/index.ts';
import { isPostgresUrl } from './postgres/driver.ts';

export type { ColumnInsert, Engine, EnvironmentFailure, KnownKey, ReportStatement, UnitLookup, WarehouseEngine } from './engine.ts';
export { runWriteTransaction, type FirstRoundTrip, type TransactionOptions } from './transaction.ts';

const ENGINES: Record<Engine, WarehouseEngine> = { sqlite, postgres };

/** The default SQLite file, relative to the current directory. */
export const DEFAULT_WAREHOUSE = 'data/warehouse.sqlite';

/** The engine of that name. */
export function engineNamed(name: Engine): WarehouseEngine {
  return ENGINES[name];
}

/** Where a warehouse URL (or DISCLOSURE_DB, or the default) points: its engine and its resolved URL. */
export function resolveTarget(
  url?: string,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): { engine: Engine; url: string } {
  const chosen = url?.trim() || env.DISCLOSURE_DB?.trim() || DEFAULT_WAREHOUSE;
  if (isPostgresUrl(chosen)) return { engine: 'postgres', url: chosen };
  const scheme = /^([a-z][a-z0-9+.-]+):\/\//i.exec(chosen)?.[1];
  if (scheme !== undefined && scheme.toLowerCase() !== 'sqlite') {
    throw new DisclosureError('warehouse/unsupported-url', `unsupported warehouse URL scheme '${scheme}:' (give PATH.sqlite or postgres://…)`, 'fatal', undefined, { stage: 'load' });
  }
  if (chosen === ':memory:') return { engine: 'sqlite', url: chosen };
  const path = chosen.replace(/^sqlite:(?:\/\/)?/i, '');
  return { engine: 'sqlite', url: resolve(cwd, path) };
}

/** Which engine a kysely instance talks to (loader functions take only `db`). */
export function engineOf(db: Kysely<Database>): WarehouseEngine {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return postgres;
  if (adapter instanceof SqliteAdapter) return sqlite;
  throw new DisclosureError('warehouse/engine', `unsupported kysely adapter ${adapter.constructor.name}`, 'fatal', undefined, { stage: 'load' });
}

/** The environment failure an error of any engine stands for, or null. */
export function engineEnvironmentFailure(e: unknown): EnvironmentFailure | null {
  for (const engine of Object.values(ENGINES)) {
    const hit = engine.environmentFailure(e);
    if (hit) return hit;
  }
  return null;
}

/** True when the file at `path` is a warehouse database of any engine. */
export function isDatabaseFile(path: string): boolean {
  return Object.values(ENGINES).some((engine) => engine.isDatabaseFile(path));
}

/** A URL fit for messages: a server URL's password replaced by `***`. */
export function redact(url: string): string {
  return postgres.redact(url);
}
