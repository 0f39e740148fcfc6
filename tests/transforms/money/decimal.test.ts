import { describe, expect, it } from 'vitest';
import {
  abs, add, cmp, dec, decToString, div, isDecimalText, isZero, mul, neg, round, sub, sum, trimScale,
} from '../../../transforms/money/decimal.ts';

const s = decToString;

describe('dec', () => {
  it('reads signed decimals and keeps the printed scale', () => {
    expect(dec('-12.30')).toEqual({ units: -1230n, scale: 2 });
    expect(dec('5')).toEqual({ units: 5n, scale: 0 });
    expect(dec('+5')).toEqual({ units: 5n, scale: 0 });
    expect(dec('.5')).toEqual({ units: 5n, scale: 1 });
    expect(dec('5.')).toEqual({ units: 5n, scale: 0 });
  });

  it('keeps integers beyond 2^53 exact', () => {
    expect(s(dec('99999999999999999.99'))).toBe('99999999999999999.99');
  });

  it.each(['', '-', '.', '1e3', '1,234', ' 5', '５', '1.2.3', 'abc', '--5'])('throws RangeError on %j', (t) => {
    expect(() => dec(t)).toThrow(RangeError);
  });
});

describe('isDecimalText', () => {
  it('accepts exactly the text dec reads', () => {
    const texts = ['-12.30', '+5', '5', '0.5', '.5', '5.', '', '-', '.', '1e3', '1,234', ' 5', '５', '1.2.3', null];
    for (const t of texts) {
      let reads = true;
      try {
        dec(t ?? '');
      } catch {
        reads = false;
      }
      expect(isDecimalText(t), String(t)).toBe(t !== null && reads);
    }
  });
});

describe('decToString', () => {
  it('keeps the scale and puts the sign before a leading zero', () => {
    expect(s({ units: 1230n, scale: 2 })).toBe('12.30');
    expect(s({ units: -5n, scale: 1 })).toBe('-0.5');
    expect(s({ units: 5n, scale: 3 })).toBe('0.005');
    expect(s({ units: 0n, scale: 2 })).toBe('0.00');
    expect(s({ units: -7n, scale: 0 })).toBe('-7');
  });
});

describe('arithmetic', () => {
  it('adds and subtracts across scales exactly (0.1 + 0.2 is 0.3)', () => {
    expect(s(add(dec('0.1'), dec('0.2')))).toBe('0.3');
    expect(s(add(dec('1.10'), dec('2')))).toBe('3.10');
    expect(s(sub(dec('219.59'), dec('831.37')))).toBe('-611.78');
  });

  it('multiplies with the sum of scales', () => {
    expect(s(mul(dec('219.59'), dec('10000')))).toBe('2195900.00');
    expect(s(mul(dec('-1.5'), dec('0.5')))).toBe('-0.75');
  });

  it('negates, takes absolute values and tests zero', () => {
    expect(s(neg(dec('3.00')))).toBe('-3.00');
    expect(s(abs(dec('-3.00')))).toBe('3.00');
    expect(isZero(dec('0.00'))).toBe(true);
    expect(isZero(dec('0.01'))).toBe(false);
  });

  it('compares numerically regardless of scale', () => {
    expect(cmp(dec('1.0'), dec('1'))).toBe(0);
    expect(cmp(dec('-1'), dec('0.5'))).toBe(-1);
    expect(cmp(dec('2.001'), dec('2'))).toBe(1);
  });

  it('sums a list, the empty sum being 0', () => {
    expect(s(sum([dec('1.25'), dec('2'), dec('-0.5')]))).toBe('2.75');
    expect(s(sum([]))).toBe('0');
  });
});

describe('round', () => {
  it('rounds half away from zero', () => {
    expect(s(round(dec('2.345'), 2))).toBe('2.35');
    expect(s(round(dec('-2.345'), 2))).toBe('-2.35');
    expect(s(round(dec('2.344'), 2))).toBe('2.34');
    expect(s(round(dec('0.5'), 0))).toBe('1');
    expect(s(round(dec('-0.5'), 0))).toBe('-1');
  });

  it('pads when the target scale is larger', () => {
    expect(s(round(dec('7'), 2))).toBe('7.00');
  });

  it('refuses a negative or fractional scale', () => {
    expect(() => round(dec('1'), -1)).toThrow(RangeError);
    expect(() => round(dec('1'), 1.5)).toThrow(RangeError);
  });
});

describe('div', () => {
  it('divides to a scale, rounding half away from zero', () => {
    expect(s(div(dec('1'), dec('3'), 4))).toBe('0.3333');
    expect(s(div(dec('2'), dec('3'), 2))).toBe('0.67');
    expect(s(div(dec('-2'), dec('3'), 2))).toBe('-0.67');
    expect(s(div(dec('1'), dec('8'), 2))).toBe('0.13');
    expect(s(div(dec('-1'), dec('-8'), 2))).toBe('0.13');
  });

  it('computes a year-on-year change percentage as printed in reports', () => {
    // (219.59 - 831.37) / 831.37 * 100 = -73.587…%
    const change = sub(dec('219.59'), dec('831.37'));
    expect(s(div(mul(change, dec('100')), dec('831.37'), 2))).toBe('-73.59');
  });

  it('throws RangeError on division by zero', () => {
    expect(() => div(dec('1'), dec('0.00'), 2)).toThrow(RangeError);
  });
});

describe('trimScale', () => {
  it('drops trailing zeros down to a minimum scale', () => {
    expect(s(trimScale(dec('2195900.0000'), 2))).toBe('2195900.00');
    expect(s(trimScale(dec('12345.6780'), 2))).toBe('12345.678');
    expect(s(trimScale(dec('5'), 2))).toBe('5.00');
  });
});

describe('properties over generated decimals', () => {
  // A fixed-seed generator (mulberry32) keeps the cases reproducible.
  let seed = 20211231;
  const rand = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
  const randomDecimal = (): string => {
    const sign = rand() < 0.3 ? '-' : '';
    const int = digits(1 + Math.floor(rand() * 20)).replace(/^0+(?=\d)/, '');
    const frac = digits(Math.floor(rand() * 5));
    return `${sign}${int}${frac ? '.' + frac : ''}`;
  };
  const cases = Array.from({ length: 300 }, () => [randomDecimal(), randomDecimal()] as const);

  it('round-trips text, and subtraction undoes addition', () => {
    for (const [x, y] of cases) {
      const a = dec(x);
      expect(cmp(dec(s(a)), a)).toBe(0);
      expect(cmp(sub(add(a, dec(y)), dec(y)), a)).toBe(0);
    }
  });

  it('orders as the sign of the difference', () => {
    for (const [x, y] of cases) {
      const d = sub(dec(x), dec(y));
      expect(cmp(dec(x), dec(y))).toBe(d.units === 0n ? 0 : d.units > 0n ? 1 : -1);
    }
  });

  it('divides within half a unit of the last place, rounding ties away from zero', () => {
    for (const [x, y] of cases) {
      const a = dec(x);
      const b = dec(y);
      if (isZero(b)) continue;
      const q = div(a, b, 4);
      // |a - q·b| ≤ |b| · 0.00005, and on a tie the quotient is the one farther from zero.
      const error = abs(sub(a, mul(q, b)));
      const bound = mul(abs(b), dec('0.00005'));
      expect(cmp(error, bound)).not.toBe(1);
      if (cmp(error, bound) === 0) expect(cmp(abs(mul(q, b)), abs(a))).toBe(1);
      // Multiplying back an exact quotient gives the dividend.
      expect(cmp(div(mul(a, b), b, a.scale), a)).toBe(0);
    }
  });
});

describe('no floating point', () => {
  it('money code never converts through JS numbers', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const folder = new URL('../../../transforms/money/', import.meta.url);
    const files = readdirSync(folder).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('decimal.ts');
    for (const file of files) {
      const source = readFileSync(new URL(file, folder), 'utf8');
      expect(source, file).not.toMatch(/parseFloat|parseInt|\bNumber\(|toFixed|toPrecision|Math\.round|Math\.pow/);
    }
  });
});
