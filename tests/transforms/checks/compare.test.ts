import { describe, expect, it } from 'vitest';
import { compare, printedDecimals, type Term } from '../../../transforms/checks/compare.ts';

const money = (printed: string, yuan: string, factor = '10000'): Term => ({ value: yuan, decimals: printedDecimals(printed), factor, ref: { label: printed, value: yuan, printed } });
const pct = (printed: string): Term => ({ value: printed, decimals: printedDecimals(printed), factor: '1', ref: { label: printed, value: printed, printed } });

const base = { ruleId: 'x/y', family: 'table-sums' as const, subject: 's', severity: 'error' as const, from: [], describe: (e: string, a: string) => `${e} ${a}` };

describe('comparison at the printed precision', () => {
  it('passes a figure equal to the recomputed value rounded to its printed digits (0.8 万元 for 8,000.40 元)', () => {
    expect(compare({ ...base, quantity: 'yuan', declared: money('0.8', '8000.00'), recomputed: '8000.40' }).outcome).toBe('pass');
  });

  it('reports one unit of the last printed digit as a rounding warning, with the tolerance in 元', () => {
    const o = compare({ ...base, quantity: 'yuan', declared: money('10.23', '102300.00'), recomputed: '102200.00' });
    expect(o).toMatchObject({ outcome: 'finding', severity: 'warning', tolerance: '100.00', difference: '100.00' });
  });

  it('reports a larger gap with the rule’s own severity', () => {
    const o = compare({ ...base, quantity: 'yuan', declared: money('37.17', '371700.00'), recomputed: '373700.00' });
    expect(o).toMatchObject({ outcome: 'finding', severity: 'error', expected: '373700.00', actual: '371700.00' });
  });

  it('allows half a point to whole-number percentages and one hundredth to two-decimal ones', () => {
    expect(compare({ ...base, quantity: 'percent', declared: pct('83'), recomputed: '83.0713' }).outcome).toBe('pass');
    expect(compare({ ...base, quantity: 'percent', declared: pct('84'), recomputed: '83.0713' })).toMatchObject({ severity: 'error', tolerance: '0.5' });
    expect(compare({ ...base, quantity: 'percent', declared: pct('-73.58'), recomputed: '-73.5869' })).toMatchObject({ severity: 'warning', expected: '-73.59' });
    expect(compare({ ...base, quantity: 'percent', declared: pct('-73.59'), recomputed: '-73.5869' }).outcome).toBe('pass');
  });

  it('reads printed precision from printed forms, and none from a blank cell', () => {
    expect(printedDecimals('1,234.50')).toBe(2);
    expect(printedDecimals('２１９．５９')).toBe(2);
    expect(printedDecimals('164,978,640')).toBe(0);
    expect(printedDecimals('')).toBeNull();
    expect(printedDecimals('—')).toBeNull();
  });
});
