/**
 * Tables continued over page breaks, as the PDF extractor gives them (one block per page, no captions on
 * the continuation's page), modelled on Jiangsu's 2017 budget (../shared/corpus jiangsu-rendaban-2017).
 */
import { describe, expect, it } from 'vitest';
import { assembleDocument, expandGrid, type DraftBlock, type TableCell } from '../../../extractors/model.ts';
import { loadShippedCodebook } from '../../../loaders/codebook-files.ts';
import type { ReportMeta } from '../../../transforms/model.ts';
import { extractTables } from '../../../transforms/tables/index.ts';

const codebook = loadShippedCodebook();
const META: ReportMeta = { unit: '江苏省人大常委会办公厅', unitAliases: [], unitCode: null, parentUnit: null, parentUnitCode: null, year: 2017, kind: 'budget', scope: 'department', moneyUnit: '万元' };

/** A table block of one page: rows of "a|b|c"; "text{n}" spans n columns. */
function grid(page: number, title: string | null, context: readonly string[], ...rows: string[]): DraftBlock {
  const cells: TableCell[] = [];
  rows.forEach((spec, r) => {
    let col = 0;
    for (const raw of spec.split('|')) {
      const m = /^(.*)\{(\d+)\}$/s.exec(raw);
      const span = m ? Number(m[2]) : 1;
      cells.push({ row: r, col, rowSpan: 1, colSpan: span, text: m ? m[1]! : raw });
      col += span;
    }
  });
  const { grid: g, rows: expanded } = expandGrid(cells);
  return { type: 'table', title, context, cells, grid: g, rows: expanded, page };
}
const para = (page: number, text: string): DraftBlock => ({ type: 'paragraph', text, page });

function tablesOf(...drafts: DraftBlock[]) {
  const doc = assembleDocument({ path: 'jiangsu.pdf', sha256: '0', format: 'pdf', bytes: 0 }, drafts, []);
  return extractTables(doc, META, codebook).value.tables;
}

const rowsOf = (t: { rows: readonly { side: string | null; name: string; values: readonly { text: string }[] }[] } | undefined) =>
  (t?.rows ?? []).map((r) => `${r.side ?? ''}|${r.name}|${r.values.map((v) => v.text).join('/')}`);

const SUMMARY_HEAD = ['收入{2}|支出{4}', '项目名称|金额|功能分类{2}|支出用途{2}', '项目名称|金额|功能科目名称|金额|项目名称|金额'];

describe('tables continued over page breaks', () => {
  it('takes a title printed at the foot of the previous page for the table that starts the next one', () => {
    const tables = tablesOf(
      grid(12, '财政拨款收支预算总表', ['财政拨款收支预算总表'], '项目名称|金额', '收入合计|13,649.07'),
      para(12, '财政拨款基本支出预算表'),
      para(12, '部门： 江苏省人大常委会办公厅 单位：万元'),
      grid(13, null, [], '科目编码|科目名称|金额', '|合计|7,666.68', '301|工资福利支出|2,928.98'),
      grid(14, null, [], '30101|基本工资|1,015.15'),
    );
    expect(tables.map((t) => t.tableId)).toEqual(['budget.t04_fiscal_grant_summary', 'other.fiscal_grant_basic_expenditure']);
    expect(tables[1]!.rows.map((r) => r.name)).toEqual(['合计', '工资福利支出', '基本工资']);
  });

  it('starts a new table at a title run into its unit line instead of taking that line for page furniture', () => {
    const tables = tablesOf(
      grid(17, '一般公共预算基本支出预算表', ['一般公共预算基本支出预算表', '单位：万元'], '科目编码|科目名称|金额', '|合计|7,666.68', '30201|办公费|370.00'),
      para(18, '一般公共预算机关运行经费支出预算表部门： 江苏省人大常委会办公厅 单位：万元'),
      grid(19, null, ['部门： 江苏省人大常委会办公厅 单位：万元'], '科目编码|科目名称|机关运行经费支出', '|合计|5,619.31', '30201|办公费|770.50'),
    );
    expect(tables.map((t) => [t.tableId, t.rows.length])).toEqual([
      ['budget.t06_general_budget_basic_expenditure', 2],
      ['other.agency_operating_cost', 2],
    ]);
  });

  it('reads the three panels of a 收支预算总表 as income on the left and two expenditure lists on the right', () => {
    const [t01] = tablesOf(
      grid(7, '收支预算总表', ['收支预算总表'], ...SUMMARY_HEAD, '一、财政拨款|13,649.07|一、一般公共服务支出|10,528.33|一、基本支出|7,666.68', '||二、外交支出||二、项目支出|5,982.39', '当年收入小计|13,649.07|当年支出小计{3}|13,649.07'),
    );
    expect(rowsOf(t01)).toEqual([
      'left|一、财政拨款|13,649.07',
      'left|当年收入小计|13,649.07',
      'right|一、一般公共服务支出|10,528.33',
      'right|二、外交支出|',
      'right|一、基本支出|7,666.68',
      'right|二、项目支出|5,982.39',
      'right|当年支出小计|13,649.07',
    ]);
    expect(t01!.columns).toMatchObject({ right: ['功能分类/金额', '支出用途/金额'] });
    expect(t01!.rows.filter((r) => r.side === 'right').map((r) => r.order)).toEqual([0, 1, 2, 3, 4]);
  });

  it('joins a name wrapped over the page break and the total rows printed on the next page with fewer columns', () => {
    const [t01, ...rest] = tablesOf(
      grid(7, '收支预算总表', ['收支预算总表'], ...SUMMARY_HEAD, '一、财政拨款|13,649.07|八、社会保障和就|1,608.51|一、基本支出|7,666.68', '当年收入|13,649.07|当年支出小计{3}|13,649.07'),
      grid(8, null, [], '||业支出|||', '|||||'),
      grid(9, null, [], '小计|||', '上年结转资金||结转下年资金|', '收入合计|13,649.07|支出合计|13,649.07'),
    );
    expect(rest).toEqual([]);
    expect(rowsOf(t01)).toEqual([
      'left|一、财政拨款|13,649.07',
      'left|当年收入小计|13,649.07',
      'left|上年结转资金|',
      'left|收入合计|13,649.07',
      'right|八、社会保障和就业支出|1,608.51',
      'right|一、基本支出|7,666.68',
      'right|当年支出小计|13,649.07',
      'right|结转下年资金|',
      'right|支出合计|13,649.07',
    ]);
  });

  it('lays the first row of a continuation, printed above the page\'s top rule and read as its caption, back into the table', () => {
    const tables = tablesOf(
      grid(16, '一般公共预算支出预算表', ['一般公共预算支出预算表', '单位：万元'], '功能科目代码|功能科目名称|金额', '|合计|3,000.00', '204|公共安全支出|3,000.00', '20405|检察|3,000.00'),
      para(17, '2040504 案件审判 1,833.30'),
      grid(17, '2040504 案件审判 1,833.30', ['2040504 案件审判 1,833.30'], '2040505|案件执行|1,166.70'),
    );
    expect(tables.map((t) => t.tableId)).toEqual(['budget.t05_general_budget_expenditure']);
    expect(tables[0]!.rows.map((r) => `${r.code ?? ''}|${r.name}|${r.values[0]?.text}`)).toEqual([
      '|合计|3,000.00', '204|公共安全支出|3,000.00', '20405|检察|3,000.00', '2040504|案件审判|1,833.30', '2040505|案件执行|1,166.70',
    ]);
  });

  it('reads a lone 合计 row printed under the table on the next page, in 元, into the table', () => {
    const [t05, ...rest] = tablesOf(
      grid(16, '一般公共预算支出功能分类预算表', ['一般公共预算支出功能分类预算表', '单位：元'], '科目编码|科目名称|合计|基本支出', '204|公共安全支出|1,252,300|1,252,300'),
      para(17, '合 计 1,252,300 1,252,300'),
      para(17, '注：本表反映部门预算情况。'),
    );
    expect(rest).toEqual([]);
    expect(t05!.rows.map((r) => `${r.code ?? ''}|${r.name}|${r.values.map((v) => v.yuan).join('/')}`)).toEqual(['204|公共安全支出|1252300.00/1252300.00', '|合计|1252300.00/1252300.00']);
  });

  it('does not read a caption line as a row when its amounts do not fill the value columns', () => {
    const tables = tablesOf(
      grid(16, '一般公共预算支出功能分类预算表', ['一般公共预算支出功能分类预算表', '单位：元'], '科目编码|科目名称|合计|基本支出', '204|公共安全支出|1,252,300|1,252,300'),
      para(17, '合计 1,252,300'),
    );
    expect(tables[0]!.rows.map((r) => r.name)).toEqual(['公共安全支出']);
  });

  it('keeps a short name under an unprinted group as a row of its own where names are printed in two columns', () => {
    const [t02] = tablesOf(
      grid(9, '收入预算总表', ['收入预算总表'], '项目名称{2}|金额', '收入总计{2}|13,649.07', '财政专户管理资金|小计|', '财政专户管理资金|专户管理教育收费|'),
      grid(10, null, [], '|其他|', '其他资金|小计|'),
    );
    expect(t02!.rows.map((r) => r.name)).toEqual(['收入总计', '小计', '专户管理教育收费', '其他', '小计']);
  });
});

describe('the Jiangsu corpus reports with tables over page breaks', () => {
  const corpus = (name: string) => new URL(`../../../../shared/corpus/pdf/${name}`, import.meta.url).pathname;
  const read = async (name: string, year: number) => {
    const { extractFile } = await import('../../../extractors/index.ts');
    return extractTables(await extractFile(corpus(name)), { ...META, year }, codebook).value.tables;
  };

  it('reads rendaban-2017 without untitled blocks, its 收支预算总表 closing on 收入合计 = 支出合计', { timeout: 120_000 }, async () => {
    const tables = await read('jiangsu-rendaban-2017-budget.pdf', 2017);
    expect(tables.filter((t) => t.tableId.startsWith('other.untitled'))).toEqual([]);
    const t01 = tables.find((t) => t.tableId === 'budget.t01_summary')!;
    const total = (side: string, name: string) => t01.rows.find((r) => r.side === side && r.name === name)?.values.find((v) => v.text !== '')?.text;
    expect([total('left', '收入合计'), total('right', '支出合计'), total('right', '一、基本支出')]).toEqual(['13,649.07', '13,649.07', '7,666.68']);
    expect(tables.find((t) => t.tableId === 'other.agency_operating_cost')?.rows[0]?.values[0]?.text).toBe('5,619.31');
  });

  it('reads one 支出预算总表 in procuratorate-2018, its 合计 21,955.35 万元 (not a 三公 figure from a wrapped title)', { timeout: 120_000 }, async () => {
    const t03 = (await read('jiangsu-procuratorate-2018-budget.pdf', 2018)).filter((t) => t.tableId === 'budget.t03_expenditure');
    expect(t03.map((t) => t.rows[0]?.values[0]?.yuan)).toEqual(['219553500.00']);
  });
});
