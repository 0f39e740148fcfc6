/**
 * Exact money between the normalised report (decimal strings in 元) and the warehouse (integer 分 in a
 * 64-bit column). No floating point anywhere: the conversion is on the decimal digits.
 */

const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?$/;
const INT64_MAX = 2n ** 63n - 1n;

/**
 * An exact 元 decimal string ("2195900.00", "-611.78", "0.01") as integer 分, or null where the text is
 * not a decimal, has a non-zero digit below 0.01 元 (not representable in whole 分), or exceeds 64 bits.
 */
export function yuanToFen(yuan: string | null | undefined): bigint | null {
  if (yuan === null || yuan === undefined) return null;
  const m = DECIMAL.exec(yuan) ?? DECIMAL.exec(yuan.trim());
  if (!m) return null;
  const [, sign, whole, frac = ''] = m;
  if (frac.length > 2 && /[1-9]/.test(frac.slice(2))) return null;
  // One BigInt from the digits of 分 (whole 元 followed by two decimals): the load path converts every
  // cell, and this is several times faster than multiplying BigInts.
  const digits = whole! + (frac.length >= 2 ? frac.slice(0, 2) : frac.length === 1 ? frac + '0' : '00');
  const fen = BigInt(digits);
  if (digits.length >= 19 && fen > INT64_MAX) return null;
  return sign === '-' ? -fen : fen;
}

/** Integer 分 as an exact 元 decimal string with two places ("2195900.00", "-0.01"). */
export function fenToYuan(fen: bigint | number | string): string {
  const v = BigInt(fen);
  const abs = v < 0n ? -v : v;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return v < 0n ? `-${text}` : text;
}
