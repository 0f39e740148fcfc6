/**
 * The unit registry as the user corrects it (`disclosure units`): list units with their aliases and
 * evidence, merge two units, split a wrongly merged spelling off into a unit of its own, and store
 * identity hints. Corrections are written as aliases of confidence `manual`, which resolution
 * (loaders/warehouse/units.ts) finds before any derived key, so `reprocess` keeps them.
 */
import type { Kysely } from 'kysely';
import { canonicalKey, printedKey } from '../../transforms/identity/names.ts';
import type { IdentityHint } from '../../transforms/identity/hints.ts';
import type { Database } from './schema.ts';
import { writeTransaction } from './batch.ts';
import { recomputeVersions } from './versions.ts';

/** A unit with its spellings. */
export interface UnitListing {
  readonly id: number;
  readonly name: string;
  readonly code: string | null;
  readonly reports: number;
  readonly aliases: readonly { readonly alias: string; readonly evidence: string | null; readonly confidence: string | null }[];
}

/** Every unit, by name, with its aliases and the number of its current reports. */
export async function listUnits(db: Kysely<Database>): Promise<UnitListing[]> {
  const units = await db.selectFrom('units').select(['id', 'name', 'code']).orderBy('name').orderBy('id').execute();
  const aliases = await db.selectFrom('unit_aliases').select(['unit_id', 'alias', 'evidence', 'confidence']).orderBy('alias').execute();
  const counts = await db.selectFrom('reports').select(['unit_id', (eb) => eb.fn.countAll().as('n')]).where('status', '=', 'current').groupBy('unit_id').execute();
  const n = new Map(counts.map((c) => [c.unit_id, Number(c.n)]));
  return units.map((u) => ({
    ...u,
    reports: n.get(u.id) ?? 0,
    aliases: aliases.filter((a) => a.unit_id === u.id).map(({ alias, evidence, confidence }) => ({ alias, evidence, confidence })),
  }));
}

/** The unit a user names: its id, or any known spelling (printed or canonical). */
export async function findUnit(db: Kysely<Database>, ref: string): Promise<number | null> {
  if (/^\d+$/u.test(ref)) {
    const byId = await db.selectFrom('units').select('id').where('id', '=', Number(ref)).executeTakeFirst();
    if (byId) return byId.id;
  }
  // The spelling as given first: after a split, 江苏省委办公厅 and its canonical form 中共江苏省委办公厅 are two units.
  for (const key of [printedKey(ref), canonicalKey(ref)]) {
    const hit = await db.selectFrom('unit_aliases').select('unit_id').where('alias', '=', key).executeTakeFirst();
    if (hit) return hit.unit_id;
  }
  return null;
}

/** Recomputes the versions of every (year, kind, scope, part) of the units. */
async function reversion(trx: Kysely<Database>, unitIds: readonly number[]): Promise<void> {
  const keys = await trx.selectFrom('reports').select(['unit_id', 'year', 'kind', 'scope', 'part']).distinct()
    .where('unit_id', 'in', [...unitIds]).where('status', '<>', 'unidentified').execute();
  for (const k of keys) await recomputeVersions(trx, { unitId: k.unit_id, year: k.year, kind: k.kind, scope: k.scope, part: k.part });
}

/** Merges unit `from` into `into`: its aliases and reports move, and it is deleted. */
export async function mergeUnits(db: Kysely<Database>, into: number, from: number): Promise<void> {
  if (into === from) return;
  await writeTransaction(db, async (trx) => {
    const target = await trx.selectFrom('units').select('name').where('id', '=', into).executeTakeFirstOrThrow();
    await trx.updateTable('unit_aliases').set({ unit_id: into, confidence: 'manual', evidence: `merged by hand into ${target.name}` }).where('unit_id', '=', from).execute();
    await trx.updateTable('reports').set({ unit_id: into }).where('unit_id', '=', from).execute();
    await trx.deleteFrom('units').where('id', '=', from).execute();
    await reversion(trx, [into]);
  });
}

/**
 * Splits a spelling off its unit into a unit of its own (named as the spelling): the alias moves, and so do
 * the reports that print it. Returns the new unit's id, or null when no unit has that spelling.
 */
export async function splitAlias(db: Kysely<Database>, alias: string): Promise<number | null> {
  const key = printedKey(alias);
  return writeTransaction(db, async (trx) => {
    const row = await trx.selectFrom('unit_aliases').select('unit_id').where('alias', '=', key).executeTakeFirst();
    if (!row) return null;
    const [created] = await trx.insertInto('units').values({ name: key, code: null, parent_name: null, parent_code: null, created_at: new Date().toISOString() }).returning('id').execute();
    const id = created!.id;
    await trx.updateTable('unit_aliases').set({ unit_id: id, confidence: 'manual', evidence: 'split off by hand' }).where('alias', '=', key).execute();
    const reports = await trx.selectFrom('reports').select(['id', 'unit_name']).where('unit_id', '=', row.unit_id).execute();
    const moved = reports.filter((r) => r.unit_name !== null && printedKey(r.unit_name) === key).map((r) => r.id);
    if (moved.length > 0) await trx.updateTable('reports').set({ unit_id: id }).where('id', 'in', moved).execute();
    await reversion(trx, [row.unit_id, id]);
    return id;
  });
}

/** The stored identity hints. */
export async function readHints(db: Kysely<Database>): Promise<IdentityHint[]> {
  const rows = await db.selectFrom('identity_hints').selectAll().orderBy('id').execute();
  return rows.map((r) => ({ pattern: r.pattern, unit: r.unit, year: r.year, kind: r.kind as IdentityHint['kind'], scope: r.scope as IdentityHint['scope'] }));
}

/** Stores hints; a hint for a pattern already stored replaces it. */
export async function saveHints(db: Kysely<Database>, hints: readonly IdentityHint[]): Promise<void> {
  const at = new Date().toISOString();
  await writeTransaction(db, async (trx) => {
    for (const h of hints) {
      await trx.insertInto('identity_hints').values({ pattern: h.pattern, unit: h.unit, year: h.year, kind: h.kind, scope: h.scope, added_at: at })
        .onConflict((oc) => oc.column('pattern').doUpdateSet({ unit: h.unit, year: h.year, kind: h.kind, scope: h.scope, added_at: at })).execute();
    }
  });
}
