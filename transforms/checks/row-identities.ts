/**
 * Identities across the columns of one row: 合计 = 基本 + 项目 (t03, t05), 本年收入合计 = Σ sources (t02),
 * 合计 = 人员经费 + 公用经费 (budget t06), 合计 = Σ funds (t04), and in the 三公 table (t07) 合计 = 出国 + 车辆 +
 * 接待 and 车辆 = 购置 + 运行, for 预算数 and 决算数 separately.
 */
import type { LineItem, LineValue, NormalisedReport, ReportTable } from '../model.ts';
import { PRINTED_PRECISION, compare, isZeroValue, total, type Term } from './compare.ts';
import { cellTerm, columnMeasures, moneyColumns, shortId, valueAt } from './lookup.ts';
import type { CheckOutcome, Rule } from './model.ts';
import { sidesOf } from './table-sums.ts';

const FAMILY = 'row-identities' as const;

const lastHeader = (column: string): string => (column.split('/').pop() ?? column).replace(/\s+/g, '');
const parentPath = (column: string): string => column.split('/').slice(0, -1).join('/');

/** A total column: 合计, 小计, 本年收入合计, 本年支出合计. */
const TOTAL_HEADER = /^(?:本年(?:收入|支出))?[合小]计$/;
/** Columns that are not parts of the row's total although they sit beside it: budgets, rates, carry-overs. */
const NOT_A_PART = /预算数|^(?:年初|全年|调整后?)预算|完成|%|％|上年|结转|结余|比/;
const NOT_A_PART_MEASURES: readonly (string | null)[] = ['budget_initial', 'budget_adjusted', 'completion_pct', 'carryover_begin', 'carryover_end', 'prior_year', 'change'];

function measureOf(table: ReportTable, column: string): string | null {
  return columnMeasures(table).get(column) ?? null;
}

function columnIsTotal(table: ReportTable, column: string): boolean {
  const measured = measureOf(table, column);
  return TOTAL_HEADER.test(lastHeader(column)) || (measured === 'total' && !NOT_A_PART.test(column));
}

function identityCheck(
  ruleId: string,
  table: ReportTable,
  row: LineItem,
  totalValue: LineValue | undefined,
  partValues: readonly (LineValue | undefined)[],
  subject: string,
): CheckOutcome | null {
  const declared = cellTerm(table, row, totalValue);
  if (!declared) return null;
  const parts = partValues.map((v) => cellTerm(table, row, v)).filter((t): t is Term => t !== null);
  // A row blank in every column involved (a class line of t01's long list): nothing to add up.
  if (isZeroValue(declared.value) && parts.every((p) => isZeroValue(p.value))) return null;
  const t = shortId(table.tableId);
  const label = `${row.code ?? ''} ${row.name}`.trim() || `row ${row.order + 1}`;
  return compare({
    ruleId,
    family: FAMILY,
    subject: `${t} ${label}: ${subject}`,
    severity: 'error',
    quantity: 'yuan',
    declared,
    recomputed: total(parts.map((p) => p.value)),
    from: parts,
    describe: (expected, actual) => `${t} ${label}: ${subject} — the parts add up to ${expected}, but the total prints ${actual}${table.moneyUnit ? ` ${table.moneyUnit}` : ''}`,
  });
}

/**
 * The sibling groups of the header tree: for each parent path, one column per child. A child that is a
 * column stands for itself; a child that heads a group of its own stands in by that group's total (“三公”经费/小计
 * beside 会议费 and 培训费 under 合计, Jiangsu 2017–2019). A child group without a total column leaves its
 * parent's identity undecidable, so that group is not checked (the parts would be incomplete).
 */
function headerGroups(table: ReportTable, columns: readonly string[]): string[][] {
  const parents = new Set(columns.map(parentPath));
  const out: string[][] = [];
  for (const parent of parents) {
    const prefix = parent === '' ? '' : `${parent}/`;
    const children = new Map<string, string[]>();
    for (const c of columns) {
      if (!c.startsWith(prefix) || c === parent) continue;
      const child = c.slice(prefix.length).split('/')[0]!;
      children.set(child, [...(children.get(child) ?? []), c]);
    }
    const group: string[] = [];
    let complete = true;
    for (const [child, under] of children) {
      const own = `${prefix}${child}`;
      if (under.includes(own)) {
        group.push(own);
        continue;
      }
      const subtotal = under.find((c) => parentPath(c) === own && columnIsTotal(table, c));
      if (subtotal) group.push(subtotal);
      else complete = false;
    }
    if (complete) out.push(group);
  }
  return out;
}

function columnIdentities(table: ReportTable): CheckOutcome[] {
  const out: CheckOutcome[] = [];
  for (const side of sidesOf(table)) {
    const columns = moneyColumns(table, side);
    for (const group of headerGroups(table, columns)) {
      const totals = group.filter((c) => columnIsTotal(table, c));
      if (totals.length !== 1) continue;
      const totalColumn = totals[0]!;
      const parts = group.filter((c) => c !== totalColumn && !NOT_A_PART.test(lastHeader(c)) && !NOT_A_PART_MEASURES.includes(measureOf(table, c)));
      if (parts.length < 2) continue;
      const subject = `${totalColumn} = ${parts.join(' + ')}`;
      for (const row of table.rows.filter((r) => r.side === side)) {
        const o = identityCheck(`${FAMILY}/columns`, table, row, valueAt(row, totalColumn), parts.map((p) => valueAt(row, p)), subject);
        if (o) out.push(o);
      }
    }
  }
  return out;
}

const THREE_PUBLIC = /^(?:final|budget)\.t07(?:_|$)/;

/** The role of a t07 column, from its own header (the parent headers name the group, not the column). */
export type ThreePublicRole = 'grand' | 'total' | 'outbound' | 'vehicles' | 'purchase' | 'operation' | 'reception' | 'meeting' | 'training' | 'agency';

/**
 * The role of a column of the 三公 table. `columns` are all the table's columns: where the table adds 会议费
 * and 培训费 (Jiangsu), its top-level 合计 covers them too and the 三公 total is “三公”经费/小计.
 */
export function threePublicColumn(column: string, columns: readonly string[]): { role: ThreePublicRole; phase: 'budget' | 'final' | null } | null {
  const segments = column.split('/').map((s) => s.replace(/\s+/g, ''));
  const phase = /决算/.test(column) ? 'final' : /预算/.test(column) ? 'budget' : null;
  const own = segments.filter((s) => !/^(?:预算数?|决算数?)$/.test(s));
  const last = own[own.length - 1] ?? '';
  const inVehicles = own.some((s) => /公务用车/.test(s));
  const inThreePublic = own.slice(0, -1).some((s) => /三公/.test(s));
  const beyondThreePublic = columns.some((c) => /会议费|培训费/.test(c));
  let role: ThreePublicRole | null = null;
  if (/机关运行经费/.test(last)) role = 'agency';
  else if (/会议费/.test(last)) role = 'meeting';
  else if (/培训费/.test(last)) role = 'training';
  else if (/出国/.test(last)) role = 'outbound';
  else if (/接待/.test(last)) role = 'reception';
  else if (/^[合小]计$/.test(last) && inVehicles) role = 'vehicles';
  else if (/购置费$|^公务用车购置$/.test(last)) role = 'purchase';
  else if (/运行(?:维护)?费$/.test(last) && !/购置及/.test(last)) role = 'operation';
  else if (/公务用车购置及运行/.test(last)) role = 'vehicles';
  else if (/^[合小]计$/.test(last) && inThreePublic) role = 'total';
  else if (/合计|三公/.test(last)) role = beyondThreePublic && !/三公/.test(last) ? 'grand' : 'total';
  return role ? { role, phase } : null;
}

function threePublicIdentities(table: ReportTable): CheckOutcome[] {
  const out: CheckOutcome[] = [];
  const columns = moneyColumns(table);
  const byPhase = new Map<string, Map<ThreePublicRole, string>>();
  for (const c of columns) {
    const r = threePublicColumn(c, columns);
    if (!r) continue;
    const key = r.phase ?? '';
    const roles = byPhase.get(key) ?? new Map<ThreePublicRole, string>();
    if (!roles.has(r.role)) roles.set(r.role, c);
    byPhase.set(key, roles);
  }
  for (const [phase, roles] of byPhase) {
    const label = phase === 'final' ? '决算数' : phase === 'budget' ? '预算数' : '';
    const identities: [ThreePublicRole, ThreePublicRole[]][] = [
      ['total', ['outbound', roles.has('vehicles') ? 'vehicles' : 'purchase', ...(roles.has('vehicles') ? [] : (['operation'] as ThreePublicRole[])), 'reception']],
      ['vehicles', ['purchase', 'operation']],
      ['grand', ['total', 'meeting', 'training']],
    ];
    for (const [whole, parts] of identities) {
      const wholeColumn = roles.get(whole);
      const partColumns = parts.map((p) => roles.get(p));
      if (!wholeColumn || partColumns.some((c) => c === undefined)) continue;
      const subject = `三公 ${label} ${whole} = ${parts.join(' + ')}`.replace(/\s+/g, ' ');
      for (const row of table.rows) {
        const o = identityCheck(`${FAMILY}/three-public`, table, row, valueAt(row, wholeColumn), partColumns.map((c) => valueAt(row, c!)), subject);
        if (o) out.push(o);
      }
    }
  }
  return out;
}

const columnsRule: Rule = {
  id: `${FAMILY}/columns`,
  family: FAMILY,
  severity: 'error',
  tolerance: PRINTED_PRECISION,
  description: 'In every row, a total column (合计, 本年收入合计, 本年支出合计) = Σ the columns beside it (基本 + 项目, the income sources, the funds).',
  run: (report: NormalisedReport) => report.tables.filter((t) => !THREE_PUBLIC.test(t.tableId)).flatMap(columnIdentities),
};

const threePublicRule: Rule = {
  id: `${FAMILY}/three-public`,
  family: FAMILY,
  severity: 'error',
  tolerance: PRINTED_PRECISION,
  description: 'In the 三公 table, 合计 = 出国 + 车辆 + 接待 and 车辆 = 购置 + 运行 (and 合计 = 三公 + 会议费 + 培训费 where printed), for 预算数 and 决算数 separately.',
  run: (report: NormalisedReport) => report.tables.filter((t) => THREE_PUBLIC.test(t.tableId)).flatMap(threePublicIdentities),
};

export const rowIdentityRules: readonly Rule[] = [columnsRule, threePublicRule];
