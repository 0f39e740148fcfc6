/**
 * The money units of the disclosures, in one place: what each is worth in 元, and how a table or a caption
 * declares its unit (单位：万元, a title ending in （万元）, a header cell 金额（万元）). Every conversion between
 * a printed unit and 元 (amounts, checks, exports) reads the table below. Pure; no floating point.
 */
import type { MoneyUnit } from '../model.ts';

/**
 * 元 per unit as a power of ten: 元 = 10^0, 万元 = 10^4, 亿元 = 10^8. 千元 is not here: no template of the
 * corpus prints it, and a caption that says it is read as no unit rather than guessed (×1000 wrong).
 */
export const MONEY_UNIT_EXPONENT = { 元: 0, 万元: 4, 亿元: 8 } as const satisfies Readonly<Record<MoneyUnit, number>>;

/** True for a unit of MONEY_UNIT_EXPONENT (not for 千元, %, 人 …). */
export function isMoneyUnit(unit: string | null | undefined): unit is MoneyUnit {
  return typeof unit === 'string' && Object.hasOwn(MONEY_UNIT_EXPONENT, unit);
}

/** 元 per printed unit as exact decimal text ("10000" for 万元); "1" for anything that is not a money unit. */
export function unitFactor(unit: MoneyUnit | string | null | undefined): string {
  return isMoneyUnit(unit) ? `1${'0'.repeat(MONEY_UNIT_EXPONENT[unit])}` : '1';
}

/**
 * The money unit declared in a caption: "单位：万元", "（单位：元）", "金额单位:万元", "单位: 亿元",
 * "单位：万元、%", "金额单位：人民币万元", a caption that is only the unit ("万元", "（元）") or a title that ends
 * with it in brackets ("收入支出决算总表（万元）"). Null when no money unit is declared
 * (单位：人, 单位：千元 — the latter is not a unit the model knows, and guessing would be wrong by ×1000).
 */
export function parseMoneyUnit(text: string): MoneyUnit | null {
  // NFKC folds full-width brackets and colons (（万元） → (万元)); whitespace is dropped.
  const s = text.normalize('NFKC').replace(/\s+/gu, '');
  // 人民币 is printed by some templates ("金额单位：人民币万元").
  const declared = /单位[:]?(?:人民币)?(亿元|万元|元)(?![/a-zA-Z\u4e00-\u9fff])/u.exec(s);
  if (declared) return declared[1] as MoneyUnit;
  // Only the unit, or a title that ends with it in brackets ("收入支出决算总表（万元）").
  const bare = /(?:^|[([])(亿元|万元|元)[)\]]?$/u.exec(s);
  if (!bare) return null;
  const whole = bare.index === 0 || s.endsWith(')') || s.endsWith(']');
  return whole ? (bare[1] as MoneyUnit) : null;
}

/** A unit inside a cell of the table: a header 金额（万元） or 预算数( 万元 ), or a cell 单位：万元. */
const CELL_UNIT = /[(（]\s*(亿元|万元|元)\s*[)）]|单位[:：]\s*(亿元|万元|元)/u;

/**
 * The money unit of a table: the first of `captions` (caption lines, title, in the caller's order of
 * preference) that declares one (`parseMoneyUnit`), else the first of `cells` (header paths or cells) that
 * names one in brackets or after 单位：. Null when neither says.
 */
export function tableMoneyUnit(captions: readonly string[], cells: Iterable<string> = []): MoneyUnit | null {
  for (const caption of captions) {
    const unit = parseMoneyUnit(caption);
    if (unit) return unit;
  }
  for (const cell of cells) {
    const m = CELL_UNIT.exec(cell);
    const unit = m?.[1] ?? m?.[2];
    if (unit) return unit as MoneyUnit;
  }
  return null;
}
