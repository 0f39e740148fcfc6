/**
 * Exact decimal arithmetic on BigInt: a value is `units / 10^scale`. Money never touches binary floating
 * point between the printed text and the warehouse (docs/domain.md, "Amounts and numbers").
 *
 * Scales are kept, not normalised: `add(dec('1.10'), dec('2'))` is `3.10`, so the printed precision of the
 * operands survives into results and into `decToString`. All functions are pure; invalid input throws
 * `RangeError` because it is a programming error here (parsing untrusted text is `amounts.ts`'s job, which
 * returns null instead).
 */

/** An exact decimal: value = units / 10^scale, scale a non-negative integer. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/** Largest scale accepted; guards against `10n ** BigInt(huge)` eating memory on absurd input. */
const MAX_SCALE = 1000;

/**
 * Strict ASCII decimal syntax: optional sign, digits, optional fraction. Accepted: "-12.30", "+5", "5",
 * "0.5", ".5" (read as 0.5) and "5." (read as 5, scale 0). Rejected: "", "-", ".", "1e3", "1,234", " 5",
 * full-width digits, anything else. Use `parseNumber` in amounts.ts for printed forms.
 */
const DECIMAL_SYNTAX = /^([+-]?)(\d*)(?:\.(\d*))?$/;

function checkScale(scale: number): void {
  if (!Number.isInteger(scale) || scale < 0 || scale > MAX_SCALE) {
    throw new RangeError(`decimal scale must be an integer from 0 to ${MAX_SCALE}, got ${scale}`);
  }
}

/** Powers of ten already computed (scales of budget figures are small, so the cache stays short). */
const POW10: bigint[] = [1n];

function pow10(n: number): bigint {
  if (n > 64) return 10n ** BigInt(n);
  for (let i = POW10.length; i <= n; i++) POW10.push(POW10[i - 1]! * 10n);
  return POW10[n]!;
}

/** True for strict ASCII decimal text that `dec` accepts (values from other stages are checked before use). */
export function isDecimalText(text: string | null | undefined): text is string {
  if (typeof text !== 'string') return false;
  const m = DECIMAL_SYNTAX.exec(text);
  return m !== null && (m[2] !== '' || (m[3] ?? '') !== '');
}

/** Parses strict ASCII decimal text (see DECIMAL_SYNTAX); throws RangeError on anything else. */
export function dec(text: string): Decimal {
  const m = DECIMAL_SYNTAX.exec(text);
  const intPart = m?.[2] ?? '';
  const fracPart = m?.[3] ?? '';
  if (!m || (intPart === '' && fracPart === '')) {
    throw new RangeError(`not a decimal number: ${JSON.stringify(text)}`);
  }
  checkScale(fracPart.length);
  const magnitude = BigInt((intPart || '0') + fracPart);
  return { units: m[1] === '-' ? -magnitude : magnitude, scale: fracPart.length };
}

/** Builds a Decimal from parts, checking the scale. */
export function decimal(units: bigint, scale = 0): Decimal {
  checkScale(scale);
  return { units, scale };
}

/** Formats with exactly `scale` fraction digits: {1230n,2} → "12.30"; {-5n,1} → "-0.5"; zero has no sign. */
export function decToString(d: Decimal): string {
  checkScale(d.scale);
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString();
  let text: string;
  if (d.scale === 0) {
    text = digits;
  } else {
    const padded = digits.padStart(d.scale + 1, '0');
    text = `${padded.slice(0, -d.scale)}.${padded.slice(-d.scale)}`;
  }
  return negative ? `-${text}` : text;
}

/** Rescales to a larger or equal scale, exactly. */
function widen(a: Decimal, scale: number): bigint {
  return a.units * pow10(scale - a.scale);
}

export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: widen(a, scale) + widen(b, scale), scale };
}

export function sub(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: widen(a, scale) - widen(b, scale), scale };
}

/** Exact product; the scale is the sum of the scales. */
export function mul(a: Decimal, b: Decimal): Decimal {
  const scale = a.scale + b.scale;
  checkScale(scale);
  return { units: a.units * b.units, scale };
}

export function neg(a: Decimal): Decimal {
  return { units: -a.units, scale: a.scale };
}

export function abs(a: Decimal): Decimal {
  return a.units < 0n ? neg(a) : a;
}

export function isZero(a: Decimal): boolean {
  return a.units === 0n;
}

/** Numeric comparison, independent of scale: cmp(dec('1.0'), dec('1')) is 0. */
export function cmp(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const x = widen(a, scale);
  const y = widen(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Integer quotient n / d rounded half away from zero (d ≠ 0). */
function divRoundHalfAway(n: bigint, d: bigint): bigint {
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  let q = an / ad;
  if ((an % ad) * 2n >= ad) q += 1n;
  return negative ? -q : q;
}

/**
 * Rounds to `scale` fraction digits, half away from zero (the rounding of printed budget figures:
 * 2.345 → 2.35, -2.345 → -2.35). A larger scale pads with zeros exactly.
 */
export function round(a: Decimal, scale: number): Decimal {
  checkScale(scale);
  if (scale >= a.scale) return { units: widen(a, scale), scale };
  return { units: divRoundHalfAway(a.units, pow10(a.scale - scale)), scale };
}

/** a / b rounded half away from zero to `scale` fraction digits; throws RangeError when b is zero. */
export function div(a: Decimal, b: Decimal, scale: number): Decimal {
  checkScale(scale);
  if (b.units === 0n) throw new RangeError('division by zero');
  // a/b = (ua / 10^sa) / (ub / 10^sb); scaled by 10^scale: ua * 10^(sb+scale) / (ub * 10^sa).
  const numerator = a.units * pow10(b.scale + scale);
  const denominator = b.units * pow10(a.scale);
  return { units: divRoundHalfAway(numerator, denominator), scale };
}

/** Sum of a list; the empty sum is 0 (scale 0). The result has the largest scale of the terms. */
export function sum(list: readonly Decimal[]): Decimal {
  let total: Decimal = { units: 0n, scale: 0 };
  for (const d of list) total = add(total, d);
  return total;
}

/** The smallest scale ≥ `minScale` that represents `a` exactly (drops trailing zeros beyond it). */
export function trimScale(a: Decimal, minScale = 0): Decimal {
  checkScale(minScale);
  if (a.scale <= minScale) return round(a, minScale);
  let { units, scale } = a;
  while (scale > minScale && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}
