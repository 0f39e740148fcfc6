/**
 * Which copy of a report is current. The copies of one part (whole, narrative or tables) of one
 * (unit, year, kind, scope) are versions of each other; the current one is decided on the copies
 * themselves, never on the order they arrived in (an archive ingested in another order, or a copy alone,
 * gives the same answer):
 *
 * 1. the most complete: the most line items and narrative facts;
 * 2. then the fewest error findings of the checks within the report (a corrected re-publication);
 * 3. then the lowest sha256 of the file, a tie-break on content that is arbitrary but fixed.
 *
 * Versions are numbered 1, 2 … in that order, worst first: the current copy has the highest number.
 * A file whose identity is unknown (`unidentified`) is no one's version.
 */
import type { Kysely } from 'kysely';
import type { ReportMeta } from '../../transforms/model.ts';
import type { Database } from './schema.ts';
import { execute } from './batch.ts';
import { VERSION_COLUMNS, type VersionRow } from './version-rows.ts';

export { VERSION_COLUMNS, type VersionRow } from './version-rows.ts';

/** What makes reports versions of one another. */
export interface VersionKey {
  readonly unitId: number | null;
  readonly year: number | null;
  readonly kind: string | null;
  readonly scope: string | null;
  readonly part: string;
}

/** The key of a report's meta once its unit is resolved. */
export function versionKey(unitId: number | null, meta: ReportMeta): VersionKey {
  return { unitId, year: meta.year, kind: meta.kind, scope: meta.scope, part: meta.part ?? 'whole' };
}

/** A report whose unit, year or kind is unknown cannot be a version of anything: it stands alone. */
export function isVersioned(key: VersionKey): boolean {
  return key.unitId !== null && key.year !== null && key.kind !== null;
}

/** The copies in version order (worst first, current last): see the module comment. */
export function rankVersions<R extends Pick<VersionRow, 'items' | 'errors' | 'sha256'>>(rows: readonly R[]): R[] {
  return [...rows].sort((a, b) => Number(a.items) - Number(b.items) || Number(b.errors) - Number(a.errors) || (a.sha256 < b.sha256 ? 1 : a.sha256 > b.sha256 ? -1 : 0));
}


const VERSIONS_SQL = (nullScope: boolean) =>
  `select ${VERSION_COLUMNS} from reports r join source_files sf on sf.id = r.source_file_id ` +
  `where r.unit_id = ? and r.year = ? and r.kind = ? and ${nullScope ? 'r.scope is null' : 'r.scope = ?'} and r.part = ? and r.status <> 'unidentified' order by r.id`;

const SET_VERSION = 'update reports set version = ?, status = ?, superseded_by = ? where id = ?';

/** Renumbers the versions of `key` and makes the best copy current. Returns report id → version. */
export async function recomputeVersions(trx: Kysely<Database>, key: VersionKey): Promise<Map<number, number>> {
  if (!isVersioned(key)) return new Map();
  const params = key.scope === null ? [key.unitId, key.year, key.kind, key.part] : [key.unitId, key.year, key.kind, key.scope, key.part];
  const rows = await execute<VersionRow>(trx, VERSIONS_SQL(key.scope === null), params);
  return applyVersions(trx, rows);
}

/**
 * Numbers the reports of one key (`rows`: every report of the key) by `rankVersions` and writes the rows
 * whose version, status or successor change: the best is current, the others superseded by it.
 */
export async function applyVersions(trx: Kysely<Database>, rows: readonly VersionRow[]): Promise<Map<number, number>> {
  const versions = new Map<number, number>();
  const ranked = rankVersions(rows);
  const best = ranked[ranked.length - 1];
  for (const [i, r] of ranked.entries()) {
    versions.set(r.id, i + 1);
    const current = r === best;
    const want = { version: i + 1, status: current ? 'current' : 'superseded', superseded_by: current ? null : best!.id };
    if (r.version !== want.version || r.status !== want.status || r.superseded_by !== want.superseded_by) {
      await execute(trx, SET_VERSION, [want.version, want.status, want.superseded_by, r.id]);
    }
  }
  return versions;
}
