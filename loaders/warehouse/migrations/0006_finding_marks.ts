/**
 * Findings an auditor can mark: each stored finding keeps its stable id (`finding_key`, from
 * transforms/checks/finding-id.ts: rule, report identity and places), and `finding_marks` holds the marks
 * (dismissed or confirmed, with why) by that id. Marks live apart from the findings, which reprocessing and
 * new versions replace: a finding with the same id shows its mark again. Written once for both engines.
 */
import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const findingMarks: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('findings').addColumn('finding_key', 'text').execute();
    await db.schema.createIndex('findings_key').on('findings').column('finding_key').execute();
    await db.schema
      .createTable('finding_marks')
      .addColumn('finding_key', 'text', (c) => c.primaryKey())
      .addColumn('mark', 'text', (c) => c.notNull())
      .addColumn('why', 'text')
      .addColumn('marked_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable('finding_marks').execute();
    await db.schema.dropIndex('findings_key').execute();
    await db.schema.alterTable('findings').dropColumn('finding_key').execute();
  },
};
