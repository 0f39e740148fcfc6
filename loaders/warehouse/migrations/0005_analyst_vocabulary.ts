/**
 * The analyst's vocabulary, one for the views and the exports:
 * - a blank table cell is an empty amount, not 0: line items printed as nothing (or only spaces) get a
 *   NULL amount (the load path writes NULL for them from now on: loaders/warehouse/rows.ts); a printed 0, 0.00 or
 *   dash stays 0;
 * - `v_line_items` names its columns as the line-items CSV does (unit, unit_printed, phase), and adds
 *   `amount_yuan` beside `amount_fen` (exact numeric on PostgreSQL; on SQLite a double, exact to the 分
 *   for any budget figure; `amount_fen` stays the exact integer on both);
 * - `v_series`: one row per unit × scope × canonical function code × year, with the budget (年初预算, as the
 *   final accounts print it, and the budget report's own figure) beside the final figure (决算), from the
 *   general-budget expenditure table (t05). Codes are canonical (carried across editions through the
 *   crosswalk), so a renamed class stays one series.
 *
 * Down restores v_line_items of 0002 and v_coverage of 0004; amounts made NULL stay NULL (a blank was never a printed zero).
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { views } from './0002_views.ts';
import { createCoverageView } from './0004_identity.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const SOURCE_RANK = sql.raw(`case c.source when 'official' then 0 when 'imported' then 1 else 2 end`);

export const analystVocabulary: Migration = {
  async up(db: AnyDb) {
    // U+3000 is the ideographic space that Chinese templates pad cells with; trim() leaves it.
    await sql`update line_items set amount_fen = null where amount_fen = 0 and trim(replace(printed, ${'\u3000'}, '')) = ''`.execute(db);

    await sql`drop view if exists v_line_items`.execute(db);
    await sql`
      create view v_line_items as
      select
        li.id as line_item_id,
        li.report_id,
        r.unit_id,
        coalesce(u.name, r.unit_name) as unit,
        r.unit_name as unit_printed,
        r.year,
        r.kind,
        case r.kind when 'budget' then 'approved' when 'final' then 'executed' end as phase,
        r.scope,
        li.table_id,
        rt.title as table_title,
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
        li.amount_fen / 100.0 as amount_yuan,
        rt.money_unit,
        li.percent,
        li.printed,
        sf.sha256,
        li.prov
      from line_items li
      join reports r on r.id = li.report_id and r.status = 'current'
      join source_files sf on sf.id = r.source_file_id
      left join units u on u.id = r.unit_id
      left join report_tables rt on rt.report_id = li.report_id and rt.table_index = li.table_index
    `.execute(db);

    await sql`
      create view v_series as
      select
        max(unit_id) as unit_id,
        unit,
        scope,
        canonical_code as code,
        max(level) as level,
        max(canonical_name) as name,
        year,
        cast(sum(case when table_id = 'final.t05_general_budget_expenditure' and measure = 'budget_initial' then amount_fen end) as bigint) as budget_initial_fen,
        cast(sum(case when table_id = 'budget.t05_general_budget_expenditure' and measure = 'total' then amount_fen end) as bigint) as budget_report_fen,
        cast(sum(case when table_id = 'final.t05_general_budget_expenditure' and measure = 'total' then amount_fen end) as bigint) as final_fen
      from v_line_items
      where code_scheme = 'function' and canonical_code is not null and side is null
        and table_id in ('final.t05_general_budget_expenditure', 'budget.t05_general_budget_expenditure')
      group by unit, scope, canonical_code, year
    `.execute(db);
  },

  async down(db: AnyDb) {
    await sql`drop view if exists v_series`.execute(db);
    await sql`drop view if exists v_line_items`.execute(db);
    await sql`drop view if exists v_coverage`.execute(db);
    // 0002 creates v_line_items and v_coverage; v_coverage is then put back as 0004 left it.
    await views.up(db);
    await sql`drop view v_coverage`.execute(db);
    await createCoverageView(db);
  },
};
