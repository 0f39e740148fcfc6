import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DisclosureError } from '../../core/errors.ts';
import { extractBytes } from '../../extractors/index.ts';
import type { Document, SourceInfo, TableBlock } from '../../extractors/model.ts';
import { extractPdf } from '../../extractors/pdf/index.ts';
import { pdfFromObjects } from '../fixtures/pdf-file.ts';

const corpus = (p: string) => fileURLToPath(new URL(`../../../shared/corpus/${p}`, import.meta.url));

interface GoldenRow {
  code: string | null;
  name: string;
  values: string[];
  side?: 'left' | 'right';
}
interface GoldenTable {
  table_id: string;
  title: string;
  rows: GoldenRow[];
}
const golden = (name: string) => JSON.parse(readFileSync(corpus(`golden/${name}.json`), 'utf8')) as { tables: GoldenTable[] };

const squash = (s: string) => s.replace(/\s+/g, '');
const tables = (d: Document) => d.blocks.filter((b): b is TableBlock => b.type === 'table');

/** The block titled `title` and the untitled blocks that continue it on the following pages. */
function tableWithContinuations(doc: Document, title: string): TableBlock[] {
  const all = tables(doc);
  const i = all.findIndex((t) => t.title === title);
  if (i < 0) return [];
  const out = [all[i]!];
  for (let k = i + 1; k < all.length && all[k]!.title === null; k++) out.push(all[k]!);
  return out;
}

/** Index of the first grid row at or after `from` whose squashed cells contain `seq` consecutively from `col`. */
function findRow(rows: readonly (readonly string[])[], seq: readonly string[], col: number, from: number): number {
  for (let r = from; r < rows.length; r++) {
    const cells = rows[r]!.map(squash);
    if (seq.every((s, k) => cells[col + k] === squash(s))) return r;
  }
  return -1;
}

/** A hand-made PDF: one page whose content stream draws a rectangle and shows no text. */
function pdfWithoutText(): Uint8Array {
  const content = '0 0 1 RG 10 10 80 80 re S';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  return pdfFromObjects(objects);
}

const source = (path: string, bytes: number): SourceInfo => ({ path, sha256: '0'.repeat(64), format: 'pdf', bytes });

describe('PDF reports of the corpus', () => {
  let final2024: Document;
  let budget2023: Document;
  beforeAll(async () => {
    const read = (f: string) => new Uint8Array(readFileSync(corpus(`pdf/${f}`)));
    final2024 = await extractBytes(read('shanghai-putuo-shehuigongzuobu-2024-final.pdf'), 'shanghai-putuo-shehuigongzuobu-2024-final.pdf');
    budget2023 = await extractBytes(read('shanghai-putuo-wanli-street-2023-budget.pdf'), 'shanghai-putuo-wanli-street-2023-budget.pdf');
  });

  it('finds a titled table block for every standard table of the 2024 final, with its unit line as context', () => {
    const titles = tables(final2024).map((t) => t.title);
    for (const t of golden('shanghai-putuo-shehuigongzuobu-2024-final').tables) expect(titles).toContain(t.title);
    const t01 = tables(final2024).find((t) => t.title === '收入支出决算总表')!;
    expect(t01.context).toContain('单位：万元');
    expect(t01.page).toBe(5);
  });

  it('reads the two-sided 基本支出 table of the 2024 final: code, name and amount side by side in printed order', () => {
    const t06 = golden('shanghai-putuo-shehuigongzuobu-2024-final').tables.find((t) => t.table_id === 'final.t06_general_budget_basic_expenditure')!;
    const [block] = tableWithContinuations(final2024, t06.title);
    expect(block).toBeDefined();
    const rows = block!.rows;
    expect(rows[0]!.map(squash)).toEqual(['经济分类科目编码', '科目名称', '决算数', '经济分类科目编码', '科目名称', '决算数']);
    const cursor = { left: 0, right: 0 };
    for (const g of t06.rows) {
      const side = g.side!;
      // 人员经费合计 spans the code and name columns: the expanded grid repeats it.
      const seq = g.code ? [g.code, g.name, ...g.values] : [g.name, g.name, ...g.values];
      const r = findRow(rows, seq, side === 'left' ? 0 : 3, cursor[side]);
      expect(r, `${side} ${g.code ?? ''} ${g.name}`).toBeGreaterThanOrEqual(cursor[side]);
      cursor[side] = r + 1;
    }
    // Both halves share their rows: 301 and 302 open the first data row.
    expect(rows[1]!.map(squash)).toEqual(['301', '工资福利支出', '95.36', '302', '商品和服务支出', '10.23']);
  });

  it('keeps a name wrapped inside a cell as lines joined by a line break', () => {
    const t03 = tables(final2024).find((t) => t.title === '支出决算表')!;
    expect(t03.rows.some((r) => r.includes('机关事业单位基本养老保\n险缴费支出'))).toBe(true);
  });

  it('reads the 2023 budget income table in 元 across its four pages, codes split over 类/款/项 columns', () => {
    const t02 = golden('shanghai-putuo-wanli-street-2023-budget').tables.find((t) => t.table_id === 'budget.t02_income')!;
    const blocks = tableWithContinuations(budget2023, t02.title);
    expect(blocks.map((b) => b.page)).toEqual([11, 12, 13, 14]);
    expect(blocks[0]!.context.some((c) => /单位：元$/.test(c))).toBe(true);
    const rows = blocks.flatMap((b) => b.rows);
    let from = 0;
    for (const g of t02.rows) {
      const code = g.code ?? '';
      // 2010506 is printed as 201 | 05 | 06; a 类 row leaves 款 and 项 blank.
      const parts = code.length === 7 ? [code.slice(0, 3), code.slice(3, 5), code.slice(5)] : code.length === 5 ? [code.slice(0, 3), code.slice(3), ''] : [code, '', ''];
      const seq = g.code ? [...parts, g.name, ...g.values] : [g.name, ...g.values];
      const r = findRow(rows, seq, g.code ? 0 : 3, from);
      expect(r, `${code} ${g.name}`).toBeGreaterThanOrEqual(from);
      from = r + 1;
    }
  });

  it('does not print the overflow of a cell that its clip box hides', () => {
    // The page shows 机关事业单位基本养老保险缴费支 in a one-line cell; the 出 below is clipped away.
    const rows = tableWithContinuations(budget2023, '2023年部门收入预算总表').flatMap((b) => b.rows);
    expect(rows.some((r) => r.includes('机关事业单位基本养老保险缴费支'))).toBe(true);
  });

  it('titles a table without a caption above by its first row when that row spans every column', () => {
    const performance = tables(budget2023).filter((t) => t.page === 31);
    expect(performance).toHaveLength(1);
    expect(performance[0]!.title).toBe('财政项目支出绩效目标填报表');
    expect(performance[0]!.context).toEqual([]);
    expect(performance[0]!.rows[0]!.every((c) => c === '财政项目支出绩效目标填报表')).toBe(true);
  });

  it('gives continued tables no title and keeps numbered headings of the narrative', () => {
    const continued = tables(budget2023).filter((t) => t.page === 12);
    expect(continued).toHaveLength(1);
    expect(continued[0]!.title).toBeNull();
    const headings = final2024.blocks.filter((b) => b.type === 'heading').map((b) => (b.type === 'heading' ? [b.level, b.numbering] : []));
    expect(headings).toContainEqual([1, '第一部分']);
    expect(headings).toContainEqual([2, '一、']);
    expect(final2024.blocks.every((b) => typeof b.page === 'number')).toBe(true);
  });
});

/** One page with a Helvetica text per [x, y, text]; `extra` goes into the page dictionary (e.g. /Rotate 90). */
function pageWithTexts(texts: readonly [number, number, string][], extra = ''): Uint8Array {
  const stream = texts.map(([x, y, t]) => `BT /F1 12 Tf ${x} ${y} Td (${t}) Tj ET`).join('\n');
  return pdfFromObjects([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Count 1 /Kids [4 0 R] >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] ${extra} /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>`,
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ]);
}

describe('PDF page geometry', () => {
  it('leaves out text drawn outside the page box (a generator repeating the previous page above the top edge)', async () => {
    const bytes = pageWithTexts([
      [72, 900, 'Drawn above the page'],
      [72, 700, 'Printed on the page'],
      [700, 400, 'Drawn right of the page'],
    ]);
    const doc = await extractPdf(bytes, source('outside.pdf', bytes.length));
    const text = doc.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
    expect(text).toContain('Printed on the page');
    expect(text).not.toMatch(/Drawn/);
  });

  it('reads the text of a page rotated by /Rotate 90 in its reading order, top line first', async () => {
    // Stored portrait, shown landscape: text running up the stored page reads left to right once turned.
    // Glyph tops point to -x in stored space: the line further left is the upper one once turned.
    const stream = ['BT /F1 12 Tf 0 1 -1 0 250 100 Tm (First line) Tj ET', 'BT /F1 12 Tf 0 1 -1 0 300 100 Tm (Second line) Tj ET'];
    const bytes = pdfFromObjects([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Count 1 /Kids [4 0 R] >>',
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Rotate 90 /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>',
      `<< /Length ${stream.join('\n').length} >>\nstream\n${stream.join('\n')}\nendstream`,
    ]);
    const doc = await extractPdf(bytes, source('rotated.pdf', bytes.length));
    const text = doc.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
    expect(text.indexOf('First line')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('Second line')).toBeGreaterThan(text.indexOf('First line'));
  });
});

describe('PDF input errors', () => {
  it('rejects a PDF without a text layer with pdf/no-text-layer (no OCR)', async () => {
    const bytes = pdfWithoutText();
    const err = await extractPdf(bytes, source('scan.pdf', bytes.length)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DisclosureError);
    expect((err as DisclosureError).code).toBe('pdf/no-text-layer');
    expect((err as DisclosureError).action).toBe('skippable');
    expect((err as DisclosureError).message).toMatch(/^scan\.pdf: .*no text layer/);
  });

  it('rejects a password-protected PDF with pdf/encrypted, naming the file', async () => {
    // The standard security handler with a user password that is not empty: no reader opens it without
    // the password (poppler: "Incorrect password").
    const bytes = pdfFromObjects(
      [
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Count 1 /Kids [3 0 R] >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>',
        `<< /Filter /Standard /V 1 /R 2 /O <${'ab'.repeat(32)}> /U <${'cd'.repeat(32)}> /P -44 >>`,
      ],
      `/Encrypt 4 0 R /ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>] `,
    );
    const err = await extractPdf(bytes, source('locked.pdf', bytes.length)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DisclosureError);
    expect((err as DisclosureError).code).toBe('pdf/encrypted');
    expect((err as DisclosureError).action).toBe('skippable');
    expect((err as DisclosureError).message).toBe('locked.pdf: the PDF is password-protected');
  });

  it('rejects bytes that are not a PDF with pdf/unreadable', async () => {
    const bytes = new TextEncoder().encode('this is not a PDF at all');
    const err = await extractPdf(bytes, source('fake.pdf', bytes.length)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DisclosureError);
    expect((err as DisclosureError).code).toBe('pdf/unreadable');
    expect((err as DisclosureError).file).toBe('fake.pdf');
  });
});
