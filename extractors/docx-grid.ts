/**
 * Checks the tables of word/document.xml against their grids (ECMA-376 §17.4: w:tblGrid, w:gridBefore,
 * w:gridAfter, w:gridSpan, w:hMerge, w:vMerge). mammoth ignores gridBefore/gridAfter and hMerge and drops
 * the text of merged-away cells, so without these warnings a ragged grid would silently shift columns.
 */
import type { Message } from '../core/messages.ts';
import { warning } from '../core/messages.ts';

interface RowState {
  before: number;
  after: number;
  width: number;
}

interface TableState {
  /** Ordinal among top-level tables (1-based), or 0 for a nested table. */
  readonly ordinal: number;
  gridCols: number;
  rows: RowState[];
  hMerged: number;
  droppedText: number;
  /** The text of the first cell that has any, to name the table in messages. */
  firstText: string;
  firstTextDone: boolean;
  /** The open cell: whether it continues a vertical merge (its text is dropped by mammoth) and has text. */
  cell: { continues: boolean; hasText: boolean } | null;
}

const TAG = /<(\/?)(w:tbl|w:tblGrid|w:gridCol|w:tr|w:tc|w:gridSpan|w:gridBefore|w:gridAfter|w:hMerge|w:vMerge|w:t)(?=[\s/>])([^>]*?)(\/?)>/g;

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

function listRows(rows: readonly number[]): string {
  return rows.slice(0, 8).map((r) => r + 1).join(', ') + (rows.length > 8 ? ' …' : '');
}

function report(t: TableState, file: string, block: number | undefined): Message[] {
  const name = `table ${t.ordinal}${t.firstText ? ` (“${t.firstText}”)` : ''}`;
  const loc = block === undefined ? { file } : { file, block };
  const out: Message[] = [];
  const shifted = t.rows.flatMap((r, i) => (r.before > 0 || r.after > 0 ? [i] : []));
  if (shifted.length > 0) {
    out.push(
      warning('extract', 'docx/ragged-grid', `${name}: row(s) ${listRows(shifted)} skip grid columns (w:gridBefore/w:gridAfter), which mammoth drops; their cells are shifted left, so columns may not line up`, loc),
    );
  }
  const uneven = t.gridCols > 0 ? t.rows.flatMap((r, i) => (r.before + r.width + r.after !== t.gridCols ? [i] : [])) : [];
  if (uneven.length > 0) {
    out.push(
      warning('extract', 'docx/ragged-grid', `${name}: row(s) ${listRows(uneven)} do not cover the table's ${t.gridCols} grid columns; cells after the gap may sit in the wrong column`, loc),
    );
  }
  if (t.hMerged > 0) {
    out.push(
      warning('extract', 'docx/hmerge', `${name}: ${t.hMerged} cell(s) are merged with legacy w:hMerge, which mammoth ignores; they appear as separate cells`, loc),
    );
  }
  if (t.droppedText > 0) {
    out.push(
      warning('extract', 'docx/merged-text-dropped', `${name}: ${t.droppedText} merged-away cell(s) hold text that mammoth drops; that text is missing from the table`, loc),
    );
  }
  return out;
}

/**
 * Warns, naming the table, where a row's width differs from the table grid, where gridBefore/gridAfter or
 * hMerge are used, and where merged-away cells hold text. `tableBlocks` are the block indexes of the
 * extracted tables; when they pair one-to-one with the top-level tables the messages carry the block.
 */
export function checkDocxGrids(xml: string, file: string, tableBlocks: readonly number[]): Message[] {
  const stack: TableState[] = [];
  const done: TableState[] = [];
  let topLevel = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(xml); m; m = TAG.exec(xml)) {
    const [, closing, tag, attrs = '', selfClosing] = m;
    const t = stack[stack.length - 1];
    if (tag === 'w:tbl') {
      if (closing) {
        const finished = stack.pop();
        if (finished && finished.ordinal > 0) done.push(finished);
      } else if (!selfClosing) {
        stack.push({
          ordinal: stack.length === 0 ? ++topLevel : 0,
          gridCols: 0,
          rows: [],
          hMerged: 0,
          droppedText: 0,
          firstText: '',
          firstTextDone: false,
          cell: null,
        });
      }
      continue;
    }
    if (!t || closing) {
      if (t && tag === 'w:tc' && t.cell) {
        if (t.cell.continues && t.cell.hasText) t.droppedText++;
        if (t.firstText !== '') t.firstTextDone = true;
        t.cell = null;
      }
      continue;
    }
    const row = t.rows[t.rows.length - 1];
    switch (tag) {
      case 'w:gridCol':
        t.gridCols++;
        break;
      case 'w:tr':
        t.rows.push({ before: 0, after: 0, width: 0 });
        break;
      case 'w:gridBefore':
        if (row) row.before = intVal(attrs);
        break;
      case 'w:gridAfter':
        if (row) row.after = intVal(attrs);
        break;
      case 'w:tc':
        if (row) row.width++;
        t.cell = { continues: false, hasText: false };
        break;
      case 'w:gridSpan':
        if (row) row.width += intVal(attrs) - 1;
        break;
      case 'w:hMerge':
        // The first cell of an hMerge run says "restart"; mammoth keeps every cell of the run separate.
        if (val(attrs) !== 'restart') t.hMerged++;
        break;
      case 'w:vMerge':
        if (val(attrs) !== 'restart' && t.cell) t.cell.continues = true;
        break;
      case 'w:t': {
        if (selfClosing) break;
        const end = xml.indexOf('</w:t>', TAG.lastIndex);
        const text = end < 0 ? '' : xmlText(xml.slice(TAG.lastIndex, end));
        if (text.trim() !== '') {
          if (t.cell) t.cell.hasText = true;
          if (!t.firstTextDone) t.firstText = (t.firstText + text).trim().slice(0, 16);
        }
        break;
      }
    }
  }
  const paired = done.length === tableBlocks.length;
  return done.flatMap((t) => report(t, file, paired ? tableBlocks[t.ordinal - 1] : undefined));
}
