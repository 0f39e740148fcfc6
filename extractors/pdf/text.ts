/**
 * PDF text layout: positioned text items → lines → paragraphs and headings in reading order. Pure
 * functions on items already placed in viewport space (points, origin top-left, y growing downwards),
 * so that rotated pages read like upright ones.
 */
import type { Matrix } from './rulings.ts';
import { multiply } from './rulings.ts';
import { isNumberedHeading, parseNumbering } from '../numbering.ts';
import type { DraftBlock } from '../model.ts';

/** One run of text (runs.ts), placed on the page. */
export interface PdfItem {
  readonly text: string;
  readonly x0: number;
  readonly x1: number;
  /** Top and bottom of the glyph box; `bottom` is near the baseline. */
  readonly top: number;
  readonly bottom: number;
  /** Font size in points (the text matrix's vertical scale). */
  readonly size: number;
  /** False for rotated or vertical text. */
  readonly upright: boolean;
}

/** A line of text: items sharing a baseline, left to right (their text joined, the box around them). */
export type PdfLine = Omit<PdfItem, 'upright'>;

/** Share of the font size above the baseline that the glyph box covers (CJK fonts: about 0.88). */
const ASCENT = 0.85;
const DESCENT = 0.15;

/**
 * Places a run of text (`transform` in PDF user space, `width` along the text direction) on the page
 * through the viewport transform. Returns null for whitespace-only runs: some generators draw the gaps
 * between table cells as " " runs with meaningless widths.
 */
export function placeItem(text: string, transform: readonly number[], width: number, viewport: Matrix): PdfItem | null {
  if (text.trim() === '') return null;
  const m = multiply(transform as unknown as Matrix, viewport);
  const along = Math.hypot(m[0], m[1]) || 1;
  const size = Math.hypot(m[2], m[3]);
  const ux = m[0] / along;
  const uy = m[1] / along;
  // "Up" is the text matrix's second column; for upright text it points to -y in viewport space.
  const vx = m[2] / (size || 1);
  const vy = m[3] / (size || 1);
  const ox = m[4];
  const oy = m[5];
  const corners: [number, number][] = [
    [ox - vx * size * DESCENT, oy - vy * size * DESCENT],
    [ox + ux * width - vx * size * DESCENT, oy + uy * width - vy * size * DESCENT],
    [ox + vx * size * ASCENT, oy + vy * size * ASCENT],
    [ox + ux * width + vx * size * ASCENT, oy + uy * width + vy * size * ASCENT],
  ];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return {
    // Justified CJK text comes with spaces between characters (行 政 事 业 单 位): they are not word breaks.
    text: text.replace(/\s+/g, ' ').trim().replace(CJK_SPACE, ''),
    x0: Math.min(...xs),
    x1: Math.max(...xs),
    top: Math.min(...ys),
    bottom: Math.max(...ys),
    size,
    upright: ux > 0.99 && Math.abs(uy) < 0.05,
  };
}

/** True when two items sit on one line: their vertical extents overlap by more than half the smaller one. */
function sameLine(a: { top: number; bottom: number }, b: { top: number; bottom: number }): boolean {
  const overlap = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  const smaller = Math.min(a.bottom - a.top, b.bottom - b.top);
  return overlap > smaller * 0.5;
}

const CJK_SPACE = /(?<=[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]) (?=[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F])/g;
const WIDE = /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]/;

/** Joins two runs of one line: a space where the gap is visible and neither side is CJK punctuation-tight. */
function joinRun(left: string, right: string, gap: number, size: number): string {
  if (left === '') return right;
  if (gap < size * 0.2) return left + right;
  const a = left.at(-1)!;
  const b = right[0]!;
  // Between two CJK characters a small gap is justification, not a word break; a wide one separates
  // two fields printed on one line (部门：某厅      单位：万元).
  if (WIDE.test(a) && WIDE.test(b) && gap < size * 1.5) return left + right;
  return left + ' ' + right;
}

/** Groups items into lines, top to bottom, each left to right. */
export function buildLines(items: readonly PdfItem[]): PdfLine[] {
  const sorted = [...items].sort((a, b) => a.bottom - b.bottom || a.x0 - b.x0);
  const groups: PdfItem[][] = [];
  for (const item of sorted) {
    // Compare with the last few lines: superscripts and slightly raised runs still join their line.
    let placed = false;
    for (let g = groups.length - 1; g >= Math.max(0, groups.length - 3); g--) {
      const group = groups[g]!;
      if (sameLine(lineBox(group), item)) {
        group.push(item);
        placed = true;
        break;
      }
    }
    if (!placed) groups.push([item]);
  }
  return groups
    .map((group) => {
      group.sort((a, b) => a.x0 - b.x0);
      let text = '';
      let right = -Infinity;
      let size = 0;
      for (const item of group) {
        text = joinRun(text, item.text, item.x0 - right, item.size);
        right = Math.max(right, item.x1);
        size = Math.max(size, item.size);
      }
      const box = lineBox(group);
      return { text, x0: group[0]!.x0, x1: right, top: box.top, bottom: box.bottom, size };
    })
    .sort((a, b) => a.top - b.top || a.x0 - b.x0);
}

function lineBox(group: readonly PdfItem[]): { top: number; bottom: number } {
  let top = Infinity;
  let bottom = -Infinity;
  for (const i of group) {
    top = Math.min(top, i.top);
    bottom = Math.max(bottom, i.bottom);
  }
  return { top, bottom };
}

/** Page furniture: a bare page number (5, - 5 -, 第5页, 5/24) in the top or bottom margin. */
export function isPageNumber(line: PdfLine, pageHeight: number): boolean {
  const inMargin = line.top > pageHeight * 0.88 || line.bottom < pageHeight * 0.08;
  return inMargin && /^[-—–\s]*(第\s*)?\d{1,4}\s*(页)?(\s*[/／]\s*\d{1,4})?[-—–\s]*$/.test(line.text);
}

/** A line of text in the flow of a page, with the page's body font size and margins known. */
export interface FlowContext {
  readonly bodySize: number;
  readonly left: number;
  readonly right: number;
}

/** The most common font size (by characters) and the text margins of a set of lines. */
export function flowContext(lines: readonly PdfLine[]): FlowContext {
  const bySize = new Map<number, number>();
  for (const l of lines) bySize.set(Math.round(l.size * 2) / 2, (bySize.get(Math.round(l.size * 2) / 2) ?? 0) + l.text.length);
  const bodySize = [...bySize.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 12;
  const body = lines.filter((l) => Math.abs(l.size - bodySize) < 0.6);
  const lefts = body.map((l) => l.x0).sort((a, b) => a - b);
  const rights = body.map((l) => l.x1).sort((a, b) => a - b);
  // Robust margins: the 10th percentile of left edges and the 90th of right edges.
  const left = lefts[Math.floor(lefts.length * 0.1)] ?? 0;
  const right = rights[Math.floor(rights.length * 0.9)] ?? 0;
  return { bodySize, left, right };
}

/** Joins two lines of one paragraph: no space between CJK text, one space next to a number or Latin word. */
export function joinLines(a: string, b: string): string {
  if (a === '') return b;
  const last = a.at(-1)!;
  const first = b[0]!;
  if (/[0-9A-Za-z%.]/.test(last) && /[0-9A-Za-z]/.test(first)) return a + ' ' + b;
  if (/[0-9A-Za-z%]/.test(last) !== /[0-9A-Za-z%]/.test(first) && !/[，。、；：）)（(“”]/.test(last + first)) return a + ' ' + b;
  return a + b;
}

/**
 * Lines of flowing text → paragraphs and headings. A line continues the paragraph above when it has the
 * same size, follows closely, is not indented, and the line above ran to the right margin (Chinese body
 * text starts each paragraph with a two-character indent and ends it short).
 */
export function linesToBlocks(lines: readonly PdfLine[], flow: FlowContext, page: number): DraftBlock[] {
  const blocks: DraftBlock[] = [];
  let text = '';
  let prev: PdfLine | null = null;
  let open = false;
  const flush = (): void => {
    if (open && text !== '') blocks.push(toBlock(text, prev!, flow, page));
    text = '';
    open = false;
  };
  for (const line of lines) {
    const continues =
      open &&
      prev !== null &&
      Math.abs(prev.size - line.size) < 0.6 &&
      line.top - prev.bottom < line.size * 1.2 &&
      ranToMargin(prev, line, flow) &&
      line.x0 <= flow.left + line.size * 0.8 &&
      !startsNewItem(line.text) &&
      !/[。：:；]$/.test(prev.text);
    if (!continues) flush();
    text = joinLines(text, line.text);
    prev = line;
    open = true;
  }
  flush();
  return blocks;
}

/**
 * Whether a page's flowing text may run over the page break: its last line reaches the right margin
 * without a closing stop (`end`), and its first line starts at the left margin without a numbering or an
 * indent (`start`).
 */
export function openEnds(lines: readonly PdfLine[], flow: FlowContext): { start: boolean; end: boolean } {
  const first = lines[0];
  const last = lines[lines.length - 1];
  return {
    start: first !== undefined && Math.abs(first.size - flow.bodySize) < 0.6 && first.x0 <= flow.left + first.size * 0.8 && !startsNewItem(first.text),
    end: last !== undefined && Math.abs(last.size - flow.bodySize) < 0.6 && ranToMargin(last, null, flow) && !/[。：:；！？!?]$/.test(last.text),
  };
}

/**
 * Whether a line filled its measure, so that the text runs on: it ends within one and a half characters
 * of the right margin, or the gap left there is narrower than the first unbreakable token of the next
 * line. Chinese line breaking never breaks inside a number with its % or inside a bracketed group, and
 * never leaves an opening bracket at a line end: a line followed by 100%； or （项）: may end well short
 * of the margin (the seed report as LibreOffice prints it to PDF).
 */
function ranToMargin(prev: PdfLine, next: PdfLine | null, flow: FlowContext): boolean {
  const gap = flow.right - prev.x1;
  if (gap <= prev.size * 1.5) return true;
  return next !== null && gap < leadingTokenWidth(next.text, next.size);
}

const LEADING_TOKEN = /^(?:[（(][^）)]{1,8}[）)]|[“"‘]?[0-9A-Za-z][0-9A-Za-z.,%‰+-]*)[，。；：、,.;:）)”’]?/;

/** Estimated width of the unbreakable token a line starts with: CJK and full-width characters one em, others half. */
function leadingTokenWidth(text: string, size: number): number {
  const token = LEADING_TOKEN.exec(text)?.[0];
  if (!token) return 0;
  let width = 0;
  for (const ch of token) width += WIDE.test(ch) ? size : size * 0.55;
  return width;
}

/** A numbered line (第一部分, 一、, （一）, 1.) always starts a paragraph or heading of its own. */
function startsNewItem(text: string): boolean {
  return parseNumbering(text) !== null;
}

function toBlock(text: string, last: PdfLine, flow: FlowContext, page: number): DraftBlock {
  const numbered = isNumberedHeading(text);
  if (numbered) return { type: 'heading', level: numbered.level, numbering: numbered.numbering, text, page };
  // Unnumbered lines printed larger than the body and short enough to be titles (report or part titles).
  if (last.size >= flow.bodySize * 1.25 && text.length <= 40 && !/[。；]$/.test(text)) {
    return { type: 'heading', level: 1, numbering: null, text, page };
  }
  return { type: 'paragraph', text, page };
}
