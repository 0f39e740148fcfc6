/**
 * The engines every warehouse test runs against (after kysely's test-setup DIALECTS): SQLite in a fresh
 * temporary file, and a real PostgreSQL server, in a database created for the test with a random name on
 * the server of DISCLOSURE_TEST_PG and dropped afterwards.
 *
 * Without DISCLOSURE_TEST_PG the PostgreSQL engine is left out locally, but under CI=true it stays in the
 * list and fails when opened: CI must never pass by silently testing one engine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openWarehouse, type Engine, type Warehouse } from '../../loaders/warehouse/open.ts';

export interface TestEngine {
  readonly name: Engine;
  /** A fresh, migrated, empty warehouse; `close()` also deletes it. */
  open(): Promise<Warehouse>;
  /** A fresh empty database URL (or file path) with no connection open, and a function that deletes it. */
  create(): Promise<{ url: string; drop(): Promise<void> }>;
}

const PG_URL = process.env.DISCLOSURE_TEST_PG;
const IN_CI = process.env.CI === 'true';

async function createSqlite(): Promise<{ url: string; drop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'disclosure-wh-'));
  return { url: join(dir, 'warehouse.sqlite'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** The server URL with another database name. */
function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function createPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!PG_URL) throw new Error('DISCLOSURE_TEST_PG is not set: CI=true requires a PostgreSQL server for the warehouse tests');
  const name = `disclosure_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(PG_URL, name),
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

function engine(name: Engine, create: () => Promise<{ url: string; drop(): Promise<void> }>): TestEngine {
  return {
    name,
    create,
    async open() {
      const target = await create();
      const wh = await openWarehouse(target.url);
      return {
        ...wh,
        async close() {
          await wh.close();
          await target.drop();
        },
      };
    },
  };
}

/** The engines to test: SQLite always; PostgreSQL when configured, and always under CI. */
export const ENGINES: readonly TestEngine[] = [
  engine('sqlite', createSqlite),
  ...(PG_URL || IN_CI ? [engine('postgres', createPostgres)] : []),
];
