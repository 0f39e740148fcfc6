/**
 * Archive identity (issue 17): a report is a (unit, year, kind, scope) made of parts, and which copy is
 * current is decided on the copies themselves.
 *
 * - `reports.part`: `whole`, or `narrative` / `tables` for a report published as two companion files. The
 *   versions of each part are counted apart, so a new tables file supersedes only the old tables file.
 * - `reports.status` gains `unidentified`: a file whose unit, year or kind could not be determined (or a
 *   placeholder template) is kept, never current, until a hint names it.
 * - `unit_aliases.evidence` / `confidence`: why a spelling belongs to its unit (printed, canonical form,
 *   region prefix, manual merge …) and how sure that is; `ambiguous` keys resolve nothing.
 * - `identity_hints`: the user's hints (unit, and optionally year, kind, scope, per folder or file pattern),
 *   applied by ingest and reprocess.
 * - `v_coverage` counts reports, not files: the unidentified are left out, and `versions` is the largest
 *   number of versions of one part of one scope (a report joined from two files is one report).
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { EngineTypes } from './types.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function identity(t: EngineTypes): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema.alterTable('reports').addColumn('part', 'text', (c) => c.notNull().defaultTo('whole')).execute();
      await db.schema.alterTable('unit_aliases').addColumn('evidence', 'text').execute();
      await db.schema.alterTable('unit_aliases').addColumn('confidence', 'text').execute();
      await t
        .id(db.schema.createTable('identity_hints'))
        .addColumn('pattern', 'text', (c) => c.notNull().unique())
        .addColumn('unit', 'text')
        .addColumn('year', 'integer')
        .addColumn('kind', 'text')
        .addColumn('scope', 'text')
        .addColumn('added_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('reports_identity').on('reports').columns(['unit_id', 'year', 'kind', 'scope', 'part']).execute();
      await sql`drop view v_coverage`.execute(db);
      await createCoverageView(db);
    },
    async down(db: AnyDb) {
      await sql`drop view v_coverage`.execute(db);
      await sql`
        create view v_coverage as
        select
          r.unit_id,
          coalesce(max(u.name), max(r.unit_name)) as unit_name,
          r.year,
          r.kind,
          cast(sum(case when r.status = 'current' then 1 else 0 end) as integer) as reports,
          cast(count(*) as integer) as versions,
          cast(coalesce(sum(case when r.status = 'current' then lc.n else 0 end), 0) as bigint) as line_items
        from reports r
        left join units u on u.id = r.unit_id
        left join (select report_id, count(*) as n from line_items group by report_id) lc on lc.report_id = r.id
        group by r.unit_id, r.year, r.kind
      `.execute(db);
      await db.schema.dropIndex('reports_identity').execute();
      await db.schema.dropTable('identity_hints').execute();
      await db.schema.alterTable('unit_aliases').dropColumn('confidence').execute();
      await db.schema.alterTable('unit_aliases').dropColumn('evidence').execute();
      await db.schema.alterTable('reports').dropColumn('part').execute();
    },
  };
}

/** v_coverage over report identity: a report counts once however many parts and versions it has; unidentified files are left out. */
export async function createCoverageView(db: AnyDb): Promise<void> {
  await sql`
    create view v_coverage as
    select
      k.unit_id,
      max(k.unit_name) as unit_name,
      k.year,
      k.kind,
      cast(count(distinct case when k.current_parts > 0 then coalesce(k.scope, '') end) as integer) as reports,
      cast(max(k.versions) as integer) as versions,
      cast(sum(k.line_items) as bigint) as line_items
    from (
      select
        r.unit_id,
        coalesce(max(u.name), max(r.unit_name)) as unit_name,
        r.year, r.kind, r.scope, r.part,
        sum(case when r.status = 'current' then 1 else 0 end) as current_parts,
        count(*) as versions,
        coalesce(sum(case when r.status = 'current' then lc.n else 0 end), 0) as line_items
      from reports r
      left join units u on u.id = r.unit_id
      left join (select report_id, count(*) as n from line_items group by report_id) lc on lc.report_id = r.id
      where r.status <> 'unidentified'
      group by r.unit_id, r.year, r.kind, r.scope, r.part
    ) k
    group by k.unit_id, k.year, k.kind
  `.execute(db);
}
