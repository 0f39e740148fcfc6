import { describe, expect, it } from 'vitest';
import { checkDocxGrids } from '../extractors/docx-grid.ts';
import { extractBytes } from '../extractors/index.ts';
import type { Document, TableBlock } from '../extractors/model.ts';
import { docxWithTable, gridBeforeDocx, legacyMergeDocx } from './fixtures/extract/build.ts';

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

  it('warns, naming the table, when a row starts late (w:gridBefore), which mammoth would silently shift', async () => {
    const doc = await extractBytes(gridBeforeDocx(), 'gridbefore.docx');
    const [t] = tables(doc);
    // mammoth drops the gridBefore: the values sit one column left of their headings…
    expect(t!.rows[1]).toEqual(['1.00', '0.80', '']);
    // …and the warning says so, naming the table and the row.
    const ragged = doc.messages.find((m) => m.rule === 'docx/ragged-grid');
    expect(ragged).toMatchObject({ severity: 'warning', stage: 'extract', location: { file: 'gridbefore.docx', block: t!.index } });
    expect(ragged!.reason).toContain('table 1 (“项目”)');
    expect(ragged!.reason).toContain('row(s) 2');
    expect(rules(doc)).toContain('table/ragged-rows');
  });

  it('warns about legacy hMerge and about text in merged-away cells that mammoth drops', async () => {
    const doc = await extractBytes(legacyMergeDocx(), 'merge.docx');
    expect(JSON.stringify(tables(doc)[0]!.rows)).not.toContain('遗留文字');
    expect(rules(doc)).toEqual(expect.arrayContaining(['docx/hmerge', 'docx/merged-text-dropped']));
    expect(doc.messages.find((m) => m.rule === 'docx/merged-text-dropped')!.reason).toContain('table 1 (“合计”)');
  });

  it('gives no grid warning for a regular table', async () => {
    const doc = await extractBytes(await docxWithTable([['项目', '金额'], ['合计', '1']], 2), 'plain.docx');
    expect(rules(doc).filter((r) => r.startsWith('docx/ragged') || r === 'docx/hmerge')).toEqual([]);
  });
});

describe('the w:tblGrid check', () => {
  const grid = '<w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>';
  const cell = (t: string, props = '') => `<w:tc><w:tcPr>${props}</w:tcPr><w:p><w:r><w:t>${t}</w:t></w:r></w:p></w:tc>`;

  it('reports rows that cover fewer grid columns than the table has (gridAfter missing)', () => {
    const xml = `<w:tbl>${grid}<w:tr>${cell('a')}${cell('b')}${cell('c')}</w:tr><w:tr>${cell('d')}${cell('e')}</w:tr></w:tbl>`;
    const messages = checkDocxGrids(xml, 'f.docx', [4]);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ rule: 'docx/ragged-grid', location: { file: 'f.docx', block: 4 } });
    expect(messages[0]!.reason).toContain('row(s) 2 do not cover the table\'s 3 grid columns');
  });

  it('counts gridSpan and gridAfter into a row width and numbers top-level tables, not nested ones', () => {
    const nested = `<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr>${cell('x')}</w:tr></w:tbl>`;
    const row = `<w:tr><w:trPr><w:gridAfter w:val="1"/></w:trPr>${cell('a', '<w:gridSpan w:val="2"/>')}</w:tr>`;
    const xml = `<w:tbl>${grid}<w:tr><w:tc>${nested}</w:tc>${cell('b', '<w:gridSpan w:val="2"/>')}</w:tr></w:tbl><w:tbl>${grid}${row}</w:tbl>`;
    const messages = checkDocxGrids(xml, 'f.docx', [0, 1]);
    // Only the gridAfter of table 2 is reported: its width (2 + 1) matches the grid.
    expect(messages.map((m) => m.reason)).toEqual([expect.stringMatching(/^table 2 \(“a”\): row\(s\) 1 skip grid columns/)]);
  });
});
