/**
 * Comparison at the printed precision, shared by every rule family.
 *
 * A printed figure is compared with the value the report's other figures imply, rounded to the printed
 * precision (half away from zero, as the publishers round):
 * - equal, or within the range the rounded inputs of a ratio allow (28.1万元 on 371.92万元 is 7.543–7.570%):
 *   pass;
 * - one unit of the last printed digit off: a rounding finding (warning), as the seed's 73.58% against
 *   611.78 / 831.37 = 73.587%;
 * - further off: a finding of the rule's own severity (the seed's procurement total 37.17 against 37.37).
 * Whole-number percentages get half a point from the exact value (83% for 83.07%), not a whole one.
 * Everything is exact decimal arithmetic; no binary floating point.
 */
import { abs, add, cmp, dec, decToString, div, mul, sub, sum, type Decimal } from '../money/decimal.ts';
import { parseNumber } from '../money/amounts.ts';
import type { CheckOutcome, CheckSeverity, FindingOutcome, Quantity, RuleFamily, ValueRef } from './model.ts';

/** The declared tolerance of every comparison made here, in words. */
export const PRINTED_PRECISION =
  'exact at the printed precision (ratios: any value the inputs allow at their printed precision); one unit of the last printed digit off is a rounding warning';

/** An outcome for a check that lacks the data to decide. */
export function insufficient(ruleId: string, family: RuleFamily, subject: string, values: readonly ValueRef[], reason: string): CheckOutcome {
  return { outcome: 'insufficient', ruleId, family, subject, values, reason };
}

export function passed(ruleId: string, family: RuleFamily, subject: string, values: readonly ValueRef[]): CheckOutcome {
  return { outcome: 'pass', ruleId, family, subject, values };
}

/** The printed number as exact ASCII decimal text ("１,234.50%" → "1234.50"), or null when it is not a number. */
export function plainNumber(text: string): string | null {
  const parsed = parseNumber(text);
  return parsed === null || parsed.blank ? null : parsed.value;
}

/** Digits printed after the decimal point, or null where the text holds no number (blank, -, —). */
export function printedDecimals(text: string | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const plain = plainNumber(text);
  if (plain === null) return null;
  const point = plain.indexOf('.');
  return point < 0 ? 0 : plain.length - point - 1;
}

/** One unit of the last printed digit, in the printed unit ("0.01" for two decimals). */
export function printedStep(decimals: number): string {
  return decimals <= 0 ? '1' : `0.${'0'.repeat(decimals - 1)}1`;
}

/** A figure taking part in a comparison: its exact value (元, percent or count), printed precision and provenance. */
export interface Term {
  readonly value: string;
  /** Digits after the point as printed, or null when not printed (blank cell). */
  readonly decimals: number | null;
  /** 元 per printed unit, for money; "1" otherwise. */
  readonly factor: string;
  readonly ref: ValueRef;
}

export interface Comparison {
  readonly ruleId: string;
  readonly family: RuleFamily;
  readonly subject: string;
  readonly severity: CheckSeverity;
  readonly quantity: Quantity;
  /** The printed figure under check. */
  readonly declared: Term;
  /** The exact value implied by the other figures. */
  readonly recomputed: string;
  /** The figures it was recomputed from (provenance). */
  readonly from: readonly Term[];
  /**
   * Printed decimals that set the precision when the declared figure has none printed (a blank cell):
   * defaults to the finest printed among `from`, else two.
   */
  readonly fallbackDecimals?: number;
  /** A sentence for the finding, given expected and actual as printed in the declared unit. */
  readonly describe: (expected: string, actual: string) => string;
  /**
   * The lowest and highest value the inputs allow at their printed precision (a ratio of rounded figures:
   * 28.1 / 371.92 may be anything from 7.543% to 7.570%). A declared figure the range admits passes.
   */
  readonly range?: readonly [string, string];
}

function finestDecimals(terms: readonly Term[]): number | null {
  let best: number | null = null;
  for (const t of terms) if (t.decimals !== null && (best === null || t.decimals > best)) best = t.decimals;
  return best;
}

/** Rounds an exact value (in 元 or percent) to `decimals` digits of the printed unit `factor`. */
function roundToPrinted(value: string, factor: string, decimals: number): string {
  return decToString(div(dec(value), dec(factor), decimals));
}

/**
 * Compares a declared figure with the recomputed value at the declared figure's printed precision and
 * returns a pass or a finding (see the module comment for the rounding band).
 */
export function compare(c: Comparison): CheckOutcome {
  const decimals = c.declared.decimals ?? finestDecimals(c.from) ?? c.fallbackDecimals ?? 2;
  const factor = c.declared.factor;
  const values = [c.declared.ref, ...c.from.map((t) => t.ref)];
  const declaredPrinted = roundToPrinted(c.declared.value, factor, Math.max(decimals, 8));
  const expectedPrinted = roundToPrinted(c.recomputed, factor, decimals);
  if (cmp(dec(declaredPrinted), dec(expectedPrinted)) === 0) {
    return { outcome: 'pass', ruleId: c.ruleId, family: c.family, subject: c.subject, values };
  }
  const [low, high] = c.range ? c.range.map((v) => roundToPrinted(v, factor, decimals)) : [expectedPrinted, expectedPrinted];
  if (cmp(dec(declaredPrinted), dec(low!)) >= 0 && cmp(dec(declaredPrinted), dec(high!)) <= 0) {
    return { outcome: 'pass', ruleId: c.ruleId, family: c.family, subject: c.subject, values };
  }
  // One unit of the last printed digit between the printed figure and the nearest value the inputs allow
  // is a rounding gap (63.75% printed for 63.74%); more is the rule's own severity. Whole-number
  // percentages round to a point: only half a point from the exact value is theirs (83% for 83.07%).
  const whole = c.quantity === 'percent' && decimals === 0;
  const stepPrinted = whole ? '0.5' : printedStep(decimals);
  const tolerance = decToString(mul(dec(stepPrinted), dec(factor)));
  const below = cmp(dec(declaredPrinted), dec(low!)) < 0;
  const nearest = whole ? (c.range ? c.range[below ? 0 : 1] : c.recomputed) : below ? low! : high!;
  const gapPrinted = abs(sub(dec(declaredPrinted), dec(whole ? roundToPrinted(nearest, factor, 8) : nearest)));
  const rounding = cmp(gapPrinted, dec(stepPrinted)) <= 0;
  const expected = decToString(mul(dec(expectedPrinted), dec(factor)));
  const finding: FindingOutcome = {
    outcome: 'finding',
    ruleId: c.ruleId,
    family: c.family,
    subject: c.subject,
    values,
    severity: rounding && c.severity === 'error' ? 'warning' : c.severity,
    quantity: c.quantity,
    expected,
    actual: c.declared.value,
    difference: decToString(sub(dec(c.declared.value), dec(expected))),
    declared: c.declared.value,
    recomputed: c.recomputed,
    tolerance,
    message: `${c.describe(stripZeros(expectedPrinted), stripZeros(roundToPrinted(c.declared.value, factor, decimals)))}${rounding ? ' (off by rounding of the last printed digit)' : ''}`,
  };
  return finding;
}

/** "37.370" → "37.37", "0.00" → "0", for messages only. */
export function stripZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** Σ of exact values as a decimal string. */
export function total(values: readonly string[]): string {
  return decToString(sum(values.map((v) => dec(v))));
}

export const plus = (a: string, b: string): string => decToString(add(dec(a), dec(b)));
export const minus = (a: string, b: string): string => decToString(sub(dec(a), dec(b)));
export const isZeroValue = (a: string): boolean => cmp(dec(a), dec('0')) === 0;
export const compareValues = (a: string, b: string): number => cmp(dec(a), dec(b));

/** A stated percentage to check against part / whole × 100 (shares and completion rates). */
export interface PercentCheck {
  readonly ruleId: string;
  readonly family: RuleFamily;
  readonly subject: string;
  readonly declared: Term | null;
  readonly part: Term | null;
  readonly whole: Term | null;
  /** Why there is nothing to decide when a figure is missing, and when the whole is zero. */
  readonly missing: string;
  readonly zero: string;
  readonly describe: (part: Term, whole: Term, expected: string, actual: string) => string;
}

/**
 * Two printed amounts that must be equal (a total in one place, the same total in another): an error beyond
 * rounding, insufficient (with `missing` as the reason) when either was not read. `describe` words the
 * finding; by default "<declared> prints X, but <other> prints Y".
 */
export function sameAmount(
  ruleId: string,
  family: RuleFamily,
  subject: string,
  declared: Term | null,
  other: Term | null,
  missing: string,
  describe: (expected: string, actual: string) => string = (expected, actual) => `${declared!.ref.label} prints ${actual}, but ${other!.ref.label} prints ${expected}`,
): CheckOutcome {
  if (!declared || !other) return insufficient(ruleId, family, subject, [declared?.ref, other?.ref].filter((r): r is ValueRef => r !== undefined), missing);
  return compare({ ruleId, family, subject, severity: 'error', quantity: 'yuan', declared, recomputed: other.value, from: [other], describe });
}

/** Compares a stated percentage with part / whole, or says why it cannot (a figure missing, a zero whole). */
export function comparePercent(c: PercentCheck): CheckOutcome {
  const { declared, part, whole } = c;
  const refs = [declared, part, whole].filter((t): t is Term => t !== null).map((t) => t.ref);
  if (!declared || !part || !whole) return insufficient(c.ruleId, c.family, c.subject, refs, c.missing);
  const recomputed = percentOf(part.value, whole.value);
  if (recomputed === null) return insufficient(c.ruleId, c.family, c.subject, refs, c.zero);
  return compare({
    ruleId: c.ruleId,
    family: c.family,
    subject: c.subject,
    severity: 'error',
    quantity: 'percent',
    declared,
    recomputed,
    range: rangeOf([part, whole], (a, b) => percentOf(a, b)),
    from: [part, whole],
    describe: (expected, actual) => c.describe(part, whole, expected, actual),
  });
}

/** a / b × 100 to 10 decimals, or null when b is zero. */
export function percentOf(a: string, b: string): string | null {
  if (isZeroValue(b)) return null;
  return decToString(div(mul(dec(a), dec('100')), dec(b), 10));
}

export type { Decimal };

/** Half a unit of a term's last printed digit, in its value's unit (元 for money); zero when not printed. */
function halfStep(t: Term): Decimal {
  if (t.decimals === null) return dec('0');
  return div(mul(dec(printedStep(t.decimals)), dec(t.factor)), dec('2'), t.decimals + 8);
}

/**
 * The lowest and highest value of `fn` over the printed precision of its inputs (every input at its
 * value ± half a unit of its last printed digit; `fn` monotonic in each input, as ratios are), or undefined
 * where `fn` is undefined at a corner (a denominator that may be zero).
 */
export function rangeOf(terms: readonly Term[], fn: (...values: string[]) => string | null): readonly [string, string] | undefined {
  let low: Decimal | null = null;
  let high: Decimal | null = null;
  for (let mask = 0; mask < 1 << terms.length; mask++) {
    const args = terms.map((t, i) => decToString((mask >> i) & 1 ? add(dec(t.value), halfStep(t)) : sub(dec(t.value), halfStep(t))));
    const v = fn(...args);
    if (v === null) return undefined;
    const d = dec(v);
    if (low === null || cmp(d, low) < 0) low = d;
    if (high === null || cmp(d, high) > 0) high = d;
  }
  return low && high ? [decToString(low), decToString(high)] : undefined;
}
