/**
 * PostgreSQL's report writer (`ReportWriter`, loaders/engines/engine.ts). A load is bound by round trips,
 * so a new report costs three (four when its unit is new): BEGIN, the advisory locks and the lookup of the
 * hash and the unit in one; the source file, its path and document, the report row, its derived rows
 * (column arrays) and the read of the earlier versions of its key in one statement; COMMIT.
 */
import type { UnitLookup, ReportWriter } from '../engine.ts';
import { VERSION_COLUMNS, type VersionRow } from '../../warehouse/version-rows.ts';
import { columnArrays, insertColumns, type ColumnArrays } from './columns.ts';
import { pgInline } from './literals.ts';

/** SQL reading a UnitLookup as columns `by_code` and `aliases` (json); $1 unit code, $2 aliases (text[]). */
const UNIT_LOOKUP =
  '(select id from units where code = $1 order by id limit 1) as by_code, ' +
  "(select coalesce(json_agg(json_build_object('alias', a.alias, 'unit_id', a.unit_id, 'confidence', a.confidence, 'unit_name', u.name)), '[]'::json) " +
  'from unit_aliases a join units u on u.id = a.unit_id where a.alias = any($2::text[])) as aliases';

const SQL = {
  // The source file, its path and its stored document as CTEs heading the report's statement (parameters
  // $1-$9: sha256, format, bytes, at, run id, path, encoding, body, raw bytes); a file quarantined earlier
  // and loadable now (a fixed extractor) becomes loaded.
  sourceCtes:
    "sf as (insert into source_files (sha256, format, bytes, status, first_seen_at, last_seen_at, first_run_id) values ($1, $2, $3, 'loaded', $4, $4, $5::int4) " +
    "on conflict (sha256) do update set format = excluded.format, bytes = excluded.bytes, status = 'loaded', last_seen_at = excluded.last_seen_at returning id), " +
    'p as (insert into source_paths (source_file_id, path, first_seen_at, run_id) select id, $6, $4, $5::int4 from sf on conflict (source_file_id, path) do nothing), ' +
    'd as (insert into documents (source_file_id, sha256, encoding, body, raw_bytes, stored_at) select id, $1, $7, $8, $9, $4 from sf)',
  // The report row inserted from them ($10-$20: unit id, unit name, year, kind, scope, money unit, meta,
  // listed tables, messages, part, status).
  insertReport:
    'insert into reports (source_file_id, unit_id, unit_name, year, kind, scope, money_unit, version, status, superseded_by, run_id, ' +
    'loaded_at, reprocessed_at, meta, listed_tables, messages, part) select sf.id, $10::int4, $11::text, $12::int4, $13::text, $14::text, $15::text, 1, $20::text, null, $5::int4, $4, null, $16, $17, $18, $19::text from sf returning id',
  /**
   * The reports of the new report's (unit, year, kind, scope, part) that exist before it, as the statement
   * that inserts it sees them, so that versions need no read of their own. The unit locks held by the
   * transaction keep other loads of the key out until it commits.
   */
  earlierVersions:
    'select h.id, (select coalesce(json_agg(row_to_json(v) order by v.id), \'[]\'::json) from (select ' + VERSION_COLUMNS + ' from reports r join source_files sf on sf.id = r.source_file_id ' +
    "where r.unit_id = $10 and r.year = $12 and r.kind = $13 and (r.scope = $14 or (r.scope is null and $14::text is null)) and r.part = $19 and r.status <> 'unidentified') v) as earlier from h",
} as const;

/** The parameters of SQL.sourceCtes and SQL.insertReport ($1-$20), before the column arrays. */
const REPORT_HEAD_PARAMS = 20;

export const postgresReports: ReportWriter = {
  firstRead(sha256, unitCode, aliases) {
    return pgInline(
      'select (select r.id from source_files sf join reports r on r.source_file_id = sf.id where sf.sha256 = $3) as known, ' + UNIT_LOOKUP,
      [unitCode, aliases, sha256],
    );
  },
  // The derived rows' column arrays are built while the lookup is on the server.
  meanwhile: (parts) => () => columnArrays(parts(), REPORT_HEAD_PARAMS),
  async known(_trx, _sha256, firstRows) {
    const row = firstRows[0] as { known: number | null; by_code: number | null; aliases: UnitLookup['aliases'] };
    return { known: row.known, units: { byCode: row.by_code, aliases: row.aliases } };
  },
  async insert(trx, r, parts, ready) {
    const built = (ready as ColumnArrays | undefined) ?? parts(null);
    const [inserted] = await insertColumns<{ id: number; earlier: VersionRow[] }>(trx, built, {
      with: SQL.sourceCtes,
      sql: SQL.insertReport,
      params: [
        r.sha256, r.format, r.bytes, r.at, r.runId, r.path, r.document.encoding, r.document.body, r.document.rawBytes,
        r.unitId, r.unitName, r.year, r.kind, r.scope, r.moneyUnit, r.meta, r.listedTables, r.messages, r.part, r.status,
      ],
      select: SQL.earlierVersions,
    });
    return { reportId: inserted!.id, earlier: inserted!.earlier.map((v) => ({ ...v, items: Number(v.items), errors: Number(v.errors) })) };
  },
};
