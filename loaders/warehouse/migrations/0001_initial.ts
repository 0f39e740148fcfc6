/**
 * The initial warehouse schema (loaders/warehouse/schema.ts describes every column). Written once for both engines;
 * only the id, 64-bit integer and blob types come from `EngineTypes`.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { EngineTypes } from './types.ts';

// Migrations see the database as it was when they were written, not as schema.ts says it is now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function initial(t: EngineTypes): Migration {
  return {
    async up(db: AnyDb) {
      await t
        .id(db.schema.createTable('runs'))
        .addColumn('command', 'text', (c) => c.notNull())
        .addColumn('args', 'text', (c) => c.notNull())
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('pid', 'integer', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('counts', 'text')
        .execute();

      await t
        .id(db.schema.createTable('source_files'))
        .addColumn('sha256', 'text', (c) => c.notNull().unique())
        .addColumn('format', 'text')
        .addColumn('bytes', t.int64)
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('first_seen_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('first_run_id', 'integer', (c) => c.references('runs.id').onDelete('set null'))
        .execute();

      await db.schema
        .createTable('source_paths')
        .addColumn('source_file_id', 'integer', (c) => c.notNull().references('source_files.id').onDelete('cascade'))
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('first_seen_at', 'text', (c) => c.notNull())
        .addColumn('run_id', 'integer', (c) => c.references('runs.id').onDelete('set null'))
        .addPrimaryKeyConstraint('source_paths_pk', ['source_file_id', 'path'])
        .execute();
      await db.schema.createIndex('source_paths_path').on('source_paths').column('path').execute();

      await t
        .id(db.schema.createTable('units'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('code', 'text')
        .addColumn('parent_name', 'text')
        .addColumn('parent_code', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('unit_aliases')
        .addColumn('alias', 'text', (c) => c.primaryKey())
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
        .execute();
      await db.schema.createIndex('unit_aliases_unit').on('unit_aliases').column('unit_id').execute();

      await t
        .id(db.schema.createTable('reports'))
        .addColumn('source_file_id', 'integer', (c) => c.notNull().unique().references('source_files.id').onDelete('cascade'))
        .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
        .addColumn('unit_name', 'text')
        .addColumn('year', 'integer')
        .addColumn('kind', 'text')
        .addColumn('scope', 'text')
        .addColumn('money_unit', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('superseded_by', 'integer', (c) => c.references('reports.id').onDelete('set null'))
        .addColumn('run_id', 'integer', (c) => c.references('runs.id').onDelete('set null'))
        .addColumn('loaded_at', 'text', (c) => c.notNull())
        .addColumn('reprocessed_at', 'text')
        .addColumn('meta', 'text', (c) => c.notNull())
        .addColumn('listed_tables', 'text', (c) => c.notNull())
        .addColumn('messages', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('reports_key').on('reports').columns(['unit_id', 'year', 'kind', 'scope']).execute();

      await t
        .id(db.schema.createTable('classification'))
        .addColumn('scheme', 'text', (c) => c.notNull())
        .addColumn('edition', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('level', 'integer')
        .addColumn('parent_code', 'text')
        .addColumn('canonical_code', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('first_report_id', 'integer', (c) => c.references('reports.id').onDelete('set null'))
        .addUniqueConstraint('classification_key', ['scheme', 'edition', 'code', 'name', 'source'])
        .execute();
      await db.schema.createIndex('classification_code').on('classification').columns(['scheme', 'code']).execute();

      await t
        .id(db.schema.createTable('report_tables'))
        .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id').onDelete('cascade'))
        .addColumn('table_index', 'integer', (c) => c.notNull())
        .addColumn('table_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('money_unit', 'text')
        .addColumn('columns', 'text', (c) => c.notNull())
        .addColumn('empty_note', 'text')
        .addColumn('blocks', 'text', (c) => c.notNull())
        .addUniqueConstraint('report_tables_key', ['report_id', 'table_index'])
        .execute();

      await t
        .id(db.schema.createTable('line_items'), true)
        .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id').onDelete('cascade'))
        .addColumn('table_index', 'integer', (c) => c.notNull())
        .addColumn('table_id', 'text', (c) => c.notNull())
        .addColumn('side', 'text')
        .addColumn('row_order', 'integer', (c) => c.notNull())
        .addColumn('code', 'text')
        .addColumn('code_scheme', 'text', (c) => c.notNull())
        .addColumn('level', 'integer')
        .addColumn('canonical_code', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('column_path', 'text', (c) => c.notNull())
        .addColumn('measure', 'text')
        .addColumn('amount_fen', t.int64)
        .addColumn('percent', 'text')
        .addColumn('printed', 'text', (c) => c.notNull())
        .addColumn('prov', 'text', (c) => c.notNull())
        .execute();
      // The one index the load path pays for: deleting or rebuilding a report's rows, and joining to reports.
      await db.schema.createIndex('line_items_report').on('line_items').column('report_id').execute();

      await t
        .id(db.schema.createTable('facts'), true)
        .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('metric', 'text', (c) => c.notNull())
        .addColumn('code', 'text')
        .addColumn('name', 'text')
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('unit', 'text')
        .addColumn('amount_fen', t.int64)
        .addColumn('share_pct', 'text')
        .addColumn('completion_pct', 'text')
        .addColumn('reason', 'text')
        .addColumn('sentence', 'text', (c) => c.notNull())
        .addColumn('prov', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('facts_report').on('facts').column('report_id').execute();

      await t
        .id(db.schema.createTable('projects'))
        .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('budget', 'text')
        .addColumn('executed', 'text')
        .addColumn('budget_fen', t.int64)
        .addColumn('executed_fen', t.int64)
        .addColumn('money_unit', 'text')
        .addColumn('prov', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('projects_report').on('projects').column('report_id').execute();

      await t
        .id(db.schema.createTable('indicators'))
        .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id').onDelete('cascade'))
        .addColumn('project_seq', 'integer', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('level1', 'text', (c) => c.notNull())
        .addColumn('level2', 'text', (c) => c.notNull())
        .addColumn('level3', 'text', (c) => c.notNull())
        .addColumn('expected', 'text', (c) => c.notNull())
        .addColumn('actual', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('indicators_report').on('indicators').column('report_id').execute();

      await t
        .id(db.schema.createTable('findings'))
        .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id').onDelete('cascade'))
        .addColumn('run_id', 'integer', (c) => c.references('runs.id').onDelete('set null'))
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('severity', 'text')
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('expected', 'text')
        .addColumn('actual', 'text')
        .addColumn('difference', 'text')
        .addColumn('message', 'text')
        .addColumn('provenance', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('findings_report').on('findings').column('report_id').execute();

      await t
        .id(db.schema.createTable('quarantine'))
        .addColumn('run_id', 'integer', (c) => c.references('runs.id').onDelete('set null'))
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text')
        .addColumn('error_class', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('quarantine_sha256').on('quarantine').column('sha256').execute();

      await db.schema
        .createTable('documents')
        .addColumn('source_file_id', 'integer', (c) => c.primaryKey().references('source_files.id').onDelete('cascade'))
        .addColumn('sha256', 'text', (c) => c.notNull().unique())
        .addColumn('encoding', 'text', (c) => c.notNull())
        .addColumn('body', t.blob, (c) => c.notNull())
        .addColumn('raw_bytes', 'integer', (c) => c.notNull())
        .addColumn('stored_at', 'text', (c) => c.notNull())
        .execute();

      await t
        .id(db.schema.createTable('claims'))
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('worker_id', 'text')
        .addColumn('claimed_at', 'text')
        .addColumn('expires_ms', t.int64)
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('finished_at', 'text')
        .addColumn('error', 'text')
        .execute();
      await db.schema.createIndex('claims_status').on('claims').columns(['status', 'id']).execute();
    },

    async down(db: AnyDb) {
      for (const table of [
        'claims', 'documents', 'quarantine', 'findings', 'indicators', 'projects', 'facts', 'line_items',
        'report_tables', 'classification', 'reports', 'unit_aliases', 'units', 'source_paths', 'source_files', 'runs',
      ]) {
        await sql`drop table if exists ${sql.table(table)}`.execute(db);
      }
    },
  };
}
