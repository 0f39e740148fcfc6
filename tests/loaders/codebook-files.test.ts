import { readFileSync } from 'node:fs';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadShippedCodebook } from '../../loaders/codebook-files.ts';
import { CODEBOOK_SCHEMES } from '../../transforms/codebook/codes.ts';

const shared = (p: string): URL => new URL(`../../../shared/${p}`, import.meta.url);
const book = loadShippedCodebook();

interface ExpectedFact {
  readonly metric: string;
  readonly code?: string;
  readonly name?: string;
}

describe('the shipped codebook', () => {
  it('has every scheme, with sources marked and official rows citing their source', () => {
    const counts = Object.fromEntries(CODEBOOK_SCHEMES.map((s) => [s, book.entries(s).length]));
    expect(counts).toEqual({ function: 141, 'economic-dept': 182, 'economic-gov': 10, revenue: 8 });
    expect(book.entries().every((e) => e.note !== undefined && e.note !== '')).toBe(true);
    expect(new Set(book.entries().map((e) => e.source))).toEqual(new Set(['official', 'learned']));
  });

  it('ships every row of the shared reference lists', () => {
    const files: [string, 'function' | 'economic-dept' | 'economic-gov' | 'revenue', number][] = [
      ['function_codes_2023_partial.csv', 'function', 2023],
      ['function_codes_2025_partial.csv', 'function', 2025],
      ['function_codes_2026_partial.csv', 'function', 2026],
      ['revenue_codes_2025_partial.csv', 'revenue', 2025],
      ['economic_codes_dept_2018plus_partial.csv', 'economic-dept', 2018],
      ['economic_codes_dept_pre2018_partial.csv', 'economic-dept', 2017],
      ['economic_codes_gov_2018plus_partial.csv', 'economic-gov', 2018],
    ];
    for (const [file, scheme, edition] of files) {
      const rows = readFileSync(shared(`reference/${file}`), 'utf8').trim().split('\n').slice(1);
      const codes = rows.map((r) => r.split(',')[0]);
      const shipped = book.entries(scheme, edition).filter((e) => e.source === 'official').map((e) => e.code);
      expect(shipped.sort(), file).toEqual([...codes].sort());
    }
  });

  it('resolves every code the seed narrative states by name (expected.json)', () => {
    const expected = JSON.parse(readFileSync(shared('seeds/panzhihua-szcg-2021-final.expected.json'), 'utf8')) as { facts: ExpectedFact[] };
    const coded = expected.facts.filter((f) => f.code && f.name);
    expect(coded.map((f) => f.code)).toEqual(['208', '212', '221', '2080505', '2120199', '2210201']);
    for (const f of coded) {
      const r = f.name?.includes('（类）')
        ? book.resolveNarrative('function', 2021, f.name)
        : book.resolvePath('function', 2021, [f.name ?? '']);
      expect(r.value?.code, f.name).toBe(f.code);
      expect(r.value?.complete).toBe(true);
    }
  });

  it('resolves every path printed in the seed text', () => {
    const text = readFileSync(shared('seeds/panzhihua-szcg-2021-final.txt'), 'utf8');
    const lines = text.split('\n').filter((l) => l.includes('（项）'));
    const codes = lines.map((l) => book.resolveNarrative('function', 2021, l).value?.code);
    expect(codes).toEqual(['2080505', '2120199', '2210201', '2080505', '2120199', '2129999', '2210201']);
  });

  it('learns the pairs of the golden tables without contradicting the official lists', () => {
    const golden = JSON.parse(readFileSync(shared('corpus/golden/shanghai-putuo-wanli-street-2023-budget.json'), 'utf8')) as {
      tables: { table_id: string; rows: { code?: string; name: string }[] }[];
    };
    const pairs = golden.tables.flatMap((t) =>
      t.rows.filter((r) => r.code).map((r) => ({ scheme: r.code?.startsWith('3') ? ('economic-dept' as const) : ('function' as const), edition: 2025, code: r.code ?? '', name: r.name, note: t.table_id })),
    );
    const r = book.learn(pairs);
    // 2023 names against the 2025 official list: the only printed difference is the cut-short 2080505 cell.
    expect(r.messages.filter((m) => m.severity === 'warning')).toEqual([]);
    expect(r.messages.filter((m) => m.rule === 'code/name-truncated').map((m) => m.reason.slice(0, 7))).toEqual(['2080505']);
  });

  it('gives the renamed classes their name of the year', () => {
    expect(book.lookup('function', 2017, '207')?.name).toBe('文化体育与传媒支出');
    expect(book.lookup('function', 2023, '207')?.name).toBe('文化旅游体育与传媒支出');
    expect(book.lookup('function', 2016, '210')?.name).toBe('医疗卫生与计划生育支出');
    expect(book.lookup('function', 2018, '220')?.name).toBe('国土海洋气象等支出');
    expect(book.lookup('function', 2019, '220')?.name).toBe('自然资源海洋气象等支出');
    expect(book.lookup('function', 2019, '20805')?.name).toBe('行政事业单位离退休');
    expect(book.lookup('function', 2021, '20805')?.name).toBe('行政事业单位养老支出');
  });

  it('resolves the 2017–2019 Jiangsu path names (before the 20805 rename) without bridging', () => {
    const r = book.resolvePath('function', 2018, ['社会保障和就业支出', '行政事业单位离退休', '机关事业单位基本养老保险缴费支出']);
    expect(r.value).toMatchObject({ code: '2080505', complete: true });
    expect(r.messages).toEqual([]);
  });

  it('carries the 2018 economic reform: a split with a warning, and the 部门→政府 crosswalk', () => {
    expect(book.canonical('economic-dept', 2017, '30104').warning).toMatch(/split/);
    expect(book.canonical('economic-dept', 2023, '30108').warning).toBeUndefined();
    expect(book.deptToGov('30113')?.govCode).toBe('50103');
    expect(book.crosswalk.deptToGov).toHaveLength(31);
  });
});

describe('loadShippedCodebook', () => {
  it('reads a data directory given to it, and refuses a bad shipped row (fatal)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codebook-'));
    mkdirSync(join(dir, 'codebook', 'official'), { recursive: true });
    writeFileSync(join(dir, 'codebook', 'official', 'function-2020.csv'), 'code,name,level,parent,source\n208,社会保障和就业支出,类,,test\n');
    expect(loadShippedCodebook(dir).lookup('function', 2020, '208')?.entry.note).toBe('test');
    writeFileSync(join(dir, 'codebook', 'official', 'function-2021.csv'), 'code,name,level,parent,source\n30101,基本工资,款,301,test\n');
    expect(() => loadShippedCodebook(dir)).toThrow(/line 2/);
  });
});
