/**
 * Units and report versions: one unit across years and spellings, and which version of
 * (unit, year, kind, scope) is current.
 */
import type { Kysely } from 'kysely';
import type { ReportMeta } from '../transforms/model.ts';
import type { Database } from './schema.ts';

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
 * The unit of a report: found by its code, else by any of its spellings; created when none matches. New
 * spellings become aliases of the unit found. A spelling that already belongs to another unit stays there
 * (two units are never merged silently).
 */
export async function resolveUnit(trx: Kysely<Database>, meta: ReportMeta, at: string): Promise<number | null> {
  const aliases = unitAliases(meta);
  if (aliases.length === 0 && meta.unitCode === null) return null;
  let unitId: number | null = null;
  const known = new Set<string>();
  if (meta.unitCode !== null) {
    const byCode = await trx.selectFrom('units').select('id').where('code', '=', meta.unitCode).orderBy('id').executeTakeFirst();
    unitId = byCode?.id ?? null;
  }
  if (aliases.length > 0) {
    const found = await trx.selectFrom('unit_aliases').select(['alias', 'unit_id']).where('alias', 'in', aliases).execute();
    const byAlias = new Map(found.map((r) => [r.alias, r.unit_id]));
    for (const r of found) known.add(r.alias);
    for (const a of aliases) {
      const id = byAlias.get(a);
      if (unitId === null && id !== undefined) unitId = id;
    }
  }
  if (unitId === null) {
    const created = await trx
      .insertInto('units')
      .values({
        name: meta.unit?.trim() || aliases[0] || meta.unitCode || '',
        code: meta.unitCode,
        parent_name: meta.parentUnit,
        parent_code: meta.parentUnitCode,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    unitId = created.id;
  }
  // Only spellings not known yet are added (a known one may belong to another unit: it stays there).
  const missing = aliases.filter((a) => !known.has(a));
  if (missing.length > 0) {
    await trx
      .insertInto('unit_aliases')
      .values(missing.map((alias) => ({ alias, unit_id: unitId })))
      .onConflict((oc) => oc.column('alias').doNothing())
      .execute();
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
  const rows = await trx
    .selectFrom('reports')
    .select(['id', 'version', 'status', 'superseded_by'])
    .where('unit_id', '=', key.unitId)
    .where('year', '=', key.year)
    .where('kind', '=', key.kind)
    .where('scope', key.scope === null ? 'is' : '=', key.scope)
    .orderBy('id')
    .execute();
  const newest = rows[rows.length - 1];
  for (const [i, r] of rows.entries()) {
    versions.set(r.id, i + 1);
    const current = r === newest;
    const want = { version: i + 1, status: current ? ('current' as const) : ('superseded' as const), superseded_by: current ? null : newest!.id };
    if (r.version !== want.version || r.status !== want.status || r.superseded_by !== want.superseded_by) {
      await trx.updateTable('reports').set(want).where('id', '=', r.id).execute();
    }
  }
  return versions;
}
