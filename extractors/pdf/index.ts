/**
 * PDF reports into the document model, with PDFium (pdfium.ts: WebAssembly, in this thread).
 *
 * Per page: the text items are placed through the viewport transform (so rotated pages read upright),
 * the ruling lines are read from the drawn paths, ruled tables are rebuilt (tables.ts), and the
 * remaining text becomes lines, paragraphs and headings (text.ts). Blocks keep their page number.
 * A table continued on the next page stays a separate block (its repeated header kept) with no title:
 * the table transform joins continuations. No OCR: a PDF without a text layer is rejected.
 */
import { badInput } from '../../core/errors.ts';
import { warning } from '../../core/messages.ts';
import type { Message } from '../../core/messages.ts';
import { assembleDocument, expandGrid } from '../model.ts';
import type { Document, DraftBlock, SourceInfo } from '../model.ts';
import { isCaptionLike, isTableLabel, isUnitLine, titleAmong } from '../numbering.ts';
import { isEngineFailure, PdfOpenError, withPdf } from './pdfium.ts';
import type { PdfPageData } from './pdfium.ts';
import { readRulings, viewportOf } from './rulings.ts';
import type { Box } from './rulings.ts';
import { findTables } from './tables.ts';
import type { PageTable } from './tables.ts';
import { buildLines, flowContext, isPageNumber, joinLines, linesToBlocks, openEnds, placeItem } from './text.ts';
import type { PdfItem, PdfLine } from './text.ts';

/** What one page yields before blocks are numbered. */
interface PageContent {
  readonly drafts: DraftBlock[];
  readonly chars: number;
  /** The page opens with a paragraph continuing the previous page / ends with a paragraph running on. */
  readonly openStart: boolean;
  readonly openEnd: boolean;
}

/** Extracts a PDF report with a text layer. */
export async function extractPdf(bytes: Uint8Array, source: SourceInfo): Promise<Document> {
  const drafts: DraftBlock[] = [];
  const messages: Message[] = [];
  let chars = 0;
  try {
    await withPdf(bytes, (pdf) => {
      let openEnd = false;
      for (let p = 1; p <= pdf.pages; p++) {
        const page = pdf.page(p - 1);
        let content: PageContent;
        try {
          content = readPage(page, p, messages, source.path);
        } finally {
          page.close();
        }
        const last = drafts[drafts.length - 1];
        const first = content.drafts[0];
        if (openEnd && content.openStart && last?.type === 'paragraph' && first?.type === 'paragraph') {
          // A paragraph broken by the page break is one paragraph, kept on the page where it starts.
          drafts[drafts.length - 1] = { ...last, text: joinLines(last.text, first.text) };
          drafts.push(...content.drafts.slice(1));
        } else {
          drafts.push(...content.drafts);
        }
        openEnd = content.openEnd || (content.drafts.length === 0 && openEnd);
        chars += content.chars;
      }
    });
  } catch (e) {
    if (e instanceof PdfOpenError) {
      throw badInput(e.reason === 'password' ? 'pdf/encrypted' : 'pdf/unreadable', source.path, e.reason === 'password' ? e.message : `not a readable PDF: ${e.message}`, e);
    }
    if (isEngineFailure(e)) throw badInput('pdf/unreadable', source.path, `PDFium failed while reading it (${e.message})`, e);
    throw e;
  }
  if (chars === 0) {
    throw badInput('pdf/no-text-layer', source.path, 'the PDF has no text layer (a scanned document?); OCR is not supported, so nothing can be extracted');
  }
  return assembleDocument(source, drafts, messages);
}

function readPage(page: PdfPageData, p: number, messages: Message[], file: string): PageContent {
  const viewport = viewportOf(page.view, page.rotate);
  const vt = viewport.transform;
  const items: PdfItem[] = [];
  let chars = 0;
  for (const run of page.runs) {
    const item = placeItem(run.text, run.transform, run.width, vt);
    if (!item || !onPage(item, viewport)) continue;
    items.push(item);
    chars += item.text.length;
  }
  if (items.length === 0) return { drafts: [], chars: 0, openStart: false, openEnd: false };
  // Reading the paths costs more than the text: pages that cannot hold a table skip it.
  const rulings = mayHoldTable(items) ? readRulings(page.shapes(), vt, { x0: 0, y0: 0, x1: viewport.width, y1: viewport.height }) : { segments: [], clips: [] };
  const tables = findTables(rulings.segments, dropClipped(items, rulings.clips));
  const used = new Set<number>();
  for (const t of tables) for (const i of t.items) used.add(i);
  const lines = buildLines(items.filter((_, i) => !used.has(i))).filter((l) => !isPageNumber(l, viewport.height));
  const flow = flowContext(lines);
  const drafts = interleave(lines, tables, flow, p, messages, file);
  const open = openEnds(lines, flow);
  // Only flowing text at the very start or end of the page can continue across the break.
  const firstTableTop = Math.min(...tables.map((t) => t.box.y0));
  const lastTableBottom = Math.max(...tables.map((t) => t.box.y1));
  return {
    drafts,
    chars,
    openStart: open.start && (lines[0]?.top ?? Infinity) < firstTableTop,
    openEnd: open.end && (lines[lines.length - 1]?.top ?? -Infinity) > lastTableBottom,
  };
}

/**
 * Text whose middle lies outside the page is not printed: a generator may lay a long text over two pages
 * and draw all of it on each, the page box cutting off what belongs to the other.
 */
function onPage(item: PdfItem, page: { width: number; height: number }): boolean {
  const x = (item.x0 + item.x1) / 2;
  const y = (item.top + item.bottom) / 2;
  return x >= 0 && x <= page.width && y >= 0 && y <= page.height;
}

/**
 * A page can hold a table only if at least two of its lines have runs of text separated by a gap wider
 * than two characters (cells side by side). Body text, headings and centred titles never do.
 */
export function mayHoldTable(items: readonly PdfItem[]): boolean {
  const sorted = items.filter((i) => i.upright).sort((a, b) => a.top - b.top || a.x0 - b.x0);
  let gapped = 0;
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    const sameLine = Math.abs(a.bottom - b.bottom) < Math.min(a.size, b.size) * 0.5;
    if (sameLine && b.x0 - a.x1 > Math.max(a.size, b.size) * 2 && ++gapped >= 2) return true;
  }
  // Rotated text (vertical headers) is only found in tables.
  return gapped >= 2 || items.some((i) => !i.upright);
}

/**
 * Items hidden by a cell's clip box: generators that clip each cell to its box (Shanghai's 2023 budget
 * tables) leave the overflow of a wrapped name in the text layer, e.g. the 出 of 缴费支出 under a
 * one-line cell, although the page shows 缴费支. An item mostly inside a clip box whose baseline falls
 * below it is not printed; it is blanked (kept in place so that item indices stay valid).
 */
function dropClipped(items: readonly PdfItem[], clips: readonly Box[]): PdfItem[] {
  if (clips.length === 0) return [...items];
  return items.map((item) => {
    const height = item.bottom - item.top;
    const baseline = item.bottom - height * 0.15;
    const cx = (item.x0 + item.x1) / 2;
    const hidden = clips.some((c) => {
      if (cx < c.x0 || cx > c.x1) return false;
      const overlap = Math.min(item.bottom, c.y1) - Math.max(item.top, c.y0);
      return overlap >= height * 0.5 && baseline > c.y1 + 0.5;
    });
    return hidden ? { ...item, text: '' } : item;
  });
}

/** Puts flowing text and tables in reading order (top to bottom) and gives each table its captions. */
function interleave(
  lines: readonly PdfLine[],
  tables: readonly PageTable[],
  flow: ReturnType<typeof flowContext>,
  page: number,
  messages: Message[],
  file: string,
): DraftBlock[] {
  const drafts: DraftBlock[] = [];
  let li = 0;
  for (const table of tables) {
    const before: PdfLine[] = [];
    while (li < lines.length && (lines[li]!.top + lines[li]!.bottom) / 2 < table.box.y0) before.push(lines[li++]!);
    // Text beside a table (within its vertical extent, outside its box) is read after the table.
    drafts.push(...linesToBlocks(before, flow, page));
    const captions = captionsBefore(before);
    const context = captions.map((l) => l.text);
    const { grid, rows, overlaps } = expandGrid(table.cells);
    if (overlaps > 0) {
      messages.push(
        warning('extract', 'pdf/overlapping-cells', `${overlaps} grid positions are covered by more than one cell; cell merging may be incorrect`, {
          file,
          page,
        }),
      );
    }
    const title = titleOf(captions) ?? titleRow(table, grid[0]?.length ?? 0);
    drafts.push({ type: 'table', title, context, cells: table.cells, grid, rows, page });
  }
  drafts.push(...linesToBlocks(lines.slice(li), flow, page));
  return drafts;
}

/**
 * A title printed inside the table, as a first row spanning every column (财政项目支出绩效目标填报表 in
 * Shanghai's performance tables); the row stays in the grid.
 */
function titleRow(table: PageTable, columns: number): string | null {
  const first = table.cells[0];
  if (!first || first.row !== 0 || first.col !== 0 || first.colSpan !== columns || columns < 2) return null;
  const text = first.text.replace(/\s+/g, '');
  return text.length <= 40 && /表([（(][^）)]*[）)])?$/.test(text) ? text : null;
}

/** Caption-like lines printed just above a table on its page (title, 单位：万元, 编制单位…), in order. */
function captionsBefore(lines: readonly PdfLine[]): PdfLine[] {
  const found: PdfLine[] = [];
  for (let i = lines.length - 1; i >= 0 && found.length < 4; i--) {
    if (!isCaptionLike(lines[i]!.text)) break;
    found.unshift(lines[i]!);
  }
  return found;
}

/** Lines naming the publisher or the unit of a table rather than the table: 编制单位：…, 部门：…, 单位：万元. */
function isPublisherOrUnitLine(text: string): boolean {
  return isUnitLine(text) || /^(编制|填报)?(单位|部门)(名称)?\s*[：:]/.test(text);
}

/**
 * The title among the captions. Nearest first: a line ending in 表 (收入支出决算总表; a part title such
 * as 某部门2024年度部门决算表 may sit above it), else the line printed largest (Jiangsu prints the title
 * larger above a wrapped 部门：… line), else the caption rule every reader shares (numbering.ts titleAmong).
 */
function titleOf(context: readonly PdfLine[]): string | null {
  const candidates = [...context].reverse().filter((l) => !isPublisherOrUnitLine(l.text) && !isTableLabel(l.text));
  const named = candidates.find((l) => /表([（(][^）)]*[）)])?$/.test(l.text));
  if (named) return named.text;
  const largest = [...candidates].sort((a, b) => b.size - a.size)[0];
  if (largest && context.every((l) => l === largest || l.size < largest.size - 0.5)) return largest.text;
  return titleAmong(candidates.map((l) => l.text).reverse());
}
