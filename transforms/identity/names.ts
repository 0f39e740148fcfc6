/**
 * Unit names as printed, and the keys under which two printings are one unit (docs/domain.md, "Names vary").
 * Pure: the warehouse's unit registry (loaders/warehouse/units.ts) looks these keys up.
 *
 * - `printedKey`: the name with whitespace and line breaks removed (NFKC), as PDF covers wrap names
 *   ("江苏省高级 / 人民法院").
 * - `canonicalKey`: the party forms made one: 中国共产党江苏省委员会办公厅, 中共江苏省委办公厅 and the bare
 *   江苏省委办公厅 (a provincial party committee's office prints itself all three ways in the Jiangsu
 *   archive, 2017–2019) all become 中共江苏省委办公厅.
 * - `regionlessKey`: the name without its leading province or municipality (上海市普陀区商务委员会 →
 *   普陀区商务委员会), the form file and folder names and some covers use. Two districts of one name exist
 *   (上海市普陀区, 舟山市普陀区), so this key only ever matches a name printed without a prefix, and only when
 *   a single unit has it.
 */

/** Whitespace (ASCII, full-width, line breaks) removed after NFKC: the printed name as a key. */
export function printedKey(name: string): string {
  return name.normalize('NFKC').replace(/[\s\u3000]+/gu, '');
}

/** A region name ending a prefix: province, city, district, county, prefecture, banner. */
const REGION = '[\\u4e00-\\u9fff]{1,8}?(?:省|自治区|市|区|县|州|盟|旗)';

/** The canonical key of a unit name: printedKey with the party committee forms made one. */
export function canonicalKey(name: string): string {
  let key = printedKey(name);
  // 中国共产党X委员会Y → 中共X委Y (the full party name and "委员会" spelt out).
  const full = new RegExp(`^中国共产党(${REGION})委员会(.*)$`, 'u').exec(key);
  if (full) key = `中共${full[1]}委${full[2]}`;
  // The bare X省委Y (江苏省委办公厅) is the party committee's: 中共 is implied. 委员会 after a region is a
  // government commission (上海市普陀区商务委员会 has 商务 between), so 委 must follow the region directly
  // and not begin 委员会.
  if (!key.startsWith('中共')) {
    const bare = new RegExp(`^(${REGION})委(?!员会)(.+)$`, 'u').exec(key);
    if (bare && !/^(?:员|托)/u.test(bare[2]!)) key = `中共${bare[1]}委${bare[2]}`;
  }
  return key;
}

/** The top regions whose prefix file names and some covers leave out: provinces and municipalities. */
const TOP_REGION = /^(?:中共)?([\u4e00-\u9fff]{2,3}?(?:省|自治区)|北京市|天津市|上海市|重庆市)(?=[\u4e00-\u9fff]{1,8}?(?:市|区|县|州|盟|旗))/u;

/**
 * The canonical key without its leading province or municipality, or null when the name has none (or
 * nothing that is itself a region follows it: 上海市财政局 keeps its prefix, as 财政局 alone names no one).
 */
export function regionlessKey(name: string): string | null {
  const key = canonicalKey(name);
  const m = TOP_REGION.exec(key);
  if (!m) return null;
  const party = key.startsWith('中共') ? '中共' : '';
  return party + key.slice(party.length + m[1]!.length);
}

/** Whether a name begins with a province or municipality (a "full" name, as covers print it). */
export function hasTopRegion(name: string): boolean {
  return /^(?:中共)?(?:[\u4e00-\u9fff]{2,3}?(?:省|自治区)|北京市|天津市|上海市|重庆市)/u.test(canonicalKey(name));
}

/**
 * A placeholder of a template (上海市XX局, 上海市普陀区XX局, ×××单位): no one's report. The district's own
 * workbook templates print XX where the unit goes.
 */
export function isPlaceholderName(name: string | null): boolean {
  return name !== null && /[XxＸｘ×]{2,}|\*{2,}|某某|〇〇/u.test(name.normalize('NFKC'));
}

/**
 * Abbreviations that archives use in file and folder names for a province's units (the Jiangsu crawl:
 * 省法院, 省检察院, 省人大办公厅): each as the pattern of the full name it stands for. They resolve only to a
 * unit already known by its printed name (loaders/warehouse/units.ts): an abbreviation is weak evidence.
 */
export const ABBREVIATIONS: readonly { readonly short: string; readonly full: RegExp }[] = [
  { short: '省法院', full: /^[\u4e00-\u9fff]{2,3}省高级人民法院$/u },
  { short: '省高院', full: /^[\u4e00-\u9fff]{2,3}省高级人民法院$/u },
  { short: '省检察院', full: /^[\u4e00-\u9fff]{2,3}省人民检察院$/u },
  { short: '省人大办公厅', full: /^[\u4e00-\u9fff]{2,3}省人大常委会办公厅$/u },
  { short: '省人大常委会办公厅', full: /^[\u4e00-\u9fff]{2,3}省人大常委会办公厅$/u },
  { short: '省委办公厅', full: /^中共[\u4e00-\u9fff]{2,3}省委办公厅$/u },
  { short: '省政府办公厅', full: /^[\u4e00-\u9fff]{2,3}省人民政府办公厅$/u },
];

/** The abbreviations a file or folder name contains, longest first (省人大常委会办公厅 before 省人大办公厅). */
export function abbreviationsIn(text: string): RegExp[] {
  const t = printedKey(text);
  return ABBREVIATIONS.filter((a) => t.includes(a.short)).sort((a, b) => b.short.length - a.short.length).map((a) => a.full);
}
