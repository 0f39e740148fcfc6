import { describe, expect, it } from 'vitest';
import { gridMessages, readDocxTables, rowHints } from '../../extractors/docx/grid.ts';
import { extractBytes } from '../../extractors/index.ts';
import type { Document, TableBlock } from '../../extractors/model.ts';
import { chineseCounting, formatNumber } from '../../extractors/docx/numbering.ts';
import { removeRowBookmarks } from '../../extractors/docx/repair.ts';
import { autoNumberedDocx, docxWithTable, footnoteDocx, gridBeforeDocx, legacyMergeDocx, rowBookmarkDocx } from '../fixtures/extract/build.ts';

const tables = (d: Document) => d.blocks.filter((b): b is TableBlock => b.type === 'table');
const rules = (d: Document) => d.messages.map((m) => m.rule);

describe('DOCX tables', () => {
  it('expands a vertical merge (vMerge): the merged cell covers both rows', async () => {
    const doc = await extractBytes(await docxWithTable([[{ text: '合计', rowSpan: 2 }, '1'], ['2'], ['小计', '3']], 2), 'vmerge.docx');
    const [t] = tables(doc);
    expect(t!.rows).toEqual([['合计', '1'], ['合计', '2'], ['小计', '3']]);
    expect(t!.cells[0]).toMatchObject({ row: 0, col: 0, rowSpan: 2, colSpan: 1, text: '合计' });
    expect(t!.grid[1]![0]).toBe(0);
    expect(rules(doc).filter((r) => r.startsWith('docx/ragged') || r.startsWith('table/'))).toEqual([]);
  });

  it('expands a horizontal span (gridSpan): 科目编码 covers the 类/款/项 columns', async () => {
    const doc = await extractBytes(
      await docxWithTable([[{ text: '科目编码', columnSpan: 3 }, '金额'], ['208', '05', '05', '13.17']], 4),
      'gridspan.docx',
    );
    const [t] = tables(doc);
    expect(t!.rows).toEqual([['科目编码', '科目编码', '科目编码', '金额'], ['208', '05', '05', '13.17']]);
    expect(t!.cells[0]).toMatchObject({ colSpan: 3, rowSpan: 1 });
  });

  it('attaches the caption paragraphs before a table as its title and context, and keeps them as paragraphs', async () => {
    const doc = await extractBytes(await docxWithTable([['a', 'b']], 2), 'caption.docx');
    const [t] = tables(doc);
    expect(t).toMatchObject({ title: '收入支出决算总表', context: ['收入支出决算总表', '单位：万元'] });
    expect(doc.blocks.slice(0, 3).map((b) => b.type)).toEqual(['heading', 'paragraph', 'paragraph']);
  });

  it('places the cells of a row that starts late (w:gridBefore) after the skipped column, and warns naming the table', async () => {
    const doc = await extractBytes(gridBeforeDocx(), 'gridbefore.docx');
    const [t] = tables(doc);
    // mammoth drops the gridBefore; the grid from word/document.xml puts the values back under their headings.
    expect(t!.rows).toEqual([['项目', '预算数', '决算数'], ['', '1.00', '0.80']]);
    expect(t!.grid[1]![0]).toBe(-1);
    const ragged = doc.messages.find((m) => m.rule === 'docx/ragged-grid');
    expect(ragged).toMatchObject({ severity: 'warning', stage: 'extract', location: { file: 'gridbefore.docx', block: t!.index } });
    expect(ragged!.reason).toContain('table 1 (“项目”)');
    expect(ragged!.reason).toContain('row(s) 2 skip grid columns');
    expect(ragged!.reason).toContain('placed after the skipped columns');
    // The empty position is explained by the grid, so the table is not reported as ragged.
    expect(rules(doc)).not.toContain('table/ragged-rows');
  });

  it('restores a legacy hMerge as one cell spanning its columns, and warns about text in merged-away cells', async () => {
    const doc = await extractBytes(legacyMergeDocx(), 'merge.docx');
    const [t] = tables(doc);
    expect(t!.rows).toEqual([['合计', '合计'], ['货物', '0'], ['货物', '1']]);
    expect(t!.cells[0]).toMatchObject({ text: '合计', colSpan: 2 });
    expect(JSON.stringify(t!.rows)).not.toContain('遗留文字');
    expect(rules(doc)).toEqual(expect.arrayContaining(['docx/hmerge', 'docx/merged-text-dropped']));
    expect(doc.messages.find((m) => m.rule === 'docx/hmerge')!.reason).toContain('the merge was restored');
    expect(doc.messages.find((m) => m.rule === 'docx/merged-text-dropped')!.reason).toContain('table 1 (“合计”)');
  });

  it('keeps the cell merging of a table whose row holds a bookmark, which mammoth would turn off', async () => {
    const doc = await extractBytes(rowBookmarkDocx(), 'bookmark.docx');
    expect(tables(doc)[0]!.rows).toEqual([['合计', '1'], ['合计', '2']]);
    expect(rules(doc)).toEqual(['docx/row-bookmarks-removed']);
  });

  it('removes only bookmarks that sit between cells or rows, never those inside a cell', () => {
    const inCell = '<w:tc><w:p><w:bookmarkStart w:id="1" w:name="a"/><w:r><w:t>x</w:t></w:r><w:bookmarkEnd w:id="1"/></w:p></w:tc>';
    const xml = `<w:body><w:bookmarkStart w:id="0" w:name="top"/><w:tbl><w:bookmarkStart w:id="2" w:name="b"/><w:tr>${inCell}<w:bookmarkEnd w:id="2"/></w:tr></w:tbl></w:body>`;
    expect(removeRowBookmarks(xml)).toEqual({
      xml: `<w:body><w:bookmarkStart w:id="0" w:name="top"/><w:tbl><w:tr>${inCell}</w:tr></w:tbl></w:body>`,
      removed: 2,
    });
  });

  it('gives no grid warning for a regular table', async () => {
    const doc = await extractBytes(await docxWithTable([['项目', '金额'], ['合计', '1']], 2), 'plain.docx');
    expect(rules(doc).filter((r) => r.startsWith('docx/ragged') || r === 'docx/hmerge')).toEqual([]);
  });
});

describe('DOCX notes', () => {
  it('keeps footnotes as paragraphs at the end, without mammoth\'s "↑" back links', async () => {
    const doc = await extractBytes(await footnoteDocx(), 'notes.docx');
    const texts = doc.blocks.flatMap((b) => (b.type === 'paragraph' ? [b.text] : []));
    expect(texts).toEqual(['本年收入合计219.59万元。[1]', '数据来源：2021年度部门决算报表。']);
  });
});

describe('DOCX automatic numbering', () => {
  it('writes Word list numbering into the text, so numbered headings keep 第一部分 / 一、 / （一） as printed', async () => {
    const doc = await extractBytes(autoNumberedDocx(), 'numbered.docx');
    const outline = doc.blocks.map((b) => (b.type === 'heading' ? `H${b.level} ${b.numbering} ${b.text}` : b.type === 'paragraph' ? `P ${b.text}` : b.type));
    expect(outline).toEqual([
      'H1 第一部分 第一部分 单位概况',
      'H2 一、 一、职能简介',
      'P 负责全市城市管理工作。',
      'H2 二、 二、机构设置',
      'H3 （一） （一）内设机构',
      // A higher level restarts the levels below it.
      'H1 第二部分 第二部分 决算情况说明',
      'H2 一、 一、收入支出决算总体情况说明',
      'P 1. 基本支出：182.42万元。',
      'P 2. 项目支出：37.17万元。',
      'P 名词解释',
      // A second list instance with a start override starts again at 1.
      'P 1. 财政拨款收入：指单位从同级财政部门取得的财政预算资金。',
    ]);
    expect(doc.messages).toContainEqual(expect.objectContaining({ rule: 'docx/numbering-inlined', severity: 'info' }));
  });

  it('formats counters as Word does: Chinese counting, circled and full-width digits, letters, roman', () => {
    expect([1, 9, 10, 11, 20, 21, 100, 105, 110].map(chineseCounting)).toEqual(['一', '九', '十', '十一', '二十', '二十一', '一百', '一百零五', '一百一十']);
    expect(formatNumber(3, 'decimalEnclosedCircle')).toBe('③');
    expect(formatNumber(12, 'decimalFullWidth')).toBe('１２');
    expect(formatNumber(2, 'ideographTraditional')).toBe('乙');
    expect(formatNumber(28, 'upperLetter')).toBe('BB');
    expect(formatNumber(14, 'lowerRoman')).toBe('xiv');
  });
});

describe('the w:tblGrid check', () => {
  const grid = '<w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>';
  const cell = (t: string, props = '') => `<w:tc><w:tcPr>${props}</w:tcPr><w:p><w:r><w:t>${t}</w:t></w:r></w:p></w:tc>`;
  const check = (xml: string, placed: [number, { block: number; hinted: boolean }][]) => gridMessages(readDocxTables(xml), 'f.docx', new Map(placed));

  it('reports rows that cover fewer grid columns than the table has (gridAfter missing)', () => {
    const xml = `<w:tbl>${grid}<w:tr>${cell('a')}${cell('b')}${cell('c')}</w:tr><w:tr>${cell('d')}${cell('e')}</w:tr></w:tbl>`;
    const messages = check(xml, [[0, { block: 4, hinted: true }]]);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ rule: 'docx/ragged-grid', location: { file: 'f.docx', block: 4 } });
    expect(messages[0]!.reason).toContain("row(s) 2 do not cover the table's 3 grid columns");
  });

  it('counts gridSpan and gridAfter into a row width and numbers top-level tables, not nested ones', () => {
    const nested = `<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr>${cell('x')}${cell('y')}</w:tr></w:tbl>`;
    const row = `<w:tr><w:trPr><w:gridAfter w:val="1"/></w:trPr>${cell('a', '<w:gridSpan w:val="2"/>')}</w:tr>`;
    const xml = `<w:tbl>${grid}<w:tr><w:tc>${nested}</w:tc>${cell('b', '<w:gridSpan w:val="2"/>')}</w:tr></w:tbl><w:tbl>${grid}${row}</w:tbl>`;
    const tablesRead = readDocxTables(xml);
    expect(tablesRead.map((t) => [t.ordinal, t.gridCols, t.rows.length])).toEqual([[1, 3, 1], [2, 3, 1]]);
    // Only the gridAfter of table 2 is reported: its width (2 + 1) matches the grid; unpaired, it promises nothing.
    expect(check(xml, []).map((m) => m.reason)).toEqual([expect.stringMatching(/^table 2 \(“a”\): row\(s\) 1 skip grid columns .* shifted left/)]);
  });

  it('gives one row hint per kept row: deleted rows left out, vMerge continuations not counted, hMerge runs folded', () => {
    const xml =
      `<w:tbl>${grid}` +
      `<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>${cell('a', '<w:hMerge w:val="restart"/>')}${cell('', '<w:hMerge/>')}</w:tr>` +
      `<w:tr><w:trPr><w:del w:id="1"/></w:trPr>${cell('gone')}${cell('gone')}${cell('gone')}</w:tr>` +
      `<w:tr>${cell('b')}${cell('', '<w:vMerge/>')}${cell('c')}</w:tr></w:tbl>`;
    expect(rowHints(readDocxTables(xml)[0]!)).toEqual([
      { before: 1, after: 0, absorb: [1, -1] },
      { before: 0, after: 0, absorb: [0, 0] },
    ]);
  });
});
