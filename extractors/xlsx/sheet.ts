/**
 * One worksheet as the printed page shows it: the cells that hold text, on the rows and columns that are
 * not hidden, with merged ranges as spans. Each cell keeps its printed text (the number format applied,
 * a formula's cached result) beside its stored value, and its A1 address.
 */
import type { CellObject, Range, WorkSheet } from '@e965/xlsx';

/** A cell that starts at a visible position, in visible coordinates (hidden rows/columns removed). */
export interface SheetCell {
  /** Index in `VisibleSheet.rows` / `VisibleSheet.columns`. */
  readonly row: number;
  readonly col: number;
  readonly rowSpan: number;
  readonly colSpan: number;
  readonly text: string;
  readonly address: string;
  /** The stored value where it differs from the printed text (numbers, formulas' results, booleans). */
  readonly value?: string;
  /** Excel's error value (#DIV/0!, #REF!) is printed in the cell. */
  readonly error?: boolean;
}

export interface VisibleSheet {
  /** Sheet row indices (0-based) of the visible rows that hold a cell or a merged range, in order. */
  readonly rows: readonly number[];
  /** Sheet column indices (0-based) of the visible columns that hold text, in order. */
  readonly columns: readonly number[];
  readonly cells: readonly SheetCell[];
  /** Hidden rows and columns that held text (A1 row numbers and column letters), skipped. */
  readonly hiddenRows: readonly number[];
  readonly hiddenColumns: readonly number[];
}

/** A1 column letters of a 0-based column index. */
export function columnName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export const address = (r: number, c: number): string => `${columnName(c)}${r + 1}`;

/**
 * The printed text of a cell: the formatted text (`w`, which SheetJS makes from the number format) with
 * the padding that formats such as `#,##0.00_ ` add trimmed; line breaks kept, other whitespace collapsed.
 */
function printed(cell: CellObject): string {
  const raw = cell.w ?? (cell.v === undefined || cell.v === null ? '' : String(cell.v as string | number | boolean));
  return raw
    .replace(/\r\n?/g, '\n')
    .split('\n')
    // Ideographic spaces indent names by level (\u3000\u3000其中：…) and are kept; other padding is not.
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').replace(/^ | $/g, ''))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

function storedValue(cell: CellObject, text: string): string | undefined {
  if (cell.t === 'n' || cell.t === 'b') {
    const v = String(cell.v as number | boolean);
    return v === text ? undefined : v;
  }
  if (cell.t === 'd' && cell.v instanceof Date) return cell.v.toISOString();
  return undefined;
}

/** Reads a worksheet (read with `dense: true`) into its visible cells. */
export function visibleSheet(ws: WorkSheet): VisibleSheet {
  const data = (ws['!data'] ?? []) as (CellObject[] | undefined)[];
  const hiddenRow = (r: number) => ws['!rows']?.[r]?.hidden === true;
  const hiddenCol = (c: number) => ws['!cols']?.[c]?.hidden === true;

  // Text cells by position; the used range is where text is, not the sheet's declared dimension (the
  // district template declares A1:IS23 and A1:I3380 around a few dozen filled cells).
  const text = new Map<number, Map<number, { text: string; cell: CellObject }>>();
  const hiddenRows = new Set<number>();
  const hiddenColumns = new Set<number>();
  data.forEach((line, r) => {
    line?.forEach((cell, c) => {
      if (!cell) return;
      const t = printed(cell);
      if (t === '') return;
      if (hiddenRow(r)) hiddenRows.add(r + 1);
      if (hiddenCol(c)) hiddenColumns.add(c);
      if (hiddenRow(r) || hiddenCol(c)) return;
      let row = text.get(r);
      if (!row) text.set(r, (row = new Map()));
      row.set(c, { text: t, cell });
    });
  });

  const usedCols = new Set<number>();
  for (const row of text.values()) for (const c of row.keys()) usedCols.add(c);
  const maxCol = usedCols.size === 0 ? -1 : Math.max(...usedCols);
  const maxRow = text.size === 0 ? -1 : Math.max(...text.keys());

  // Merged ranges clipped to the used range; a range is anchored at its first visible position and takes
  // the text of its top-left cell (Excel keeps only that one).
  const merges: Range[] = (ws['!merges'] ?? [])
    .map((m) => ({ s: m.s, e: { r: Math.min(m.e.r, maxRow), c: Math.min(m.e.c, maxCol) } }))
    .filter((m) => m.s.r <= m.e.r && m.s.c <= m.e.c);

  const rowSet = new Set<number>(text.keys());
  const colSet = new Set<number>(usedCols);
  for (const m of merges) {
    if (!text.get(m.s.r)?.has(m.s.c)) continue;
    for (let r = m.s.r; r <= m.e.r; r++) if (!hiddenRow(r)) rowSet.add(r);
  }
  const rows = [...rowSet].sort((a, b) => a - b);
  const columns = [...colSet].sort((a, b) => a - b);
  const rowIndex = new Map(rows.map((r, i) => [r, i]));
  const colIndex = new Map(columns.map((c, i) => [c, i]));

  const cells: SheetCell[] = [];
  const covered = new Set<string>();
  const place = (r: number, c: number, rowSpan: number, colSpan: number, content: { text: string; cell: CellObject }, at: string) => {
    const value = storedValue(content.cell, content.text);
    cells.push({
      row: rowIndex.get(r)!,
      col: colIndex.get(c)!,
      rowSpan,
      colSpan,
      text: content.text,
      address: at,
      ...(value === undefined ? {} : { value }),
      ...(content.cell.t === 'e' ? { error: true } : {}),
    });
  };
  for (const m of merges) {
    const content = text.get(m.s.r)?.get(m.s.c);
    if (!content) continue;
    const rs = rows.filter((r) => r >= m.s.r && r <= m.e.r);
    const cs = columns.filter((c) => c >= m.s.c && c <= m.e.c);
    const r0 = rs[0];
    const c0 = cs[0];
    if (r0 === undefined || c0 === undefined) continue;
    for (const r of rs) for (const c of cs) covered.add(`${r}:${c}`);
    place(r0, c0, rs.length, cs.length, content, address(m.s.r, m.s.c));
  }
  for (const [r, line] of text) {
    for (const [c, content] of line) {
      if (covered.has(`${r}:${c}`)) continue;
      place(r, c, 1, 1, content, address(r, c));
    }
  }
  cells.sort((a, b) => a.row - b.row || a.col - b.col);
  return {
    rows,
    columns,
    cells,
    hiddenRows: [...hiddenRows].sort((a, b) => a - b),
    hiddenColumns: [...hiddenColumns].sort((a, b) => a - b),
  };
}
