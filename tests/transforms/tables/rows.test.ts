import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractBytes } from '../../../extractors/index.ts';
import { loadShippedCodebook } from '../../../loaders/codebook-files.ts';
import { normalise } from '../../../transforms/normalise.ts';
import { extractTables } from '../../../transforms/tables/index.ts';
import { htmlDoc, META, table } from '../../fixtures/tables/snippets.ts';

const codebook = loadShippedCodebook();

async function tablesOf(body: string, meta = META) {
  return extractTables(await htmlDoc(body), meta, codebook);
}

const rowsOf = (t: { rows: readonly { side: string | null; code: string | null; name: string }[] } | undefined) =>
  (t?.rows ?? []).map((r) => `${r.side ?? ''}|${r.code ?? ''}|${r.name}`);

const FUNCTION_HEADER = ['项目{4,1}|本年支出合计{1,3}|基本支出{1,3}|项目支出{1,3}', '科目编码{3,1}|科目名称{1,2}', '类|款|项'];

describe('line items from table rows', () => {
  it('joins split 类/款/项 codes and carries the 类 and 款 down to rows that print only their own part', async () => {
    const { value } = await tablesOf(
      '<p>支出决算表</p><p>单位：万元</p>' +
        table(
          ...FUNCTION_HEADER,
          '合计{4,1}|13.17|13.17|',
          '208|||社会保障和就业支出|13.17|13.17|',
          '|05||行政事业单位养老支出|13.17|13.17|',
          '||05|机关事业单位基本养老\n保险缴费支出|8.00|8.00|',
          '||06|机关事业单位职业年金缴费支出|5.17|5.17|',
          '210|11|01|行政单位医疗|0|0|',
        ),
    );
    const t = value.tables[0]!;
    expect(t.tableId).toBe('final.t03_expenditure');
    expect(rowsOf(t)).toEqual([
      '||合计', '|208|社会保障和就业支出', '|20805|行政事业单位养老支出', '|2080505|机关事业单位基本养老保险缴费支出',
      '|2080506|机关事业单位职业年金缴费支出', '|2101101|行政单位医疗',
    ]);
    expect(t.rows.map((r) => [r.codeScheme, r.level])).toEqual([['none', null], ['function', 1], ['function', 2], ['function', 3], ['function', 3], ['function', 3]]);
    expect(t.rows[3]!.values.map((v) => [v.column, v.measure, v.text, v.yuan])).toEqual([
      ['本年支出合计', 'total', '8.00', '80000.00'], ['基本支出', 'basic', '8.00', '80000.00'], ['项目支出', 'project', '', '0'],
    ]);
  });

  it('reads 款 and 项 parts printed without their leading zero (208 | 5 | 5, 301 | 2) as the codes they stand for', async () => {
    const { value } = await tablesOf(
      '<p>支出决算表</p><p>单位：万元</p>' +
        table(...FUNCTION_HEADER, '合计{4,1}|13.17|13.17|', '208|||社会保障和就业支出|13.17|13.17|', '|5||行政事业单位养老支出|13.17|13.17|', '||5|机关事业单位基本养老保险缴费支出|8.00|8.00|', '208|5|6|机关事业单位职业年金缴费支出|5.17|5.17|'),
    );
    expect(rowsOf(value.tables[0])).toEqual(['||合计', '|208|社会保障和就业支出', '|20805|行政事业单位养老支出', '|2080505|机关事业单位基本养老保险缴费支出', '|2080506|机关事业单位职业年金缴费支出']);
    const { value: basic, messages } = await tablesOf(
      '<p>一般公共预算财政拨款基本支出决算表</p><p>单位：万元</p>' +
        table('经济分类科目编码{2,1}|科目名称{1,2}|决算数{1,2}', '类|款', '301||工资福利支出|3.00', '301|2|津贴补贴|3.00'),
    );
    expect(rowsOf(basic.tables[0])).toEqual(['|301|工资福利支出', '|30102|津贴补贴']);
    expect(messages.filter((m) => m.rule === 'table/code-unreadable')).toEqual([]);
  });

  it('carries the parent down in a single code column that prints only the row\'s own two digits', async () => {
    const { value } = await tablesOf(
      '<p>一般公共预算财政拨款支出决算表</p><p>单位：万元</p>' +
        table('科目编码|科目名称|合计', '208|社会保障和就业支出|3.00', '05|行政事业单位养老支出|3.00', '05|机关事业单位基本养老保险缴费支出|1.00', '06|机关事业单位职业年金缴费支出|2.00'),
    );
    expect(rowsOf(value.tables[0])).toEqual(['|208|社会保障和就业支出', '|20805|行政事业单位养老支出', '|2080505|机关事业单位基本养老保险缴费支出', '|2080506|机关事业单位职业年金缴费支出']);
  });

  it('reads a code printed in front of the name when there is no code column', async () => {
    const { value } = await tablesOf('<p>支出决算表</p><p>单位：元</p>' + table('项目|合计', '2080505 机关事业单位基本养老保险缴费支出|1,234.50', '1.一般公共预算|5'));
    expect(rowsOf(value.tables[0])).toEqual(['|2080505|机关事业单位基本养老保险缴费支出', '||1.一般公共预算']);
    expect(value.tables[0]!.rows[0]!.values[0]!.yuan).toBe('1234.50');
  });

  it('splits a two-sided table into left and right line items with their own columns, left side first', async () => {
    const { value } = await tablesOf(
      '<p>一般公共预算财政拨款基本支出决算表</p><p>单位：万元</p>' +
        table('人员经费{3,1}|公用经费{3,1}', '科目编码|科目名称|决算数|科目编码|科目名称|决算数', '301|工资福利支出|95.36|302|商品和服务支出|10.23', '30101|基本工资|14.12|30201|办公费|3.78', '|人员经费合计|95.36|||'),
    );
    const t = value.tables[0]!;
    expect(t.columns).toEqual({ left: ['决算数'], right: ['决算数'] });
    expect(rowsOf(t)).toEqual(['left|301|工资福利支出', 'left|30101|基本工资', 'left||人员经费合计', 'right|302|商品和服务支出', 'right|30201|办公费']);
    expect(t.rows.map((r) => r.order)).toEqual([0, 1, 2, 0, 1]);
    expect(t.rows[3]!.codeScheme).toBe('economic-dept');
  });

  it('names a row by its innermost name where names are printed in two columns, the outer one merged down', async () => {
    const { value } = await tablesOf(
      '<p>收入预算总表</p><p>部门：中共江苏省委办公厅 单位：万元</p>' +
        '<table><tr><td colspan="2">项目名称</td><td>金额</td></tr><tr><td colspan="2">收入总计</td><td>24,458.43</td></tr>' +
        '<tr><td rowspan="2">一般公共预算资金</td><td>小计</td><td>24,458.43</td></tr><tr><td>公共财政拨款(补助)资金</td><td>24,458.43</td></tr></table>',
      { ...META, kind: 'budget' },
    );
    expect(rowsOf(value.tables[0])).toEqual(['||收入总计', '||小计', '||公共财政拨款(补助)资金']);
    expect(value.tables[0]!.rows[0]!.values[0]!.yuan).toBe('244584300.00');
  });

  it('keeps a row that prints values under no label and drops blank lines', async () => {
    const { value } = await tablesOf('<p>2023年部门“三公”经费和机关运行经费预算表</p><p>单位：万元</p>' + table('合计|因公出国(境)费|公务接待费', '22.91|0|1.35', '||'), { ...META, kind: 'budget' });
    const t = value.tables[0]!;
    expect(t.tableId).toBe('budget.t07_three_public');
    expect(t.rows.map((r) => [r.name, r.values.map((v) => v.text)])).toEqual([['', ['22.91', '0', '1.35']]]);
    expect(t.rows[0]!.values.map((v) => v.measure)).toEqual(['total', null, null]);
  });

  it('gives percentages of a 完成率 column as percent, not money, and warns about text in a value column', async () => {
    const { value, messages } = await tablesOf('<p>一般公共预算财政拨款支出决算表</p><p>单位：万元</p>' + table('科目编码|科目名称|决算数|完成率', '201|一般公共服务支出|1.00|95.89%', '208|社会保障和就业支出|见附注|'));
    const [a, b] = value.tables[0]!.rows;
    expect(a!.values[1]).toMatchObject({ percent: '95.89', yuan: null, measure: 'completion_pct' });
    expect(b!.values[0]).toMatchObject({ text: '见附注', yuan: null, percent: null });
    expect(b!.values[1]).toMatchObject({ text: '', percent: null });
    expect(messages.find((m) => m.rule === 'amount/unparseable')?.location).toMatchObject({ row: 3, col: 3 });
  });

  it('keeps the text columns of a procurement table as printed, with one note per column instead of a warning per cell', async () => {
    const { value, messages } = await tablesOf('<p>2017年政府采购预算表</p><p>单位：万元</p>' + table('采购物品名称|经济科目|采购组织形式|总计', '台式计算机|办公设备购置|政府集中采购|12.00', '会议服务|会议费|政府集中采购|50.00', '路由器|办公设备购置|分散采购|3.00'), { ...META, kind: 'budget' });
    const rows = value.tables[0]!.rows;
    expect(rows.map((r) => [r.name, r.values.map((v) => [v.text, v.yuan])])).toEqual([
      ['台式计算机', [['办公设备购置', null], ['政府集中采购', null], ['12.00', '120000.00']]],
      ['会议服务', [['会议费', null], ['政府集中采购', null], ['50.00', '500000.00']]],
      ['路由器', [['办公设备购置', null], ['分散采购', null], ['3.00', '30000.00']]],
    ]);
    expect(messages.filter((m) => m.rule === 'amount/unparseable')).toEqual([]);
    expect(messages.filter((m) => m.rule === 'table/text-column').map((m) => m.reason)).toEqual([
      'column 经济科目 holds text, not amounts; its cells are kept as printed',
      'column 采购组织形式 holds text, not amounts; its cells are kept as printed',
    ]);
  });

  it('keeps an amount beyond any budget as text, without an amount, and warns naming the cell', async () => {
    const { value, messages } = await tablesOf('<p>一般公共预算财政拨款支出决算表</p><p>单位：万元</p>' + table('科目编码|科目名称|决算数', '201|一般公共服务支出|99999999999999999', '208|社会保障和就业支出|99999999999.99'));
    const [a, b] = value.tables[0]!.rows;
    expect(a!.values[0]).toMatchObject({ text: '99999999999999999', yuan: null });
    expect(b!.values[0]).toMatchObject({ text: '99999999999.99', yuan: '999999999999900.00' });
    expect(messages.filter((m) => m.rule === 'amount/out-of-range').map((m) => m.location)).toEqual([expect.objectContaining({ row: 2, col: 3 })]);
  });
});

describe('tables over several blocks', () => {
  it('joins a block that repeats the header and a following untitled block of the same width', async () => {
    const head = ['科目编码|科目名称|合计|基本支出|项目支出', '栏次{2,1}|1|2|3'];
    const { value } = await tablesOf(
      '<p>一般公共预算财政拨款支出决算表</p><p>单位：万元</p>' +
        table(...head, '201|一般公共服务支出|1.00|1.00|') +
        '<p>一般公共预算财政拨款支出决算表（续）</p>' +
        table(...head, '208|社会保障和就业支出|2.00|2.00|') +
        '<p>第 3 页</p>' +
        table('210|卫生健康支出|3.00|3.00|', '|合计|6.00|6.00|'),
    );
    expect(value.tables).toHaveLength(1);
    const t = value.tables[0]!;
    expect(t.blocks).toHaveLength(3);
    expect(rowsOf(t)).toEqual(['|201|一般公共服务支出', '|208|社会保障和就业支出', '|210|卫生健康支出', '||合计']);
  });

  it('does not join an untitled block of another width, which becomes an other.* table', async () => {
    const { value, messages } = await tablesOf(
      '<p>收入决算表</p><p>单位：万元</p>' + table('项目|本年收入合计', '合计|1.00') + table('项目|甲|乙', 'x|1|2'),
    );
    expect(value.tables.map((t) => t.tableId)).toEqual(['final.t02_income', 'other.untitled']);
    expect(messages.some((m) => m.rule === 'table/money-unit-assumed')).toBe(true);
  });
});

describe('tables declared empty', () => {
  it('takes the 说明 under an empty grid as its note and gives no rows', async () => {
    const { value } = await tablesOf(
      '<p>政府性基金预算财政拨款收入支出决算表</p><p>单位：万元</p>' +
        table('项目|本年收入|本年支出', '合计||', '||') +
        '<p>无政府性基金预算财政拨款收入和支出的，仍保留该表格式，并在本表下方作下述说明：</p><p>说明：本单位本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。</p>',
    );
    const t = value.tables[0]!;
    expect(t.rows).toEqual([]);
    expect(t.emptyNote).toBe('说明：本单位本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。');
  });

  it('takes the 说明 that declares the table empty, not the 注 that describes it', async () => {
    const { value } = await tablesOf(
      '<p>财政拨款“三公”经费支出决算表</p><p>单位：万元</p>' +
        table('合计|因公出国（境）费', '|') +
        '<p>注：本表反映部门本年度“三公”经费支出预决算情况。</p><p>说明：某部本年度没有财政拨款“三公”经费支出，故本表无数据。</p>',
    );
    expect(value.tables[0]!.emptyNote).toBe('说明：某部本年度没有财政拨款“三公”经费支出，故本表无数据。');
  });

  it('does not declare a table empty for a note that only describes it', async () => {
    const { value } = await tablesOf('<p>收入决算表</p><p>单位：万元</p>' + table('项目|本年收入合计', '合计|') + '<p>注：本表反映部门本年度取得的各项收入情况。</p>');
    expect(value.tables[0]).toMatchObject({ emptyNote: null });
    expect(rowsOf(value.tables[0])).toEqual(['||合计']);
  });

  it('takes a note row inside the grid', async () => {
    const { value } = await tablesOf('<p>国有资本经营预算财政拨款支出决算表</p>' + table('项目|合计', '||', '注：本单位无国有资本经营预算财政拨款支出。{2,1}'));
    expect(value.tables[0]).toMatchObject({ tableId: 'final.t09_state_capital', rows: [], emptyNote: '注：本单位无国有资本经营预算财政拨款支出。' });
  });

  it('makes an empty table of a title followed by a note without any grid', async () => {
    const { value } = await tablesOf('<h3>七、一般公共预算财政拨款“三公”经费支出决算表</h3><p>本单位2021年度无“三公”经费支出，故本表为空表。</p>');
    expect(value.tables).toEqual([
      expect.objectContaining({ tableId: 'final.t07_three_public', rows: [], columns: [], emptyNote: '本单位2021年度无“三公”经费支出，故本表为空表。' }),
    ]);
  });

  it('keeps the rows of a table with values even when a note follows', async () => {
    const { value, messages } = await tablesOf('<p>收入决算表</p><p>单位：万元</p>' + table('项目|本年收入合计', '合计|5.00') + '<p>注：本单位无经营收入。</p>');
    expect(value.tables[0]).toMatchObject({ emptyNote: null });
    expect(value.tables[0]!.rows).toHaveLength(1);
    expect(messages.some((m) => m.rule === 'table/note')).toBe(true);
  });
});

describe('money units', () => {
  it('reads a table in 元 beside a narrative in 万元 in 元', async () => {
    const { value } = await tablesOf('<p>本年收入合计16,497.86万元。</p><p>2023年部门支出预算总表</p><p>单位：元</p>' + table('项目|合计', '合计|164,978,640'), { ...META, kind: 'budget' });
    expect(value.tables[0]!.moneyUnit).toBe('元');
    expect(value.tables[0]!.rows[0]!.values[0]!.yuan).toBe('164978640.00');
  });

  it('leaves amounts empty with a warning when no unit is declared or known', async () => {
    const { value, messages } = await tablesOf('<p>收入决算表</p>' + table('项目|本年收入合计', '合计|5.00'), { ...META, moneyUnit: null });
    expect(value.tables[0]!.moneyUnit).toBeNull();
    expect(value.tables[0]!.rows[0]!.values[0]!.yuan).toBeNull();
    expect(messages.map((m) => m.rule)).toContain('table/money-unit-unknown');
  });
});

describe('the seed report', () => {
  const seed = (ext: string) => new URL(`../../../../shared/seeds/panzhihua-szcg-2021-final.${ext}`, import.meta.url);

  it.each(['html', 'docx'])('lists the 9 standard tables its 附表 names without including them (%s)', async (ext) => {
    const doc = await extractBytes(new Uint8Array(readFileSync(seed(ext))), `seed.${ext}`);
    const { value } = normalise(doc, { codebook });
    // The two performance tables are projects, not line-item tables.
    expect(value.tables).toEqual([]);
    expect(value.listedTables).toEqual([
      'final.t01_income_expenditure_summary', 'final.t02_income', 'final.t03_expenditure', 'final.t04_fiscal_grant_summary',
      'final.t05_general_budget_expenditure', 'final.t06_general_budget_basic_expenditure', 'final.t07_three_public',
      'final.t08_gov_fund', 'final.t09_state_capital',
    ]);
    expect(value.meta.year).toBe(2021);
  });
});
