import { assembleDocument, expandGrid, type Document, type DraftBlock, type TableCell } from '../../../extractors/model.ts';

/** A document from lines: "# text" is a heading, "| a | b" a table row (cells split on "|"), anything else a paragraph. */
export function docFromLines(lines: readonly string[], tableTitle: string | null = null, tableContext: readonly string[] = []): Document {
  const drafts: DraftBlock[] = [];
  let rows: string[][] = [];
  const flush = (): void => {
    if (rows.length === 0) return;
    const cells: TableCell[] = rows.flatMap((r, row) => r.map((text, col) => ({ row, col, rowSpan: 1, colSpan: 1, text })));
    const { grid, rows: expanded } = expandGrid(cells);
    drafts.push({ type: 'table', title: tableTitle, context: tableContext, cells, grid, rows: expanded });
    rows = [];
  };
  for (const line of lines) {
    if (line.startsWith('|')) {
      rows.push(line.slice(1).split('|').map((c) => c.trim()));
      continue;
    }
    flush();
    if (line.startsWith('# ')) drafts.push({ type: 'heading', level: 2, numbering: null, text: line.slice(2) });
    else drafts.push({ type: 'paragraph', text: line });
  }
  flush();
  return assembleDocument({ path: 'test', sha256: '0'.repeat(64), format: 'html', bytes: 0 }, drafts, []);
}
