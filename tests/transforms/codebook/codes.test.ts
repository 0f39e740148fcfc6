import { describe, expect, it } from 'vitest';
import {
  classifyCode, endsWithName, joinCodeParts, normaliseCode, parentCode, parseNarrativePath, sameName,
} from '../../../transforms/codebook/codes.ts';

describe('classifyCode', () => {
  it.each([
    ['208', 'function', 1],
    ['20805', 'function', 2],
    ['2080505', 'function', 3],
    ['301', 'economic-dept', 1],
    ['30101', 'economic-dept', 2],
    ['501', 'economic-gov', 1],
    ['50101', 'economic-gov', 2],
    ['101', 'revenue', 1],
    ['10203', 'revenue', 2],
    ['1020301', 'revenue', 3],
    ['103018401', 'revenue', 4],
    ['２０８０５０５', 'function', 3],
    [' 208 05 05 ', 'function', 3],
  ])('reads %j as %s level %i', (code, scheme, level) => {
    expect(classifyCode(code)).toEqual({ scheme, level });
  });

  it.each(['', '20', '2080', '208050', '20805051', '3010101', '5010101', '401', '801', '219.59', 'abc', '2021年'])(
    'refuses %j',
    (code) => {
      expect(classifyCode(code)).toBeNull();
    },
  );

  it('follows hints that agree with the digits', () => {
    expect(classifyCode('30101', '部门预算支出经济分类科目')).toEqual({ scheme: 'economic-dept', level: 2 });
    expect(classifyCode('208', 'final.t05_general_budget_expenditure 功能分类科目编码')).toEqual({ scheme: 'function', level: 1 });
    expect(classifyCode('50101', 'economic')).toEqual({ scheme: 'economic-gov', level: 2 });
    // t03 prints a 基本支出 column beside function codes: that header is no hint of economic codes.
    expect(classifyCode('2080505', '本年支出/基本支出')).toEqual({ scheme: 'function', level: 3 });
  });

  it('reports a hint that names another family, and keeps the digits', () => {
    const c = classifyCode('2080505', 'final.t06_general_budget_basic_expenditure');
    expect(c?.scheme).toBe('function');
    expect(c?.conflict).toMatch(/economic/);
    expect(classifyCode('30101', '支出功能分类科目')?.conflict).toMatch(/function/);
    expect(classifyCode('30101', 'economic-gov')?.conflict).toMatch(/economic-gov/);
  });
});

describe('normaliseCode and parentCode', () => {
  it('folds full-width digits and drops spaces', () => {
    expect(normaliseCode('２０８ ０５')).toBe('20805');
  });

  it('gives the parent by digits', () => {
    expect(parentCode('2080505')).toBe('20805');
    expect(parentCode('20805')).toBe('208');
    expect(parentCode('208')).toBeNull();
  });
});

describe('joinCodeParts', () => {
  it('joins 类 | 款 | 项 columns', () => {
    expect(joinCodeParts(['208', '05', '05'])).toBe('2080505');
    expect(joinCodeParts(['208', '05', ''])).toBe('20805');
    expect(joinCodeParts(['208', '', ''])).toBe('208');
    expect(joinCodeParts(['２０８', '０５', '０５'])).toBe('2080505');
  });

  it('accepts columns that repeat the full prefix', () => {
    expect(joinCodeParts(['208', '20805', '2080505'])).toBe('2080505');
  });

  it('refuses gaps, wrong widths and non-digits', () => {
    expect(joinCodeParts(['208', '', '05'])).toBeNull();
    expect(joinCodeParts(['208', '5', '05'])).toBeNull();
    expect(joinCodeParts(['合计', '', ''])).toBeNull();
    expect(joinCodeParts(['', '', ''])).toBeNull();
    expect(joinCodeParts(['208', '21005', ''])).toBeNull();
  });
});

describe('parseNarrativePath', () => {
  it('splits X（类）Y（款）Z（项）, skipping list numbering and stopping at the colon', () => {
    const text = '1.社会保障和就业（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）:支出决算为13.17万元';
    const parts = parseNarrativePath(text);
    expect(parts?.map((p) => [p.name, p.level, p.code])).toEqual([
      ['社会保障和就业', 1, null],
      ['行政事业单位养老支出', 2, null],
      ['机关事业单位基本养老保险缴费支出', 3, null],
    ]);
    expect(text.slice(parts?.[0]?.start, parts?.[2]?.end)).toBe(
      '社会保障和就业（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）',
    );
  });

  it('reads codes printed inside the markers and ASCII brackets', () => {
    expect(parseNarrativePath('住房保障支出（221类）住房改革支出（02款）购房补贴（03项）')?.map((p) => [p.name, p.code])).toEqual([
      ['住房保障支出', '221'],
      ['住房改革支出', '02'],
      ['购房补贴', '03'],
    ]);
    expect(parseNarrativePath('3. 住房保障支出(类)住房改革支出(款)住房公积金(项)')?.map((p) => p.name)).toEqual([
      '住房保障支出',
      '住房改革支出',
      '住房公积金',
    ]);
  });

  it('ends a path where a marker climbs back up (a second path in the sentence)', () => {
    const parts = parseNarrativePath('社会保障和就业（类）支出13.17万元，占6%；城乡社区支出（类）193.65万元');
    expect(parts?.map((p) => p.name)).toEqual(['社会保障和就业']);
  });

  it('gives null when there is no marker', () => {
    expect(parseNarrativePath('城乡社区支出193.65万元')).toBeNull();
  });
});

describe('name comparison', () => {
  it('tolerates a dropped trailing 支出, bracket width and spaces', () => {
    expect(sameName('社会保障和就业', '社会保障和就业支出')).toBe(true);
    expect(sameName('因公出国(境)费用', '因公出国（境）费用')).toBe(true);
    expect(sameName('住房 公积金', '住房公积金')).toBe(true);
    expect(sameName('城乡社区管理服务', '城乡社区管理事务')).toBe(false);
  });

  it('matches the tail of a first name that carries leading words', () => {
    expect(endsWithName('主要用于以下方面:社会保障和就业', '社会保障和就业支出')).toBeGreaterThan(0);
    expect(endsWithName('住房保障支出', '住房保障支出')).toBe(6);
    expect(endsWithName('城乡社区', '住房保障支出')).toBe(0);
  });
});
