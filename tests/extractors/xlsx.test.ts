/**
 * The workbook extractor (extractors/xlsx/): one tiny workbook per feature, written with SheetJS in both
 * .xlsx and the legacy .xls (BIFF8), and the district's real templates in ../shared/corpus/xlsx.
 */
import { readFileSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { extractBytes } from '../../extractors/index.ts';
import type { Block, TableBlock } from '../../extractors/model.ts';
import { transformDocument } from '../../pipelines/stages.ts';

const bookTypes = ['xlsx', 'biff8'] as const;

function write(wb: XLSX.WorkBook, bookType: (typeof bookTypes)[number]): Uint8Array {
  return new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType }) as Buffer);
}

/** 封面 (text), a hidden sheet, and a table sheet with a merged header, formats, a formula and hidden parts. */
function sampleBook(): XLSX.WorkBook {
  const cover = XLSX.utils.aoa_to_sheet([['上海市普陀区某局2024年度部门决算'], ['预算主管部门：上海市普陀区某局']]);
  const secret = XLSX.utils.aoa_to_sheet([['内部测算，不公开']]);
  const table = XLSX.utils.aoa_to_sheet([
    ['收入决算表'],
    ['编制部门：上海市普陀区某局', null, null, '单位：万元'],
    ['项目', null, '本年收入合计', '财政拨款收入', '备注'],
    ['科目编码', '科目名称', null, null, '备注'],
    ['201', '一般公共服务支出', 1234.5, 1234.5, '草稿'],
    ['20101', '人大事务', 0.1, 0.1, '草稿'],
    ['合计'],
  ]);
  table['C5']!.z = '#,##0.00_ ';
  table['D5']!.z = '#,##0.00';
  table['C6']!.z = '0.00';
  table['D6'] = { t: 'n', v: 0.1, f: 'C6', z: '0.00' };
  table['C7'] = { t: 'n', v: 1234.6, f: 'SUM(C5:C6)', z: '#,##0.00' };
  table['!merges'] = [
    { s: { r: 0, c: 0 }, e: { r: 0, c: 3 } },
    { s: { r: 2, c: 0 }, e: { r: 2, c: 1 } },
    { s: { r: 2, c: 2 }, e: { r: 3, c: 2 } },
    { s: { r: 2, c: 3 }, e: { r: 3, c: 3 } },
  ];
  table['!cols'] = [{}, {}, {}, {}, { hidden: true }];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, cover, '封面');
  XLSX.utils.book_append_sheet(wb, secret, '测算');
  XLSX.utils.book_append_sheet(wb, table, '收入决算表');
  wb.Workbook = { Sheets: [{ Hidden: 0 }, { Hidden: 1 }, { Hidden: 0 }] };
  return wb;
}

const tablesOf = (blocks: readonly Block[]) => blocks.filter((b): b is TableBlock => b.type === 'table');

describe.each(bookTypes.map((t) => [t]))('a workbook written as %s', (bookType) => {
  const bytes = write(sampleBook(), bookType);

  it('is detected from its bytes and read sheet by sheet, text sheets as lines with their sheet and cell', async () => {
    const doc = await extractBytes(bytes, `book.${bookType === 'biff8' ? 'xls' : 'xlsx'}`);
    expect(doc.source.format).toBe(bookType === 'biff8' ? 'xls' : 'xlsx');
    const cover = doc.blocks.filter((b) => b.sheet === '封面');
    expect(cover.map((b) => [b.type, 'text' in b ? b.text : '', b.page, b.range])).toEqual([
      ['heading', '上海市普陀区某局2024年度部门决算', 1, 'A1'],
      ['paragraph', '预算主管部门：上海市普陀区某局', 1, 'A2'],
    ]);
  });

  it('notes and skips the hidden sheet and the hidden column', async () => {
    const doc = await extractBytes(bytes, 'book');
    expect(doc.blocks.some((b) => b.sheet === '测算')).toBe(false);
    expect(JSON.stringify(doc.blocks)).not.toContain('草稿');
    expect(doc.messages.map((m) => m.rule).sort()).toEqual(['xlsx/hidden-sheet', 'xlsx/hidden-skipped']);
    expect(doc.messages.find((m) => m.rule === 'xlsx/hidden-skipped')?.reason).toContain('columns E');
  });

  it('reads the table with its title and unit caption, merged header cells as spans, printed text beside the value', async () => {
    const doc = await extractBytes(bytes, 'book');
    const [table] = tablesOf(doc.blocks);
    expect(table).toBeDefined();
    expect(table!.title).toBe('收入决算表');
    expect(table!.context).toEqual(['收入决算表', '编制部门：上海市普陀区某局 单位：万元']);
    expect(table!.sheet).toBe('收入决算表');
    expect(table!.page).toBe(3);
    expect(table!.range).toBe('A3:D7');
    expect(table!.rows).toEqual([
      ['项目', '项目', '本年收入合计', '财政拨款收入'],
      ['科目编码', '科目名称', '本年收入合计', '财政拨款收入'],
      ['201', '一般公共服务支出', '1,234.50', '1,234.50'],
      ['20101', '人大事务', '0.10', '0.10'],
      ['合计', '', '1,234.60', ''],
    ]);
    const header = table!.cells.find((c) => c.text === '项目');
    expect(header).toMatchObject({ row: 0, col: 0, colSpan: 2, rowSpan: 1, address: 'A3' });
    expect(table!.cells.find((c) => c.text === '本年收入合计')).toMatchObject({ rowSpan: 2, address: 'C3' });
    expect(table!.cells.find((c) => c.address === 'C5')).toMatchObject({ text: '1,234.50', value: '1234.5' });
    // A formula is read as the result Excel cached (the .xls writer stores values only).
    expect(table!.cells.find((c) => c.address === 'C7')).toMatchObject({ text: '1,234.60', value: '1234.6' });
  });
});

describe('a hidden row', () => {
  it('is noted and skipped, its cells read by no table (xlsx; SheetJS writes no hidden rows into .xls)', async () => {
    const ws = XLSX.utils.aoa_to_sheet([['表一'], ['项目', '金额'], ['甲', 1], ['草稿行', 999], ['乙', 2]]);
    ws['!rows'] = [{}, {}, {}, { hidden: true }];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '表一');
    const doc = await extractBytes(write(wb, 'xlsx'), 'rows.xlsx');
    const [table] = tablesOf(doc.blocks);
    expect(table!.rows).toEqual([['项目', '金额'], ['甲', '1'], ['乙', '2']]);
    expect(table!.cells.find((c) => c.text === '乙')?.address).toBe('A5');
    expect(doc.messages.map((m) => [m.rule, m.reason])).toEqual([['xlsx/hidden-skipped', expect.stringContaining('rows 4')]]);
  });
});

describe('rows of one cell under a table', () => {
  it('keep a lone wrapped name of a two-sided table in the grid, and read a sentence in the first column as a note', async () => {
    const ws = XLSX.utils.aoa_to_sheet([
      ['收入支出决算总表'],
      ['收入', null, '支出', null],
      ['项目', '决算数', '项目', '决算数'],
      ['财政拨款收入', 10, '一般公共服务支出', 10],
      [null, null, '资源勘探工业\n信息等支出', null],
      ['总计', 10, '总计', 10],
      ['说明：本表金额单位为万元，数据来自财务系统。'],
    ]);
    ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 3 } }, { s: { r: 1, c: 0 }, e: { r: 1, c: 1 } }, { s: { r: 1, c: 2 }, e: { r: 1, c: 3 } }];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '总表');
    const doc = await extractBytes(write(wb, 'xlsx'), 'two-sided.xlsx');
    const tables = tablesOf(doc.blocks);
    expect(tables).toHaveLength(1);
    expect(tables[0]!.rows.map((r) => r[2])).toEqual(['支出', '项目', '一般公共服务支出', '资源勘探工业\n信息等支出', '总计']);
    expect(doc.blocks.at(-1)).toMatchObject({ type: 'paragraph', text: '说明：本表金额单位为万元，数据来自财务系统。', range: 'A7' });
  });
});

describe('the district templates and the legacy .xls of ../shared/corpus/xlsx', () => {
  const files = ['shanghai-putuo-2026-budget-template-department.xlsx', 'shanghai-putuo-2026-budget-template-unit.xlsx', 'budget-template-legacy.xls'];

  it.each(files.map((f) => [f]))('%s reads without a warning into its sections and nine tables', async (file) => {
    const path = new URL(`../../../shared/corpus/xlsx/${file}`, import.meta.url).pathname;
    const doc = await extractBytes(new Uint8Array(readFileSync(path)), path);
    expect(doc.messages.filter((m) => m.severity !== 'info')).toEqual([]);
    expect(tablesOf(doc.blocks)).toHaveLength(9);
    expect(doc.blocks[0]).toMatchObject({ type: 'heading', sheet: '封面', text: expect.stringMatching(/^上海市普陀区2026年区级(部门|单位)预算$/) });
    // The 目录 sheet lists sections numbered like headings; they are lines, not an outline.
    const contents = doc.blocks.filter((b) => b.sheet === '目录');
    expect(contents.slice(1).every((b) => b.type === 'paragraph')).toBe(true);
    // The sheets' declared dimensions (A1:I3380) are not what the tables hold.
    for (const t of tablesOf(doc.blocks)) expect(t.rows.length).toBeLessThan(20);
  });

  it.each(files.map((f) => [f]))('%s is reported as a template with its placeholders, and no amount is invented', async (file) => {
    const path = new URL(`../../../shared/corpus/xlsx/${file}`, import.meta.url).pathname;
    const doc = await extractBytes(new Uint8Array(readFileSync(path)), path);
    const { report, findings } = await transformDocument(doc);
    const template = report.messages.filter((m) => m.rule === 'meta/placeholder-template');
    expect(template).toHaveLength(1);
    expect(template[0]!.reason).toMatch(/上海市普陀区XX(局|单位)/);
    expect(report.meta).toMatchObject({ year: 2026, kind: 'budget' });
    const placeholders = findings.filter((f) => f.ruleId === 'completeness/placeholders');
    expect(placeholders.map((f) => f.actual)).toEqual(expect.arrayContaining(['blank', 'XX', 'x,xxx']));
    // Every amount cell of the template is blank: printed as nothing, read as the zero a blank cell means.
    const values = report.tables.flatMap((t) => t.rows.flatMap((r) => r.values));
    expect(values.length).toBeGreaterThan(100);
    expect(values.filter((v) => v.text !== '' || (v.yuan !== null && Number(v.yuan) !== 0) || v.percent !== null)).toEqual([]);
    expect(report.facts).toEqual([]);
  });
});
