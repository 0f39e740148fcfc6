/**
 * PDF reports into the document model, with pdfjs-dist (pure JavaScript, no worker in Node).
 *
 * Per page: the text items are placed through the viewport transform (so rotated pages read upright),
 * the ruling lines are read from the operator list, ruled tables are rebuilt (tables.ts), and the
 * remaining text becomes lines, paragraphs and headings (text.ts). Blocks keep their page number.
 * A table continued on the next page stays a separate block (its repeated header kept) with no title:
 * the table transform joins continuations. No OCR: a PDF without a text layer is rejected.
 */
import { createRequire } from 'node:module';
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { dirname, join } from 'node:path';
import { badInput } from '../../core/errors.ts';
import { warning } from '../../core/messages.ts';
import type { Message } from '../../core/messages.ts';
import { assembleDocument, expandGrid } from '../model.ts';
import type { Document, DraftBlock, SourceInfo } from '../model.ts';
import { isCaptionLike, isTableLabel, isUnitLine, titleAmong } from '../numbering.ts';
import { InThreadPort } from './port.ts';
import { readRulings } from './rulings.ts';
import type { Box, Matrix, OpCodes } from './rulings.ts';
import { findTables } from './tables.ts';
import type { PageTable } from './tables.ts';
import { buildLines, flowContext, isPageNumber, joinLines, linesToBlocks, openEnds, placeItem } from './text.ts';
import type { PdfItem, PdfLine } from './text.ts';

const require = createRequire(import.meta.url);
const PDFJS_DIR = dirname(require.resolve('pdfjs-dist/package.json'));

type PdfJs = typeof PdfJsModule;
type PdfJsOptions = Exclude<Parameters<PdfJs['getDocument']>[0], string | URL | ArrayBuffer | ArrayLike<number> | undefined>;
type PdfPage = Awaited<ReturnType<Awaited<ReturnType<PdfJs['getDocument']>['promise']>['getPage']>>;

type PdfWorker = InstanceType<PdfJs['PDFWorker']>;

/** Cache: pdfjs and its in-thread worker, loaded on the first PDF (see loadPdfJs below). */
let pdfjsModule: Promise<{ pdfjs: PdfJs; worker: PdfWorker }> | null = null;

/**
 * pdfjs is loaded once, on first use (most runs never see a PDF), together with its worker module, which
 * in Node runs in this thread. The legacy build's core-js replaces `Array.prototype.push` for the whole
 * process with a polyfill for arrays longer than 2^32 elements (a V8 edge case no code here reaches);
 * the polyfill made pdfjs about 25% slower on the corpus, and every other stage slower too, so the
 * engine's own push is put back once both modules are loaded. The worker side is connected through an
 * InThreadPort (port.ts) rather than pdfjs's fake worker, whose port deep-copies every message; the
 * one PDFWorker serves every document of the thread (a document's `destroy` leaves a given worker alone).
 */
function loadPdfJs(): Promise<{ pdfjs: PdfJs; worker: PdfWorker }> {
  pdfjsModule ??= (async () => {
    const nativePush = Array.prototype.push;
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // A variable specifier: the worker module ships no typings.
    const workerModule = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
    const { WorkerMessageHandler } = (await import(workerModule)) as { WorkerMessageHandler: { initializeFromPort(port: unknown): void } };
    if (Array.prototype.push !== nativePush) Array.prototype.push = nativePush;
    const port = new InThreadPort();
    WorkerMessageHandler.initializeFromPort(port);
    // The typings want a DOM Worker; pdfjs only calls postMessage and add/removeEventListener on it.
    // Errors only, as getDocument's `verbosity: 0` says for the API side: the worker side has its own level.
    const worker = new pdfjs.PDFWorker({ port, verbosity: 0 } as unknown as ConstructorParameters<PdfJs['PDFWorker']>[0]);
    await worker.promise;
    return { pdfjs, worker };
  })();
  return pdfjsModule;
}

/**
 * The `ownerDocument` pdfjs attaches embedded fonts to. Nothing here draws text, but the operator list
 * (read for ruling lines) makes pdfjs prepare glyphs for drawing: with `disableFontFace` it compiles a
 * path for every glyph shown (PartialEvaluator.buildFontPaths: the font renderer parses each glyf/CFF
 * outline) and posts each path to this thread, which was about a sixth of the extraction's CPU time on
 * the corpus. With font faces on, it instead hands each font to its FontLoader once; without the Font
 * Loading API (no `document.fonts`) the loader inserts an @font-face rule into a <style> element of this
 * document and, in Node, does not wait for it to load. This document creates style sheets that keep no
 * rule. Should binding a font fail anyway, pdfjs falls back to glyph paths for that font: slower, same text.
 */
const HEADLESS_DOCUMENT = {
  createElement: () => ({ sheet: { cssRules: [], insertRule: () => 0 }, remove: () => undefined }),
  documentElement: { getElementsByTagName: () => [{ append: () => undefined }] },
};

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
  const { pdfjs, worker } = await loadPdfJs();
  let pdf;
  try {
    pdf = await pdfjs.getDocument({
      worker,
      // pdfjs takes ownership of (and detaches) the buffer it is given: hand it a copy.
      data: new Uint8Array(bytes),
      cMapUrl: join(PDFJS_DIR, 'cmaps') + '/',
      cMapPacked: true,
      standardFontDataUrl: join(PDFJS_DIR, 'standard_fonts') + '/',
      isEvalSupported: false,
      // Font faces on, into a document that keeps none (see HEADLESS_DOCUMENT): with disableFontFace,
      // pdfjs turns every glyph an operator list shows into a path for drawing without @font-face.
      disableFontFace: false,
      ownerDocument: HEADLESS_DOCUMENT as PdfJsOptions['ownerDocument'],
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    if (/password/i.test(reason)) throw badInput('pdf/encrypted', source.path, 'the PDF is password-protected', e);
    throw badInput('pdf/unreadable', source.path, `not a readable PDF: ${reason}`, e);
  }
  const drafts: DraftBlock[] = [];
  const messages: Message[] = [];
  let chars = 0;
  let openEnd = false;
  try {
    for (let p = 1; p <= pdf.numPages; p++) {
      const page = await pdf.getPage(p);
      const content = await readPage(pdfjs, page, p, messages, source.path);
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
      page.cleanup();
    }
  } finally {
    await pdf.destroy();
  }
  if (chars === 0) {
    throw badInput('pdf/no-text-layer', source.path, 'the PDF has no text layer (a scanned document?); OCR is not supported, so nothing can be extracted');
  }
  return assembleDocument(source, drafts, messages);
}

function opCodes(pdfjs: PdfJs): OpCodes {
  return pdfjs.OPS as unknown as OpCodes;
}

async function readPage(pdfjs: PdfJs, page: PdfPage, p: number, messages: Message[], file: string): Promise<PageContent> {
  const viewport = page.getViewport({ scale: 1 });
  const vt = viewport.transform as unknown as Matrix;
  const text = await page.getTextContent();
  const items: PdfItem[] = [];
  let chars = 0;
  for (const raw of text.items) {
    if (!('str' in raw)) continue;
    const item = placeItem(raw.str, raw.transform as number[], raw.width, vt);
    if (!item) continue;
    items.push(item);
    chars += item.text.length;
  }
  if (items.length === 0) return { drafts: [], chars: 0, openStart: false, openEnd: false };
  // Reading the operator list costs more than the text: pages that cannot hold a table skip it.
  const rulings = mayHoldTable(items) ? await pageRulings(pdfjs, page, vt, viewport) : { segments: [], clips: [] };
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

async function pageRulings(
  pdfjs: PdfJs,
  page: PdfPage,
  vt: Matrix,
  viewport: { width: number; height: number },
): Promise<ReturnType<typeof readRulings>> {
  // Annotations (stamps, form fields) are not part of the printed tables: their drawings are left out.
  const ops = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
  return readRulings(ops.fnArray, ops.argsArray, opCodes(pdfjs), vt, {
    x0: 0,
    y0: 0,
    x1: viewport.width,
    y1: viewport.height,
  });
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
