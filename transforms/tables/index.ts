/**
 * The standard tables of a report: table blocks of the Document → ReportTables of LineItems (docs/domain.md,
 * "The standard tables"). Each table is recognised by its title (transforms/tables/registry.ts), its
 * header parsed into column paths (transforms/tables/headers.ts), its rows read into line items
 * (transforms/tables/rows.ts); a table continued over several blocks is joined, a table declared empty
 * (说明：本单位无…) keeps its note, and the standard tables only listed by title (附表 lists) are named.
 * Performance tables (绩效自评表) are left to transforms/performance.ts: they become projects.
 */
import { info, result, warning, type Message, type Result } from '../../core/messages.ts';
import type { Document, TableBlock } from '../../extractors/model.ts';
import { parseNumber } from '../money/amounts.ts';
import { tableMoneyUnit } from '../money/units.ts';
import type { Codebook } from '../codebook/codebook.ts';
import { findHeaderRows, parseHeader, type TableHeader } from './headers.ts';
import type { LineItem, MoneyUnit, ReportMeta, ReportTable, TableId } from '../model.ts';
import { ABSENCE_NOTE, NOTE_TEXT, newTableState, readRows, sameRow, type TableState } from './rows.ts';
import { isStandardTableId, normaliseTitle, PERFORMANCE_TABLE_IDS, recogniseTable, tableIdFor } from './registry.ts';
import { isFurniture, isNameTail, onlyFurnitureBetween, rowLine, rowLinesOf, widen, withRowLines, type RowLine } from './continued.ts';
import { linesBefore, titleLines, titleOf } from './titles.ts';

/** A table being assembled from one or more blocks. */
interface Draft {
  readonly tableId: TableId;
  readonly title: string;
  readonly moneyUnit: MoneyUnit | null;
  readonly header: TableHeader;
  /** The header rows of the first block, to recognise a header repeated on a continued block. */
  readonly headerTexts: readonly (readonly string[])[];
  readonly width: number;
  readonly blocks: number[];
  readonly rows: LineItem[];
  /** The panel of each row within its side (Column.panel). */
  readonly panels: number[];
  readonly notes: string[];
  readonly state: TableState;
  /** Block index after which nothing but captions may stand before a continued block. */
  last: number;
}

/** The money unit declared for a table: in its captions, its title, or a (万元) in its header. */
function declaredUnit(block: TableBlock, captions: readonly string[], header: TableHeader): MoneyUnit | null {
  return tableMoneyUnit([...captions, ...[...block.context].reverse(), block.title ?? ''], header.columns.map((c) => c.path));
}

/**
 * Extracts the tables of a report. `meta.kind` resolves titles without 预算/决算; `meta.year` is the
 * codebook edition of the canonical codes. Returns the tables and the standard tables listed by title
 * without being included.
 */
export function extractTables(
  doc: Document,
  meta: ReportMeta,
  codebook: Codebook,
): Result<{ tables: ReportTable[]; listed: TableId[] }> {
  const messages: Message[] = [];
  const file = doc.source.path;
  const drafts: Draft[] = [];
  const presentIds = new Set<TableId>();
  let current: Draft | null = null;
  let lastUnit: MoneyUnit | null = null;
  /** The last block of the performance table being read, and its width. */
  let performance: { last: number; width: number } | null = null;

  for (const block of doc.blocks) {
    if (block.type !== 'table') continue;
    const width = block.grid[0]?.length ?? 0;
    const probe = findHeaderRows(block);
    const { title, id } = titleOf(block, meta.kind, probe.captions, block.title === null ? linesBefore(doc.blocks, block.index) : []);
    if (id) presentIds.add(id);

    // A continued block: the same title again (or （续）) or no title, the same width, nothing but page
    // furniture in between.
    const sameTitle = id !== null && current !== null && id === current.tableId && normaliseTitle(title ?? '') === normaliseTitle(current.title);
    const continued = id === null ? block.title === null || /续/.test(block.title) || isFurniture(block.title) : sameTitle || (id === current?.tableId && /续/.test(title ?? ''));
    if (current && width === current.width && continued && onlyFurnitureBetween(doc.blocks, current.last, block.index, sameTitle || continued ? block.context : [])) {
      appendBlock(current, block, file);
      continue;
    }
    // The first rows of a continuation printed above the page's top rule read as its captions ("2040504 案件审判
    // 1,833.30" as the title): they are laid back into the block.
    const above = current && id === null && width === current.width ? rowLinesOf(block.context) : null;
    const withAbove = above && current ? withRowLines(block, above, current.header, 'above') : null;
    if (current && withAbove && onlyFurnitureBetween(doc.blocks, current.last, block.index, block.context)) {
      appendBlock(current, withAbove, file);
      continue;
    }
    // The last rows of a two-sided table, alone on the next page, rebuilt with fewer columns where their
    // cells merge (Jiangsu 2017 收支预算总表: 上年结转资金 | 结转下年资金 | 收入合计 | 支出合计 over 4 columns of 6).
    const widened = current && id === null && block.title === null && width < current.width ? widen(block, current.header) : null;
    if (current && widened && onlyFurnitureBetween(doc.blocks, current.last, block.index, [])) {
      appendBlock(current, widened, file);
      continue;
    }
    if (id && PERFORMANCE_TABLE_IDS.has(id)) {
      current = null;
      performance = { last: block.index, width };
      continue;
    }
    // Untitled blocks after a performance table are more of the same project tables: of its width, or of any
    // width right after it (a PDF page rebuilds a heavily merged table's columns on its own).
    if (performance && id === null && block.title === null) {
      if (performance.width === width || onlyFurnitureBetween(doc.blocks, performance.last, block.index, [])) {
        performance = { last: block.index, width: performance.width };
        continue;
      }
    }
    performance = null;

    const tableId = id ?? tableIdFor(title, meta.kind);
    const header = parseHeader(block, { budgetTable: tableId.startsWith('budget.') || (meta.kind === 'budget' && !tableId.startsWith('final.')) });
    let moneyUnit = declaredUnit(block, probe.captions, header);
    const where = { file, block: block.index };
    if (moneyUnit === null) {
      const assumed = lastUnit ?? meta.moneyUnit;
      messages.push(
        assumed
          ? warning('transform', 'table/money-unit-assumed', `table ${tableId} declares no money unit; ${assumed} is assumed from ${lastUnit ? 'the table before it' : 'the narrative'}, so its amounts are wrong if that differs`, where)
          : warning('transform', 'table/money-unit-unknown', `table ${tableId} declares no money unit and none is known from the document; its values have no amount in 元`, where),
      );
      moneyUnit = assumed;
    } else lastUnit = moneyUnit;
    if (id === null) {
      messages.push(info('transform', 'table/unrecognised', `table "${title ?? '(untitled)'}" is not a standard table; it is kept as ${tableId}`, where));
    }
    current = {
      tableId,
      title: title ?? '',
      moneyUnit,
      header,
      headerTexts: block.rows.slice(probe.start, header.headerRows),
      width,
      blocks: [],
      rows: [],
      panels: [],
      notes: [],
      state: newTableState(),
      last: block.index,
    };
    drafts.push(current);
    readBlock(current, block, header, header.headerRows, file, messages);
  }

  for (const d of drafts) readTotalsBelow(d);
  const tables = drafts.map((d) => finish(d, doc, messages));
  tables.push(...emptyTablesWithoutGrid(doc, meta, tables));
  for (const t of tables) presentIds.add(t.tableId);
  const listed = listedTables(doc, meta, presentIds);
  const coded = withCanonicalCodes(tables, meta, codebook, messages);
  return result({ tables: coded, listed }, messages);

  /** A lone 合计 row printed under a table's last block without its grid (on the next page): read into the table. */
  function readTotalsBelow(d: Draft): void {
    const lines: RowLine[] = [];
    let at = -1;
    for (let i = d.last + 1; i < doc.blocks.length; i++) {
      const b = doc.blocks[i]!;
      if (b.type === 'image') continue;
      if (b.type === 'table') break;
      const row = rowLine(b.text);
      if (row && row.code === null) [lines[lines.length], at] = [row, i];
      else if (lines.length > 0 || !isFurniture(b.text)) break;
    }
    const host = doc.blocks[at];
    if (!host || host.type === 'table') return;
    const empty: TableBlock = { ...host, type: 'table', title: null, context: [], cells: [], grid: [], rows: [] };
    const block = withRowLines(empty, lines, d.header, 'alone');
    if (block) readBlock(d, block, d.header, 0, file, messages);
  }

  function appendBlock(d: Draft, block: TableBlock, f: string): void {
    // The header repeated at the top of the continued block is skipped; otherwise only a 栏次 row is.
    const probe = findHeaderRows(block, false);
    let from = probe.end;
    const n = d.headerTexts.length;
    if (n > 0 && block.rows.length >= probe.start + n && d.headerTexts.every((row, k) => sameRow(row, block.rows[probe.start + k]!))) {
      from = probe.start + n;
    }
    d.last = block.index;
    readBlock(d, block, d.header, from, f, messages);
  }
}

function readBlock(d: Draft, block: TableBlock, header: TableHeader, from: number, file: string, messages: Message[]): void {
  d.blocks.push(block.index);
  const ctx = { tableId: d.tableId, moneyUnit: d.moneyUnit, block: block.index, file, ...(block.page !== undefined ? { page: block.page } : {}) };
  const read = readRows(block, header, from, ctx, d.state);
  read.items.forEach((item, k) => {
    const panel = read.panels[k] ?? 0;
    const oneName = header.columns.filter((c) => c.role === 'name' && c.side === item.side && c.panel === panel).length === 1;
    const before = d.blocks.length > 1 && item.prov.row === from && oneName && isNameTail(item) ? lastOf(d, item.side, panel) : -1;
    if (before >= 0) {
      // The rest of a name wrapped over the page break (八、社会保障和就 | 业支出): joined to its row.
      d.rows[before] = { ...d.rows[before]!, name: d.rows[before]!.name + item.name };
      return;
    }
    d.rows.push(item);
    d.panels.push(panel);
  });
  d.notes.push(...read.notes);
  messages.push(...read.messages);
}

/** The index of the last row read of a side's panel, or -1. */
function lastOf(d: Draft, side: LineItem['side'], panel: number): number {
  for (let i = d.rows.length - 1; i >= 0; i--) if (d.rows[i]!.side === side && (d.panels[i] ?? 0) === panel) return i;
  return -1;
}

/**
 * The note printed under a table (the paragraphs right after its last block) that declares it empty, or
 * null. The 说明 may follow a description (注：本表反映…) and the template's instruction line
 * (无…的，仍保留该表格式，并在本表下方作下述说明：), so a few paragraphs are read.
 */
function noteAfter(doc: Document, last: number): string | null {
  const found: string[] = [];
  for (let i = last + 1; i < doc.blocks.length && i <= last + 4; i++) {
    const b = doc.blocks[i]!;
    if (b.type !== 'paragraph') break;
    if (NOTE_TEXT.test(b.text) && ABSENCE_NOTE.test(b.text) && !/仍保留该表格式/.test(b.text)) found.push(b.text.replace(/[\s\u3000]+/g, ''));
  }
  return found.find((t) => /^(说明|注)/.test(t)) ?? found[0] ?? null;
}

function finish(d: Draft, doc: Document, messages: Message[]): ReportTable {
  const hasValue = d.rows.some((r) => r.values.some((v) => v.text !== '' && parseNumber(v.text)?.blank !== true));
  const note = [...d.notes, noteAfter(doc, d.last)].find((n): n is string => !!n && ABSENCE_NOTE.test(n)) ?? null;
  const empty = note !== null && !hasValue;
  if (note !== null && hasValue) {
    messages.push(info('transform', 'table/note', `table ${d.tableId} prints a note ("${note.slice(0, 40)}") but has values; it is read as a table with data`, { block: d.blocks[0]! }));
  }
  const cols = d.header.columns.filter((c) => c.role === 'value');
  const columns = d.header.twoSided
    ? { left: cols.filter((c) => c.side === 'left').map((c) => c.path), right: cols.filter((c) => c.side === 'right').map((c) => c.path) }
    : cols.map((c) => c.path);
  return {
    tableId: d.tableId,
    title: d.title,
    moneyUnit: d.moneyUnit,
    columns,
    rows: empty ? [] : ordered(d),
    emptyNote: empty ? note : null,
    blocks: d.blocks,
  };
}

const sideRank = (s: LineItem['side']): number => (s === 'right' ? 1 : 0);

/**
 * Left side first, then right: each side is a list of its own (docs/domain.md, two-sided tables); a side printed
 * as two panels lists its first panel, then its second. Rows are numbered in that order (a name tail joined
 * to its row leaves no gap).
 */
function ordered(d: Draft): LineItem[] {
  const sorted = d.rows
    .map((row, i) => ({ row, panel: d.panels[i] ?? 0, i }))
    .sort((a, b) => sideRank(a.row.side) - sideRank(b.row.side) || a.panel - b.panel || a.i - b.i);
  const next = new Map<LineItem['side'], number>();
  return sorted.map(({ row }) => {
    const order = next.get(row.side) ?? 0;
    next.set(row.side, order + 1);
    return { ...row, order };
  });
}

/**
 * Tables printed as a title and a note without a grid (七、“三公”经费支出决算表 / 说明：本单位无…): empty
 * tables with their note and no columns.
 */
function emptyTablesWithoutGrid(doc: Document, meta: ReportMeta, found: readonly ReportTable[]): ReportTable[] {
  const out: ReportTable[] = [];
  const have = new Set(found.map((t) => t.tableId));
  for (const line of titleLines(doc)) {
    const id = recogniseTable(line.text, meta.kind);
    if (!id || !isStandardTableId(id) || have.has(id) || PERFORMANCE_TABLE_IDS.has(id)) continue;
    const note = noteAfter(doc, line.index);
    if (!note) continue;
    have.add(id);
    out.push({ tableId: id, title: line.text, moneyUnit: null, columns: [], rows: [], emptyNote: note, blocks: [line.index] });
  }
  return out;
}

/** Standard tables named by title-like lines (附表 lists, contents) that the document does not include. */
function listedTables(doc: Document, meta: ReportMeta, present: ReadonlySet<TableId>): TableId[] {
  const listed: TableId[] = [];
  for (const line of titleLines(doc)) {
    const id = recogniseTable(line.text, meta.kind);
    if (id && isStandardTableId(id) && !present.has(id) && !listed.includes(id)) listed.push(id);
  }
  return listed;
}

/** Fills each coded line item's canonical code from the codebook of the report's year. */
function withCanonicalCodes(tables: readonly ReportTable[], meta: ReportMeta, codebook: Codebook, messages: Message[]): ReportTable[] {
  const year = meta.year;
  const coded = tables.some((t) => t.rows.some((r) => r.code !== null && r.codeScheme !== 'none'));
  if (year === null) {
    if (coded) messages.push(warning('transform', 'code/no-edition', 'the report year is unknown, so no codebook edition applies; canonical codes are left empty'));
    return [...tables];
  }
  const unmapped = new Map<string, string>();
  const out = tables.map((t) => ({
    ...t,
    rows: t.rows.map((r) => {
      if (r.code === null || r.codeScheme === 'none') return r;
      const c = codebook.canonical(r.codeScheme, year, r.code);
      if (c.warning) unmapped.set(`${r.codeScheme} ${r.code}`, c.warning);
      return { ...r, canonicalCode: c.canonicalCode };
    }),
  }));
  if (unmapped.size > 0) {
    const examples = [...unmapped.values()].slice(0, 3).join('; ');
    messages.push(
      info('transform', 'code/canonical-unverified', `${unmapped.size} code(s) have no verified mapping to the canonical edition and are kept as printed (${examples}${unmapped.size > 3 ? '; …' : ''})`),
    );
  }
  return out;
}
