/**
 * An auditor's marks on findings, by the finding's stable id (`finding_key`): dismissed (not a problem of
 * the report, with why) or confirmed. Marks are kept apart from the findings, which reprocessing replaces,
 * so a finding that comes back with the same id (same rule, report and places) comes back with its mark.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export type FindingMark = 'dismissed' | 'confirmed';

export interface MarkRow {
  readonly findingKey: string;
  readonly mark: FindingMark;
  readonly why: string | null;
  readonly markedAt: string;
}

/** The stored findings of a key (any report version), newest first: to tell the auditor what was marked. */
export async function findingsOfKey(db: Kysely<Database>, key: string): Promise<{ report_id: number; rule_id: string; severity: string | null; message: string | null }[]> {
  return db
    .selectFrom('findings')
    .select(['report_id', 'rule_id', 'severity', 'message'])
    .where('finding_key', '=', key)
    .orderBy('report_id', 'desc')
    .execute();
}

/** Sets (or replaces) the mark of a finding key. */
export async function markFinding(db: Kysely<Database>, key: string, mark: FindingMark, why: string | null, at = new Date()): Promise<void> {
  const row = { finding_key: key, mark, why, marked_at: at.toISOString() };
  await db
    .insertInto('finding_marks')
    .values(row)
    .onConflict((oc) => oc.column('finding_key').doUpdateSet({ mark, why, marked_at: row.marked_at }))
    .execute();
}

/** Removes the mark of a finding key; false when there was none. */
export async function unmarkFinding(db: Kysely<Database>, key: string): Promise<boolean> {
  const r = await db.deleteFrom('finding_marks').where('finding_key', '=', key).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Every mark, by key. */
export async function findingMarks(db: Kysely<Database>): Promise<Map<string, MarkRow>> {
  const rows = await db.selectFrom('finding_marks').selectAll().orderBy('finding_key').execute();
  return new Map(rows.map((r) => [r.finding_key, { findingKey: r.finding_key, mark: r.mark as FindingMark, why: r.why, markedAt: r.marked_at }]));
}
