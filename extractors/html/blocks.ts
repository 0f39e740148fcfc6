/**
 * HTML element tree → draft blocks: headings, paragraphs, image placeholders and tables. Shared by the
 * HTML extractor and the DOCX extractor (mammoth writes HTML), so both formats give one model.
 */
import type { AnyNode, Element } from 'domhandler';
import type { Message } from '../../core/messages.ts';
import type { DraftBlock, TableBlock } from '../model.ts';
import {
  BREAK,
  SKIPPED_TAGS,
  collectText,
  hasDescendant,
  isElement,
  isHidden,
  normaliseLines,
  readTable,
  rowCells,
  tableRows,
  textOf,
  traverse,
} from './tables.ts';
import type { RowHint } from './tables.ts';
import { isCaptionLike, isNumberedHeading, parseNumbering, titleAmong } from '../numbering.ts';

/** Elements whose start and end break the text flow into separate paragraphs. */
const FLOW_BREAK_TAGS = new Set([
  'p', 'div', 'li', 'ul', 'ol', 'blockquote', 'pre', 'dl', 'dt', 'dd', 'section', 'article', 'main', 'header',
  'footer', 'nav', 'aside', 'center', 'address', 'form', 'fieldset', 'hr', 'caption', 'figure', 'figcaption',
  'body', 'html', 'tr', 'td', 'th', 'tbody', 'thead', 'tfoot',
]);

/** An item of the flow before headings and captions are decided. */
type RawItem =
  | { kind: 'h'; tagLevel: number; text: string }
  | { kind: 'p'; text: string }
  | { kind: 'image'; alt: string | undefined }
  /** `ordinal`: position among the top-level tables of the page (tables not inside another table). */
  | { kind: 'table'; el: Element; ordinal: number | null };

/**
 * A layout table (a site page's frame, a one-cell box) holds flowing content rather than data: its
 * cells are read as paragraphs. A data table holds neither headings nor other tables, except that a
 * wide table with a nested table stays a data table (the nested one is flattened into its cell).
 */
function isLayoutTable(table: Element): boolean {
  const rows = tableRows(table);
  // reduce, not Math.max(...): a spread of a huge table's rows would overflow the argument limit.
  const maxWidth = rows.reduce((max, r) => Math.max(max, rowCells(r).length), 0);
  if (rows.length === 1 && maxWidth === 1) return true;
  const inCells = (test: (el: Element) => boolean) => rows.some((row) => rowCells(row).some((cell) => hasDescendant(cell, test)));
  const hasTable = inCells((el) => el.name === 'table');
  return inCells((el) => /^h[1-6]$/.test(el.name)) || (hasTable && maxWidth <= 3);
}

/** Walks the tree in document order, emitting raw items; inline text accumulates until a break. */
function walk(root: AnyNode): RawItem[] {
  const items: RawItem[] = [];
  let buffer: string[] = [];
  let tableDepth = 0;
  let topLevelTables = 0;
  const flush = (): void => {
    const raw = buffer.join('');
    buffer = [];
    // Inside flowing text a <br> separates paragraphs (site pages write "text<br><br>text").
    for (const line of normaliseLines(raw).split('\n')) if (line !== '') items.push({ kind: 'p', text: line });
  };
  const images = (node: AnyNode): void =>
    traverse(node, (n) => {
      if (isElement(n) && n.name === 'img') items.push({ kind: 'image', alt: n.attribs['alt'] || undefined });
      return isElement(n) || n === node;
    });
  const enter = (node: AnyNode): boolean => {
    if (node.type === 'text') {
      buffer.push(textOf(node));
      return false;
    }
    if (!isElement(node)) return node.type === 'root';
    const tag = node.name.toLowerCase();
    if (SKIPPED_TAGS.has(tag) || isHidden(node)) return false;
    if (tag === 'br') {
      buffer.push(BREAK);
      return false;
    }
    if (tag === 'img') {
      flush();
      items.push({ kind: 'image', alt: node.attribs['alt'] || undefined });
      return false;
    }
    const heading = /^h([1-6])$/.exec(tag);
    if (heading) {
      flush();
      // A heading is one line: its <br>s are wraps, not separate paragraphs.
      const text = normaliseLines(collectText(node).join('')).replace(/\n/g, ' ');
      if (text !== '') items.push({ kind: 'h', tagLevel: Number(heading[1]), text });
      // Images inside a heading still count as image placeholders.
      images(node);
      return false;
    }
    if (tag === 'table') {
      flush();
      const ordinal = tableDepth === 0 ? topLevelTables++ : null;
      if (isLayoutTable(node)) {
        tableDepth++;
        return true; // its exit closes the table and flushes
      }
      // A <caption> is the table's own title: it goes before the table, where captions are looked for.
      for (const c of node.children) {
        if (isElement(c) && c.name === 'caption') {
          for (const line of normaliseLines(collectText(c).join('')).split('\n')) if (line !== '') items.push({ kind: 'p', text: line });
        }
      }
      items.push({ kind: 'table', el: node, ordinal });
      return false;
    }
    if (FLOW_BREAK_TAGS.has(tag)) flush();
    return true;
  };
  const exit = (node: AnyNode): void => {
    if (!isElement(node)) return;
    const tag = node.name.toLowerCase();
    if (tag === 'table') tableDepth--;
    if (tag === 'table' || FLOW_BREAK_TAGS.has(tag)) flush();
  };
  traverse(root, enter, exit);
  flush();
  return items;
}

/**
 * The outline level of each HTML heading tag, learnt from the numbered headings that use it: the seed
 * report prints 1、 and 三、 on the same <h3> level, so the tag, not the numbering, decides the level of
 * headings in one tag; the numbering decides which level that tag is.
 */
function levelsByTag(items: readonly RawItem[]): Map<number, number> {
  const votes = new Map<number, Map<number, number>>();
  for (const item of items) {
    if (item.kind !== 'h') continue;
    const n = parseNumbering(item.text);
    if (!n) continue;
    const forTag = votes.get(item.tagLevel) ?? new Map<number, number>();
    forTag.set(n.level, (forTag.get(n.level) ?? 0) + 1);
    votes.set(item.tagLevel, forTag);
  }
  const levels = new Map<number, number>();
  for (const [tag, forTag] of votes) {
    const best = [...forTag.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
    if (best) levels.set(tag, best[0]);
  }
  return levels;
}

/** Caption paragraphs just before a table, nearest last; a heading right before counts when no paragraph does. */
export function captionsBefore(drafts: readonly DraftBlock[]): string[] {
  const found: string[] = [];
  for (let i = drafts.length - 1; i >= 0 && found.length < 4; i--) {
    const d = drafts[i]!;
    if (d.type === 'paragraph' && isCaptionLike(d.text)) found.unshift(d.text);
    else {
      if (found.length === 0 && d.type === 'heading') found.unshift(d.text);
      break;
    }
  }
  return found;
}

/**
 * Leading rows that are one cell across the whole width and read like captions (收入支出决算总表, 单位：万元):
 * tables pasted from spreadsheets carry their title inside. They stay rows of the table too.
 */
function captionRows(grid: readonly (readonly number[])[], cells: readonly { text: string }[]): string[] {
  const found: string[] = [];
  for (const line of grid.slice(0, 3)) {
    const first = line[0];
    if (first === undefined || first < 0 || line.length < 2 || !line.every((i) => i === first)) break;
    const text = cells[first]!.text.replace(/\n/g, ' ');
    if (!isCaptionLike(text)) break;
    found.push(text);
  }
  return found;
}

/** Options of htmlToDrafts for sources that know more than their HTML (DOCX). */
export interface DraftOptions {
  /** Row hints for the top-level table with this ordinal (0-based, in document order), if any. */
  readonly rowHints?: (ordinal: number) => readonly RowHint[] | undefined;
}

/** Where each top-level table ended up: its block index and whether row hints were applied. */
export type PlacedTables = Map<number, { block: number; hinted: boolean }>;

/**
 * Turns the element tree under `root` into draft blocks, with the table reader's messages located at the
 * table's block index.
 */
export function htmlToDrafts(
  root: AnyNode,
  file: string,
  options: DraftOptions = {},
): { drafts: DraftBlock[]; messages: Message[]; tables: PlacedTables } {
  const items = walk(root);
  const placed: PlacedTables = new Map();
  const tagLevels = levelsByTag(items);
  const drafts: DraftBlock[] = [];
  const messages: Message[] = [];
  for (const item of items) {
    switch (item.kind) {
      case 'h': {
        const n = parseNumbering(item.text);
        const level = tagLevels.get(item.tagLevel) ?? n?.level ?? item.tagLevel;
        drafts.push({ type: 'heading', level, numbering: n?.numbering ?? null, text: item.text });
        break;
      }
      case 'p': {
        const n = isNumberedHeading(item.text);
        if (n) drafts.push({ type: 'heading', level: n.level, numbering: n.numbering, text: item.text });
        else drafts.push({ type: 'paragraph', text: item.text });
        break;
      }
      case 'image':
        drafts.push(item.alt === undefined ? { type: 'image' } : { type: 'image', alt: item.alt });
        break;
      case 'table': {
        const hints = item.ordinal === null ? undefined : options.rowHints?.(item.ordinal);
        const read = readTable(item.el, { file, block: drafts.length }, hints);
        if (read.cells.length === 0) break;
        if (item.ordinal !== null) placed.set(item.ordinal, { block: drafts.length, hinted: read.hinted });
        const context = [...captionsBefore(drafts), ...captionRows(read.grid, read.cells)];
        const table: Omit<TableBlock, 'index' | 'span'> = {
          type: 'table',
          title: titleAmong(context),
          context,
          cells: read.cells,
          grid: read.grid,
          rows: read.rows,
        };
        drafts.push(table);
        messages.push(...read.messages);
        break;
      }
    }
  }
  return { drafts, messages, tables: placed };
}

/** Plain text of a subtree, as the flow would read it (used by body finding). */
export function plainText(node: AnyNode): string {
  return normaliseLines(collectText(node).join(''));
}
