/**
 * The one table reader for HTML pages and for DOCX (which mammoth turns into HTML): a `<table>` element
 * becomes positioned cells, expanded into a grid where every position knows the cell covering it.
 *
 * Placement follows the HTML table model: each cell takes the first free position of its row, after the
 * positions still covered by rowspans from rows above.
 */
import type { AnyNode, Element } from 'domhandler';
import type { Message } from '../../core/messages.ts';
import { warning } from '../../core/messages.ts';
import { expandGrid } from '../model.ts';
import type { TableCell } from '../model.ts';

/** Limits on spans: a `colspan="9999"` in a broken page must not allocate a huge grid. */
const MAX_COLSPAN = 200;
const MAX_ROWSPAN = 2000;

/** Elements that end a line inside a cell, like `<br>` does (Word and LibreOffice put `<p>`s in cells). */
const BLOCK_TAGS = new Set([
  'p', 'div', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'tr', 'dl', 'dt', 'dd',
  'section', 'article', 'header', 'footer', 'center', 'address', 'table', 'caption',
]);

/** Content that is never text: scripts, styles, form controls, Word's embedded XML islands. */
export const SKIPPED_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'head', 'title', 'meta', 'link', 'iframe', 'object', 'embed',
  'svg', 'math', 'button', 'select', 'option', 'textarea', 'input', 'xml', 'canvas', 'audio', 'video', 'map',
]);

/** A line-break marker used while collecting text; turned into "\n" (or a paragraph break) afterwards. */
export const BREAK = '\u2028';

/** Whitespace as rendered: collapses to one space (nbsp and the ideographic space included). */
const SPACES = /[\s\u00a0\u3000]+/g;

export function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** True for elements hidden with inline CSS (Word: `display:none;mso-hide:all`). */
export function isHidden(el: Element): boolean {
  const style = el.attribs['style'];
  return style !== undefined && /display\s*:\s*none|mso-hide\s*:\s*all/i.test(style);
}

/** Normalises collected text: whitespace runs become one space; BREAK markers become "\n"; empty lines go. */
export function normaliseLines(raw: string): string {
  return raw
    .split(BREAK)
    .map((line) => line.replace(SPACES, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * Depth-first traversal without recursion, because pages nest thousands of elements deep (unclosed
 * <font> and <div> tags) and recursion would overflow the stack. `enter` returns false to skip a
 * subtree; `exit` runs after the children of every node that was entered.
 */
export function traverse(root: AnyNode, enter: (node: AnyNode) => boolean, exit?: (node: AnyNode) => void): void {
  const stack: { node: AnyNode; leaving: boolean }[] = [{ node: root, leaving: false }];
  while (stack.length > 0) {
    const { node, leaving } = stack.pop()!;
    if (leaving) {
      exit!(node);
      continue;
    }
    if (!enter(node)) continue;
    if (exit) stack.push({ node, leaving: true });
    const children = (node as { children?: AnyNode[] }).children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, leaving: false });
  }
}

/** The text of a text node. */
export function textOf(node: AnyNode): string {
  return (node as unknown as { data: string }).data;
}

/**
 * Collects the text under a node with BREAK markers for `<br>` and block boundaries. A nested table is
 * flattened: its rows become lines and its cells are separated by a space.
 */
export function collectText(root: AnyNode, out: string[] = []): string[] {
  traverse(
    root,
    (node) => {
      if (node.type === 'text') {
        out.push(textOf(node));
        return false;
      }
      if (!isElement(node)) return node.type === 'root';
      const tag = node.name.toLowerCase();
      if (SKIPPED_TAGS.has(tag) || isHidden(node)) return false;
      if (tag === 'br') {
        out.push(BREAK);
        return false;
      }
      if (tag === 'td' || tag === 'th') out.push(' ');
      if (BLOCK_TAGS.has(tag)) out.push(BREAK);
      return true;
    },
    (node) => {
      if (isElement(node) && BLOCK_TAGS.has(node.name.toLowerCase())) out.push(BREAK);
    },
  );
  return out;
}

/** True when an element below `el` matches. */
export function hasDescendant(el: AnyNode, test: (el: Element) => boolean): boolean {
  let found = false;
  traverse(el, (node) => {
    if (found || !(isElement(node) || node === el)) return false;
    if (node !== el && isElement(node) && test(node)) found = true;
    return !found;
  });
  return found;
}

/** The rows of a table, without the rows of tables nested in its cells. */
export function tableRows(table: Element): Element[] {
  const rows: Element[] = [];
  for (const child of table.children) {
    if (!isElement(child)) continue;
    const tag = child.name.toLowerCase();
    if (tag === 'tr') rows.push(child);
    else if (tag === 'thead' || tag === 'tbody' || tag === 'tfoot') {
      for (const row of child.children) if (isElement(row) && row.name.toLowerCase() === 'tr') rows.push(row);
    }
  }
  return rows;
}

/** The cells of a row (`td`/`th`), without hidden ones. */
export function rowCells(row: Element): Element[] {
  return row.children.filter(
    (c): c is Element => isElement(c) && (c.name === 'td' || c.name === 'th') && !isHidden(c),
  );
}

function span(el: Element, name: string, max: number): number {
  const raw = el.attribs[name];
  if (raw === undefined) return 1;
  const n = Number.parseInt(raw, 10);
  // rowspan="0" means "to the end of the table section"; the caller clamps it to the rows left.
  if (name === 'rowspan' && n === 0) return max;
  return Number.isFinite(n) && n >= 1 ? Math.min(n, max) : 1;
}

function hasNestedTable(el: Element): boolean {
  return hasDescendant(el, (d) => d.name === 'table');
}

/**
 * What the source format knows about a row that its HTML lost. DOCX: mammoth drops w:gridBefore and
 * w:gridAfter (columns a row leaves empty) and keeps the cells of a legacy w:hMerge run separate.
 */
export interface RowHint {
  /** Grid columns left empty before the row's first cell (w:gridBefore). */
  readonly before: number;
  /** Grid columns left empty after the row's last cell (w:gridAfter). */
  readonly after: number;
  /** Per cell of the HTML row: extra columns it takes over from cells merged into it, or -1 to drop it. */
  readonly absorb: readonly number[];
}

export interface ReadTable {
  readonly cells: TableCell[];
  readonly grid: number[][];
  readonly rows: string[][];
  readonly messages: Message[];
  /** True when row hints were given for every row and applied. */
  readonly hinted: boolean;
}

/**
 * Reads one `<table>` element. `where` locates the messages (file and block index of the table).
 * `hints`, one per row, restore what the HTML lost; they are ignored unless there is one for every row.
 * Never throws: ragged rows and flattened nested tables become warnings.
 */
export function readTable(table: Element, where: { file: string; block: number }, hints?: readonly RowHint[]): ReadTable {
  const messages: Message[] = [];
  const rowEls = tableRows(table);
  const hinted = hints !== undefined && hints.length === rowEls.length ? hints : undefined;
  const cells: TableCell[] = [];
  // occupied[r] holds the columns of row r already covered by rowspans from rows above.
  const occupied: Set<number>[] = rowEls.map(() => new Set<number>());
  let nested = 0;
  let clamped = 0;
  rowEls.forEach((rowEl, r) => {
    const hint = hinted?.[r];
    let col = hint?.before ?? 0;
    const cellEls = rowCells(rowEl);
    // Merges are only restored when the hint describes exactly these cells.
    const merges = hint && hint.absorb.length === cellEls.length ? hint.absorb : undefined;
    for (const [i, cellEl] of cellEls.entries()) {
      const absorb = merges?.[i] ?? 0;
      if (absorb < 0) continue;
      while (occupied[r]!.has(col)) col++;
      const rowsLeft = rowEls.length - r;
      let rowSpan = span(cellEl, 'rowspan', MAX_ROWSPAN);
      if (rowSpan > rowsLeft) {
        // Word's HTML export sometimes declares rowspans past the last row; browsers truncate them too.
        if (cellEl.attribs['rowspan'] !== '0') clamped++;
        rowSpan = rowsLeft;
      }
      const colSpan = Math.min(span(cellEl, 'colspan', MAX_COLSPAN) + absorb, MAX_COLSPAN);
      if (hasNestedTable(cellEl)) nested++;
      const text = normaliseLines(collectText(cellEl).join(''));
      cells.push({ row: r, col, rowSpan, colSpan, text });
      for (let k = r; k < r + rowSpan; k++) {
        for (let c = col; c < col + colSpan; c++) occupied[k]!.add(c);
      }
      col += colSpan;
    }
  });
  const { grid, rows, overlaps } = expandGrid(cells);
  const location = { file: where.file, block: where.block };
  if (nested > 0) {
    messages.push(
      warning('extract', 'table/nested-table', `${nested} cell(s) hold a nested table; its rows were flattened into the cell text`, location),
    );
  }
  if (clamped > 0) {
    messages.push(
      warning('extract', 'table/rowspan-clamped', `${clamped} cell(s) span past the last row; their rowspan was cut at the table end`, location),
    );
  }
  if (overlaps > 0) {
    messages.push(warning('extract', 'table/overlap', `${overlaps} grid position(s) are covered by two cells; the first cell was kept`, location));
  }
  const width = grid[0]?.length ?? 0;
  // Positions a hint says are deliberately empty (gridBefore/gridAfter) do not make a row ragged.
  const ragged = grid.flatMap((line, r) => {
    const from = hinted?.[r]?.before ?? 0;
    const to = line.length - (hinted?.[r]?.after ?? 0);
    return line.some((i, c) => i === -1 && c >= from && c < to) ? [r + 1] : [];
  });
  if (ragged.length > 0) {
    messages.push(
      warning(
        'extract',
        'table/ragged-rows',
        `row(s) ${ragged.slice(0, 10).join(', ')}${ragged.length > 10 ? ' …' : ''} cover fewer than the table's ${width} columns; the missing positions are empty, so columns may be shifted`,
        location,
      ),
    );
  }
  return { cells, grid, rows, messages, hinted: hinted !== undefined };
}
