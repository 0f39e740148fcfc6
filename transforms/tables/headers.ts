/**
 * Table headers: which top rows of a table block are header, what each column is (a code column, one of
 * the split 科目编码 类 | 款 | 项 columns, the name column, a 行次 column or a value column), the column path
 * of each value column (header levels joined by "/": 本年支出/基本支出), its canonical measure, and the two
 * sides of a two-sided table. Pure functions over the expanded grid of a TableBlock.
 *
 * Layouts handled (docs/domain.md, "What real tables do"): merged multi-row headers; a 栏次 row of column
 * numbers under the header (skipped); a caption row inside the table (title or 单位：万元); 收入 | 支出
 * captions over the two halves of a two-sided table (dropped from the paths: the side says it).
 */
import type { TableBlock } from '../../extractors/model.ts';
import { looksLikeCode, parseNumber } from '../money/amounts.ts';
import { parseMoneyUnit } from '../money/units.ts';
import type { Measure, Side } from '../model.ts';
import { recogniseTable } from './registry.ts';

/** The grid of a table block: what header and row parsing need. */
export type TableGrid = Pick<TableBlock, 'cells' | 'grid' | 'rows'>;

export type CodePart = 'lei' | 'kuan' | 'xiang';

export type ColumnRole = 'code' | 'name' | 'line' | 'value';

/** One grid column of a table. */
export interface Column {
  /** Grid column index. */
  readonly index: number;
  readonly role: ColumnRole;
  /** For split code columns: which part of the code (类 / 款 / 项); null for a whole-code column. */
  readonly codePart: CodePart | null;
  /** The header path, levels joined by "/", side captions dropped ("" when the header prints nothing). */
  readonly path: string;
  readonly measure: Measure | null;
  /** A percentage column (完成率, 占比, %): values are percents, not money. */
  readonly percent: boolean;
  /** The side of a two-sided table; null for a one-sided table. */
  readonly side: Side | null;
  /**
   * The panel within the side, from 0: a side that prints names and amounts twice side by side (Jiangsu's
   * 收支预算总表: 支出 by 功能分类 | by 支出用途) holds two lists, each row of a panel its own line item.
   */
  readonly panel: number;
  /**
   * A value column whose body is text, not numbers (经济科目 and 采购组织形式 in a procurement table): its
   * cells are kept as printed, without amounts, and are not each reported as unreadable amounts.
   */
  readonly text?: boolean;
}

export interface TableHeader {
  /** Rows at the top that are not data: caption rows, header rows, the 栏次 row. */
  readonly headerRows: number;
  /** Texts of caption rows printed inside the table (a title, 单位：元). */
  readonly captions: readonly string[];
  readonly columns: readonly Column[];
  readonly twoSided: boolean;
}

/** Removes all whitespace, keeping the characters as printed: texts wrap inside cells and are spaced for layout (项 目 with an ideographic space). */
export const compact = (text: string): string => text.replace(/[\s\u3000]+/g, '');

/** `compact` after NFKC (full-width forms folded): for matching words, never for output. */
export const squash = (text: string): string => compact(text.normalize('NFKC'));

const COLUMN_NUMBER_WORDS = /^(栏次|行次|甲|乙|丙|丁|\d{1,2})$/;

/** A 栏次 row: only column numbers (1 2 3 …) and the words 栏次/行次/甲/乙, with at least one number. */
export function isColumnNumberRow(row: readonly string[]): boolean {
  const texts = row.map(squash).filter((t) => t !== '');
  return texts.length > 0 && texts.every((t) => COLUMN_NUMBER_WORDS.test(t)) && texts.some((t) => /^\d+$/.test(t));
}

/** Header words printed on the rows of an unmerged multi-row header. */
const HEADER_WORDS =
  /^(类|款|项|科目编码|功能分类科目编码|经济分类科目编码|编码|科目代码|科目名称|名称|项目|项目名称|栏次|行次|预算数|决算数|金额|基本支出|项目支出|人员经费|公用经费|本年收入|本年支出|收入|支出)$/;

/** A row of nothing but header words (a second header row without merges). */
function isHeaderWordRow(row: readonly string[]): boolean {
  const texts = row.map(squash).filter((t) => t !== '');
  return texts.length > 0 && texts.every((t) => HEADER_WORDS.test(t));
}

/** A row that can only be data: an amount that is not a column number, or a classification code. */
export function isDataRow(row: readonly string[]): boolean {
  if (isColumnNumberRow(row)) return false;
  return row.some((raw) => {
    const t = squash(raw);
    if (t === '') return false;
    if (looksLikeCode(t)) return true;
    const n = parseNumber(t);
    return n !== null && !n.blank;
  });
}

/** A caption row inside the table: one cell across the whole width, or only unit/编制单位 lines. */
function isCaptionRow(t: TableGrid, r: number): boolean {
  const line = t.grid[r] ?? [];
  const distinct = [...new Set(line.filter((i) => i >= 0))];
  const texts = distinct.map((i) => t.cells[i]!.text).filter((x) => x.trim() !== '');
  if (texts.length === 0) return false;
  if (texts.every((x) => parseMoneyUnit(x) !== null || /编制(单位|部门)/.test(x))) return true;
  return distinct.length === 1 && line.length > 1 && recogniseTable(texts[0]!) !== null;
}

/** The header band from `start`: the rows reached by the cells that begin in it (merges extend it down). */
function headerBand(t: TableGrid, start: number): number {
  let end = start + 1;
  for (;;) {
    let next = end;
    for (const c of t.cells) if (c.row >= start && c.row < end) next = Math.max(next, c.row + c.rowSpan);
    if (next === end) return end;
    end = Math.min(next, t.rows.length);
  }
}

/**
 * Where the header of a table block ends, and its caption rows. With `expectHeader` false (a continued
 * block), a block whose first row is data has no header.
 */
export function findHeaderRows(t: TableGrid, expectHeader = true): { start: number; end: number; captions: string[] } {
  const captions: string[] = [];
  let start = 0;
  while (start < t.rows.length && isCaptionRow(t, start)) {
    captions.push(...new Set((t.rows[start] ?? []).filter((x) => x.trim() !== '')));
    start++;
  }
  const first = t.rows[start];
  if (!first || isDataRow(first)) return { start, end: start, captions };
  // A continued block repeats at most the 栏次 row here; a repeated full header is found by comparing it
  // with the header of the block it continues (transforms/tables/index.ts).
  if (!expectHeader) return { start, end: isColumnNumberRow(first) ? start + 1 : start, captions };
  let end = isColumnNumberRow(first) ? start + 1 : headerBand(t, start);
  while (end < t.rows.length) {
    const row = t.rows[end]!;
    if (isDataRow(row)) break;
    if (isColumnNumberRow(row) || isHeaderWordRow(row) || groupEndsAt(t, end - 1)) {
      end = Math.max(end + 1, headerBand(t, end));
      continue;
    }
    break;
  }
  return { start, end, captions };
}

/**
 * Whether a group cell (spanning several columns, not the whole width) ends on row r: its sub-headers
 * are on the row below (收入 over 项目 | 行次 | 金额 in an unmerged second row).
 */
function groupEndsAt(t: TableGrid, r: number): boolean {
  return t.cells.some((c) => c.row + c.rowSpan - 1 === r && c.colSpan > 1 && compact(c.text) !== '');
}

interface RawColumn {
  readonly index: number;
  /** Distinct header cells covering the column, top down (cell indices), 栏次 rows excluded. */
  readonly cells: readonly number[];
  readonly parts: readonly string[];
}

function rawColumns(t: TableGrid, start: number, end: number): RawColumn[] {
  const width = t.grid[0]?.length ?? 0;
  const numberRows = new Set<number>();
  for (let r = start; r < end; r++) if (isColumnNumberRow(t.rows[r] ?? [])) numberRows.add(r);
  return Array.from({ length: width }, (_, c) => {
    const cells: number[] = [];
    for (let r = start; r < end; r++) {
      if (numberRows.has(r)) continue;
      const i = t.grid[r]?.[c] ?? -1;
      if (i < 0 || cells.includes(i) || compact(t.cells[i]!.text) === '') continue;
      cells.push(i);
    }
    return { index: c, cells, parts: cells.map((i) => compact(t.cells[i]!.text)) };
  });
}

const CODE_PARTS: Readonly<Record<string, CodePart>> = { 类: 'lei', 款: 'kuan', 项: 'xiang' };

function leafRole(text: string): { role: ColumnRole; codePart: CodePart | null } | null {
  const leaf = squash(text);
  const part = CODE_PARTS[leaf];
  if (part) return { role: 'code', codePart: part };
  if (/(编码|代码|科目号)$|^(编码|代码)/.test(leaf)) return { role: 'code', codePart: null };
  if (/^(行次|栏次|序号)$/.test(leaf)) return { role: 'line', codePart: null };
  if (/名称$|^(项目|科目|项目\(.*\)|收入项目|支出项目|(功能|经济)分类科目|支出功能分类科目|单位|部门)$/.test(leaf)) {
    return { role: 'name', codePart: null };
  }
  return null;
}

/**
 * The role of a column: the deepest header part that names a label (code, 类/款/项, name, 行次) decides, so
 * that a 合计 printed under 科目名称 (the Shanghai 2024 t08/t09 print their sub-headers on the 合计 row)
 * does not make the name column a value column.
 */
function roleOf(parts: readonly string[]): { role: ColumnRole; codePart: CodePart | null } {
  for (let i = parts.length - 1; i >= 0; i--) {
    const r = leafRole(parts[i]!);
    if (r) return r;
  }
  return { role: 'value', codePart: null };
}

/** Percent columns: completion rates, shares, growth rates, anything marked %. */
const PERCENT = /%|率|比例|占比|百分比/;

/**
 * The canonical measure of a column path. The leaf decides; where it says nothing known (小计 under a
 * group is known, 决算数 under 合计 is known), the levels above are tried from the bottom up.
 * `budgetTable` maps 预算数 to `amount` (the figure of a budget report) rather than `budget_initial`.
 */
export function measureOf(path: string, budgetTable = false): { measure: Measure | null; percent: boolean } {
  const parts = path.split('/').map(squash).filter((p) => p !== '');
  const leaf = parts[parts.length - 1] ?? '';
  if (PERCENT.test(leaf)) return { measure: /完成|决算数为预算数/.test(leaf) ? 'completion_pct' : null, percent: true };
  for (let i = parts.length - 1; i >= 0; i--) {
    const m = leafMeasure(parts[i]!, budgetTable);
    if (m) return { measure: m, percent: false };
  }
  return { measure: null, percent: false };
}

const MEASURE_RULES: readonly (readonly [RegExp, Measure])[] = [
  [/^(合计|小计|总计|本年收入合计|本年支出合计|收入合计|支出合计)$/, 'total'],
  [/年初结转(和|及)?结余|上年结转/, 'carryover_begin'],
  [/年末结转(和|及)?结余/, 'carryover_end'],
  [/基本支出/, 'basic'],
  [/项目支出/, 'project'],
  [/^年初预算/, 'budget_initial'],
  [/全年预算|调整(后)?预算|变动预算/, 'budget_adjusted'],
  [/上缴上级支出/, 'remit_upper'],
  [/对附属单位补助支出/, 'affiliate_subsidy'],
  [/附属单位上缴收入/, 'affiliate_remit'],
  [/上级补助收入/, 'upper_subsidy'],
  [/经营(收入|支出)/, 'operating'],
  [/^事业收入/, 'business'],
  [/^其他收入/, 'other'],
  [/一般公共预算/, 'general_budget'],
  [/政府性基金/, 'gov_fund'],
  [/国有资本经营/, 'state_capital'],
  [/^财政拨款(收入)?$/, 'fiscal_grant'],
  [/^本年收入$/, 'income'],
  [/^本年支出$/, 'expenditure'],
  [/^上年/, 'prior_year'],
  [/^增减(额)?$|^增加额$/, 'change'],
  [/^(金额|数额)$/, 'amount'],
];

function leafMeasure(leaf: string, budgetTable: boolean): Measure | null {
  for (const [re, m] of MEASURE_RULES) if (re.test(leaf)) return m;
  if (/决算数?$/.test(leaf)) return 'final';
  if (/预算数?$/.test(leaf)) return budgetTable ? 'amount' : 'budget_initial';
  return null;
}

/** Column index ranges of the sides: left is [0, split), right is [split, width). */
function sideSplit(roles: readonly ColumnRole[]): number | null {
  let seenValue = false;
  for (let c = 0; c < roles.length; c++) {
    const role = roles[c]!;
    if (role === 'value') seenValue = true;
    else if (seenValue && (role === 'name' || role === 'code')) return c;
  }
  return null;
}

/**
 * The panel of each column within its side: a new panel starts where a name or code column follows a money
 * column of the same side. Only two-sided tables have panels, and only where no value column holds text (a
 * procurement table's 经济科目 | 采购物品名称 are not a second list).
 */
function withPanels(columns: readonly Column[], split: number | null): Column[] {
  if (split === null || columns.some((c) => c.role === 'value' && c.text)) return [...columns];
  let panel = 0;
  let seenValue = false;
  return columns.map((col) => {
    if (col.index === split) [panel, seenValue] = [0, false];
    if (seenValue && (col.role === 'name' || col.role === 'code')) [panel, seenValue] = [panel + 1, false];
    if (col.role === 'value') seenValue = true;
    return panel === 0 ? col : { ...col, panel };
  });
}

/** Whether a column's body cells read as text (names) rather than numbers: more text cells, and at least `least`. */
function bodyIsText(t: TableGrid, c: number, from: number, least = 1): boolean {
  let text = 0;
  let numbers = 0;
  for (let r = from; r < t.rows.length; r++) {
    const s = squash(t.rows[r]?.[c] ?? '');
    if (s === '') continue;
    if (parseNumber(s) !== null) numbers++;
    else text++;
  }
  return text > numbers && text >= least;
}

/**
 * Parses the header of a table block. `budgetTable` selects the measure of 预算数 (see `measureOf`).
 * A column with no header text is a name column when its cells are text, else a value column.
 */
export function parseHeader(t: TableGrid, options: { budgetTable?: boolean; expectHeader?: boolean } = {}): TableHeader {
  const { start, end, captions } = findHeaderRows(t, options.expectHeader ?? true);
  const raws = rawColumns(t, start, end);
  const roles = raws.map((raw) => {
    if (raw.parts.length === 0) return bodyIsText(t, raw.index, end) ? { role: 'name' as const, codePart: null } : { role: 'value' as const, codePart: null };
    return roleOf(raw.parts);
  });
  const split = sideSplit(roles.map((r) => r.role));
  const width = raws.length;
  const columns = raws.map((raw, c): Column => {
    const side: Side | null = split === null ? null : c < split ? 'left' : 'right';
    // A caption over exactly one side (收入 | 支出, 人员经费 | 公用经费) names the side, not the column.
    const [lo, hi] = side === 'right' ? [split!, width] : [0, split ?? width];
    // A caption over every value column of the side (收入预算 over 合计 | 财政拨款收入 | …) qualifies none
    // of them: it is dropped too, as the golden labels of corpus/ do; a leaf is always kept.
    const values = roles.flatMap((r, k) => (r.role === 'value' && k >= lo && k < hi ? [k] : []));
    const kept = raw.cells.filter((i, k) => {
      const cell = t.cells[i]!;
      if (split !== null && cell.col === lo && cell.col + cell.colSpan === hi) return false;
      const last = k === raw.cells.length - 1;
      const overAllValues = values.length > 1 && cell.col <= values[0]! && cell.col + cell.colSpan > values[values.length - 1]!;
      return last || !overAllValues || roles[c]!.role !== 'value';
    });
    const path = kept.map((i) => compact(t.cells[i]!.text)).join('/');
    const { role, codePart } = roles[c]!;
    const { measure, percent } = role === 'value' ? measureOf(path, options.budgetTable ?? false) : { measure: null, percent: false };
    const column: Column = { index: c, role, codePart, path, measure, percent, side, panel: 0 };
    return role === 'value' && raw.parts.length > 0 && bodyIsText(t, raw.index, end, 2) ? { ...column, text: true } : column;
  });
  return { headerRows: end, captions, columns: withPanels(columns, split), twoSided: split !== null };
}
