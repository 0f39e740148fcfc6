import { describe, expect, it } from 'vitest';
import {
  isYearToken, looksLikeCode, parseNumber, toYuan,
} from '../../../transforms/money/amounts.ts';
import { MONEY_UNIT_EXPONENT, parseMoneyUnit, tableMoneyUnit, unitFactor } from '../../../transforms/money/units.ts';

const value = (t: string) => parseNumber(t)?.value ?? null;

describe('parseNumber', () => {
  it('reads plain decimals keeping the printed precision', () => {
    expect(parseNumber('1234.56')).toEqual({ value: '1234.56', percent: false, blank: false, negative: false });
    expect(value('3.00')).toBe('3.00');
    expect(value('0.5')).toBe('0.5');
    expect(value('.5')).toBe('0.5');
    expect(value('007')).toBe('7');
  });

  it('reads thousands separators, ASCII and full-width', () => {
    expect(value('1,234.56')).toBe('1234.56');
    expect(value('12,345,678.90')).toBe('12345678.90');
    expect(value('1，234.56')).toBe('1234.56');
  });

  it('refuses irregular digit grouping, which is a list and not a number', () => {
    expect(parseNumber('1,2,3')).toBeNull();
    expect(parseNumber('12,34.5')).toBeNull();
    expect(parseNumber('1,234,56')).toBeNull();
  });

  it('reads full-width digits and point', () => {
    expect(value('２１９．５９')).toBe('219.59');
    expect(value('１，２３４．５６')).toBe('1234.56');
  });

  it('drops spaces inside and around numbers (PDF text layers)', () => {
    expect(value(' 1 234.56 ')).toBe('1234.56');
    expect(value('\u3000219.59\u3000')).toBe('219.59');
    expect(value('219 .59')).toBe('219.59');
  });

  it.each(['', '  ', '-', '—', '－', '–', '―', '−', '/', '--', '——', '\u3000'])('reads %j as a blank zero', (t) => {
    expect(parseNumber(t)).toEqual({ value: '0', percent: false, blank: true, negative: false });
  });

  it('reads printed zeros as zero with their precision, not as blank', () => {
    expect(parseNumber('0.00')).toEqual({ value: '0.00', percent: false, blank: false, negative: false });
    expect(parseNumber('0')).toEqual({ value: '0', percent: false, blank: false, negative: false });
  });

  it('reads negatives with every minus sign', () => {
    expect(parseNumber('-3.00')).toEqual({ value: '-3.00', percent: false, blank: false, negative: true });
    expect(value('−611.78')).toBe('-611.78');
    expect(value('－611.78')).toBe('-611.78');
    expect(value('-1,234.5')).toBe('-1234.5');
  });

  it('reads negatives in brackets, ASCII and full-width', () => {
    expect(parseNumber('(12.5)')).toEqual({ value: '-12.5', percent: false, blank: false, negative: true });
    expect(value('（12.5）')).toBe('-12.5');
    expect(value('(1,234.00)')).toBe('-1234.00');
  });

  it('does not call a negative zero negative', () => {
    expect(parseNumber('-0.00')).toEqual({ value: '0.00', percent: false, blank: false, negative: false });
  });

  it('accepts a leading plus sign', () => {
    expect(value('+12.5')).toBe('12.5');
  });

  it('reads percentages with %, ％ and signs', () => {
    expect(parseNumber('73.59%')).toEqual({ value: '73.59', percent: true, blank: false, negative: false });
    expect(parseNumber('７３．５９％')).toEqual({ value: '73.59', percent: true, blank: false, negative: false });
    expect(parseNumber('-5.2%')).toEqual({ value: '-5.2', percent: true, blank: false, negative: true });
    expect(parseNumber('(5.2%)')).toEqual({ value: '-5.2', percent: true, blank: false, negative: true });
    expect(parseNumber('(5.2)%')).toEqual({ value: '-5.2', percent: true, blank: false, negative: true });
  });

  it('reads a percentage printed without % as a plain number (the column decides)', () => {
    expect(parseNumber('100.00')).toEqual({ value: '100.00', percent: false, blank: false, negative: false });
  });

  it('keeps absurdly long integers exact', () => {
    expect(value('99999999999999999')).toBe('99999999999999999');
    expect(value('12345678901234567890.12')).toBe('12345678901234567890.12');
  });

  it.each([
    '1e309', '1E5', '12a3', 'abc', '合计', '219.59万元', '2,0', '1.2.3', '--5', '(-5)', '5%%', 'NaN', 'Infinity',
    '0x1F', '1' + '0'.repeat(60),
  ])('refuses %j', (t) => {
    expect(parseNumber(t)).toBeNull();
  });
});

describe('toYuan', () => {
  it('converts 万元 and 亿元 exactly', () => {
    expect(toYuan('219.59', '万元')).toBe('2195900.00');
    expect(toYuan('-611.78', '万元')).toBe('-6117800.00');
    expect(toYuan('1.5', '亿元')).toBe('150000000.00');
    expect(toYuan('0.000001', '万元')).toBe('0.01');
  });

  it('keeps at least 2 fraction digits and more only where needed', () => {
    expect(toYuan('12.3', '元')).toBe('12.30');
    expect(toYuan('1.2345678', '万元')).toBe('12345.678');
    expect(toYuan('12.345', '元')).toBe('12.345');
    expect(toYuan('0', '万元')).toBe('0.00');
  });

  it('stays exact past 2^53', () => {
    expect(toYuan('99999999999999999', '万元')).toBe('999999999999999990000.00');
  });

  it('throws RangeError on text that is not a strict decimal', () => {
    expect(() => toYuan('1,234', '元')).toThrow(RangeError);
  });
});

describe('parseMoneyUnit', () => {
  it.each([
    ['单位：万元', '万元'],
    ['（单位：元）', '元'],
    ['金额单位:万元', '万元'],
    ['单位: 亿元', '亿元'],
    ['单位 ： 万元', '万元'],
    ['金额单位：元', '元'],
    ['单位：万元、%', '万元'],
    ['表1 收入支出决算总表 单位：万元', '万元'],
    ['万元', '万元'],
    ['（元）', '元'],
    ['(万元)', '万元'],
    ['金额单位：人民币万元', '万元'],
    ['单位：人民币元', '元'],
    ['收入支出决算总表（万元）', '万元'],
    ['单位：万元（保留两位小数）', '万元'],
  ])('reads %j as %s', (text, unit) => {
    expect(parseMoneyUnit(text)).toBe(unit);
  });

  it.each(['单位：人', '单位：千元', '单位：元/人', '收入支出决算总表', '', '单位：美元', '合计万元', '收入支出决算总表（万元', '人均万元'])('finds no money unit in %j', (text) => {
    expect(parseMoneyUnit(text)).toBeNull();
  });
});

describe('tableMoneyUnit', () => {
  it('takes the first caption that declares a unit, before any cell', () => {
    expect(tableMoneyUnit(['表1', '单位：元', '收入支出决算总表（万元）'], ['金额（亿元）'])).toBe('元');
  });

  it('falls back to a cell that names the unit in brackets or after 单位：', () => {
    expect(tableMoneyUnit(['收入支出决算总表'], ['项目', '金额（万元）'])).toBe('万元');
    expect(tableMoneyUnit([], ['预算数( 亿元 )'])).toBe('亿元');
    expect(tableMoneyUnit([], ['项目名称', '单位：万元'])).toBe('万元');
  });

  it('says nothing when neither captions nor cells name a money unit', () => {
    expect(tableMoneyUnit(['单位：千元'], ['人数', '金额'])).toBeNull();
  });
});

describe('unitFactor', () => {
  it('gives 元 per unit from the one table of exponents, and 1 for what is not a money unit', () => {
    expect(Object.keys(MONEY_UNIT_EXPONENT)).toEqual(['元', '万元', '亿元']);
    expect(['元', '万元', '亿元', '千元', '%', 'toString', null].map(unitFactor)).toEqual(['1', '10000', '100000000', '1', '1', '1', '1']);
    expect(toYuan('1.5', '亿元')).toBe('150000000.00');
  });
});

describe('isYearToken', () => {
  it.each(['2021', '2021年', '2021年度', '２０２１年', '1998'])('calls %j a year', (t) => {
    expect(isYearToken(t)).toBe(true);
  });

  it.each(['2021.00', '2,021', '219.59', '12', '3021', '2080505', '2021元'])('does not call %j a year', (t) => {
    expect(isYearToken(t)).toBe(false);
  });
});

describe('looksLikeCode', () => {
  it.each(['2080505', '208', '20805', '301', '30101', '50101', '101', '1020301', '２０８'])('gives %j the shape of a code', (t) => {
    expect(looksLikeCode(t)).toBe(true);
  });

  it.each(['219.59', '2021年', '20', '2080', '208050', '20805051', '401', '801', 'abc'])('does not give %j the shape of a code', (t) => {
    expect(looksLikeCode(t)).toBe(false);
  });
});
