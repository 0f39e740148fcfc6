/**
 * Exact money between the normalised report (decimal strings in 元) and the warehouse (integer 分 in a
 * 64-bit column). No floating point anywhere: the conversion is on the decimal digits.
 */
import { dec, isDecimalText, round, trimScale } from '../../transforms/money/decimal.ts';

const INT64_MAX = 2n ** 63n - 1n;

/**
 * An exact 元 decimal string ("2195900.00", "-611.78", "0.01") as integer 分, or null where the text is
 * not a decimal, has a non-zero digit below 0.01 元 (not representable in whole 分), or exceeds 64 bits.
 */
export function yuanToFen(yuan: string | null | undefined): bigint | null {
  if (yuan === null || yuan === undefined) return null;
  const plain = plainFen(yuan);
  if (plain !== undefined) return plain;
  const text = yuan.trim();
  if (!isDecimalText(text)) return null;
  const d = dec(text);
  if (trimScale(d).scale > 2) return null;
  const fen = round(d, 2).units;
  return fen > INT64_MAX || fen < -INT64_MAX ? null : fen;
}

/** Whole-元 digits the fast path reads: 13, plus two of 分, stay below 2^53, where integer arithmetic on numbers is exact. */
const PLAIN_WHOLE_DIGITS = 13;

/**
 * The common case of `yuanToFen` without a regular expression, string building or BigInt arithmetic (the
 * load path converts every cell; this halved its cost in bench/load.ts; anything else goes through the one
 * exact decimal of transforms/money/decimal.ts): an optional sign, 1 to 13 digits, optionally a point
 * and digits. The digits of 分 are accumulated in an integer below 2^53, so every step is exact (no
 * fraction is ever formed). Returns undefined for anything else (spaces, long numbers), which the general
 * path decides.
 */
function plainFen(s: string): bigint | null | undefined {
  const n = s.length;
  let i = 0;
  let negative = false;
  const first = s.charCodeAt(0);
  if (first === 45 || first === 43) {
    negative = first === 45;
    i = 1;
  }
  let fen = 0;
  const wholeStart = i;
  for (; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    fen = fen * 10 + d;
  }
  const whole = i - wholeStart;
  if (whole === 0 || whole > PLAIN_WHOLE_DIGITS) return undefined;
  let places = 0;
  if (i < n) {
    if (s.charCodeAt(i) !== 46) return undefined;
    for (i++; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return undefined;
      if (places < 2) {
        fen = fen * 10 + d;
        places++;
      } else if (d !== 0) {
        // A non-zero digit below 0.01 元 is not whole 分, unless the text is not a number at all.
        return /^\d*$/.test(s.slice(i + 1)) ? null : undefined;
      }
    }
  }
  for (; places < 2; places++) fen *= 10;
  const big = BigInt(fen);
  return negative ? -big : big;
}

/** Integer 分 as an exact 元 decimal string with two places ("2195900.00", "-0.01"). */
export function fenToYuan(fen: bigint | number | string): string {
  const v = BigInt(fen);
  const abs = v < 0n ? -v : v;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return v < 0n ? `-${text}` : text;
}

/** fenToYuan where an amount may be absent (a cell printed blank): null stays null. */
export function fenToYuanOrNull(fen: bigint | number | string | null): string | null {
  return fen === null ? null : fenToYuan(fen);
}
