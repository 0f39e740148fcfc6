import { describe, expect, it } from 'vitest';
import { fenToYuan, yuanToFen } from '../../loaders/warehouse/fen.ts';
import { LINE_ITEM_COLUMNS, reportRows } from '../../loaders/warehouse/rows.ts';
import type { ValueProvenance } from '../../transforms/model.ts';
import { makeReport } from '../helpers/reports.ts';

describe('exact amounts between 元 strings and integer 分', () => {
  it('converts decimals of 元 to whole 分 without floating point', () => {
    expect(yuanToFen('2195900.00')).toBe(219590000n);
    expect(yuanToFen('1.5')).toBe(150n);
    expect(yuanToFen('7')).toBe(700n);
    expect(yuanToFen('0.01')).toBe(1n);
    expect(yuanToFen('-611.78')).toBe(-61178n);
    expect(yuanToFen('+3.10')).toBe(310n);
    expect(yuanToFen(' 12.30 ')).toBe(1230n);
    expect(yuanToFen('1.000')).toBe(100n);
    expect(yuanToFen('99999999999999.99')).toBe(9999999999999999n);
  });

  it('refuses what whole 分 or 64 bits cannot hold, and what is not a number', () => {
    expect(yuanToFen('0.001')).toBeNull();
    expect(yuanToFen('92233720368547758.07')).toBe(9223372036854775807n);
    expect(yuanToFen('92233720368547758.08')).toBeNull();
    expect(yuanToFen('1,234.56')).toBeNull();
    expect(yuanToFen('—')).toBeNull();
    expect(yuanToFen(null)).toBeNull();
  });

  it('converts every shape of decimal exactly, at and around the 13-digit boundary of the fast path', () => {
    // Expected values built from the digits with BigInt only, independent of yuanToFen.
    const expected = (sign: string, whole: string, frac: string): bigint | null => {
      if (/[1-9]/.test(frac.slice(2))) return null;
      const fen = BigInt(whole) * 100n + BigInt((frac + '00').slice(0, 2));
      if (fen > 2n ** 63n - 1n) return null;
      return sign === '-' ? -fen : fen;
    };
    let seed = 12345;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const digits = (n: number) => Array.from({ length: n }, () => String(next(10))).join('');
    for (let k = 0; k < 5000; k++) {
      const sign = ['', '-', '+'][next(3)]!;
      const whole = digits(1 + next(18));
      const frac = next(4) === 0 ? '' : digits(next(5)) + (next(3) === 0 ? '0'.repeat(next(4)) : '');
      const text = `${sign}${whole}${frac === '' && next(2) === 0 ? '' : '.' + frac}`;
      expect(yuanToFen(text), text).toBe(expected(sign, whole, frac));
    }
    expect(yuanToFen('9999999999999.99')).toBe(999999999999999n);
    expect(yuanToFen('-0.00')).toBe(0n);
    expect(yuanToFen('5.')).toBe(500n);
    // The one decimal syntax of transforms/money/decimal.ts reads a bare fraction as 0.5, as dec() does.
    expect(yuanToFen('.5')).toBe(50n);
    expect(yuanToFen('.')).toBeNull();
    expect(yuanToFen('1.001x')).toBeNull();
    expect(yuanToFen('1.00 ')).toBe(100n);
  });

  it('prints 分 back as 元 with two decimals', () => {
    expect(fenToYuan(9999999999999999n)).toBe('99999999999999.99');
    expect(fenToYuan(-1n)).toBe('-0.01');
    expect(fenToYuan(0)).toBe('0.00');
    expect(fenToYuan('219590000')).toBe('2195900.00');
  });
});

describe('line item rows', () => {
  it('write each value’s provenance exactly as JSON.stringify does, whatever its shape', () => {
    const report = makeReport();
    const provs: ValueProvenance[] = [
      { block: 4, row: 2, col: 3 }, { block: 0 }, { col: 1, block: 2 }, { block: 1, start: 10, end: 30 },
      { block: 1, row: undefined, col: 2 }, { block: 1.5, row: 2 }, { block: 1, page: -0 },
      { block: 2, note: 'a "quoted" key' } as ValueProvenance,
    ];
    const table = report.tables[0]!;
    const row = table.rows[0]!;
    const values = provs.map((prov) => ({ ...row.values[0]!, prov }));
    const rows = reportRows({ ...report, tables: [{ ...table, rows: [{ ...row, values }] }] }).lineItems;
    const prov = LINE_ITEM_COLUMNS.indexOf('prov') - 1; // rows leave the report id out
    expect(rows.map((r) => r[prov])).toEqual(provs.map((p) => JSON.stringify(p)));
  });
});
