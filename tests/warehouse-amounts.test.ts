import { describe, expect, it } from 'vitest';
import { fenToYuan, yuanToFen } from '../loaders/fen.ts';

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

  it('prints 分 back as 元 with two decimals', () => {
    expect(fenToYuan(9999999999999999n)).toBe('99999999999999.99');
    expect(fenToYuan(-1n)).toBe('-0.01');
    expect(fenToYuan(0)).toBe('0.00');
    expect(fenToYuan('219590000')).toBe('2195900.00');
  });
});
