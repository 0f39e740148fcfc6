import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractFile } from '../extractors/index.ts';
import type { Document } from '../extractors/model.ts';
import { loadShippedCodebook } from '../loaders/codebook-files.ts';
import type { NormalisedReport } from '../transforms/model.ts';
import { normalise } from '../transforms/normalise.ts';

/** The seed report's DOCX, and the same DOCX printed to PDF by LibreOffice (tests/fixtures/pdf/build-seed-pdf.sh). */
const DOCX = fileURLToPath(new URL('../../shared/seeds/panzhihua-szcg-2021-final.docx', import.meta.url));
const PDF = fileURLToPath(new URL('./fixtures/pdf/panzhihua-szcg-2021-final.pdf', import.meta.url));

/** Whitespace is layout (line breaks, justification, the space pdfjs reads between 2021 and 年), not content. */
const norm = (s: string) => s.replace(/\s+/g, '');

/** Headings by their text and printed numbering (levels: see the test below). */
const headings = (d: Document) => d.blocks.flatMap((b) => (b.type === 'heading' ? [{ numbering: b.numbering, text: norm(b.text) }] : []));
const paragraphs = (d: Document) => d.blocks.flatMap((b) => (b.type === 'paragraph' ? [norm(b.text)] : []));
const facts = (r: NormalisedReport) => r.facts.map((f) => ({ metric: f.metric, code: f.code, name: f.name, value: f.value, unit: f.unit, yuan: f.yuan }));

describe('the seed report delivered as PDF and as DOCX', { timeout: 60_000 }, () => {
  const codebook = loadShippedCodebook();
  let pdf: Document;
  let docx: Document;
  let pdfReport: NormalisedReport;
  let docxReport: NormalisedReport;
  beforeAll(async () => {
    [pdf, docx] = await Promise.all([extractFile(PDF), extractFile(DOCX)]);
    pdfReport = normalise(pdf, { codebook }).value;
    docxReport = normalise(docx, { codebook }).value;
  });

  it('reads the PDF as a PDF with a text layer', () => {
    expect(pdf.source.format).toBe('pdf');
    expect(docx.source.format).toBe('docx');
  });

  it('gives the same headings, with their printed numbering, in the same order', () => {
    // Levels may differ: the DOCX's heading styles put the seed's 1、 sections at level 2, where the PDF,
    // which has no styles, can only go by the numbering.
    expect(headings(pdf)).toEqual(headings(docx));
  });

  it('gives the same paragraph texts, including those broken over lines and pages', () => {
    expect(paragraphs(pdf)).toEqual(paragraphs(docx));
  });

  it('gives the same narrative facts, with their codes and amounts', () => {
    expect(facts(pdfReport).length).toBeGreaterThan(50);
    expect(facts(pdfReport)).toEqual(facts(docxReport));
  });

  it('gives the same performance projects with their budgets and executed amounts', () => {
    const money = (r: NormalisedReport) => r.projects.map((p) => [p.name, p.budgetYuan, p.executedYuan, p.moneyUnit]);
    expect(money(pdfReport)).toEqual([
      ['市12345市民热线服务采购项目', '200000.00', '200000.00', '万元'],
      ['城管通运行及数据链路租赁项目', '171700.00', '171700.00', '万元'],
    ]);
    expect(money(pdfReport)).toEqual(money(docxReport));
  });

  // Known gaps: each 绩效目标自评表 runs over three or four PDF pages; the PDF extractor keeps every page's
  // part as its own table block (untitled after the first) and the performance reader takes the first
  // block only, so the indicators are lost and the later parts become other.untitled tables.
  it.todo('gives the same performance indicators when a self-evaluation table is continued over pages');
  it.todo('gives no line items where the DOCX gives none (the continued parts of the performance tables become other.untitled tables)');
});
