/**
 * Units and report versions: one unit across years and spellings, and which version of
 * (unit, year, kind, scope) is current.
 */
import type { Kysely } from 'kysely';
import type { ReportMeta } from '../transforms/model.ts';
import type { Database } from './schema.ts';
import { execute } from './batch.ts';
import { engineOf } from './warehouse.ts';

/**
 * The statements of unit resolution and versioning as plain SQL (`?` placeholders, see batch.ts `execute`):
 * they run for every report loaded, and building them with kysely's query builder cost more JS time than
 * the queries themselves in bench/load.ts.
 */
const UNIT_SQL = {
  byCode: 'select id from units where code = ? order by id limit 1',
  insertUnit: 'insert into units (name, code, parent_name, parent_code, created_at) values (?, ?, ?, ?, ?) returning id',
  versions: 'select id, version, status, superseded_by from reports where unit_id = ? and year = ? and kind = ? and scope = ? order by id',
  versionsNullScope: 'select id, version, status, superseded_by from reports where unit_id = ? and year = ? and kind = ? and scope is null order by id',
  setVersion: 'update reports set version = ?, status = ?, superseded_by = ? where id = ?',
} as const;

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const unitsOfAliasesSql = (n: number) => `select alias, unit_id from unit_aliases where alias in (${marks(n)})`;
const insertAliasesSql = (n: number) =>
  `insert into unit_aliases (alias, unit_id) values ${Array.from({ length: n }, () => '(?, ?)').join(', ')} on conflict (alias) do nothing`;

/** PostgreSQL: UNIT_SQL.insertUnit ($1-$5) and the unit's aliases ($6, text[]) in one statement. */
const CREATE_UNIT_WITH_ALIASES_POSTGRES =
  'with u as (insert into units (name, code, parent_name, parent_code, created_at) values ($1, $2, $3, $4, $5) returning id), ' +
  'a as (insert into unit_aliases (alias, unit_id) select alias, u.id from u cross join unnest($6::text[]) as alias on conflict (alias) do nothing) ' +
  'select id from u';

/** A unit name as an alias key: whitespace (ASCII and full-width) removed, as names are printed wrapped. */
export function aliasKey(name: string): string {
  return name.replace(/[\s\u3000]+/g, '');
}

/** The distinct alias keys a report's meta gives for its unit, the stated name first. */
export function unitAliases(meta: ReportMeta): string[] {
  const names = [meta.unit, ...meta.unitAliases].filter((n): n is string => typeof n === 'string').map(aliasKey);
  return [...new Set(names.filter((n) => n !== ''))];
}

/**
 * What `resolveUnit` reads before it writes, read by the caller in a statement of its own (PostgreSQL's
 * load reads it together with the known-hash check, one round trip): the lowest unit id with the meta's
 * unit code, and the unit of each of `unitAliases(meta)` that has one.
 */
export interface UnitLookup {
  readonly byCode: number | null;
  readonly aliases: readonly { readonly alias: string; readonly unit_id: number }[];
}

/** PostgreSQL SQL reading a UnitLookup as columns `by_code` and `aliases` (json); $1 unit code, $2 aliases (text[]). */
export const UNIT_LOOKUP_POSTGRES =
  '(select id from units where code = $1 order by id limit 1) as by_code, ' +
  "(select coalesce(json_agg(json_build_object('alias', alias, 'unit_id', unit_id)), '[]'::json) from unit_aliases where alias = any($2::text[])) as aliases";

/**
 * The unit of a report: found by its code, else by any of its spellings; created when none matches. New
 * spellings become aliases of the unit found. A spelling that already belongs to another unit stays there
 * (two units are never merged silently).
 */
export async function resolveUnit(trx: Kysely<Database>, meta: ReportMeta, at: string, lookup?: UnitLookup): Promise<number | null> {
  const aliases = unitAliases(meta);
  if (aliases.length === 0 && meta.unitCode === null) return null;
  const engine = engineOf(trx);
  let unitId: number | null = null;
  const known = new Set<string>();
  if (meta.unitCode !== null) {
    const byCode = lookup ? lookup.byCode : ((await execute<{ id: number }>(trx, engine, UNIT_SQL.byCode, [meta.unitCode]))[0]?.id ?? null);
    unitId = byCode;
  }
  if (aliases.length > 0) {
    const found = lookup ? lookup.aliases : await execute<{ alias: string; unit_id: number }>(trx, engine, unitsOfAliasesSql(aliases.length), aliases);
    const byAlias = new Map(found.map((r) => [r.alias, r.unit_id]));
    for (const r of found) known.add(r.alias);
    for (const a of aliases) {
      const id = byAlias.get(a);
      if (unitId === null && id !== undefined) unitId = id;
    }
  }
  if (unitId === null) {
    const unit = [meta.unit?.trim() || aliases[0] || meta.unitCode || '', meta.unitCode, meta.parentUnit, meta.parentUnitCode, at];
    if (engine === 'postgres' && aliases.length > 0) {
      // A new unit and its spellings in one round trip (none of them is known: no unit was found by them).
      const [created] = await execute<{ id: number }>(trx, engine, CREATE_UNIT_WITH_ALIASES_POSTGRES, [...unit, aliases]);
      return created!.id;
    }
    const [created] = await execute<{ id: number }>(trx, engine, UNIT_SQL.insertUnit, unit);
    unitId = created!.id;
  }
  // Only spellings not known yet are added (a known one may belong to another unit: it stays there).
  const missing = aliases.filter((a) => !known.has(a));
  if (missing.length > 0) {
    await execute(trx, engine, insertAliasesSql(missing.length), missing.flatMap((alias) => [alias, unitId]));
  }
  return unitId;
}

/** What makes reports versions of one another. */
export interface VersionKey {
  readonly unitId: number | null;
  readonly year: number | null;
  readonly kind: string | null;
  readonly scope: string | null;
}

/** A report whose unit, year or kind is unknown cannot be a version of anything: it stands alone. */
export function isVersioned(key: VersionKey): boolean {
  return key.unitId !== null && key.year !== null && key.kind !== null;
}

/**
 * Renumbers the versions of `key` in load order (report id) and makes the newest current, the others
 * superseded by it. Only rows whose values change are written. Returns report id → version.
 */
export async function recomputeVersions(trx: Kysely<Database>, key: VersionKey): Promise<Map<number, number>> {
  const versions = new Map<number, number>();
  if (!isVersioned(key)) return versions;
  const engine = engineOf(trx);
  const rows = await execute<VersionRow>(
    trx, engine, key.scope === null ? UNIT_SQL.versionsNullScope : UNIT_SQL.versions,
    key.scope === null ? [key.unitId, key.year, key.kind] : [key.unitId, key.year, key.kind, key.scope],
  );
  return applyVersions(trx, rows);
}

/** A report row as versioning reads it. */
export interface VersionRow {
  readonly id: number;
  readonly version: number;
  readonly status: string;
  readonly superseded_by: number | null;
}

/**
 * Numbers the reports of one key (`rows`, every report of the key, in id order) and writes the rows whose
 * version, status or successor change: the newest is current, the others superseded by it.
 */
export async function applyVersions(trx: Kysely<Database>, rows: readonly VersionRow[]): Promise<Map<number, number>> {
  const versions = new Map<number, number>();
  const engine = engineOf(trx);
  const newest = rows[rows.length - 1];
  for (const [i, r] of rows.entries()) {
    versions.set(r.id, i + 1);
    const current = r === newest;
    const want = { version: i + 1, status: current ? 'current' : 'superseded', superseded_by: current ? null : newest!.id };
    if (r.version !== want.version || r.status !== want.status || r.superseded_by !== want.superseded_by) {
      await execute(trx, engine, UNIT_SQL.setVersion, [want.version, want.status, want.superseded_by, r.id]);
    }
  }
  return versions;
}
