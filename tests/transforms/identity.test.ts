/** The identity rules as pure functions, each on real-shaped input from the corpus and the crawled archives. */
import { describe, expect, it } from 'vitest';
import { abbreviationsIn, canonicalKey, isPlaceholderName, printedKey, regionlessKey } from '../../transforms/identity/names.ts';
import { applyHints, hintMatches, parseHints } from '../../transforms/identity/hints.ts';
import { reportPart } from '../../transforms/identity/part.ts';
import { narrativeOutcomes } from '../../transforms/identity/companions.ts';
import { pickUnit, unidentifiedReason, unitKeys, type KnownKey } from '../../loaders/warehouse/units.ts';
import { rankVersions } from '../../loaders/warehouse/versions.ts';
import type { ReportMeta } from '../../transforms/model.ts';
import type { CheckOutcome } from '../../transforms/checks/model.ts';
import { makeReport } from '../helpers/reports.ts';

const meta = (unit: string | null, more: Partial<ReportMeta> = {}): ReportMeta => ({
  unit, unitAliases: [], unitCode: null, parentUnit: null, parentUnitCode: null, year: 2019, kind: 'budget', scope: 'department', moneyUnit: '万元', ...more,
});

describe('unit names as keys', () => {
  it('makes the three party forms of the Jiangsu committee office one key', () => {
    expect(canonicalKey('中国共产党江苏省委员会办公厅')).toBe('中共江苏省委办公厅');
    expect(canonicalKey('江苏省委办公厅')).toBe('中共江苏省委办公厅');
    expect(canonicalKey('中共江苏省委办公厅')).toBe('中共江苏省委办公厅');
    expect(canonicalKey('上海市普陀区委社会工作部')).toBe('中共上海市普陀区委社会工作部');
  });

  it('leaves government commissions (委员会 after a name) and other units alone', () => {
    expect(canonicalKey('上海市普陀区商务委员会')).toBe('上海市普陀区商务委员会');
    expect(canonicalKey('江苏省人大常委会办公厅')).toBe('江苏省人大常委会办公厅');
    expect(canonicalKey('江苏省人民检察院')).toBe('江苏省人民检察院');
  });

  it('removes whitespace and line breaks inside a name (a cover wraps 江苏省高级 / 人民法院)', () => {
    expect(printedKey('江苏省高级\n人民法院')).toBe('江苏省高级人民法院');
    expect(printedKey('上海市普陀区　商务委员会 ')).toBe('上海市普陀区商务委员会');
  });

  it('drops a province or municipality before a district, never a bare city prefix', () => {
    expect(regionlessKey('上海市普陀区商务委员会')).toBe('普陀区商务委员会');
    expect(regionlessKey('中共上海市普陀区委社会工作部')).toBe('中共普陀区委社会工作部');
    expect(regionlessKey('上海市财政局')).toBeNull();
    expect(regionlessKey('江苏省委办公厅')).toBeNull();
  });

  it('knows a template placeholder (上海市XX局, 上海市普陀区XX局) from a name', () => {
    expect(isPlaceholderName('上海市XX局')).toBe(true);
    expect(isPlaceholderName('上海市普陀区ＸＸ局')).toBe(true);
    expect(isPlaceholderName('上海市普陀区财政局')).toBe(false);
  });

  it('reads the abbreviations of crawled file names (2018年省检察院部门预算公开.pdf)', () => {
    expect(abbreviationsIn('2018年省检察院部门预算公开').map((r) => r.test('江苏省人民检察院'))).toEqual([true]);
    expect(abbreviationsIn('省法院')[0]!.test('江苏省高级人民法院')).toBe(true);
    expect(abbreviationsIn('省人大办公厅2018预算公开')[0]!.test('江苏省人大常委会办公厅')).toBe(true);
  });
});

describe('resolving a printed name to a known unit', () => {
  const known = (alias: string, unitId: number, unitName: string, confidence = 'high'): KnownKey => ({ alias, unit_id: unitId, unit_name: unitName, confidence });

  it('finds the unit by the canonical form and says so', () => {
    const m = meta('中国共产党江苏省委员会办公厅');
    const r = pickUnit(m, unitKeys(m), [known('中共江苏省委办公厅', 3, '中共江苏省委办公厅')]);
    expect(r.unitId).toBe(3);
    expect(r.messages.map((x) => x.rule)).toEqual(['unit/canonical']);
  });

  it('joins a name printed without its region to the one unit that has it (普陀区商务委员会)', () => {
    const m = meta('普陀区商务委员会');
    const r = pickUnit(m, unitKeys(m), [known('普陀区商务委员会', 5, '上海市普陀区商务委员会', 'medium')]);
    expect(r.unitId).toBe(5);
  });

  it('keeps apart two units whose names differ only in their municipality, with a message, and resolves nothing by that key after', () => {
    // Two municipalities with a district of one name: the key 普陀区财政局 is shared, the units are not.
    const shanghai = meta('上海市普陀区财政局');
    const r = pickUnit(shanghai, unitKeys(shanghai), [known('普陀区财政局', 4, '北京市普陀区财政局', 'medium')]);
    expect(r.unitId).toBeNull();
    expect(r.ambiguous).toEqual(['普陀区财政局']);
    expect(r.messages.map((x) => x.rule)).toEqual(['unit/ambiguous']);
    const bare = meta('普陀区财政局');
    expect(pickUnit(bare, unitKeys(bare), [known('普陀区财政局', 4, '上海市普陀区财政局', 'ambiguous')]).unitId).toBeNull();
  });

  it('prefers a spelling split off by hand over the canonical form', () => {
    const m = meta('江苏省委办公厅');
    const r = pickUnit(m, unitKeys(m), [known('中共江苏省委办公厅', 3, '中共江苏省委办公厅'), known('江苏省委办公厅', 9, '江苏省委办公厅', 'manual')]);
    expect(r.unitId).toBe(9);
  });

  it('calls a file unidentified when its unit, year or kind is unknown, or its unit is a placeholder', () => {
    expect(unidentifiedReason(meta('江苏省人民检察院'))).toBeNull();
    expect(unidentifiedReason(meta('江苏省人民检察院', { year: null }))).toBe('its year could not be determined');
    expect(unidentifiedReason(meta(null, { kind: null }))).toBe('its unit, kind could not be determined');
    expect(unidentifiedReason(meta('上海市普陀区XX局'))).toContain('placeholder');
  });
});

describe('hints', () => {
  it('matches a folder pattern at any depth and a file pattern by its name', () => {
    expect(hintMatches('江苏省人民检察院/**', '/crawl/jszwfw/江苏省人民检察院/2019年度部门预算公开.pdf')).toBe(true);
    expect(hintMatches('*模板*.xlsx', '/crawl/templates/部门预算模板.xlsx')).toBe(true);
    expect(hintMatches('江苏省人民检察院/*', '/crawl/江苏省人民法院/a.pdf')).toBe(false);
    expect(hintMatches('reports/*.pdf', 'archive.zip!/reports/a.pdf')).toBe(true);
  });

  it('parses a CSV hints file, leaving out an invalid row with a message', () => {
    const { value, messages } = parseHints('pattern,unit,year,kind,scope\n江苏省人民检察院/**,江苏省人民检察院,,,\nx/*.pdf,,20x9,,\n', 'hints.csv');
    expect(value).toEqual([{ pattern: '江苏省人民检察院/**', unit: '江苏省人民检察院', year: null, kind: null, scope: null }]);
    expect(messages.map((m) => m.rule)).toEqual(['meta/hint-invalid']);
  });

  it('puts the hinted values in place of the printed ones, the longest pattern winning, and says so', () => {
    const hints = [
      { pattern: 'uploads/**', unit: '上海市普陀区财政局', year: null, kind: null, scope: null },
      { pattern: 'uploads/1770007475548-*.pdf', unit: '上海市普陀区人民政府万里街道办事处', year: 2023, kind: 'budget' as const, scope: null },
    ];
    const { value, messages } = applyHints(meta(null, { year: null }), '/x/uploads/1770007475548-818404804.pdf', hints);
    expect(value).toMatchObject({ unit: '上海市普陀区人民政府万里街道办事处', year: 2023, kind: 'budget' });
    expect(messages[0]!.reason).toContain('uploads/1770007475548-*.pdf');
  });
});

describe('versions and parts', () => {
  it('makes the most complete copy current, then the one with fewer errors, then the lowest hash, whatever the order given', () => {
    const a = { id: 1, items: 300, errors: 2, sha256: 'b' };
    const b = { id: 2, items: 300, errors: 0, sha256: 'c' };
    const c = { id: 3, items: 120, errors: 0, sha256: 'a' };
    const d = { id: 4, items: 300, errors: 0, sha256: 'a' };
    for (const rows of [[a, b, c, d], [d, c, b, a], [b, d, a, c]]) expect(rankVersions(rows).map((r) => r.id)).toEqual([3, 1, 2, 4]);
  });

  it('tells a narrative-only file and a tables-only file from a whole report', () => {
    const whole = makeReport();
    expect(reportPart(whole.tables, whole.facts)).toBe('whole');
    expect(reportPart(whole.tables, [])).toBe('tables');
    expect(reportPart([], whole.facts)).toBe('narrative');
  });

  it('gives a joined report’s narrative part the findings that involve a sentence', () => {
    const outcome = (sentence: boolean): CheckOutcome => ({
      ruleId: 'narrative-tables/figure', family: 'narrative-tables', outcome: 'finding', severity: 'error', subject: 's', message: 'm',
      quantity: 'amount', expected: '1', actual: '2', difference: '1', tolerance: '0', values: [{ label: 'x', value: '1', ...(sentence ? { sentence: '收入1万元。' } : { tableId: 'budget.t01_summary' }) }],
    } as unknown as CheckOutcome);
    expect(narrativeOutcomes([outcome(true), outcome(false)])).toHaveLength(1);
  });
});
