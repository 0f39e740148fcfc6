/**
 * PostgreSQL's load path (SQLite: nothing changes).
 *
 * 1. The rows derived from a report (report_tables, line_items, facts, projects, indicators, findings)
 * reference it through statement-level triggers instead of foreign keys. SQLite keeps its foreign keys.
 *
 * Why: PostgreSQL checks a foreign key once per inserted row, each check a query of `reports` and a row
 * lock. A report's 300–900 line items made those checks 30% of the statement that loads it (EXPLAIN
 * ANALYZE: 0.87 of 2.89 ms for 351 line items). The triggers below check once per statement, whatever its
 * row count: 0.04 ms for the same line items.
 *
 * What stays the same: an insert or update naming a report that does not exist fails with
 * foreign_key_violation (SQLSTATE 23503, the code a foreign key raises) and rolls back its statement; the
 * reports named are locked FOR KEY SHARE until the transaction ends, as a foreign key locks them, so a
 * concurrent delete of one waits and then sees the new rows; deleting a report deletes its derived rows
 * (the ON DELETE CASCADE the keys had). A report's id never changes (the keys refused it while rows
 * referenced the report; the trigger refuses it always).
 *
 * 2. The id sequences of line_items and facts hand each session 1,000 ids at a time instead of one per
 * nextval (bench:load: +0.03–0.04 of the column-array ceiling in two paired runs). Ids stay unique and
 * grow within a session; across sessions they interleave in blocks, and a session that ends leaves the
 * rest of its block unused.
 */
import { sql, type Kysely, type Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const REPORT_ROW_TABLES = ['report_tables', 'line_items', 'facts', 'projects', 'indicators', 'findings'] as const;
const CACHED_ID_TABLES = ['line_items', 'facts'] as const;

/** Migration 0003 on PostgreSQL (loaders/warehouse/migrations/index.ts takes it from the engine). */
export const postgresLoadPath: Migration = {
  async up(db: AnyDb) {
    await sql`
      create function report_rows_delete() returns trigger language plpgsql as $$
      begin
        ${sql.raw(REPORT_ROW_TABLES.map((t) => `delete from ${t} where report_id in (select id from old_rows);`).join('\n          '))}
        return null;
      end $$`.execute(db);
    await sql`
      create function report_id_fixed() returns trigger language plpgsql as $$
      begin
        raise foreign_key_violation using message = format('report %s: a report id never changes', old.id);
      end $$`.execute(db);
    await sql`
      create function report_rows_check() returns trigger language plpgsql as $$
      declare
        lo integer;
        hi integer;
        missing integer;
      begin
        -- One scan of the new rows; nearly every statement names one report.
        select min(report_id), max(report_id) into lo, hi from new_rows;
        if lo = hi then
          perform 1 from reports where id = lo for key share;
          if not found then missing := lo; end if;
        elsif lo is not null then
          perform 1 from reports where id in (select report_id from new_rows) for key share;
          select d.report_id into missing from (select distinct report_id from new_rows) d
            where not exists (select 1 from reports r where r.id = d.report_id) limit 1;
        end if;
        if missing is not null then
          raise foreign_key_violation using
            message = format('insert or update on table "%s" names a report that does not exist', tg_table_name),
            detail = format('Key (report_id)=(%s) is not present in table "reports".', missing);
        end if;
        return null;
      end $$`.execute(db);
    for (const t of REPORT_ROW_TABLES) {
      await sql.raw(`alter table ${t} drop constraint ${t}_report_id_fkey`).execute(db);
      for (const event of ['insert', 'update']) {
        await sql.raw(
          `create trigger ${t}_report_${event} after ${event} on ${t} referencing new table as new_rows ` +
            'for each statement execute function report_rows_check()',
        ).execute(db);
      }
    }
    await sql`create trigger reports_delete_rows after delete on reports referencing old table as old_rows
      for each statement execute function report_rows_delete()`.execute(db);
    await sql`create trigger reports_id_fixed before update of id on reports for each row
      when (old.id is distinct from new.id) execute function report_id_fixed()`.execute(db);
    for (const t of CACHED_ID_TABLES) await sql.raw(`alter sequence ${t}_id_seq cache 1000`).execute(db);
  },

  async down(db: AnyDb) {
    for (const t of CACHED_ID_TABLES) await sql.raw(`alter sequence ${t}_id_seq cache 1`).execute(db);
    await sql`drop trigger if exists reports_id_fixed on reports`.execute(db);
    await sql`drop trigger if exists reports_delete_rows on reports`.execute(db);
    for (const t of REPORT_ROW_TABLES) {
      for (const event of ['insert', 'update']) await sql.raw(`drop trigger if exists ${t}_report_${event} on ${t}`).execute(db);
      await sql.raw(`alter table ${t} add constraint ${t}_report_id_fkey foreign key (report_id) references reports (id) on delete cascade`).execute(db);
    }
    await sql`drop function if exists report_id_fixed()`.execute(db);
    await sql`drop function if exists report_rows_delete()`.execute(db);
    await sql`drop function if exists report_rows_check()`.execute(db);
  },
};
