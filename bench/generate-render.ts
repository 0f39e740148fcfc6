/**
 * Renders a synthetic report as an HTML page (like a government site's article page) or as a DOCX
 * (through the `docx` dev package, with real gridSpan/vMerge merges like Word's).
 */
import {
  AlignmentType, Document as DocxDocument, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow,
  TextRun, WidthType,
} from 'docx';
import type { SynthCell, SynthReport, SynthTable } from './generate-model.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function htmlCell(c: SynthCell): string {
  const span = `${c.colSpan && c.colSpan > 1 ? ` colspan="${c.colSpan}"` : ''}${c.rowSpan && c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : ''}`;
  return `<td${span}>${esc(c.text)}</td>`;
}

function htmlTable(t: SynthTable): string {
  const head = t.header.map((r) => `<tr>${r.map(htmlCell).join('')}</tr>`);
  const body = t.body.map((r) => `<tr>${r.map((x) => `<td>${esc(x)}</td>`).join('')}</tr>`);
  const note = t.emptyNote ? `\n<p>${esc(t.emptyNote)}</p>` : '';
  return `<p style="text-align:center"><b>${esc(t.title)}</b></p>\n<p>${esc(t.unitCaption)}</p>\n<table border="1" cellspacing="0">\n${[...head, ...body].join('\n')}\n</table>${note}`;
}

/** An HTML page with the report inline in a content div, among a little site navigation. */
export function renderHtml(r: SynthReport): string {
  const parts: string[] = [];
  for (const s of r.sections) {
    parts.push(`<h${s.level}>${esc(s.heading)}</h${s.level}>`);
    for (const p of s.paragraphs) parts.push(`<p>${esc(p)}</p>`);
  }
  parts.push(...r.tables.map(htmlTable));
  return [
    '<!DOCTYPE html>',
    `<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(r.title)}</title></head><body>`,
    '<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 财政预决算</div>',
    '<div class="article">',
    `<h1>${esc(r.title)}</h1>`,
    ...parts,
    '</div>',
    '<div class="footer">主办单位：青原市人民政府办公室</div>',
    '</body></html>',
    '',
  ].join('\n');
}

const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3, 4: HeadingLevel.HEADING_4 } as const;

function docxCell(text: string, colSpan?: number, rowSpan?: number): TableCell {
  return new TableCell({
    children: [new Paragraph({ children: [new TextRun(text)] })],
    ...(colSpan && colSpan > 1 ? { columnSpan: colSpan } : {}),
    ...(rowSpan && rowSpan > 1 ? { rowSpan } : {}),
  });
}

function docxTable(t: SynthTable): Table {
  const rows = [
    ...t.header.map((r) => new TableRow({ children: r.map((c) => docxCell(c.text, c.colSpan, c.rowSpan)) })),
    ...t.body.map((r) => new TableRow({ children: r.map((x) => docxCell(x)) })),
  ];
  return new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } });
}

/** A DOCX with heading styles for the numbered sections and the tables after their title and unit line. */
export async function renderDocx(r: SynthReport): Promise<Uint8Array> {
  const children: (Paragraph | Table)[] = [new Paragraph({ text: r.title, heading: HEADINGS[1], alignment: AlignmentType.CENTER })];
  for (const s of r.sections) {
    children.push(new Paragraph({ text: s.heading, heading: HEADINGS[s.level] }));
    for (const p of s.paragraphs) children.push(new Paragraph({ children: [new TextRun(p)] }));
  }
  for (const t of r.tables) {
    children.push(new Paragraph({ children: [new TextRun({ text: t.title, bold: true })], alignment: AlignmentType.CENTER }));
    children.push(new Paragraph({ children: [new TextRun(t.unitCaption)] }));
    children.push(docxTable(t));
    if (t.emptyNote) children.push(new Paragraph({ children: [new TextRun(t.emptyNote)] }));
  }
  const doc = new DocxDocument({ creator: 'disclosure-etl sample generator', title: r.title, sections: [{ children }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}
