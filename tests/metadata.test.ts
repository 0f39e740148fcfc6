import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../extractors/index.ts';
import { extractMeta } from '../transforms/metadata.ts';
import { docFromLines } from './narrative-docs.ts';

const seed = (ext: string) => fileURLToPath(new URL(`../../shared/seeds/panzhihua-szcg-2021-final.${ext}`, import.meta.url));
const FORMATS = ['docx', 'html', 'gbk.html', 'libreoffice.html'] as const;
const expected = (JSON.parse(readFileSync(seed('expected.json'), 'utf8')) as { report: Record<string, unknown> }).report;

describe('report metadata of the seed, from each of its four formats', () => {
  it.each(FORMATS)('reads unit, aliases, codes, year, kind, scope and money unit (%s)', async (format) => {
    const { value, messages } = extractMeta(await extractFile(seed(format)));
    expect(value).toEqual({
      unit: expected.unit,
      unitAliases: expected.unit_aliases,
      unitCode: expected.unit_code,
      parentUnit: expected.parent_unit,
      parentUnitCode: expected.parent_unit_code,
      year: expected.year,
      kind: expected.kind,
      // The title says 部门决算 (the regime's name); the part headings say 单位概况 / 单位决算情况说明.
      scope: 'unit',
      moneyUnit: expected.money_unit,
    });
    expect(messages.map((m) => m.rule)).toEqual(['meta/scope-conflict']);
  });
});

describe('report metadata rules', () => {
  it('takes the year from the title, not the first year the text mentions', () => {
    const doc = docFromLines([
      '# 某某局2021年度部门决算',
      '根据2022年文件，2020年相比……',
      '# 第二部分 2021年度部门决算情况说明',
      '2021年度收、支总计219.59万元。',
    ]);
    expect(extractMeta(doc).value).toMatchObject({ unit: '某某局', year: 2021, kind: 'final', scope: 'department', moneyUnit: '万元' });
  });

  it('joins a title printed over several cover lines (PDF) and reads the budget kind', () => {
    const doc = docFromLines(['中共上海市普陀区委', '社会工作部 2024 年度', '部门预算', '目 录']);
    expect(extractMeta(doc).value).toMatchObject({ unit: '中共上海市普陀区委社会工作部', year: 2024, kind: 'budget', unitAliases: [] });
  });

  it('prefers a labelled cover line over a regional collection title (上海市普陀区2023年区级部门预算)', () => {
    const doc = docFromLines(['上海市普陀区2023年区级部门预算', '预算主管部门：上海市普陀区人民政府万里街道办事处', '# 部门预算编制说明']);
    expect(extractMeta(doc).value).toMatchObject({ unit: '上海市普陀区人民政府万里街道办事处', year: 2023, kind: 'budget', scope: 'department' });
  });

  it('falls back to a part heading for year and kind, and says so', () => {
    const doc = docFromLines(['# 第一部分 单位概况', '# 第二部分 2021年度单位决算情况说明', '本年收入合计10万元。']);
    const { value, messages } = extractMeta(doc);
    expect(value).toMatchObject({ year: 2021, kind: 'final', scope: 'unit', unit: null });
    expect(messages.map((m) => m.rule)).toContain('meta/from-heading');
    expect(messages.map((m) => m.rule)).toContain('meta/unit-unknown');
  });

  it('never defaults a year or kind it cannot find: null with warnings', () => {
    const doc = docFromLines(['# 情况说明', '2020年以来，本单位收入合计10万元，2022年计划……']);
    const { value, messages } = extractMeta(doc);
    expect(value.year).toBeNull();
    expect(value.kind).toBeNull();
    const warnings = messages.filter((m) => m.severity === 'warning').map((m) => m.rule);
    expect(warnings).toEqual(expect.arrayContaining(['meta/year-unknown', 'meta/kind-unknown', 'meta/scope-unknown']));
  });

  it('reads the unit from a 部门： line over a table, without the 单位：万元 beside it', () => {
    const doc = docFromLines(['收支预算总表', '部门：中国共产党江苏省委员会办公厅 单位：万元'], '收支预算总表');
    expect(extractMeta(doc).value.unit).toBe('中国共产党江苏省委员会办公厅');
  });

  it('takes year and kind from the file name only when the document states neither, and warns', () => {
    const lines = ['收支预算总表', '部门：中共江苏省委办公厅 单位：万元'];
    const named = (path: string) => {
      const doc = docFromLines(lines, '收支预算总表');
      return extractMeta({ ...doc, source: { ...doc.source, path } });
    };
    const a = named('/archive/江苏省委办公厅/江苏省委办公厅2017年预算公开表格.pdf');
    expect(a.value).toMatchObject({ year: 2017, kind: 'budget' });
    expect(a.messages.filter((m) => m.severity === 'warning').map((m) => m.rule)).toEqual(expect.arrayContaining(['meta/year-from-file-name', 'meta/kind-from-file-name']));
    expect(named('reports.zip!/jiangsu-swbgt-2019-final-tables.pdf').value).toMatchObject({ year: 2019, kind: 'final' });
    // Two years, or no year, in the name decide nothing: null with the usual warnings.
    const b = named('/archive/2016-2018/tables.pdf');
    expect(b.value).toMatchObject({ year: null, kind: null });
    expect(b.messages.map((m) => m.rule)).toEqual(expect.arrayContaining(['meta/year-unknown', 'meta/kind-unknown']));
    expect(named('/archive/2019/report-2018-budget.pdf').value.year).toBe(2018);
    // A year in the document wins over the file name.
    const doc = docFromLines(['# 某某局2021年度部门决算'], null);
    expect(extractMeta({ ...doc, source: { ...doc.source, path: '2019-budget.html' } }).value).toMatchObject({ year: 2021, kind: 'final' });
  });

  it('takes the unit code from a 主管部门 row naming the unit itself, with no parent', () => {
    const doc = docFromLines(['# 某某局2022年度部门决算', '| 主管部门及代码 | 某某局801001 | 实施单位 | 某某局'], '项目支出绩效自评表');
    expect(extractMeta(doc).value).toMatchObject({ unitCode: '801001', parentUnit: null, parentUnitCode: null });
  });

  it('reads a narrative in 元 as such', () => {
    const doc = docFromLines(['# 某某局2022年度部门预算', '收入预算1,234,567.00元，支出预算1,234,567.00元，其中人员经费100万元。']);
    expect(extractMeta(doc).value.moneyUnit).toBe('元');
  });
});
