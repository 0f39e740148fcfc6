import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../../extractors/index.ts';
import { extractMeta } from '../../transforms/metadata.ts';
import { docFromLines } from './narrative/docs.ts';

const seed = (ext: string) => fileURLToPath(new URL(`../../../shared/seeds/panzhihua-szcg-2021-final.${ext}`, import.meta.url));
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
    expect(messages.map((m) => m.rule)).toEqual(['meta/scope-conflict', 'meta/identity']);
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

describe('identity from everywhere it is printed, each value with its source', () => {
  const sources = (doc: ReturnType<typeof docFromLines>) => extractMeta(doc).messages.find((m) => m.rule === 'meta/identity')?.reason;
  const at = (doc: ReturnType<typeof docFromLines>, path: string) => ({ ...doc, source: { ...doc.source, path } });

  it('reads a title that puts the year first (2017 年度江苏省高级人民法院部门预算公开)', () => {
    const doc = docFromLines(['2017 年度江苏省高级人民法院部门预算公开', '目 录']);
    expect(extractMeta(doc).value).toMatchObject({ unit: '江苏省高级人民法院', year: 2017, kind: 'budget' });
    expect(sources(doc)).toContain('unit from the title; year from the title; kind from the title');
  });

  it('joins a year-first title split in the middle of the name (2018 年度江苏省高级 / 人民法院预算公开)', () => {
    const doc = docFromLines(['2018 年度江苏省高级', '人民法院预算公开', '目 录']);
    expect(extractMeta(doc).value).toMatchObject({ unit: '江苏省高级人民法院', year: 2018, kind: 'budget' });
  });

  it('takes unit and scope 单位 from a 预算单位： cover under a title naming only the district', () => {
    const doc = docFromLines(['上海市普陀区2025年区级单位预算', '预算单位：上海市普陀区人民政府办公室', '目 录', '一、部门主要职能']);
    expect(extractMeta(doc).value).toMatchObject({ unit: '上海市普陀区人民政府办公室', year: 2025, kind: 'budget', scope: 'unit' });
    expect(sources(doc)).toBe('unit from the cover label 预算单位; year from the title; kind from the title; scope from the cover label 预算单位');
  });

  it('takes scope 部门 from a 预算主管部门： cover, over unit-worded headings', () => {
    const doc = docFromLines(['上海市普陀区2025年区级部门预算', '预算主管部门：上海市普陀区商务委员会', '# 单位预算编制说明']);
    expect(extractMeta(doc).value).toMatchObject({ unit: '上海市普陀区商务委员会', scope: 'department' });
  });

  it('takes the year and kind of a tables-only file from its table titles (2019年政府采购预算表)', () => {
    const doc = docFromLines([
      '# 收支预算总表', '公开表一', '部门： 江苏省人大常委会办公厅 单位：万元',
      '# 一般公共预算支出预算表（功能科目）', '# 2019年政府采购预算表', '部门： 江苏省人大常委会办公厅 单位：万元',
    ]);
    const { value, messages } = extractMeta(at(doc, '/crawl/江苏省人大办公厅/江苏省人大常委会办公厅部门预算公开表.pdf'));
    expect(value).toMatchObject({ unit: '江苏省人大常委会办公厅', year: 2019, kind: 'budget', scope: 'department' });
    expect(messages.find((m) => m.rule === 'meta/identity')?.reason).toBe(
      'unit from the cover label 部门; year from the table title "2019年政府采购预算表"; kind from 3 table titles; scope from the label 部门： over the tables',
    );
    expect(messages.map((m) => m.rule)).not.toContain('meta/year-from-file-name');
  });

  it('reads a 部门： label printed over a later table, not on the cover', () => {
    const lines = ['# 收支预算总表', '说明一', '说明二', '说明三', '说明四', '说明五', '说明六', '说明七', '说明八', '说明九', '说明十', '说明十一', '说明十二', '部门：中共江苏省委办公厅 单位：万元'];
    const { value, messages } = extractMeta(docFromLines(lines));
    expect(value.unit).toBe('中共江苏省委办公厅');
    expect(messages.find((m) => m.rule === 'meta/identity')?.reason).toContain('unit from the label 部门： over the tables');
  });

  it('takes the unit from the folder name as the last resort, and warns', () => {
    const doc = docFromLines(['# 收支预算总表', '| 项目 | 金额 |']);
    const { value, messages } = extractMeta(at(doc, '/crawl/jszwfw/江苏省人民检察院/2019年度预算表.pdf'));
    expect(value).toMatchObject({ unit: '江苏省人民检察院', year: 2019 });
    expect(messages.map((m) => m.rule)).toContain('meta/unit-from-path');
  });

  it('takes the unit from the file name when the folder names none', () => {
    const doc = docFromLines(['# 收支预算总表']);
    expect(extractMeta(at(doc, '/crawl/2019/江苏省委办公厅2019年度部门预算公开表格.pdf')).value.unit).toBe('江苏省委办公厅');
  });

  it('leaves the unit empty when neither the document nor the path names one', () => {
    const doc = docFromLines(['# 收支预算总表']);
    const { value, messages } = extractMeta(at(doc, '/tmp/upload/1770007475548-818404804.pdf'));
    expect(value.unit).toBeNull();
    expect(messages.map((m) => m.rule)).toContain('meta/unit-unknown');
  });
});
