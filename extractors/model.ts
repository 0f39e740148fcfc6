/**
 * The one document model between extraction and everything else. DOCX, HTML and PDF extractors all
 * produce it; transforms never know which format a document came from.
 *
 * Provenance: every block has its index in `blocks` and its character span in the document's plain text
 * (`documentText`: block texts joined by "\n"); every table cell has its grid row and column.
 */
import { limits as currentLimits, overLimit, type Limits } from '../core/limits.ts';
import type { Message } from '../core/messages.ts';

/** Formats recognised from the bytes (never from the file name). */
export type DetectedFormat = 'docx' | 'html' | 'mhtml' | 'pdf' | 'xlsx' | 'xls' | 'doc' | 'zip' | 'unknown';

export interface SourceInfo {
  readonly path: string;
  readonly sha256: string;
  readonly format: DetectedFormat;
  readonly bytes: number;
  /** The character encoding the text was decoded from (HTML), when known. */
  readonly encoding?: string;
}

/** Character span of a block or text span in the document's plain text; `end` is exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

interface BlockBase {
  /** Position of this block in `Document.blocks`. */
  readonly index: number;
  readonly span: Span;
  /** 1-based page, where the format has pages (PDF); for a workbook, the 1-based position of the sheet. */
  readonly page?: number;
  /** Workbooks: the name of the sheet the block was read from. */
  readonly sheet?: string;
  /** Workbooks: the cells the block was read from, as an A1 range of its sheet (A3:I40). */
  readonly range?: string;
}

export interface HeadingBlock extends BlockBase {
  readonly type: 'heading';
  /** 1 = part (第一部分), 2 = 一、, 3 = （一）, 4 = 1. — or the HTML/DOCX heading level where no numbering is printed. */
  readonly level: number;
  /** The numbering as printed (第一部分, 一、, （一）, 1.), or null. */
  readonly numbering: string | null;
  /** The full heading text as printed, numbering included. */
  readonly text: string;
}

export interface ParagraphBlock extends BlockBase {
  readonly type: 'paragraph';
  readonly text: string;
}

/** An image placeholder: the bytes are never inlined. */
export interface ImageBlock extends BlockBase {
  readonly type: 'image';
  readonly alt?: string;
}

/** One cell as printed, before expansion. */
export interface TableCell {
  /** Grid position of the cell's top-left corner (0-based). */
  readonly row: number;
  readonly col: number;
  readonly rowSpan: number;
  readonly colSpan: number;
  /** Whitespace normalised; in-cell line breaks kept as "\n". */
  readonly text: string;
  /** Workbooks: the cell's A1 address on its sheet (a merged cell: its top-left corner). */
  readonly address?: string;
  /**
   * Workbooks: the stored value before the number format made `text` of it (a number as its shortest
   * decimal form, a formula as its cached result), where it differs from `text`.
   */
  readonly value?: string;
}

export interface TableBlock extends BlockBase {
  readonly type: 'table';
  /** The table's title: the nearest caption-like paragraph before it that is not a unit line, or null. */
  readonly title: string | null;
  /** Caption-like paragraphs just before the table (title, 单位：万元, …), in document order. */
  readonly context: readonly string[];
  readonly cells: readonly TableCell[];
  /** `grid[r][c]` is the index in `cells` of the cell covering that position, or -1 where none does. */
  readonly grid: readonly (readonly number[])[];
  /** The expanded grid: a position covered by a merged cell repeats that cell's text; "" where uncovered. */
  readonly rows: readonly (readonly string[])[];
}

export type Block = HeadingBlock | ParagraphBlock | ImageBlock | TableBlock;

export interface Document {
  readonly source: SourceInfo;
  readonly blocks: readonly Block[];
  readonly messages: readonly Message[];
}

/** The plain text of a block as it appears in the document text (tables: rows joined by tabs and newlines). */
export function blockText(block: Block): string {
  switch (block.type) {
    case 'heading':
    case 'paragraph':
      return block.text;
    case 'image':
      return '';
    case 'table':
      return block.rows.map((r) => r.join('\t')).join('\n');
  }
}

type Draft<B extends Block> = B extends Block ? Omit<B, 'index' | 'span'> : never;
/** A block as an extractor builds it, before its index and span are known. */
export type DraftBlock = Draft<Block>;

/** Numbers the blocks and computes their spans in the document text (block texts joined by "\n"). */
export function assembleDocument(
  source: SourceInfo,
  drafts: readonly DraftBlock[],
  messages: readonly Message[],
): Document {
  let offset = 0;
  const blocks = drafts.map((draft, index) => {
    const block = { ...draft, index, span: { start: 0, end: 0 } } as Block;
    const length = blockText(block).length;
    const placed = { ...block, span: { start: offset, end: offset + length } } as Block;
    offset += length + 1;
    return placed;
  });
  return { source, blocks, messages };
}

/** The document's plain text; block spans index into it. */
export function documentText(doc: Document): string {
  return doc.blocks.map(blockText).join('\n');
}

/**
 * Expands cells into a grid: every position knows the cell covering it. Cells are given with their
 * top-left position and spans; overlapping cells keep the first one and the overlap is reported by the
 * returned `overlaps` count so that the caller can warn. A grid past the limits (a DOCX row with
 * `w:gridBefore w:val="100000000"`) throws `limit/grid` before anything is allocated; the extractor adds
 * the file name.
 */
export function expandGrid(cells: readonly TableCell[], limits: Pick<Limits, 'gridRows' | 'gridCols' | 'gridCells'> = currentLimits()): {
  grid: number[][];
  rows: string[][];
  overlaps: number;
} {
  let nRows = 0;
  let nCols = 0;
  for (const c of cells) {
    nRows = Math.max(nRows, c.row + c.rowSpan);
    nCols = Math.max(nCols, c.col + c.colSpan);
  }
  if (nRows > limits.gridRows || nCols > limits.gridCols || nRows * nCols > limits.gridCells) {
    throw overLimit('grid', undefined, `a table of ${nRows} rows × ${nCols} columns is past the grid limits (${limits.gridRows} rows, ${limits.gridCols} columns, ${limits.gridCells} positions)`);
  }
  const grid: number[][] = Array.from({ length: nRows }, () => new Array<number>(nCols).fill(-1));
  let overlaps = 0;
  cells.forEach((c, i) => {
    for (let r = c.row; r < c.row + c.rowSpan; r++) {
      const line = grid[r]!;
      for (let k = c.col; k < c.col + c.colSpan; k++) {
        if (line[k] === -1) line[k] = i;
        else overlaps++;
      }
    }
  });
  const rows = grid.map((line) => line.map((i) => (i === -1 ? '' : cells[i]!.text)));
  return { grid, rows, overlaps };
}
