/**
 * Data rows of a table block → line items: the code joined from 类/款/项 columns (the parent prefix
 * carried down where a row prints only its own part), its scheme and level, the name with whitespace
 * removed and wrapped parts joined, and one exact value per value column. A two-sided table gives one line
 * item per side and row. Pure functions.
 */
import { info, warning, type Message } from '../../core/messages.ts';
import { parseNumber, toYuan } from '../money/amounts.ts';
import { classifyCode, joinCodeParts, normaliseCode } from '../codebook/codes.ts';
import { compact, isColumnNumberRow, squash, type Column, type TableGrid, type TableHeader } from './headers.ts';
import type { LineItem, LineValue, MoneyUnit, Side, TableId } from '../model.ts';

/** The code prefix carried down a table side: the last 类 and 款 printed above. */
export interface CodeCarry {
  lei: string | null;
  kuan: string | null;
  /** The last full code, for a single code column printing only a row's own 2 digits. */
  last: string | null;
}

export const newCarry = (): CodeCarry => ({ lei: null, kuan: null, last: null });

export interface RowContext {
  readonly tableId: TableId;
  readonly moneyUnit: MoneyUnit | null;
  readonly block: number;
  readonly page?: number;
  readonly file?: string;
}

/**
 * A note stating that a table has nothing to show (本单位无…, 没有…支出，故本表无数据, 本表为空表), as
 * opposed to a note describing the table (注：本表反映部门本年度…), which never makes a table empty.
 */
export const ABSENCE_NOTE = /故本表|本表(为)?空表|本表无数据|(本|我)(单位|部门)[^。]{0,60}(无|没有|未)|(没有|无)[^。]{0,60}(收入|支出|经费|预算|资金|项目)/;

/** A note printed inside or under a table: 注：…, 说明：…, 本单位无…, 故本表为空表. */
export const NOTE_TEXT = /^(注|说明|备注)\s*\d*\s*[:：]|本表(为)?空表|本表无数据|故本表|(本|我)(单位|部门)[^。]{0,40}(无|没有|未)/;

/**
 * A row that is a note rather than data: one cell across the whole width, or one non-empty cell holding
 * a note sentence. Returns the note text, or null.
 */
export function noteOfRow(t: TableGrid, r: number): string | null {
  const line = t.grid[r] ?? [];
  const distinct = [...new Set(line.filter((i) => i >= 0))];
  const texts = distinct.map((i) => t.cells[i]!.text.trim()).filter((x) => x !== '');
  if (texts.length !== 1) return null;
  const text = texts[0]!;
  if ((distinct.length === 1 && line.length > 2 && text.length > 8) || NOTE_TEXT.test(text)) return compact(text);
  return null;
}

/** The text a cell prints at (r, c) itself: "" where the position is covered by a cell from another row or column. */
function originText(t: TableGrid, r: number, c: number): string {
  const i = t.grid[r]?.[c] ?? -1;
  if (i < 0) return '';
  const cell = t.cells[i]!;
  return cell.row === r && cell.col === c ? cell.text.trim() : '';
}

/** A name printed with its code in front: "2080505 机关事业单位…", "[208]社会保障和就业支出". */
const EMBEDDED_CODE = /^[[【(（]?\s*(\d{3}(?:\d{2}){0,2})\s*[\]】)）]?\s*(?=[^\d\s.,，。、．])/u;

interface CodeRead {
  readonly code: string | null;
  readonly problem?: string;
}

/** The code of a row from its code columns, carrying 类/款 down from the rows above where only a part is printed. */
function readCode(t: TableGrid, r: number, codeCols: readonly Column[], carry: CodeCarry): CodeRead {
  if (codeCols.length === 0) return { code: null };
  // A code cell merged over 类|款|项 is one text, read once.
  const seen = new Set<number>();
  const parts: { part: Column['codePart']; text: string }[] = [];
  for (const col of codeCols) {
    const i = t.grid[r]?.[col.index] ?? -1;
    if (i < 0 || seen.has(i)) {
      parts.push({ part: col.codePart, text: '' });
      continue;
    }
    seen.add(i);
    parts.push({ part: col.codePart, text: normaliseCode(t.cells[i]!.text) });
  }
  const texts = parts.map((p) => p.text);
  if (texts.every((x) => x === '')) return { code: null };
  // Words in code cells (合计 merged across the code and name columns) are not codes.
  if (texts.some((x) => x !== '' && !/^\d+$/.test(x))) {
    return texts.some((x) => /\d/.test(x)) ? { code: null, problem: `"${texts.join(' ')}" is not a code` } : { code: null };
  }
  const split = codeCols.some((c) => c.codePart !== null);
  if (!split) return readWholeCode(texts.join(''), carry);
  // A full code printed in one of the split columns (some templates print 2080505 under 类).
  const full = texts.filter((x) => x !== '');
  if (full.length === 1 && full[0]!.length >= 5) return { code: full[0]! };
  // A 款 or 项 printed without its leading zero (208 | 5 | 5, 301 | 2) is the two-digit part it stands for.
  const byPart = (p: 'lei' | 'kuan' | 'xiang'): string => padPart(parts.find((x) => x.part === p)?.text ?? '', p);
  let lei = byPart('lei');
  let kuan = byPart('kuan');
  const xiang = byPart('xiang');
  if (lei === '' && (kuan !== '' || xiang !== '')) {
    if (carry.lei === null) return { code: null, problem: `a 款/项 part (${kuan}${xiang}) is printed before any 类` };
    lei = carry.lei;
  }
  if (kuan === '' && xiang !== '') {
    if (carry.kuan === null || !carry.kuan.startsWith(lei)) return { code: null, problem: `a 项 part (${xiang}) is printed without a 款 above it` };
    kuan = carry.kuan.slice(3, 5);
  }
  const code = joinCodeParts([lei, kuan, xiang]);
  return code === null ? { code: null, problem: `the parts ${texts.join(' | ')} do not join into a code` } : { code };
}

/** A 款 or 项 part of one digit, 1–9, with its zero: "5" → "05". Anything else is returned as printed. */
function padPart(text: string, part: 'lei' | 'kuan' | 'xiang'): string {
  return part !== 'lei' && /^[1-9]$/.test(text) ? `0${text}` : text;
}

/** A code from one column: full (3/5/7 digits), or only the row's own 2 digits (or 1, unpadded) below its parent. */
function readWholeCode(printed: string, carry: CodeCarry): CodeRead {
  const text = padPart(printed, 'kuan');
  if (text.length >= 3) return { code: text };
  if (text.length === 2 && carry.last !== null) {
    // 2 digits after a 类 are a 款; after a 款 or a 项, a 项 of the last 款 (a later 款 printed as 2 digits
    // cannot be told from a 项 without indentation; the templates print 款 rows with their 类 when wrapped).
    const parent = carry.last.length === 3 ? carry.last : carry.last.slice(0, 5);
    return { code: parent + text };
  }
  return { code: null, problem: `"${text}" is too short for a code and no parent code is printed above it` };
}

function updateCarry(carry: CodeCarry, code: string): void {
  carry.last = code;
  carry.lei = code.slice(0, 3);
  carry.kuan = code.length >= 5 ? code.slice(0, 5) : null;
}

/** One value cell → LineValue, exact in 元 (money) or in percent (percent columns and cells printed with %). */
function readValue(t: TableGrid, r: number, col: Column, ctx: RowContext, messages: Message[]): LineValue {
  // Runs once per value cell of every table: one object per cell, and the message location only when a
  // message is written.
  const text = originText(t, r, col.index);
  const prov = ctx.page !== undefined ? { block: ctx.block, row: r, col: col.index, page: ctx.page } : { block: ctx.block, row: r, col: col.index };
  const value = (yuan: string | null, percent: string | null): LineValue => ({ column: col.path, measure: col.measure, text, prov, yuan, percent });
  const where = () => ({ ...(ctx.file ? { file: ctx.file } : {}), block: ctx.block, row: r + 1, col: col.index + 1 });
  const n = parseNumber(text);
  if (n === null) {
    if (!col.text) {
      messages.push(warning('transform', 'amount/unparseable', `"${text}" in column ${col.path || col.index + 1} is not a number; the value is kept as text without an amount`, where()));
    }
    return value(null, null);
  }
  if (col.percent || n.percent) return value(null, n.blank ? null : n.value);
  if (n.blank) return value('0', null);
  const yuan = ctx.moneyUnit ? toYuan(n.value, ctx.moneyUnit) : null;
  if (yuan !== null && wholeDigits(yuan) > MAX_YUAN_DIGITS) {
    messages.push(warning('transform', 'amount/out-of-range', `"${text}" ${ctx.moneyUnit} in column ${col.path || col.index + 1} is beyond any budget (10^${MAX_YUAN_DIGITS} 元 or more); the value is kept as text without an amount`, where()));
    return value(null, null);
  }
  return value(yuan, null);
}

/** Digits before the decimal point of a decimal string ("-1234.5" → 4). */
function wholeDigits(decimal: string): number {
  const point = decimal.indexOf('.');
  return (point < 0 ? decimal.length : point) - (decimal.startsWith('-') ? 1 : 0);
}

/**
 * Whole-元 digits an amount may have: below 10^15 元, a thousand times China's whole national budget and
 * inside the warehouse's 64-bit 分 (about 9.2 × 10^16 元). A longer figure is a printing or layout error.
 */
const MAX_YUAN_DIGITS = 15;

/** Columns of one side (or of one panel of a side), by role. */
interface SideColumns {
  readonly side: Side | null;
  readonly panel: number;
  readonly code: readonly Column[];
  /** Name columns, left to right (Jiangsu prints 一般公共预算资金 | 小计 in two, the first merged down). */
  readonly names: readonly Column[];
  readonly values: readonly Column[];
}

export function sideColumns(header: TableHeader): SideColumns[] {
  const sides: (Side | null)[] = header.twoSided ? ['left', 'right'] : [null];
  const panels = (side: Side | null): number[] => [...new Set(header.columns.filter((c) => c.side === side).map((c) => c.panel))].sort((a, b) => a - b);
  return sides.flatMap((side) => panels(side).map((panel) => {
    const cols = header.columns.filter((c) => c.side === side && c.panel === panel);
    return {
      side,
      panel,
      code: cols.filter((c) => c.role === 'code'),
      names: cols.filter((c) => c.role === 'name'),
      values: cols.filter((c) => c.role === 'value'),
    };
  }));
}

/** The mutable state of one table while its blocks are read: code carry and row order per side. */
export interface TableState {
  readonly carry: Map<string, CodeCarry>;
  readonly order: Map<string, number>;
}

export const newTableState = (): TableState => ({ carry: new Map(), order: new Map() });

/**
 * Reads the data rows [from, rows) of a block into line items. Rows that are notes are returned as notes;
 * 栏次 rows are skipped; a side of a row with no code, no name and no printed value is not a line item
 * (the blank cells beside the longer side of a two-sided table).
 */
export function readRows(
  t: TableGrid,
  header: TableHeader,
  from: number,
  ctx: RowContext,
  state: TableState,
): { items: LineItem[]; panels: number[]; notes: string[]; messages: Message[] } {
  const items: LineItem[] = [];
  /** The panel of each item (0 but for the second list of a side: renumbered by the table, transforms/tables/index.ts). */
  const panels: number[] = [];
  const notes: string[] = [];
  const messages: Message[] = [];
  const sides = sideColumns(header);
  const where = (r: number) => ({ ...(ctx.file ? { file: ctx.file } : {}), block: ctx.block, row: r + 1 });
  for (const col of sides.flatMap((s) => s.values).filter((c) => c.text)) {
    messages.push(info('transform', 'table/text-column', `column ${col.path} holds text, not amounts; its cells are kept as printed`, { ...(ctx.file ? { file: ctx.file } : {}), block: ctx.block, col: col.index + 1 }));
  }
  for (let r = from; r < t.rows.length; r++) {
    const row = t.rows[r]!;
    if (row.every((x) => x.trim() === '') || isColumnNumberRow(row)) continue;
    const note = noteOfRow(t, r);
    if (note !== null) {
      notes.push(note);
      continue;
    }
    for (const s of sides) {
      if (nameSpansLaterPanel(t, r, s, sides)) continue;
      const key = `${s.side ?? '-'}${s.panel > 0 ? `:${s.panel}` : ''}`;
      const carry = state.carry.get(key) ?? newCarry();
      state.carry.set(key, carry);
      // With several name columns the innermost name printed on this row is the row's name.
      let name = [...s.names].reverse().map((c) => nameAt(t, r, c.index)).find((x) => x !== '') ?? '';
      const read = readCode(t, r, s.code, carry);
      let code = read.code;
      if (read.problem) messages.push(warning('transform', 'table/code-unreadable', `${read.problem}; the row is kept without a code`, where(r)));
      if (code === null && s.code.every((c) => originText(t, r, c.index) === '')) {
        const m = EMBEDDED_CODE.exec(name);
        if (m) {
          code = m[1]!;
          name = name.slice(m[0].length);
        }
      }
      const values = s.values.map((col) => readValue(t, r, col, ctx, messages));
      if (name === '' && code === null && values.every((v) => v.text === '')) continue;
      let codeScheme: LineItem['codeScheme'] = 'none';
      let level: number | null = null;
      if (code !== null) {
        const cls = classifyCode(code, ctx.tableId);
        if (cls) {
          codeScheme = cls.scheme;
          level = cls.level;
          if (cls.conflict) messages.push(warning('transform', 'code/scheme-conflict', `${cls.conflict}; the code's digits decide its scheme`, where(r)));
        } else {
          messages.push(warning('transform', 'code/unknown-form', `${code} is not a function, economic or revenue code; it is kept with scheme none`, where(r)));
        }
        updateCarry(carry, code);
      }
      const order = state.order.get(key) ?? 0;
      state.order.set(key, order + 1);
      panels.push(s.panel);
      items.push({
        tableId: ctx.tableId,
        side: s.side,
        order,
        code,
        codeScheme,
        level,
        canonicalCode: null,
        name,
        values,
        prov: { block: ctx.block, row: r, ...(ctx.page !== undefined ? { page: ctx.page } : {}) },
      });
    }
  }
  return { items, panels, notes, messages };
}

/**
 * Whether the name of a panel on row r is one cell merged over the next panel of its side too (当年支出小计
 * printed across both 支出 panels of Jiangsu's 收支预算总表, its amount in the last): the row is the later panel's.
 */
function nameSpansLaterPanel(t: TableGrid, r: number, s: SideColumns, sides: readonly SideColumns[]): boolean {
  const cells = new Set(s.names.map((c) => t.grid[r]?.[c.index] ?? -1).filter((i) => i >= 0));
  return sides.some((o) => o.side === s.side && o.panel > s.panel && o.names.some((c) => cells.has(t.grid[r]?.[c.index] ?? -1)));
}

/** The name at (r, c): the covering cell's text when it starts on this row (合计 merged across the code columns counts). */
function nameAt(t: TableGrid, r: number, c: number): string {
  const i = t.grid[r]?.[c] ?? -1;
  if (i < 0) return '';
  const cell = t.cells[i]!;
  return cell.row === r ? compact(cell.text) : '';
}

/** True when a row reads as the repeat of a header row (a continued block's repeated header). */
export function sameRow(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => squash(x) === squash(b[i] ?? ''));
}
