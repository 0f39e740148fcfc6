/**
 * The unit registry: every printed name resolved to one unit, with the evidence and confidence of each
 * spelling in `unit_aliases`. The keys come from transforms/identity/names.ts; the order of evidence:
 *
 * 1. the unit code, where printed (strongest);
 * 2. a spelling already known exactly (printed before, or put there by `disclosure units merge/split`);
 * 3. the canonical form (中国共产党江苏省委员会办公厅 = 中共江苏省委办公厅 = 江苏省委办公厅);
 * 4. the name without its province or municipality (普陀区商务委员会 for 上海市普陀区商务委员会), only when
 *    that key is not `ambiguous` (two units of different regions gave it) and the regions do not differ;
 * 5. an abbreviation of a file or folder name (省检察院) when exactly one known unit fits it.
 *
 * Weak evidence never merges two units: where a key is ambiguous the report gets a unit of its own and a
 * message says why. A report that is unidentified (no unit, year or kind, or a placeholder name such as
 * 上海市XX局) gets no unit at all.
 */
import type { Kysely } from 'kysely';
import { info, warning, type Message } from '../../core/messages.ts';
import { abbreviationsIn, canonicalKey, hasTopRegion, isPlaceholderName, printedKey, regionlessKey } from '../../transforms/identity/names.ts';
import { PLACEHOLDER_TEMPLATE } from '../../transforms/template.ts';
import type { ReportMeta } from '../../transforms/model.ts';
import type { Database } from './schema.ts';
import { execute } from './batch.ts';
import type { KnownKey, UnitLookup } from '../engines/index.ts';

export { applyVersions, isVersioned, recomputeVersions, versionKey, type VersionKey, type VersionRow } from './versions.ts';

/** A unit name as an alias key: whitespace (ASCII and full-width) removed, as names are printed wrapped. */
export function aliasKey(name: string): string {
  return printedKey(name);
}

/** One key under which a report's unit is looked up and recorded. */
export interface UnitKey {
  readonly alias: string;
  readonly evidence: string;
  readonly confidence: 'high' | 'medium';
  readonly kind: 'printed' | 'canonical' | 'regionless';
}

/** Why a report is not identified, or null when it is (unit, year and kind known, not a placeholder). */
export function unidentifiedReason(meta: ReportMeta): string | null {
  const missing = (['unit', 'year', 'kind'] as const).filter((k) => meta[k] === null);
  if (missing.length > 0) return `its ${missing.join(', ')} could not be determined`;
  if (isPlaceholderName(meta.unit)) return `"${meta.unit}" is a template's placeholder, no one's name`;
  return null;
}

/**
 * The rules of the messages that mark a file as no one's report whatever its meta says: any stage may emit
 * one (an extractor that finds a workbook template's placeholders, a file that gives no identity), and the
 * loader then keeps the file `unidentified` with that message's reason.
 */
export const UNIDENTIFIED_RULES: ReadonlySet<string> = new Set(['meta/placeholder', 'meta/no-identity', PLACEHOLDER_TEMPLATE]);

/** Why a report is not identified, from its meta and its messages (UNIDENTIFIED_RULES), or null. */
export function identityProblem(meta: ReportMeta, messages: readonly Message[]): string | null {
  const marked = messages.find((m) => UNIDENTIFIED_RULES.has(m.rule));
  return marked ? `${marked.rule}: ${marked.reason}` : unidentifiedReason(meta);
}

/** The keys of a report's unit: its printed spellings, their canonical form and their region-less form. */
export function unitKeys(meta: ReportMeta): UnitKey[] {
  if (unidentifiedReason(meta) !== null && meta.unitCode === null) return [];
  const keys = new Map<string, UnitKey>();
  const names = [meta.unit, ...meta.unitAliases].filter((n): n is string => typeof n === 'string' && printedKey(n) !== '');
  for (const n of names) {
    const p = printedKey(n);
    if (!keys.has(p)) keys.set(p, { alias: p, evidence: 'printed', confidence: 'high', kind: 'printed' });
  }
  for (const n of names) {
    const c = canonicalKey(n);
    if (!keys.has(c)) keys.set(c, { alias: c, evidence: `canonical form of ${printedKey(n)}`, confidence: 'high', kind: 'canonical' });
  }
  for (const n of names) {
    const r = regionlessKey(n);
    if (r !== null && !keys.has(r)) keys.set(r, { alias: r, evidence: `${printedKey(n)} without its region prefix`, confidence: 'medium', kind: 'regionless' });
  }
  return [...keys.values()];
}

/** The distinct alias keys a report's meta gives for its unit (locks and lookups use them). */
export function unitAliases(meta: ReportMeta): string[] {
  return unitKeys(meta).map((k) => k.alias);
}

export type { KnownKey, UnitLookup } from '../engines/index.ts';

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const SQL = {
  byCode: 'select id from units where code = ? order by id limit 1',
  keys: (n: number) => `select a.alias, a.unit_id, a.confidence, u.name as unit_name from unit_aliases a join units u on u.id = a.unit_id where a.alias in (${marks(n)})`,
  insertUnit: 'insert into units (name, code, parent_name, parent_code, created_at) values (?, ?, ?, ?, ?) returning id',
  insertAliases: (n: number) =>
    `insert into unit_aliases (alias, unit_id, evidence, confidence) values ${Array.from({ length: n }, () => '(?, ?, ?, ?)').join(', ')} on conflict (alias) do nothing`,
  ambiguous: "update unit_aliases set confidence = 'ambiguous', evidence = ? where alias = ?",
  rename: 'update units set name = ? where id = ?',
  unitNames: 'select id, name from units',
} as const;

/** The top region a canonical name begins with (上海市, 江苏省), or null. */
function topRegion(name: string): string | null {
  return /^(?:中共)?([\u4e00-\u9fff]{2,3}?(?:省|自治区)|北京市|天津市|上海市|重庆市)/u.exec(canonicalKey(name))?.[1] ?? null;
}

/** The unit resolved for a report, and the messages saying on what evidence. */
export interface Resolution {
  readonly unitId: number | null;
  readonly messages: readonly Message[];
}

/**
 * The pure part of resolution: which known unit the keys lead to, by the order of the module comment
 * (the code is looked up by the caller). Returns the unit id or null, the keys found ambiguous now, and messages.
 */
export function pickUnit(meta: ReportMeta, keys: readonly UnitKey[], known: readonly KnownKey[]): { unitId: number | null; ambiguous: string[]; messages: Message[] } {
  const messages: Message[] = [];
  const ambiguous: string[] = [];
  const byAlias = new Map(known.map((k) => [k.alias, k]));
  const usable = (k: KnownKey | undefined) => k !== undefined && k.confidence !== 'ambiguous';
  for (const kind of ['printed', 'canonical'] as const) {
    const hit = keys.filter((k) => k.kind === kind).map((k) => byAlias.get(k.alias)).find(usable);
    if (hit) {
      if (kind === 'canonical') messages.push(info('load', 'unit/canonical', `"${meta.unit}" is the unit "${hit.unit_name}" (the same name in another party or committee form)`));
      return { unitId: hit.unit_id, ambiguous, messages };
    }
  }
  const own = meta.unit === null ? null : topRegion(meta.unit);
  for (const k of keys.filter((x) => x.kind === 'regionless')) {
    const hit = byAlias.get(k.alias);
    if (!hit) continue;
    const theirs = topRegion(hit.unit_name);
    if (!usable(hit) || (own !== null && theirs !== null && theirs !== own)) {
      if (hit.confidence !== 'ambiguous') ambiguous.push(k.alias);
      messages.push(warning('load', 'unit/ambiguous', `"${meta.unit}" and the unit "${hit.unit_name}" share the name ${k.alias} but not their region: they are kept apart (merge them with \`disclosure units merge\` if they are one)`));
      continue;
    }
    messages.push(info('load', 'unit/region-prefix', `"${meta.unit}" is the unit "${hit.unit_name}": the same name with or without ${own ?? theirs ?? 'its region'}`));
    return { unitId: hit.unit_id, ambiguous, messages };
  }
  return { unitId: null, ambiguous, messages };
}

/**
 * The unit of a report: found by its code, else by its keys (see the module comment); created when none
 * matches. New keys are recorded with their evidence. A key that belongs to another unit stays there (two
 * units are never merged silently); a region-less key shared by units of two regions becomes ambiguous.
 */
export async function resolveUnit(trx: Kysely<Database>, meta: ReportMeta, at: string, lookup?: UnitLookup, path = ''): Promise<Resolution> {
  if (unidentifiedReason(meta) !== null) return { unitId: null, messages: [] };
  const keys = unitKeys(meta);
  let unitId: number | null = null;
  const messages: Message[] = [];
  if (meta.unitCode !== null) {
    unitId = lookup ? lookup.byCode : ((await execute<{ id: number }>(trx, SQL.byCode, [meta.unitCode]))[0]?.id ?? null);
    if (unitId !== null) messages.push(info('load', 'unit/code', `the unit is found by its printed code ${meta.unitCode}`));
  }
  const known = keys.length === 0 ? [] : lookup ? lookup.aliases : await execute<KnownKey>(trx, SQL.keys(keys.length), keys.map((k) => k.alias));
  const picked = pickUnit(meta, keys, known);
  unitId ??= picked.unitId;
  if (unitId === null || picked.unitId === unitId) messages.push(...picked.messages);
  for (const alias of picked.ambiguous) await execute(trx, SQL.ambiguous, [`shared by units of different regions`, alias]);
  if (unitId === null) unitId = await byAbbreviation(trx, meta, path, messages);
  const knownAliases = new Set(known.map((k) => k.alias));
  if (unitId === null) {
    // The canonical form names the unit, whichever spelling arrived first.
    const name = meta.unit === null ? meta.unitCode ?? '' : canonicalKey(meta.unit) !== printedKey(meta.unit) ? canonicalKey(meta.unit) : meta.unit.trim();
    const [created] = await execute<{ id: number }>(trx, SQL.insertUnit, [name, meta.unitCode, meta.parentUnit, meta.parentUnitCode, at]);
    unitId = created!.id;
  } else if (meta.unit !== null && hasTopRegion(meta.unit)) {
    // A unit first known by a region-less name takes the full name once one is printed.
    const unitName = known.find((k) => k.unit_id === unitId)?.unit_name;
    if (unitName !== undefined && !hasTopRegion(unitName)) await execute(trx, SQL.rename, [canonicalKey(meta.unit), unitId]);
  }
  const missing = keys.filter((k) => !knownAliases.has(k.alias));
  if (missing.length > 0) {
    await execute(trx, SQL.insertAliases(missing.length), missing.flatMap((k) => [k.alias, unitId, k.evidence, k.confidence]));
  }
  return { unitId, messages };
}

/**
 * The companion file as a source of the scope: a narrative or tables file that states no scope takes the
 * scope of the current other part of its unit, year and kind, when exactly one scope is found there.
 */
export async function companionScope(trx: Kysely<Database>, unitId: number | null, meta: ReportMeta): Promise<{ meta: ReportMeta; messages: Message[] }> {
  const part = meta.part ?? 'whole';
  if (meta.scope !== null || part === 'whole' || unitId === null || meta.year === null || meta.kind === null) return { meta, messages: [] };
  const other = part === 'narrative' ? 'tables' : 'narrative';
  const rows = await execute<{ scope: string }>(
    trx,
    "select distinct scope from reports where unit_id = ? and year = ? and kind = ? and part = ? and status = 'current' and scope is not null",
    [unitId, meta.year, meta.kind, other],
  );
  if (rows.length !== 1) return { meta, messages: [] };
  const scope = rows[0]!.scope as ReportMeta['scope'];
  return { meta: { ...meta, scope }, messages: [info('load', 'meta/scope-from-companion', `no scope printed; ${scope} is taken from the companion ${other} file of the same unit, year and kind`)] };
}

/**
 * A unit named only by an abbreviation taken from a file or folder name (省检察院): the one known unit whose
 * name the abbreviation stands for, if exactly one; else null (a new unit, with a message).
 */
async function byAbbreviation(trx: Kysely<Database>, meta: ReportMeta, path: string, messages: Message[]): Promise<number | null> {
  if (meta.unit === null) return null;
  const patterns = abbreviationsIn(meta.unit);
  if (patterns.length === 0) return null;
  const units = await execute<{ id: number; name: string }>(trx, SQL.unitNames, []);
  const fits = units.filter((u) => patterns.some((p) => p.test(u.name)));
  if (fits.length === 1) {
    messages.push(info('load', 'unit/abbreviation', `"${meta.unit}" (from ${path || 'the path'}) is the abbreviation of the unit "${fits[0]!.name}"`));
    return fits[0]!.id;
  }
  messages.push(warning('load', 'unit/abbreviation-unresolved', `"${meta.unit}" is an abbreviation that ${fits.length === 0 ? 'no known unit' : `${fits.length} known units`} fit: it stays a unit of its own`));
  return null;
}
