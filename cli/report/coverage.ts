/**
 * The coverage matrix of the report. Each unit is judged over the span it actually publishes, from its
 * first report to its last: a year before a unit's first report is no gap (the unit may not have existed,
 * or the archive may start later), so it is left blank rather than marked missing. Reports whose unit
 * could not be identified are listed apart instead of forming a row of gaps.
 */
import type { CoverageView } from '../../loaders/warehouse/schema.ts';
import { escapeHtml } from './html.ts';

const KIND_LABEL = { budget: '预算', final: '决算' } as const;

/** Per unit id: its first and last year with a current report. */
export function publishingSpan(rows: readonly CoverageView[]): Map<number, { first: number; last: number }> {
  const spans = new Map<number, { first: number; last: number }>();
  for (const r of rows) {
    if (r.unit_id === null || r.year === null || r.reports === 0) continue;
    const s = spans.get(r.unit_id);
    spans.set(r.unit_id, s ? { first: Math.min(s.first, r.year), last: Math.max(s.last, r.year) } : { first: r.year, last: r.year });
  }
  return spans;
}

/** Each unit's row label: its name, with its id where two units share a name (identity is the unit id, never the name). */
function unitLabels(rows: readonly CoverageView[]): Map<number, string> {
  const names = new Map(rows.map((r) => [r.unit_id!, r.unit_name!]));
  const count = new Map<string, number>();
  for (const n of names.values()) count.set(n, (count.get(n) ?? 0) + 1);
  return new Map([...names].map(([id, n]) => [id, count.get(n)! > 1 ? `${n} #${id}` : n]));
}

/** The unit × year × budget/final matrix: ✓ held, 缺 missing within the unit's span, blank outside it. */
export function coverageTable(rows: readonly CoverageView[]): string {
  const identified = rows.filter((r) => r.unit_id !== null && r.unit_name !== null);
  const unidentified = rows.filter((r) => r.unit_id === null || r.unit_name === null);
  if (identified.length === 0 && unidentified.length === 0) return '<p class="empty">无数据</p>';
  const spans = publishingSpan(identified);
  const years = identified.map((r) => r.year).filter((y): y is number => y !== null);
  const parts: string[] = [];
  if (years.length > 0) {
    const first = Math.min(...years);
    const last = Math.max(...years);
    const span = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    // One row per unit id, never per name.
    const labels = unitLabels(identified);
    const units = new Map<number, Map<string, CoverageView>>();
    for (const r of identified) {
      const m = units.get(r.unit_id!) ?? new Map<string, CoverageView>();
      m.set(`${r.year}/${r.kind}`, r);
      units.set(r.unit_id!, m);
    }
    const head1 = `<tr><th rowspan="2">单位</th><th rowspan="2">公开年度</th>${span.map((y) => `<th colspan="2">${y}</th>`).join('')}</tr>`;
    const head2 = `<tr>${span.map(() => '<th>预算</th><th>决算</th>').join('')}</tr>`;
    const body = [...units.entries()].map(([id, m]) => {
      const s = spans.get(id);
      const cells = span.flatMap((y) => (['budget', 'final'] as const).map((k) => {
        const c = m.get(`${y}/${k}`);
        if (c && c.reports > 0) {
          const extra = c.versions > 1 ? ` <small>v${c.versions}</small>` : '';
          return `<td class="have" title="${c.reports} 份报告，${c.versions} 个版本，${Number(c.line_items)} 条明细">✓${extra}</td>`;
        }
        if (!s || y < s.first || y > s.last) return '<td class="out" title="不在该单位的公开年度内"></td>';
        return `<td class="gap" title="${y}年${KIND_LABEL[k]}：缺失">缺</td>`;
      }));
      const spanText = s ? (s.first === s.last ? `${s.first}` : `${s.first}–${s.last}`) : '—';
      return `<tr><th>${escapeHtml(labels.get(id)!)}</th><td class="span">${spanText}</td>${cells.join('')}</tr>`;
    });
    parts.push(`<table class="coverage"><thead>${head1}${head2}</thead><tbody>${body.join('')}</tbody></table>`);
  }
  if (unidentified.length > 0) {
    const items = unidentified.map((r) => `<li>${r.year ?? '年度不详'}年${r.kind === 'budget' || r.kind === 'final' ? KIND_LABEL[r.kind] : ''}：${escapeHtml(r.unit_name ?? '单位不详')}（${r.versions} 个版本）</li>`);
    parts.push(`<h3>未识别单位的文件</h3><ul class="unidentified">${items.join('')}</ul>`);
  }
  return parts.join('\n');
}
