/**
 * "Largest changes" of the report, made safe to read:
 * - only comparable figures are compared: the same unit, report kind, table and line, in consecutive years
 *   (loaders/exports/report-data.ts keys each line by its table's series: 收入合计 of t02, 支出合计 of t03, a class
 *   by its canonical code in t03);
 * - the same figure is shown once: when 收入合计 and 支出合计 are equal (a balanced report), their two
 *   identical changes become one row naming both lines;
 * - an extreme change (the figure grows more than fivefold or falls by more than 80%) is rarely real: it
 *   usually means a figure was read from the wrong row in one of the years. It carries the check findings
 *   of that unit and those years, linked, or says that no finding explains it.
 */
import type { FindingItem, YearChange } from '../../loaders/exports/report-data.ts';
import { escapeHtml } from './html.ts';
import { ruleLabel } from './labels.ts';

const KIND_LABEL = { budget: '预算', final: '决算' } as const;

/** A change to show: its lines (several when their figures are equal), and the findings that may explain it. */
export interface ShownChange extends YearChange {
  readonly lines: readonly string[];
  readonly extreme: boolean;
  readonly explainedBy: readonly FindingItem[];
}

/** More than fivefold, or down by more than 80%, or from or to zero. */
export function isExtreme(fromFen: bigint, toFen: bigint): boolean {
  const abs = (v: bigint) => (v < 0n ? -v : v);
  const a = abs(fromFen);
  const b = abs(toFen);
  if (a === 0n || b === 0n) return true;
  if ((fromFen < 0n) !== (toFen < 0n)) return true;
  return b > 5n * a || b * 5n < a;
}

/** The changes as the page shows them: equal figures merged, extreme ones with their findings. */
export function showChanges(changes: readonly YearChange[], findings: readonly FindingItem[]): ShownChange[] {
  const merged = new Map<string, ShownChange>();
  for (const c of changes) {
    const key = [c.unit, c.kind, c.year, c.fromFen, c.toFen].join('\u0000');
    const seen = merged.get(key);
    if (seen) {
      merged.set(key, { ...seen, lines: [...seen.lines, c.line] });
      continue;
    }
    const extreme = isExtreme(c.fromFen, c.toFen);
    const explainedBy = extreme
      ? findings.filter((f) => f.unit === c.unit && f.year !== null && (f.year === c.year || f.year === c.year - 1) && f.severity !== 'info')
      : [];
    merged.set(key, { ...c, lines: [c.line], extreme, explainedBy });
  }
  return [...merged.values()];
}

/** The changes table; `pct` formats a change in percent. */
export function changesTable(changes: readonly ShownChange[], wan: (fen: bigint) => string, pct: (from: bigint, delta: bigint) => string): string {
  if (changes.length === 0) return '<p class="empty">无可比较的连续年度</p>';
  const rows = changes.map((c) => {
    const note = !c.extreme
      ? ''
      : c.explainedBy.length > 0
        ? `<div class="explain">异常变动，可能的原因：${c.explainedBy.slice(0, 3).map((f) => `<a href="#finding-${f.id}" title="${escapeHtml(f.ruleId)}">${escapeHtml(ruleLabel(f.ruleId))}（${f.year ?? ''}年）</a>`).join('；')}</div>`
        : '<div class="explain">异常变动：没有检查发现能解释，请核对两年的原表</div>';
    return `<tr class="${c.extreme ? 'extreme' : ''}"><td>${escapeHtml(c.unit)}</td><td>${c.lines.map(escapeHtml).join(' = ')}${note}</td><td>${KIND_LABEL[c.kind]}</td><td>${c.year - 1} → ${c.year}</td><td class="num">${wan(c.fromFen)}</td><td class="num">${wan(c.toFen)}</td><td class="num">${c.deltaFen > 0n ? '+' : ''}${wan(c.deltaFen)}</td><td class="num">${pct(c.fromFen, c.deltaFen)}</td></tr>`;
  });
  return `<table class="changes"><thead><tr><th>单位</th><th>项目</th><th>预算/决算</th><th>年度</th><th>上年（万元）</th><th>本年（万元）</th><th>变动（万元）</th><th>变动率</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
