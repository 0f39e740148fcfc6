/**
 * The analyst views, in SQL that both engines read the same way.
 *
 * `v_line_items` shows current reports only (a superseded version would double every figure); history is in
 * `line_items` joined to `reports`. Names are resolved from the classification dimension with a fixed
 * preference: official, then imported, then learned (docs/domain.md: the codebook's three sources).
 */
import { sql, type Kysely, type Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const SOURCE_RANK = sql.raw(`case c.source when 'official' then 0 when 'imported' then 1 else 2 end`);

export const views: Migration = {
  async up(db: AnyDb) {
    await sql`
      create view v_line_items as
      select
        li.id as line_item_id,
        li.report_id,
        sf.sha256,
        r.unit_id,
        coalesce(u.name, r.unit_name) as unit_name,
        r.unit_name as unit_name_printed,
        r.year,
        r.kind,
        r.scope,
        li.table_id,
        rt.title as table_title,
        rt.money_unit,
        li.side,
        li.row_order,
        li.code,
        li.code_scheme,
        li.level,
        coalesce(li.canonical_code, li.code) as canonical_code,
        (select c.name from classification c
          where c.scheme = li.code_scheme and c.code = li.code and c.edition = cast(r.year as text)
          order by ${SOURCE_RANK} limit 1) as code_name,
        (select c.name from classification c
          where c.scheme = li.code_scheme and c.code = coalesce(li.canonical_code, li.code)
          order by ${SOURCE_RANK}, c.edition desc limit 1) as canonical_name,
        li.name,
        li.column_path,
        li.measure,
        li.amount_fen,
        li.percent,
        li.printed,
        li.prov
      from line_items li
      join reports r on r.id = li.report_id and r.status = 'current'
      join source_files sf on sf.id = r.source_file_id
      left join units u on u.id = r.unit_id
      left join report_tables rt on rt.report_id = li.report_id and rt.table_index = li.table_index
    `.execute(db);

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
  },

  async down(db: AnyDb) {
    await sql`drop view if exists v_coverage`.execute(db);
    await sql`drop view if exists v_line_items`.execute(db);
  },
};
