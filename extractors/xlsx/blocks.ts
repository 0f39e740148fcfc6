/**
 * A visible sheet → draft blocks. The district's workbook templates (corpus/xlsx) print one section per
 * sheet: text sheets (封面, 编制说明) hold a title row and one merged cell of text; table sheets hold a title
 * row, a caption row (编制部门： … 单位：元) and the table's grid. So a row is read as
 *
 * - text when it holds one cell and nothing reaches it from above, and it comes before the grid, or spans
 *   half the sheet's width or more, or starts in the first column and reads as a sentence (a note under
 *   the table, 本单位无…);
 * - a caption when, before the grid, every cell on it is a unit or unit-name label (编制部门：X, 单位：元);
 * - a grid row otherwise (a 合计 row with blank amounts holds one short cell and stays in the grid).
 *
 * Consecutive grid rows make one table block; text lines become paragraphs, or headings where numbered
 * like one (extractors/numbering.ts) or where they title a text sheet.
 */
import { warning, type Message } from '../../core/messages.ts';
import { captionsBefore } from '../html/blocks.ts';
import { expandGrid, type DraftBlock, type TableCell } from '../model.ts';
import { isNumberedHeading, isUnitLine, parseNumbering, titleAmong } from '../numbering.ts';
import { address, type SheetCell, type VisibleSheet } from './sheet.ts';

/** Which sheet the blocks come from: its name and 1-based position in the workbook. */
export interface SheetPlace {
  readonly name: string;
  readonly position: number;
  readonly file: string;
  /** Index in the document of the sheet's first block (messages point at blocks by their index). */
  readonly firstBlock: number;
}

type RowKind = 'text' | 'caption' | 'grid';

/** Longest single cell still read as a grid cell when it spans less than half the width (合计, 其中：). */
const MAX_GRID_TEXT = 40;
/** A contents line: a title followed by leader dots (目录 sheets). */
const TOC_LEADER = /[…．.·]{4,}\s*\d*$/;
/** Labels printed on the caption row above a table. */
const CAPTION_LABEL = /^(?:编制|预算)?(?:主管)?(?:部门|单位)(?:名称)?\s*[：:]/;

/** A note rather than a cell: long, or ending as a sentence (a wrapped name holds a line break but is neither). */
const sentence = (text: string) => text.length > MAX_GRID_TEXT || /[。；]$/.test(text);

function classify(sheet: VisibleSheet, byRow: readonly (readonly SheetCell[])[]): RowKind[] {
  const width = sheet.columns.length;
  const reached = new Array<number>(sheet.rows.length).fill(0);
  for (const c of sheet.cells) for (let r = c.row + 1; r < c.row + c.rowSpan; r++) reached[r]! += c.colSpan;
  let gridSeen = false;
  return byRow.map((cells, r) => {
    const only = cells.length === 1 && reached[r] === 0 ? cells[0]! : null;
    // Under a table, a note starts in its first column; a lone name on the right side of a two-sided table does not.
    if (only && (!gridSeen || (width > 1 && only.colSpan * 2 >= width) || (only.col === 0 && sentence(only.text)))) return 'text';
    if (!gridSeen && cells.length > 1 && reached[r] === 0 && cells.every((c) => CAPTION_LABEL.test(c.text) || isUnitLine(c.text))) return 'caption';
    if (cells.length === 0 && reached[r] === 0) return 'text';
    gridSeen = true;
    return 'grid';
  });
}

function rangeOf(sheet: VisibleSheet, r0: number, c0: number, r1: number, c1: number): string {
  const from = address(sheet.rows[r0]!, sheet.columns[c0]!);
  const to = address(sheet.rows[r1]!, sheet.columns[c1]!);
  return from === to ? from : `${from}:${to}`;
}

/**
 * The lines of a text cell as paragraphs or headings. `firstOfTextSheet`: the first line titles a text
 * sheet; `contents`: the lines are a table of contents.
 */
function textBlocks(text: string, at: { page: number; sheet: string; range: string }, firstOfTextSheet: boolean, contents: boolean): DraftBlock[] {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.map((line, i): DraftBlock => {
    if (contents && !(firstOfTextSheet && i === 0)) return { type: 'paragraph', text: line, ...at };
    if (firstOfTextSheet && i === 0 && line.length <= MAX_GRID_TEXT && !/[。；：:]/.test(line)) {
      const n = parseNumbering(line);
      return { type: 'heading', level: n?.level ?? 1, numbering: n?.numbering ?? null, text: line, ...at };
    }
    const n = TOC_LEADER.test(line) ? null : isNumberedHeading(line);
    return n ? { type: 'heading', level: n.level, numbering: n.numbering, text: line, ...at } : { type: 'paragraph', text: line, ...at };
  });
}

/** Draft blocks of one sheet, in reading order, with the sheet's messages. */
export function sheetBlocks(sheet: VisibleSheet, place: SheetPlace): { drafts: DraftBlock[]; messages: Message[] } {
  const byRow: SheetCell[][] = sheet.rows.map(() => []);
  for (const c of sheet.cells) byRow[c.row]!.push(c);
  const kinds = classify(sheet, byRow);
  const textSheet = !kinds.includes('grid');
  const drafts: DraftBlock[] = [];
  const messages: Message[] = [];
  const where = { page: place.position, sheet: place.name };
  let firstText = true;
  // A 目录 sheet lists the sections, numbered like headings (一、单位主要职能): its lines are no outline.
  let contents = false;

  for (let r = 0; r < byRow.length; ) {
    const cells = byRow[r]!;
    if (kinds[r] === 'text') {
      for (const c of cells) {
        const range = rangeOf(sheet, c.row, c.col, c.row + c.rowSpan - 1, c.col + c.colSpan - 1);
        if (textSheet && firstText) contents = /^目录$/.test(c.text.replace(/\s+/g, ''));
        drafts.push(...textBlocks(c.text, { ...where, range }, textSheet && firstText, contents));
        firstText = false;
      }
      r++;
      continue;
    }
    if (kinds[r] === 'caption') {
      const last = cells[cells.length - 1]!;
      const range = rangeOf(sheet, r, cells[0]!.col, r, last.col + last.colSpan - 1);
      drafts.push({ type: 'paragraph', text: cells.map((c) => c.text).join(' '), ...where, range });
      r++;
      continue;
    }
    let end = r;
    while (end + 1 < byRow.length && kinds[end + 1] === 'grid') end++;
    drafts.push(tableBlock(sheet, byRow, r, end, drafts, where, messages, place));
    r = end + 1;
  }
  if (sheet.hiddenRows.length > 0 || sheet.hiddenColumns.length > 0) {
    const parts = [
      sheet.hiddenRows.length > 0 ? `rows ${sheet.hiddenRows.join(', ')}` : '',
      sheet.hiddenColumns.length > 0 ? `columns ${sheet.hiddenColumns.map((c) => address(0, c).replace(/\d+$/, '')).join(', ')}` : '',
    ].filter((p) => p !== '');
    messages.push({
      severity: 'info', stage: 'extract', rule: 'xlsx/hidden-skipped',
      reason: `sheet “${place.name}”: hidden ${parts.join(' and ')} hold text and were skipped, as a printed copy leaves them out`,
      location: { file: place.file, page: place.position },
    });
  }
  return { drafts, messages };
}

function tableBlock(
  sheet: VisibleSheet,
  byRow: readonly (readonly SheetCell[])[],
  first: number,
  last: number,
  before: readonly DraftBlock[],
  where: { page: number; sheet: string },
  messages: Message[],
  place: SheetPlace,
): DraftBlock {
  const file = place.file;
  const own = byRow.slice(first, last + 1).flat();
  const col0 = Math.min(...own.map((c) => c.col));
  const col1 = Math.max(...own.map((c) => c.col + c.colSpan - 1));
  const cells: TableCell[] = own.map((c) => ({
    row: c.row - first,
    col: c.col - col0,
    rowSpan: Math.min(c.rowSpan, last - c.row + 1),
    colSpan: c.colSpan,
    text: c.text,
    address: c.address,
    ...(c.value === undefined ? {} : { value: c.value }),
  }));
  // A printed grid has a cell at every position, blank or not (as HTML and DOCX tables do); the table
  // transforms tell a blank cell from a position covered by a merged one.
  const covered = expandGrid(cells).grid;
  for (let r = 0; r <= last - first; r++) {
    for (let c = 0; c <= col1 - col0; c++) {
      if ((covered[r]?.[c] ?? -1) >= 0) continue;
      cells.push({ row: r, col: c, rowSpan: 1, colSpan: 1, text: '', address: address(sheet.rows[first + r]!, sheet.columns[col0 + c]!) });
    }
  }
  cells.sort((a, b) => a.row - b.row || a.col - b.col);
  const block = place.firstBlock + before.length;
  const { grid, rows, overlaps } = expandGrid(cells);
  if (overlaps > 0) {
    messages.push(warning('extract', 'xlsx/overlapping-merges', `sheet “${where.sheet}”: merged ranges overlap; cell merging may be incorrect`, { file, block, page: where.page }));
  }
  for (const c of own) {
    if (!c.error) continue;
    messages.push(warning('extract', 'xlsx/formula-error', `sheet “${where.sheet}” cell ${c.address} prints the error value ${c.text}; its amount is unknown`, {
      file, block, page: where.page, row: c.row - first, col: c.col - col0,
    }));
  }
  // `before` holds this sheet's blocks only: the previous sheet's last line titles nothing here.
  const context = captionsBefore(before);
  return {
    type: 'table',
    title: titleAmong(context),
    context,
    cells,
    grid,
    rows,
    ...where,
    range: rangeOf(sheet, first, col0, last, col1),
  };
}
