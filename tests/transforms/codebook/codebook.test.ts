import { describe, expect, it } from 'vitest';
import { Codebook, pairsFromReport } from '../../../transforms/codebook/codebook.ts';
import type { CodebookEntryInput, Crosswalk } from '../../../transforms/codebook/codebook.ts';

const official = (scheme: CodebookEntryInput['scheme'], edition: number, code: string, name: string): CodebookEntryInput => ({
  scheme,
  edition,
  code,
  name,
  source: 'official',
  note: 'test list',
});

const crosswalk: Crosswalk = {
  changes: [
    {
      scheme: 'function', fromEdition: 2018, toEdition: 2019, oldCode: '210', oldName: '医疗卫生与计划生育支出',
      newCodes: ['210'], newName: '卫生健康支出', change: 'renamed', source: 'test',
    },
    {
      scheme: 'economic-dept', fromEdition: 2017, toEdition: 2018, oldCode: '30104', oldName: '社会保障缴费',
      newCodes: ['30108', '30109', '30110', '30111', '30112'], newName: null, change: 'split', source: 'test',
    },
    {
      scheme: 'economic-dept', fromEdition: 2017, toEdition: 2018, oldCode: '30105', oldName: '伙食费',
      newCodes: [], newName: null, change: 'removed', source: 'test',
    },
    {
      scheme: 'function', fromEdition: 2019, toEdition: 2020, oldCode: '2999901', oldName: '旧项',
      newCodes: ['2999902'], newName: '新项', change: 'recoded', source: 'test',
    },
    {
      scheme: 'function', fromEdition: null, toEdition: 2025, oldCode: null, oldName: null,
      newCodes: ['2170404'], newName: '中央金融机构注资特别国债支出', change: 'added', source: 'test',
    },
  ],
  deptToGov: [{ govCode: '50102', govName: '社会保障缴费', deptCode: '30108', deptName: '机关事业单位基本养老保险缴费', source: 'test' }],
};

const book = Codebook.from(
  [
    official('function', 2021, '208', '社会保障和就业支出'),
    official('function', 2021, '212', '城乡社区支出'),
    official('function', 2021, '221', '住房保障支出'),
    official('function', 2021, '210', '卫生健康支出'),
    official('function', 2025, '20805', '行政事业单位养老支出'),
    official('function', 2025, '2080505', '机关事业单位基本养老保险缴费支出'),
    official('function', 2025, '21201', '城乡社区管理事务'),
    official('function', 2025, '2120102', '一般行政管理事务'),
    official('function', 2025, '2120199', '其他城乡社区管理事务支出'),
    official('function', 2023, '22102', '住房改革支出'),
    official('function', 2023, '2210201', '住房公积金'),
    official('function', 2023, '2210203', '购房补贴'),
    official('function', 2025, '2170404', '中央金融机构注资特别国债支出'),
    official('function', 2018, '2999901', '旧项'),
    official('function', 2025, '2999902', '新项'),
    official('economic-dept', 2017, '30104', '社会保障缴费'),
    official('economic-dept', 2017, '30105', '伙食费'),
    official('economic-dept', 2018, '30108', '机关事业单位基本养老保险缴费'),
    { scheme: 'function', edition: 2021, code: '201', name: '一般公共服务支出', source: 'learned', note: 'a report' },
  ],
  crosswalk,
);

describe('Codebook.from', () => {
  it('completes level, parent and canonical code from the digits and the crosswalk', () => {
    const e = book.entries('function', 2025).find((x) => x.code === '2080505');
    expect(e).toMatchObject({ level: 3, parent: '20805', canonicalCode: '2080505', source: 'official', note: 'test list' });
    expect(book.entries('function', 2018).find((x) => x.code === '2999901')?.canonicalCode).toBe('2999902');
  });

  it('lists editions per scheme and takes the latest as canonical', () => {
    expect(book.editions('function')).toEqual([2018, 2021, 2023, 2025]);
    expect(book.canonicalEdition('function')).toBe(2025);
    expect(book.canonicalEdition('revenue')).toBeNull();
  });
});

describe('lookup', () => {
  it('uses the exact edition when it has the code', () => {
    expect(book.lookup('function', 2025, '2080505')).toMatchObject({ edition: 2025, exact: true, name: '机关事业单位基本养老保险缴费支出' });
  });

  it('falls back to the nearest edition and says which', () => {
    const r = book.lookup('function', 2022, '2210201');
    expect(r).toMatchObject({ edition: 2023, exact: false, name: '住房公积金' });
    expect(r?.warning).toBeUndefined();
  });

  it('prefers the earlier edition at equal distance', () => {
    const b = Codebook.from([official('function', 2021, '208', 'A'), official('function', 2023, '208', 'B')]);
    expect(b.lookup('function', 2022, '208')?.edition).toBe(2021);
  });

  it('prefers official, then imported, then learned entries of the same edition (as the warehouse views do)', () => {
    const learned = { scheme: 'function' as const, edition: 2022, code: '208', name: 'learned', source: 'learned' as const };
    const imported = { scheme: 'function' as const, edition: 2022, code: '208', name: 'imported', source: 'imported' as const };
    expect(Codebook.from([learned, official('function', 2022, '208', 'official'), imported]).lookup('function', 2022, '208')?.entry.source).toBe('official');
    expect(Codebook.from([learned, imported]).lookup('function', 2022, '208')?.entry.source).toBe('imported');
  });

  it('gives the name valid in the year across a recorded rename', () => {
    expect(book.lookup('function', 2017, '210')).toMatchObject({ edition: 2021, name: '医疗卫生与计划生育支出' });
    expect(book.lookup('function', 2022, '210')?.name).toBe('卫生健康支出');
  });

  it('warns when a change lies between the edition used and the year', () => {
    expect(book.lookup('function', 2023, '2170404')?.warning).toMatch(/added in edition 2025/);
    expect(book.lookup('economic-dept', 2020, '30104')?.warning).toMatch(/split in edition 2018/);
  });

  it('is null for a code it has never seen', () => {
    expect(book.lookup('function', 2021, '2139999')).toBeNull();
  });
});

describe('learn', () => {
  it('adds new pairs as learned entries of the report year', () => {
    const r = book.learn([{ scheme: 'function', edition: 2021, code: '2120104', name: '城管执法', note: 'report X t05' }]);
    expect(r.messages).toEqual([]);
    expect(r.value.lookup('function', 2021, '2120104')).toMatchObject({ exact: true, entry: { source: 'learned', level: 3, parent: '21201' } });
    expect(book.lookup('function', 2021, '2120104')).toBeNull(); // the original codebook is unchanged
  });

  it('reports a contradiction with the official entry of the same edition and keeps the official name in use', () => {
    const r = book.learn([{ scheme: 'function', edition: 2025, code: '21201', name: '城乡社区管理服务', note: 'report Y' }]);
    expect(r.messages.map((m) => [m.severity, m.rule])).toEqual([['warning', 'code/name-mismatch']]);
    expect(r.messages[0]?.reason).toMatch(/城乡社区管理服务.*report Y.*城乡社区管理事务/);
    expect(r.value.lookup('function', 2025, '21201')?.name).toBe('城乡社区管理事务');
    expect(r.value.entriesOf('function', '21201').map((e) => e.source).sort()).toEqual(['learned', 'official']);
  });

  it('accepts the official name without 支出 or with other spacing silently', () => {
    const r = book.learn([{ scheme: 'function', edition: 2021, code: '208', name: '社会保障和就业' }]);
    expect(r.messages).toEqual([]);
    expect(r.value).toBe(book);
  });

  it('notes a name cut short by a wrapped cell without adding it', () => {
    const r = book.learn([{ scheme: 'function', edition: 2025, code: '2080505', name: '机关事业单位基本养老保险缴费支' }]);
    expect(r.messages.map((m) => [m.severity, m.rule])).toEqual([['info', 'code/name-truncated']]);
    expect(r.value.entriesOf('function', '2080505')).toHaveLength(1);
  });

  it('keeps the first of two learned names for one edition and reports the second', () => {
    const r = book.learn([
      { scheme: 'function', edition: 2022, code: '2120104', name: '城管执法' },
      { scheme: 'function', edition: 2022, code: '2120104', name: '城管执法' },
      { scheme: 'function', edition: 2022, code: '2120104', name: '城市管理执法' },
    ]);
    expect(r.messages.map((m) => m.rule)).toEqual(['code/learned-conflict']);
    expect(r.value.entriesOf('function', '2120104').map((e) => e.name)).toEqual(['城管执法']);
  });

  it('notes a name that differs from the nearest edition without a recorded rename', () => {
    const r = book.learn([{ scheme: 'function', edition: 2016, code: '212', name: '城乡社区事务' }]);
    expect(r.messages.map((m) => m.rule)).toEqual(['code/name-differs-across-editions']);
    const renamed = book.learn([{ scheme: 'function', edition: 2017, code: '210', name: '医疗卫生与计划生育支出' }]);
    expect(renamed.messages).toEqual([]);
  });

  it('refuses pairs whose code is not of the scheme', () => {
    const r = book.learn([{ scheme: 'function', edition: 2021, code: '30101', name: '基本工资' }]);
    expect(r.messages.map((m) => m.rule)).toEqual(['code/not-learned']);
    expect(r.value).toBe(book);
  });
});

describe('resolvePath', () => {
  it('resolves the seed path to 2080505 with the editions used', () => {
    const r = book.resolvePath('function', 2021, ['社会保障和就业', '行政事业单位养老支出', '机关事业单位基本养老保险缴费支出']);
    expect(r.value).toMatchObject({ code: '2080505', level: 3, complete: true, editions: [2021, 2025] });
    expect(r.messages).toEqual([]);
  });

  it('resolves a class name with leading words and without 支出', () => {
    expect(book.resolvePath('function', 2021, ['主要用于以下方面:社会保障和就业']).value?.code).toBe('208');
    expect(book.resolvePath('function', 2021, ['城乡社区']).value?.code).toBe('212');
  });

  it('bridges a 款 name that differs from the list through its 项, with a warning', () => {
    const r = book.resolvePath('function', 2021, ['城乡社区支出', '城乡社区管理服务', '其他城乡社区管理事务支出']);
    expect(r.value).toMatchObject({ code: '2120199', complete: true });
    expect(r.value?.steps.map((s) => s.matched)).toEqual([true, false, true]);
    expect(r.messages.map((m) => m.rule)).toEqual(['code/path-name-mismatch']);
    expect(r.messages[0]?.reason).toMatch(/城乡社区管理事务/);
  });

  it('bridges through a 项 whose 款 is not listed at all', () => {
    const b = Codebook.from([official('function', 2025, '217', '金融支出'), official('function', 2025, '2170404', '中央金融机构注资特别国债支出')]);
    const r = b.resolvePath('function', 2025, ['金融支出', '金融调控支出', '中央金融机构注资特别国债支出']);
    expect(r.value).toMatchObject({ code: '2170404', complete: true });
    expect(r.value?.steps.map((x) => x.code)).toEqual(['217', '21704', '2170404']);
    expect(r.messages.map((m) => m.rule)).toEqual(['code/path-name-mismatch']);
  });

  it('resolves a renamed class by its old name', () => {
    expect(book.resolvePath('function', 2017, ['医疗卫生与计划生育']).value?.code).toBe('210');
  });

  it('returns a partial resolution when a deeper name is unknown', () => {
    const r = book.resolvePath('function', 2021, ['住房保障支出', '住房改革支出', '提租补贴']);
    expect(r.value).toMatchObject({ code: '22102', complete: false, level: 2 });
    expect(r.messages.map((m) => m.rule)).toEqual(['code/path-unresolved']);
  });

  it('returns null when the class is unknown', () => {
    const r = book.resolvePath('function', 2021, ['外星事务']);
    expect(r.value).toBeNull();
    expect(r.messages.map((m) => m.rule)).toEqual(['code/path-unresolved']);
  });

  it('refuses to choose between two codes that match equally', () => {
    const b = Codebook.from([official('function', 2021, '201', '一般公共服务支出'), official('function', 2021, '299', '一般公共服务支出')]);
    const r = b.resolvePath('function', 2021, ['一般公共服务支出']);
    expect(r.value).toBeNull();
    expect(r.messages.map((m) => m.rule)).toEqual(['code/path-ambiguous']);
  });
});

describe('resolveNarrative', () => {
  it('uses codes printed in the markers and checks the names against them', () => {
    const r = book.resolveNarrative('function', 2025, '住房保障支出（221类）住房改革支出（02款）购房补贴（03项）');
    expect(r.value?.code).toBe('2210203');
    expect(r.messages).toEqual([]);
    const wrong = book.resolveNarrative('function', 2025, '住房保障支出（221类）住房改革支出（02款）住房公积金（03项）');
    expect(wrong.value?.code).toBe('2210203');
    expect(wrong.messages.map((m) => m.rule)).toEqual(['code/path-code-mismatch']);
  });

  it('resolves names when no codes are printed', () => {
    const r = book.resolveNarrative('function', 2021, '3. 住房保障支出（类）住房改革支出（款）住房公积金（项）:支出决算为12.77万元');
    expect(r.value?.code).toBe('2210201');
  });
});

describe('canonical', () => {
  it('keeps a code listed in the canonical edition, confirmed', () => {
    expect(book.canonical('function', 2021, '2080505')).toMatchObject({ canonicalCode: '2080505', canonicalEdition: 2025, confirmed: true });
  });

  it('follows a rename without changing the code, and a recoding to the new code', () => {
    const renamed = book.canonical('function', 2017, '210');
    expect(renamed.canonicalCode).toBe('210');
    expect(renamed.changes.map((c) => c.change)).toEqual(['renamed']);
    expect(renamed.warning).toBeUndefined();
    expect(book.canonical('function', 2018, '2999901')).toMatchObject({ canonicalCode: '2999902', confirmed: true });
  });

  it('presumes a code listed in an earlier edition unchanged when no change is recorded', () => {
    const r = book.canonical('function', 2021, '2210201');
    expect(r).toMatchObject({ canonicalCode: '2210201', confirmed: false });
    expect(r.warning).toBeUndefined();
  });

  it('warns where the 2018 reform split or removed a code', () => {
    expect(book.canonical('economic-dept', 2017, '30104').warning).toMatch(/split into 30108, 30109, 30110, 30111, 30112/);
    expect(book.canonical('economic-dept', 2016, '30105').warning).toMatch(/removed in edition 2018/);
  });

  it('warns where no mapping is known and the code is not in the canonical edition', () => {
    const r = book.canonical('function', 2021, '2139999');
    expect(r.canonicalCode).toBe('2139999');
    expect(r.warning).toMatch(/not in the canonical function edition 2025/);
  });

  it('aligns to a chosen canonical edition', () => {
    const b = Codebook.from([official('function', 2017, '210', '医疗卫生与计划生育支出')], crosswalk, { canonicalEdition: { function: 2018 } });
    expect(b.canonical('function', 2017, '210').changes).toEqual([]);
    expect(b.canonicalEdition('function')).toBe(2018);
  });
});

describe('deptToGov', () => {
  it('maps a 部门 economic code to its 政府 economic code', () => {
    expect(book.deptToGov('30108')?.govCode).toBe('50102');
    expect(book.deptToGov('30199')).toBeNull();
  });
});

describe('pairsFromReport', () => {
  const row = (order: number, code: string | null, codeScheme: 'function' | 'economic-dept' | 'none', name: string) => ({
    tableId: 'final.t05_general_budget_expenditure', side: null, order, code, codeScheme, level: null, canonicalCode: null, name, values: [], prov: { block: 3 },
  });
  const report = (year: number | null) => ({
    source: { path: 'a/report.docx', sha256: 'x', format: 'docx' as const, bytes: 1 },
    meta: { unit: null, unitAliases: [], unitCode: null, parentUnit: null, parentUnitCode: null, year, kind: null, scope: null, moneyUnit: null },
    tables: [
      {
        tableId: 'final.t05_general_budget_expenditure', title: 't05', moneyUnit: null, columns: [], emptyNote: null, blocks: [3],
        rows: [row(0, null, 'none', '合计'), row(1, '212', 'function', '城乡社区支出'), row(2, '2120104', 'function', '城管执法'), row(3, '2120104', 'function', '城管执法'), row(4, '30101', 'economic-dept', '基本工资')],
      },
    ],
  });

  it('teaches every coded row for the report year, once, noting where it was printed', () => {
    const pairs = pairsFromReport(report(2022) as unknown as Parameters<typeof pairsFromReport>[0]);
    expect(pairs.map((p) => [p.scheme, p.edition, p.code, p.name])).toEqual([
      ['function', 2022, '212', '城乡社区支出'],
      ['function', 2022, '2120104', '城管执法'],
      ['economic-dept', 2022, '30101', '基本工资'],
    ]);
    expect(pairs[1]?.note).toBe('a/report.docx final.t05_general_budget_expenditure row 2');
    expect(book.learn(pairs).value.lookup('function', 2022, '2120104')?.exact).toBe(true);
  });

  it('teaches nothing when the report year is unknown', () => {
    expect(pairsFromReport(report(null) as unknown as Parameters<typeof pairsFromReport>[0])).toEqual([]);
  });
});
