import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import { DEFAULT_WAREHOUSE, openWarehouse, redact, resolveWarehouse } from '../../loaders/warehouse/open.ts';
import { finishRun, knownHashes, loadReport, quarantine, quarantinedPaths, startRun } from '../../loaders/warehouse/load.ts';
import { WarehouseMigrations } from '../../loaders/warehouse/migrations/index.ts';
import { ENGINES } from '../helpers/engines.ts';
import { makeDocument, makeReport } from '../helpers/reports.ts';

describe('where the warehouse is', () => {
  it('takes a postgres:// or postgresql:// URL as PostgreSQL', () => {
    expect(resolveWarehouse('postgres://u@h:5432/db', {})).toEqual({ engine: 'postgres', url: 'postgres://u@h:5432/db' });
    expect(resolveWarehouse('postgresql://h/db', {}).engine).toBe('postgres');
  });

  it('resolves a SQLite path against the working directory', () => {
    expect(resolveWarehouse('out/w.sqlite', {}, '/srv/etl')).toEqual({ engine: 'sqlite', url: '/srv/etl/out/w.sqlite' });
    expect(resolveWarehouse('/abs/w.sqlite', {}, '/srv/etl').url).toBe('/abs/w.sqlite');
  });

  it('falls back to DISCLOSURE_DB, then to data/warehouse.sqlite', () => {
    expect(resolveWarehouse(undefined, { DISCLOSURE_DB: 'postgres://h/x' }).url).toBe('postgres://h/x');
    expect(resolveWarehouse('', { DISCLOSURE_DB: 'env.sqlite' }, '/srv').url).toBe('/srv/env.sqlite');
    expect(resolveWarehouse(undefined, {}, '/srv')).toEqual({ engine: 'sqlite', url: `/srv/${DEFAULT_WAREHOUSE}` });
  });

  it('hides the password of a URL in messages', () => {
    expect(redact('postgres://etl:s3cret@db:5432/w')).toBe('postgres://etl:***@db:5432/w');
  });

  it('reports an unreachable PostgreSQL server as a retriable error', async () => {
    await expect(openWarehouse('postgres://nobody@127.0.0.1:1/none')).rejects.toMatchObject({ code: 'warehouse/unreachable', action: 'retriable' });
  });
});

describe('a SQLite warehouse file', () => {
  it('is created with its folder, in WAL mode with foreign keys and a busy timeout, and migrated once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'disclosure-open-'));
    try {
      const file = join(dir, 'nested', 'w.sqlite');
      const wh = await openWarehouse(file);
      expect(wh).toMatchObject({ engine: 'sqlite', url: file });
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(wh.db);
      expect(mode.rows[0]!.journal_mode).toBe('wal');
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(wh.db);
      expect(fk.rows[0]!.foreign_keys).toBe(1);
      const busy = await sql<{ timeout: number }>`pragma busy_timeout`.execute(wh.db);
      expect(busy.rows[0]!.timeout).toBeGreaterThanOrEqual(5000);
      await wh.close();
      const again = await openWarehouse(file);
      const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(again.db);
      expect(applied.rows.map((r) => r.name)).toEqual(['0001_initial', '0002_views', '0003_postgres_load_path', '0004_identity', '0005_analyst_vocabulary', '0006_finding_marks']);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens DISCLOSURE_DB when no path is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'disclosure-open-'));
    try {
      const wh = await openWarehouse(undefined, { env: { DISCLOSURE_DB: 'from-env.sqlite' }, cwd: dir });
      expect(wh.url).toBe(join(dir, 'from-env.sqlite'));
      await wh.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(ENGINES)('runs and quarantine on $name', (engine) => {
  it('records runs, quarantines failures and retries them until their file loads', async () => {
    const wh = await engine.open();
    try {
      const runId = await startRun(wh.db, { command: 'ingest', args: ['data/samples'] });
      const good = makeReport({ path: 'a/good.docx' });
      const fixed = makeReport({ seed: 'fixed', path: 'a/bad.docx' });
      await loadReport(wh.db, { report: good, document: makeDocument(good), runId });
      await quarantine(wh.db, { runId, path: 'a/bad.docx', sha256: fixed.source.sha256, errorClass: 'format/legacy-doc', message: 'legacy .doc' });
      await quarantine(wh.db, { runId, path: 'a/unreadable.docx', sha256: null, errorClass: 'input/unreadable', message: 'EACCES' });
      await finishRun(wh.db, runId, { seen: 3, new: 1, failed: 2 });

      const run = await wh.db.selectFrom('runs').selectAll().executeTakeFirstOrThrow();
      expect(run).toMatchObject({ command: 'ingest', args: '["data/samples"]', status: 'ok', pid: process.pid });
      expect(JSON.parse(run.counts!)).toEqual({ seen: 3, new: 1, failed: 2 });
      const known = await knownHashes(wh.db, [good.source.sha256, fixed.source.sha256]);
      expect([...known.keys()]).toEqual([good.source.sha256]);
      expect(await quarantinedPaths(wh.db)).toEqual(['a/bad.docx', 'a/unreadable.docx']);
      const q = await wh.db.selectFrom('quarantine').select(['error_class', 'run_id']).orderBy('id').execute();
      expect(q).toEqual([{ error_class: 'format/legacy-doc', run_id: runId }, { error_class: 'input/unreadable', run_id: runId }]);

      // The fixed extractor loads the file: it is known now and no longer to be retried.
      expect((await loadReport(wh.db, { report: fixed, document: makeDocument(fixed), runId })).outcome).toBe('updated');
      expect((await knownHashes(wh.db, [fixed.source.sha256])).has(fixed.source.sha256)).toBe(true);
      expect(await quarantinedPaths(wh.db)).toEqual(['a/unreadable.docx']);
    } finally {
      await wh.close();
    }
  });
});

for (const engine of ENGINES.filter((e) => e.name === 'postgres')) {
  describe('migration 0003 on PostgreSQL', () => {
    it('goes down to foreign keys with the rows kept, and up again to the report-row triggers', async () => {
      const wh = await engine.open();
      try {
        const report = makeReport();
        await loadReport(wh.db, { report, document: makeDocument(report), runId: null });
        const state = async () => ({
          keys: (await sql<{ n: number }>`select count(*)::int as n from pg_constraint where contype = 'f' and conname like '%_report_id_fkey' and conrelid::regclass::text <> 'classification'`.execute(wh.db)).rows[0]!.n,
          triggers: (await sql<{ n: number }>`select count(*)::int as n from pg_trigger where tgname like '%_report_insert' or tgname like '%_report_update'`.execute(wh.db)).rows[0]!.n,
          lineItems: (await wh.db.selectFrom('line_items').select('id').execute()).length,
        });
        expect(await state()).toEqual({ keys: 0, triggers: 12, lineItems: 8 });
        const migrator = new Migrator({ db: wh.db, provider: new WarehouseMigrations('postgres') });
        // Down to 0002: 0006 (finding marks), 0005 (views), then 0004 (identity), then 0003.
        const down = await migrator.migrateTo('0002_views');
        expect(down.error).toBeUndefined();
        expect(down.results?.map((r) => [r.migrationName, r.status])).toEqual([['0006_finding_marks', 'Success'], ['0005_analyst_vocabulary', 'Success'], ['0004_identity', 'Success'], ['0003_postgres_load_path', 'Success']]);
        expect(await state()).toEqual({ keys: 6, triggers: 0, lineItems: 8 });
        const up = await migrator.migrateToLatest();
        expect(up.error).toBeUndefined();
        expect(await state()).toEqual({ keys: 0, triggers: 12, lineItems: 8 });
      } finally {
        await wh.close();
      }
    });
  });
}
