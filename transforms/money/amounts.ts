/**
 * Printed numbers and money units of Chinese budget disclosures, read exactly (docs/domain.md, "Amounts and
 * numbers"): thousands separators (ASCII and full-width), full-width digits, spaces inside numbers, blank
 * and dash forms for zero, minus signs and brackets for negatives, percentages with and without %.
 * A year token or a classification code is never an amount: `isYearToken` and `looksLikeCode` let the table
 * and narrative code refuse them. Pure functions; no floating point.
 */
import type { MoneyUnit } from '../model.ts';
import { dec, decToString, mul, trimScale } from './decimal.ts';
import { unitFactor } from './units.ts';

/** A number as printed, normalised to exact ASCII decimal text. */
export interface ParsedNumber {
  /** Exact decimal with the printed precision: "1234.56", "-3.00", "0" for blank forms. */
  readonly value: string;
  /** Printed with % (or ％). */
  readonly percent: boolean;
  /** Printed as blank, "-", "—", "－", "/" and the like, meaning zero. */
  readonly blank: boolean;
  /** Printed with a minus sign or in brackets (and not zero). */
  readonly negative: boolean;
}

/**
 * Cell contents that mean "nothing here", i.e. zero, in the tables of the corpus: blank, hyphens and dashes
 * of every width (ASCII -, en/em dash, horizontal bar, full-width －, doubled), slash, backslash, and the
 * 无 some Sichuan templates print. Checked after NFKC, so full-width forms arrive as their ASCII twins.
 */
const BLANK_FORMS = /^(?:|[-‐‑‒–—―−/\\]{1,3}|无|空)$/u;

/**
 * A cell that printed nothing at all (empty, or only spaces of any width). Such a cell reads as zero in the
 * checks (a row's parts add up with it as 0), but it was not printed as a zero, so the warehouse stores
 * it as an empty amount (NULL) beside its printed text; a dash or 0.00 stays a printed zero.
 */
export function isBlankCell(text: string): boolean {
  return /^[\s\u3000]*$/u.test(text);
}

/** Signs read as minus after NFKC: ASCII hyphen-minus (also from －, ﹣) and U+2212 MINUS SIGN. */
const MINUS = /^[-−]/u;

/**
 * The body of a number after signs, brackets and % are removed: plain digits, or digits grouped by
 * thousands commas (1–3 digits then groups of exactly 3), with an optional fraction; or a bare fraction.
 * "1,2,3" is a list, not a number, so irregular grouping is refused.
 */
const NUMBER_BODY = /^(?:(\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d*))?|\.(\d+))$/;

/** A plain ASCII number without sign, grouping or leading zeros: parses to itself. */
const PLAIN_NUMBER = /^(?:0|[1-9]\d*)(?:\.\d+)?$/;

/** More digits than any budget figure has; beyond this the text is not an amount (and BigInt stays cheap). */
const MAX_DIGITS = 40;

/** NFKC folds full-width digits, ．，％－（）and ideographic spaces to their ASCII forms. */
function fold(text: string): string {
  return text.normalize('NFKC');
}

/**
 * Parses a printed number (a table cell or a token cut from a sentence). Returns null when the text is not
 * a number: words, units glued on ("219.59万元": the caller splits the unit), exponents ("1e309"), mixed
 * letters ("12a3"), irregular digit grouping ("1,2,3").
 */
export function parseNumber(text: string): ParsedNumber | null {
  // Most cells print a plain ASCII amount ("1234.56", "0.00"), which is already its own exact value.
  if (text.length <= MAX_DIGITS && PLAIN_NUMBER.test(text)) return { value: text, percent: false, blank: false, negative: false };
  // Whitespace of any kind (PDF text layers put spaces inside numbers: "1 234.56") is dropped.
  let s = fold(text).replace(/\s+/gu, '');
  if (BLANK_FORMS.test(s)) return { value: '0', percent: false, blank: true, negative: false };

  let negative = false;
  let percent = false;
  // Brackets mark a negative in accounting style: (12.5) / （12.5）; the % may sit inside or outside.
  if (s.endsWith('%')) {
    percent = true;
    s = s.slice(0, -1);
  }
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1);
    if (!percent && s.endsWith('%')) {
      percent = true;
      s = s.slice(0, -1);
    }
  }
  if (MINUS.test(s)) {
    if (negative) return null; // "(-5)" is not a form any template prints; refuse rather than guess.
    negative = true;
    s = s.slice(1);
  } else if (s.startsWith('+')) {
    s = s.slice(1);
  }

  const m = NUMBER_BODY.exec(s);
  if (!m) return null;
  const intPart = (m[1] ?? '').replace(/,/g, '');
  const fracPart = m[2] ?? m[3] ?? '';
  if (intPart.length + fracPart.length > MAX_DIGITS) return null;

  const magnitude = dec(`${intPart || '0'}${fracPart ? '.' + fracPart : ''}`);
  const zero = magnitude.units === 0n;
  const value = decToString(negative && !zero ? { units: -magnitude.units, scale: magnitude.scale } : magnitude);
  return { value, percent, blank: false, negative: negative && !zero };
}

/**
 * Converts an exact decimal in `unit` to 元, exactly: ("219.59", "万元") → "2195900.00".
 * The result keeps at least 2 fraction digits (分) and more only when needed to stay exact
 * ("1.2345678" 万元 → "12345.678"). Throws RangeError when `value` is not strict decimal text.
 */
export function toYuan(value: string, unit: MoneyUnit): string {
  const scaled = mul(dec(value), dec(unitFactor(unit)));
  return decToString(trimScale(scaled, 2));
}

/**
 * A year, not an amount: "2021", "2021年", "2021年度", "２０２１年" (1950–2099). A number with a fraction or
 * separators ("2021.00", "2,021") is an amount and returns false.
 */
export function isYearToken(text: string): boolean {
  const m = /^((?:19[5-9]|20\d)\d)(?:年度?)?$/u.exec(fold(text).trim());
  return m !== null;
}

/**
 * The shape of a 政府收支分类 code: 3, 5 or 7 ASCII digits whose 类 is in a family that exists — revenue
 * 1xx, function 2xx, economic 3xx (部门) and 5xx (政府). A 7-digit code is never an amount; a 3- or 5-digit
 * one may be, so callers use this together with the column or sentence it came from.
 */
export function looksLikeCode(text: string): boolean {
  return /^[1235]\d{2}(?:\d{2}){0,2}$/u.test(fold(text).trim());
}
