/**
 * Performance self-evaluation tables (绩效目标自评表 / 项目支出绩效自评表) as projects: name, budget and
 * execution in the table's money unit (and exactly in 元), and the indicator rows (一级/二级/三级指标, 预期值,
 * 实际完成值). The tables are heavily merged (docs/domain.md, "Anatomy of a report"), so every lookup works on
 * the expanded grid (`TableBlock.rows`), where a merged cell repeats its text in each position it covers.
 */
import { info, result, warning, type Message, type Result } from '../core/messages.ts';
import type { Document, TableBlock } from '../extractors/model.ts';
import { parseNumber, toYuan } from './money/amounts.ts';
import { parseMoneyUnit, tableMoneyUnit } from './money/units.ts';
import type { PerformanceIndicator, PerformanceProject } from './model.ts';
import { recogniseTable } from './tables/registry.ts';

const squash = (s: string): string => s.replace(/\s+/gu, '');

/**
 * A performance self-evaluation table, by its title or the caption lines above it. The budget-side 项目绩效目标表
 * (targets only, no execution) is not a self-evaluation and is left to the table registry.
 */
export function isPerformanceSelfEvaluation(table: TableBlock): boolean {
  if (table.title && recogniseTable(table.title) === 'final.performance_self_evaluation') return true;
  // Titles the registry does not know yet, or a title printed in the caption lines rather than as the title.
  const captions = [table.title ?? '', ...table.context].map(squash);
  return captions.some((c) => c.includes('绩效') && c.includes('自评'));
}

/** Extracts one project per performance self-evaluation table of `doc`. */
export function extractProjects(doc: Document): Result<PerformanceProject[]> {
  const messages: Message[] = [];
  const projects: PerformanceProject[] = [];
  for (const block of doc.blocks) {
    if (block.type !== 'table' || !isPerformanceSelfEvaluation(block)) continue;
    projects.push(readProject(block, messages));
  }
  return result(projects, messages);
}

function readProject(table: TableBlock, messages: Message[]): PerformanceProject {
  const where = { block: table.index };
  const rows = table.rows.map((r) => r.map(squash));
  const name = projectName(table, rows);
  if (name === null) {
    messages.push(warning('transform', 'performance/name-missing', 'no project name in the table or its caption; the project is kept with an empty name', where));
  }
  // The unit from a caption (单位：万元), else from a cell (金额（万元）) of the table.
  const moneyUnit = tableMoneyUnit(table.context, table.rows.flat());
  // Where both are printed, execution is measured against the full-year (adjusted) budget, as the 执行率 shows.
  const budget = labelledAmount(rows, /^全年预算数[:：]?$/u) ?? labelledAmount(rows, /^(?:项目)?(?:年初)?预算(?:数|资金)?[:：]?$/u);
  const executed = labelledAmount(rows, /^(?:全年)?执行数[:：]?$|^实际执行数[:：]?$/u);
  if (budget === null) messages.push(warning('transform', 'performance/budget-missing', 'no 预算数 found in the performance table; the project budget is left empty', where));
  if (executed === null) messages.push(warning('transform', 'performance/executed-missing', 'no 执行数 found in the performance table; the project execution is left empty', where));
  if (moneyUnit === null && (budget !== null || executed !== null)) {
    messages.push(warning('transform', 'performance/unit-unknown', 'the performance table declares no money unit; amounts are kept as printed without 元 values', where));
  }
  const yuan = (v: string | null): string | null => (v !== null && moneyUnit !== null ? toYuan(v, moneyUnit) : null);
  const indicators = readIndicators(rows);
  if (indicators.length === 0) {
    messages.push(info('transform', 'performance/no-indicators', 'no 一级/二级/三级指标 header row in the performance table; no indicator rows read', where));
  }
  return {
    name: name ?? '',
    budget,
    executed,
    budgetYuan: yuan(budget),
    executedYuan: yuan(executed),
    moneyUnit,
    indicators,
    prov: where,
  };
}

/**
 * The project's name: a 项目名称 cell's neighbour, else the bracketed caption under the title that the Sichuan
 * template prints ("（市12345市民热线服务采购项目）").
 */
function projectName(table: TableBlock, rows: readonly (readonly string[])[]): string | null {
  for (const row of rows) {
    const i = row.findIndex((c) => /^项目名称[:：]?$/u.test(c));
    if (i >= 0) {
      const value = row.slice(i + 1).find((c) => c !== '' && c !== row[i]);
      if (value) return value;
    }
  }
  for (const line of table.context.map(squash)) {
    const m = /^[（(](.+)[)）]$/u.exec(line);
    if (m?.[1] && !parseMoneyUnit(line)) return m[1];
  }
  return null;
}


/**
 * The number printed beside a label cell: first to its right in the same row (Sichuan: 预算数： | 20), else
 * below it in the same column (the tabular layout: 年初预算数 over its value).
 */
function labelledAmount(rows: readonly (readonly string[])[], label: RegExp): string | null {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const c = row.findIndex((cell) => label.test(cell));
    if (c < 0) continue;
    for (let k = c + 1; k < row.length; k++) {
      if (row[k] === row[c]) continue; // the same merged label repeated
      const n = parseNumber(row[k]!);
      if (n && !n.percent) return n.value;
      break;
    }
    const below = rows[r + 1]?.[c];
    const n = below === undefined ? null : parseNumber(below);
    if (n && !n.percent && !n.blank) return n.value;
  }
  return null;
}

/** Rows after the 一级指标/二级指标/三级指标 header, read by the header's column positions. */
function readIndicators(rows: readonly (readonly string[])[]): PerformanceIndicator[] {
  const h = rows.findIndex((r) => r.includes('一级指标') && r.includes('二级指标'));
  if (h < 0) return [];
  const header = rows[h]!;
  const col = (test: (c: string) => boolean): number => header.findIndex(test);
  const c1 = col((c) => c === '一级指标');
  const c2 = col((c) => c === '二级指标');
  const c3 = col((c) => c === '三级指标');
  const cExp = col((c) => /预期|年度指标值|目标值/u.test(c) && !c.includes('实际'));
  const cAct = col((c) => c.includes('实际'));
  const at = (row: readonly string[], c: number): string => (c >= 0 ? (row[c] ?? '') : '');
  const out: PerformanceIndicator[] = [];
  for (const row of rows.slice(h + 1)) {
    const level1 = at(row, c1);
    const level2 = at(row, c2);
    const level3 = at(row, c3);
    if (!level1 && !level2 && !level3) continue;
    // Score and remarks rows that some templates print under the indicators are not indicators.
    if (/得分|总分|偏差|说明|备注/u.test(level1) && !level2) continue;
    out.push({ level1, level2, level3, expected: at(row, cExp), actual: at(row, cAct) });
  }
  return out;
}
