/**
 * The tables of word/document.xml as their grids define them (ECMA-376 §17.4: w:tblGrid, w:gridBefore,
 * w:gridAfter, w:gridSpan, w:hMerge, w:vMerge). mammoth ignores gridBefore/gridAfter and hMerge and drops
 * the text of vertically merged-away cells; this reader gives the table reader the row hints to undo the
 * first two and the warnings, naming the table, for all of them, so a ragged grid never silently shifts
 * columns.
 */
import type { Message } from '../../core/messages.ts';
import { warning } from '../../core/messages.ts';
import type { RowHint } from '../html/tables.ts';

interface DocxCell {
  span: number;
  /** Continues a vertical merge: mammoth folds it into the cell above and drops its text. */
  vContinue: boolean;
  /** Continues a legacy horizontal merge (w:hMerge without "restart"). */
  hContinue: boolean;
  hasText: boolean;
}

interface DocxRow {
  before: number;
  after: number;
  /** A deleted row (tracked change): mammoth leaves it out. */
  deleted: boolean;
  cells: DocxCell[];
}

/** A top-level table of the document. */
export interface DocxTable {
  /** 1-based position among the document's top-level tables. */
  readonly ordinal: number;
  gridCols: number;
  readonly rows: DocxRow[];
  /** The text of the first cell that has any, to name the table in messages. */
  firstText: string;
}

const TAG =
  /<(\/?)(w:tbl|w:gridCol|w:tr|w:trPr|w:del|w:tc|w:gridSpan|w:gridBefore|w:gridAfter|w:hMerge|w:vMerge|w:t)(?=[\s/>])([^>]*?)(\/?)>/g;

function val(attrs: string): string | undefined {
  return /\bw:val\s*=\s*"([^"]*)"/.exec(attrs)?.[1];
}

function intVal(attrs: string): number {
  const n = Number.parseInt(val(attrs) ?? '1', 10);
  return Number.isFinite(n) && n > 0 ? n : 1;
}

function xmlText(raw: string): string {
  return raw.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** Reads the top-level tables of word/document.xml (nested tables are skipped, their text included). */
export function readDocxTables(xml: string): DocxTable[] {
  const tables: DocxTable[] = [];
  let depth = 0;
  let inTrPr = false;
  let firstTextDone = false;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(xml); m; m = TAG.exec(xml)) {
    const [, closing, tag, attrs = '', selfClosing] = m;
    if (tag === 'w:tbl') {
      if (selfClosing) continue;
      depth += closing ? -1 : 1;
      if (!closing && depth === 1) {
        tables.push({ ordinal: tables.length + 1, gridCols: 0, rows: [], firstText: '' });
        firstTextDone = false;
      }
      continue;
    }
    const t = tables[tables.length - 1];
    if (!t || depth === 0) continue;
    const row = t.rows[t.rows.length - 1];
    const cell = row?.cells[row.cells.length - 1];
    if (tag === 'w:trPr' && depth === 1) {
      inTrPr = !closing && !selfClosing;
      continue;
    }
    if (closing) {
      if (tag === 'w:tc' && depth === 1 && t.firstText !== '') firstTextDone = true;
      continue;
    }
    if (tag === 'w:t') {
      if (selfClosing) continue;
      const end = xml.indexOf('</w:t>', TAG.lastIndex);
      const text = end < 0 ? '' : xmlText(xml.slice(TAG.lastIndex, end));
      if (text.trim() === '') continue;
      if (cell) cell.hasText = true;
      if (!firstTextDone) t.firstText = (t.firstText + text).trim().slice(0, 16);
      continue;
    }
    // Everything else describes the structure of the top-level table only.
    if (depth !== 1) continue;
    switch (tag) {
      case 'w:gridCol':
        t.gridCols++;
        break;
      case 'w:tr':
        t.rows.push({ before: 0, after: 0, deleted: false, cells: [] });
        break;
      case 'w:del':
        if (inTrPr && row) row.deleted = true;
        break;
      case 'w:gridBefore':
        if (row) row.before = intVal(attrs);
        break;
      case 'w:gridAfter':
        if (row) row.after = intVal(attrs);
        break;
      case 'w:tc':
        row?.cells.push({ span: 1, vContinue: false, hContinue: false, hasText: false });
        break;
      case 'w:gridSpan':
        if (cell) cell.span = intVal(attrs);
        break;
      case 'w:hMerge':
        if (cell && val(attrs) !== 'restart') cell.hContinue = true;
        break;
      case 'w:vMerge':
        if (cell && val(attrs) !== 'restart') cell.vContinue = true;
        break;
    }
  }
  return tables;
}

/**
 * Row hints for the HTML mammoth writes from this table: one per row that mammoth keeps, with the
 * gridBefore/gridAfter columns and, per HTML cell (mammoth leaves out vMerge continuations), the columns
 * it takes over from the hMerge continuations after it, which are dropped.
 */
export function rowHints(table: DocxTable): RowHint[] {
  return table.rows
    .filter((r) => !r.deleted)
    .map((r) => {
      const visible = r.cells.filter((c) => !c.vContinue);
      const absorb = visible.map(() => 0);
      let owner = -1;
      visible.forEach((c, i) => {
        if (c.hContinue && owner >= 0) {
          absorb[owner]! += c.span;
          absorb[i] = -1;
        } else owner = i;
      });
      return { before: r.before, after: r.after, absorb };
    });
}

function listRows(rows: readonly number[]): string {
  return rows.slice(0, 8).map((r) => r + 1).join(', ') + (rows.length > 8 ? ' …' : '');
}

/**
 * Warnings naming the table: rows that skip grid columns (gridBefore/gridAfter), rows whose width differs
 * from the grid, legacy hMerge, and text in merged-away cells. `placed` says where each table went (by
 * 0-based ordinal) and whether its row hints were applied, which decides what the warning can promise.
 */
export function gridMessages(
  tables: readonly DocxTable[],
  file: string,
  placed: ReadonlyMap<number, { block: number; hinted: boolean }>,
): Message[] {
  const out: Message[] = [];
  for (const t of tables) {
    const where = placed.get(t.ordinal - 1);
    const name = `table ${t.ordinal}${t.firstText ? ` (“${t.firstText}”)` : ''}`;
    const loc = where === undefined ? { file } : { file, block: where.block };
    const repaired = where?.hinted === true;
    const rows = t.rows.filter((r) => !r.deleted);
    const skipping = rows.flatMap((r, i) => (r.before > 0 || r.after > 0 ? [i] : []));
    if (skipping.length > 0) {
      const consequence = repaired
        ? 'their cells were placed after the skipped columns as the grid says'
        : 'their cells are shifted left, so columns may not line up';
      out.push(
        warning('extract', 'docx/ragged-grid', `${name}: row(s) ${listRows(skipping)} skip grid columns (w:gridBefore/w:gridAfter), which mammoth drops; ${consequence}`, loc),
      );
    }
    const width = (r: DocxRow) => r.before + r.after + r.cells.reduce((sum, c) => sum + c.span, 0);
    const uneven = t.gridCols > 0 ? rows.flatMap((r, i) => (width(r) !== t.gridCols ? [i] : [])) : [];
    if (uneven.length > 0) {
      out.push(
        warning('extract', 'docx/ragged-grid', `${name}: row(s) ${listRows(uneven)} do not cover the table's ${t.gridCols} grid columns; cells after the gap may sit in the wrong column`, loc),
      );
    }
    const hMerged = rows.reduce((n, r) => n + r.cells.filter((c) => c.hContinue).length, 0);
    if (hMerged > 0) {
      const consequence = repaired ? 'the merge was restored from word/document.xml' : 'they appear as separate cells';
      out.push(warning('extract', 'docx/hmerge', `${name}: ${hMerged} cell(s) are merged with legacy w:hMerge, which mammoth ignores; ${consequence}`, loc));
    }
    const dropped = rows.reduce((n, r) => n + r.cells.filter((c) => (c.vContinue || (repaired && c.hContinue)) && c.hasText).length, 0);
    if (dropped > 0) {
      out.push(
        warning('extract', 'docx/merged-text-dropped', `${name}: ${dropped} merged-away cell(s) hold text that is not shown; that text is missing from the table`, loc),
      );
    }
  }
  return out;
}
