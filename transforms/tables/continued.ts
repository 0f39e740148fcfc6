/**
 * A table continued over page or ruling breaks: what may stand between its blocks (page furniture), a
 * continuation rebuilt with fewer columns, and the tail of a name wrapped over the break. Pure functions;
 * transforms/tables/index.ts joins the blocks.
 */
import type { Block, TableBlock, TableCell } from '../../extractors/model.ts';
import { expandGrid } from '../../extractors/model.ts';
import { parseNumber } from '../money/amounts.ts';
import { parseMoneyUnit } from '../money/units.ts';
import type { TableHeader } from './headers.ts';
import type { LineItem } from '../model.ts';
import { recogniseTable } from './registry.ts';
import { titlePart } from './titles.ts';

/** Page furniture between the blocks of a continued table: 第 2 页, - 3 -, 单位：万元, （续表）. */
export function isFurniture(text: string): boolean {
  const t = text.trim();
  // A unit line is furniture, unless it also prints a table's title ("…支出预算表部门：… 单位：万元").
  const unitLine = parseMoneyUnit(t) !== null && !(titlePart(t) !== null && recogniseTable(titlePart(t)!) !== null);
  return /^[-—\s]*(第\s*\d+\s*页.*|\d+)[-—\s]*$/.test(t) || unitLine || /^[(（]?续表?[)）]?$/.test(t);
}

/** Whether the blocks between two table blocks allow the second to continue the first: only captions and page furniture. */
export function onlyFurnitureBetween(blocks: readonly Block[], from: number, to: number, captions: readonly string[]): boolean {
  for (let i = from + 1; i < to; i++) {
    const b = blocks[i]!;
    if (b.type === 'image') continue;
    if (b.type !== 'paragraph' && b.type !== 'heading') return false;
    if (!captions.includes(b.text) && !isFurniture(b.text)) return false;
  }
  return true;
}

/**
 * A narrower block as the two-sided table it continues: its left side's columns laid on the table's first
 * columns, its right side's on the table's last ones (the amounts of a merged total row stand in the last
 * column). Null unless every column of the block reads as the name or value column it would land on.
 */
export function widen(block: TableBlock, header: TableHeader): TableBlock | null {
  if (!header.twoSided) return null;
  const width = block.grid[0]?.length ?? 0;
  const kinds = Array.from({ length: width }, (_, c) => columnKind(block, c));
  const split = kinds.findIndex((k, c) => c > 0 && k === 'name' && kinds.slice(0, c).includes('value'));
  if (split < 0) return null;
  const left = header.columns.filter((c) => c.side === 'left');
  const right = header.columns.filter((c) => c.side === 'right');
  const nRight = width - split;
  if (split > left.length || nRight > right.length) return null;
  const target = [...left.slice(0, split), ...right.slice(right.length - nRight)];
  const fits = target.every((col, c) => kinds[c] === 'empty' || (kinds[c] === 'value') === (col.role === 'value'));
  if (!fits) return null;
  const at = target.map((col) => col.index);
  const cells = block.cells.map((cell) => ({ ...cell, col: at[cell.col]!, colSpan: at[cell.col + cell.colSpan - 1]! - at[cell.col]! + 1 }));
  const { grid, rows } = expandGrid(cells);
  const full = header.columns.length;
  return { ...block, cells, grid: grid.map((line) => pad(line, full, -1)), rows: rows.map((line) => pad(line, full, '')) };
}

function pad<T>(line: readonly T[], n: number, fill: T): T[] {
  return [...line, ...new Array<T>(Math.max(0, n - line.length)).fill(fill)];
}

/** What a block's column holds: amounts only, some text, or nothing. */
function columnKind(block: TableBlock, c: number): 'value' | 'name' | 'empty' {
  const texts = block.rows.map((row) => compactText(row[c] ?? '')).filter((x) => x !== '');
  if (texts.length === 0) return 'empty';
  return texts.every((x) => parseNumber(x) !== null) ? 'value' : 'name';
}

const compactText = (text: string): string => text.replace(/[\s\u3000]+/g, '');

/**
 * A row holding only the end of a name: no code, no value, no numbering of its own, at most three
 * characters (业支出, 出, 小计). Only read where the side has one name column: with two (Jiangsu's 收入预算总表:
 * 一般公共预算资金 | 小计), a short name under an unprinted group is a row of its own.
 */
export function isNameTail(item: LineItem): boolean {
  return item.code === null && item.values.every((v) => v.text === '') && item.name.length <= 3 && !/^([一二三四五六七八九十]+、|[(（]|\d|其中)/.test(item.name);
}

/** A table row printed outside the ruled grid, read from its line: code, name and amounts. */
export interface RowLine {
  readonly code: string | null;
  readonly name: string;
  readonly values: readonly string[];
}

const AMOUNT = String.raw`-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?`;
const ROW_LINE = new RegExp(String.raw`^(?:(\d{3}(?:\d{2}){0,2})\s+)?([^\d\s][^\d]*?)\s+((?:${AMOUNT}|[-—])(?:\s+(?:${AMOUNT}|[-—]))*)$`, 'u');

/**
 * A line that is a table row rather than a caption: a code, a name and amounts ("2040504 案件审判 1,833.30"),
 * or a 合计/总计 row with its amounts. The first row of a continuation printed above the page's top rule
 * reads as a caption line; a lone 合计 row left under the table on the next page reads as a paragraph.
 */
export function rowLine(text: string): RowLine | null {
  const m = ROW_LINE.exec(text.trim());
  if (!m) return null;
  const name = m[2]!.replace(/[\s\u3000]+/g, '');
  if (!m[1] && !/^(合计|总计)$/.test(name)) return null;
  return { code: m[1] ?? null, name, values: m[3]!.split(/\s+/) };
}

/**
 * A one-sided block with row lines laid into its grid as rows (above its first row, or alone): the code
 * and name in the first name column (read back as a code printed before the name), the amounts in the
 * value columns. Null unless each line prints exactly one amount per value column.
 */
export function withRowLines(block: TableBlock, lines: readonly RowLine[], header: TableHeader, at: 'above' | 'alone'): TableBlock | null {
  if (header.twoSided) return null;
  const name = header.columns.find((c) => c.role === 'name');
  const values = header.columns.filter((c) => c.role === 'value');
  if (!name || lines.some((l) => l.values.length !== values.length)) return null;
  const shift = at === 'above' ? lines.length : 0;
  const cells: TableCell[] = lines.flatMap((l, r) => [
    { row: r, col: name.index, rowSpan: 1, colSpan: 1, text: l.code ? `${l.code} ${l.name}` : l.name },
    ...values.map((c, k) => ({ row: r, col: c.index, rowSpan: 1, colSpan: 1, text: l.values[k]! })),
  ]);
  const moved = at === 'above' ? block.cells.map((c) => ({ ...c, row: c.row + shift })) : [];
  const { grid, rows } = expandGrid([...moved, ...cells]);
  const full = header.columns.length;
  return { ...block, cells: [...moved, ...cells], grid: grid.map((line) => pad(line, full, -1)), rows: rows.map((line) => pad(line, full, '')) };
}

/** The captions of a block when they are table rows (and page furniture) only, with at least one row; else null. */
export function rowLinesOf(context: readonly string[]): RowLine[] | null {
  const rows = context.map(rowLine);
  const ok = rows.some((r) => r !== null) && context.every((c, k) => rows[k] !== null || isFurniture(c));
  return ok ? rows.filter((r): r is RowLine => r !== null) : null;
}
