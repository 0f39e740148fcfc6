/**
 * The static report of `disclosure report`, as strings: one index.html with every Vega-Lite spec inlined
 * (no fetch, so it opens from file://), drawn by the vega, vega-lite and vega-embed browser builds that the
 * command copies to assets/. Pure: data in, HTML out. Every text from the warehouse is escaped (unit names
 * and sentences are input from the outside), and the inlined JSON cannot close its <script>.
 */
import type { FindingItem, Kind, ReportData, SeriesPoint, UnitSeries } from '../loaders/exports/report-data.ts';
import { escapeHtml } from './report/html.ts';
import { FONT_STACK, ruleLabel, severityLabel } from './report/labels.ts';
import { coverageTable } from './report/coverage.ts';
import { changesTable, showChanges } from './report/changes.ts';

export { escapeHtml } from './report/html.ts';

/** The browser builds, in load order, as the command copies them into DIR/assets/. */
export const ASSET_FILES = ['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js'] as const;

/** Options of the page: a title and when it was made (passed in, to keep this pure). */
export interface PageOptions {
  readonly title: string;
  readonly generatedAt: string;
  /** What the report was narrowed to (`--unit`, `--year`), shown under the title. */
  readonly scope?: string;
}

/** JSON that is safe inside a <script> element: no `</script>`, no `<!--`, no JS line separators. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const FEN_PER_WAN = 1_000_000n;

/** 分 as 万元 with two decimals, exact (rounded half away from zero), for the tables. */
export function wanText(fen: bigint): string {
  const neg = fen < 0n;
  const a = neg ? -fen : fen;
  const hundredths = (a + 5_000n) / 10_000n;
  const whole = (hundredths / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg && hundredths > 0n ? '-' : ''}${whole}.${String(hundredths % 100n).padStart(2, '0')}`;
}

/** 分 as a 万元 number: the charts' edge, where a float is fine (drawing, not accounting). */
export function wanNumber(fen: bigint): number {
  return Number(fen / FEN_PER_WAN) + Number(fen % FEN_PER_WAN) / 1e6;
}

/** A change in percent of the earlier amount with one decimal, exact; `—` from zero. */
export function changePct(fromFen: bigint, deltaFen: bigint): string {
  if (fromFen === 0n) return '—';
  const n = deltaFen * 1000n;
  let rounded = n / fromFen;
  const rest = n % fromFen;
  const abs = (v: bigint) => (v < 0n ? -v : v);
  // Round half away from zero: the quotient truncates towards zero.
  if (2n * abs(rest) >= abs(fromFen)) rounded += (n < 0n) !== (fromFen < 0n) ? -1n : 1n;
  const neg = rounded < 0n;
  const a = neg ? -rounded : rounded;
  return `${neg ? '-' : '+'}${a / 10n}.${a % 10n}%`;
}

const KIND_LABEL: Record<Kind, string> = { budget: '预算', final: '决算' };

interface ChartValue { year: string; kind: string; label: string; wan: number; text: string }

const values = (points: readonly SeriesPoint[]): ChartValue[] =>
  points.map((p) => ({ year: String(p.year), kind: KIND_LABEL[p.kind], label: p.label, wan: wanNumber(p.fen), text: wanText(p.fen) }));

const TOOLTIP = [
  { field: 'label', title: '项目' },
  { field: 'kind', title: '预算/决算' },
  { field: 'year', title: '年度' },
  { field: 'text', title: '金额（万元）' },
];

/**
 * Every chart fills the width of its card (`width: container`), and its text uses a font stack that holds
 * Chinese on Windows, macOS and Linux (an SVG chart does not inherit the page's fonts).
 */
const BASE = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  width: 'container',
  height: 260,
  autosize: { type: 'fit-x', contains: 'padding' },
  background: 'white',
  config: { font: FONT_STACK },
};

/**
 * Bars side by side, one per line and kind in each year: totals and 三公. Lines were drawn here before, and
 * two equal series (收入合计 = 支出合计 in a balanced report) drew one over the other; side by side, equal
 * figures are two bars of the same height. Each line × kind has its own colour, so that the legend's
 * swatches are exactly the bars' fills.
 */
export function groupedSpec(points: readonly SeriesPoint[]): object {
  const rows = values(points).map((v) => ({ ...v, group: `${v.label}（${v.kind}）` }));
  const groups = [...new Set(rows.map((r) => r.group))];
  return {
    ...BASE,
    data: { values: rows },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'year', type: 'ordinal', title: '年度', axis: { labelAngle: 0 } },
      xOffset: { field: 'group', type: 'nominal', sort: groups },
      y: { field: 'wan', type: 'quantitative', title: '万元' },
      color: { field: 'group', type: 'nominal', sort: groups, title: null, legend: { orient: 'bottom', labelLimit: 320 } },
      tooltip: TOOLTIP,
    },
  };
}

/**
 * Stacked bars per year, budget and final side by side (left budget, right final): structure by class,
 * basic vs project. Colour is the only encoding of the bars' fill, so that the legend's swatches match.
 */
export function stackSpec(points: readonly SeriesPoint[]): object {
  return {
    ...BASE,
    data: { values: values(points) },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'year', type: 'ordinal', title: '年度（每年左为预算，右为决算）', axis: { labelAngle: 0 } },
      xOffset: { field: 'kind', type: 'nominal', sort: ['预算', '决算'] },
      y: { field: 'wan', type: 'quantitative', aggregate: 'sum', title: '万元', stack: 'zero' },
      color: { field: 'label', type: 'nominal', title: null, legend: { orient: 'bottom', columns: 2, labelLimit: 320 } },
      tooltip: TOOLTIP,
    },
  };
}

/** Distinct series a chart draws: one per label for stacks; one per label × kind for grouped bars. */
export function seriesCount(points: readonly SeriesPoint[], perKind: boolean): number {
  return new Set(points.map((p) => (perKind ? `${p.label}|${p.kind}` : p.label))).size;
}

/** The numbers of a chart: one row per series and kind, one column per year. */
function numbersTable(points: readonly SeriesPoint[]): string {
  const years = [...new Set(points.map((p) => p.year))].sort((a, b) => a - b);
  const rows = new Map<string, Map<number, bigint>>();
  for (const p of points) {
    const key = `${p.label}\u0000${p.kind}`;
    const m = rows.get(key) ?? new Map<number, bigint>();
    m.set(p.year, p.fen);
    rows.set(key, m);
  }
  const head = `<tr><th>项目</th><th></th>${years.map((y) => `<th>${y}</th>`).join('')}</tr>`;
  const body = [...rows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, m]) => {
    const [label, kind] = key.split('\u0000') as [string, Kind];
    const cells = years.map((y) => { const v = m.get(y); return `<td class="num">${v === undefined ? '—' : wanText(v)}</td>`; });
    return `<tr><th>${escapeHtml(label)}</th><td>${KIND_LABEL[kind]}</td>${cells.join('')}</tr>`;
  });
  return `<table class="numbers"><caption>万元</caption><thead>${head}</thead><tbody>${body.join('')}</tbody></table>`;
}

/** A chart to draw: its element id, spec and the number of series the test expects. */
export interface ChartSpec { readonly id: string; readonly spec: object; readonly series: number; readonly mark: 'grouped' | 'stack' }

function chartCard(id: string, title: string, points: readonly SeriesPoint[], grouped: boolean, specs: ChartSpec[]): string {
  if (points.length === 0) return `<figure class="card"><h3>${escapeHtml(title)}</h3><p class="empty">无数据（该单位的报告中没有这张表）</p></figure>`;
  const series = seriesCount(points, grouped);
  const mark = grouped ? 'grouped' : 'stack';
  specs.push({ id, spec: grouped ? groupedSpec(points) : stackSpec(points), series, mark });
  return `<figure class="card"><h3>${escapeHtml(title)}</h3><div class="pair"><div class="chart" id="${id}" data-series="${series}" data-mark="${mark}"></div>${numbersTable(points)}</div></figure>`;
}

function unitSection(u: UnitSeries, index: number, specs: ChartSpec[]): string {
  const id = (n: string) => `u${index}-${n}`;
  return `<section class="unit" id="unit-${index}"><h2>${escapeHtml(u.name)}</h2><div class="cards">
${chartCard(id('totals'), '收支总额（预算与决算）', u.totals, true, specs)}
${chartCard(id('classes'), '支出功能分类结构（类，按规范代码）', u.classes, false, specs)}
${chartCard(id('basic'), '基本支出与项目支出', u.basicProject, false, specs)}
${chartCard(id('three'), '“三公”经费（预算与决算）', u.threePublic, true, specs)}
</div></section>`;
}

/** A unit held in the warehouse with no line items to draw (a report without appendix tables). */
function bareUnitSection(name: string, index: number): string {
  return `<section class="unit bare" id="unit-${index}"><h2>${escapeHtml(name)}</h2><p class="empty">该单位的报告没有可绘制的表格明细（只有报告与说明），见下方覆盖情况与检查发现。</p></section>`;
}

function findingItem(f: FindingItem): string {
  const vals = f.values.map((v) => {
    const where = [v.table, v.row].filter((x) => x !== null).map((x) => escapeHtml(x!)).join(' · ');
    const source = v.sentence !== null ? `<q>${escapeHtml(v.sentence)}</q>` : where;
    return `<tr><td>${escapeHtml(v.label)}</td><td class="num">${escapeHtml(v.printed ?? v.value)}</td><td>${source}${v.sentence !== null && where ? `<br><small>${where}</small>` : ''}</td></tr>`;
  });
  const figures = f.expected !== null || f.actual !== null
    ? `<p class="figures">应为 ${escapeHtml(f.expected ?? '—')} · 报告所印 ${escapeHtml(f.actual ?? '—')}</p>` : '';
  const mark = f.mark ? ` <span class="mark mark-${escapeHtml(f.mark.mark)}">${MARK_LABEL[f.mark.mark] ?? escapeHtml(f.mark.mark)}${f.mark.why ? `：${escapeHtml(f.mark.why)}` : ''}</span>` : '';
  return `<li class="finding sev-${escapeHtml(f.severity ?? 'none')}" id="finding-${f.id}" data-rule="${escapeHtml(f.ruleId)}"${f.key ? ` data-key="${escapeHtml(f.key)}"` : ''}><p><b>${severityLabel(f.severity)}</b>${mark} ${f.year ?? ''} ${f.kind === 'budget' || f.kind === 'final' ? KIND_LABEL[f.kind] : escapeHtml(f.kind ?? '')} — ${escapeHtml(f.message)}</p>${figures}<p class="file">来源文件：<code>${escapeHtml(f.file ?? '不详')}</code></p>${f.key ? `<p class="key">编号 <code>${escapeHtml(f.key)}</code></p>` : ''}${vals.length > 0 ? `<table class="values"><thead><tr><th>数值</th><th>所印</th><th>位置</th></tr></thead><tbody>${vals.join('')}</tbody></table>` : ''}</li>`;
}

/** An auditor's mark on a finding (`disclosure findings dismiss|confirm`), in the page's words. */
const MARK_LABEL: Readonly<Record<string, string>> = { dismissed: '已排除', confirmed: '已确认' };

/** Findings grouped by rule, then unit. */
function findingsSection(findings: readonly FindingItem[], unitIndex: ReadonlyMap<string, number>): string {
  if (findings.length === 0) return '<p class="empty">没有发现问题</p>';
  const byRule = new Map<string, Map<string, FindingItem[]>>();
  for (const f of findings) {
    const units = byRule.get(f.ruleId) ?? new Map<string, FindingItem[]>();
    units.set(f.unit, [...(units.get(f.unit) ?? []), f]);
    byRule.set(f.ruleId, units);
  }
  return [...byRule.entries()].map(([rule, units]) => {
    const n = [...units.values()].reduce((s, l) => s + l.length, 0);
    const inner = [...units.entries()].map(([unit, list]) => {
      const i = unitIndex.get(unit);
      // The unit's heading leads to its charts, where the figures of the finding sit over the years.
      const name = i === undefined ? escapeHtml(unit) : `<a href="#unit-${i}">${escapeHtml(unit)}</a>`;
      return `<h4>${name} (${list.length})</h4><ul>${list.map(findingItem).join('')}</ul>`;
    });
    return `<details class="rule" data-rule="${escapeHtml(rule)}"><summary title="${escapeHtml(rule)}">${escapeHtml(ruleLabel(rule))} — ${n}</summary>${inner.join('')}</details>`;
  }).join('\n');
}

const CSS = `body{font-family:${FONT_STACK};margin:1.5rem;color:#222;background:#fafafa}
h1{margin-bottom:.2rem}.meta{color:#666;margin-top:0}nav a{margin-right:1rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(720px,1fr));gap:1rem}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;margin:0;padding:.5rem 1rem}.card h3{margin:.3rem 0}
.pair{display:block}.chart{width:100%;min-height:300px}.numbers{margin-top:.5rem}
table{border-collapse:collapse;font-size:.8rem}td,th{border:1px solid #ddd;padding:2px 6px}th{background:#f0f0f0;text-align:left}
.num{text-align:right;font-variant-numeric:tabular-nums}caption{caption-side:top;text-align:right;color:#666;font-size:.75rem}
td.gap{background:#fde2e1;color:#b00;text-align:center}td.have{background:#e3f4e1;text-align:center}td.out{background:#fff}
tr.extreme td{background:#fff6e0}.explain{font-size:.75rem;color:#a60}.unidentified{font-size:.85rem}
.finding{margin-bottom:.6rem}.mark{font-size:.85em;padding:0 .3em;border:1px solid #888}.mark-dismissed{color:#666}.mark-confirmed{color:#b00}.sev-error b{color:#b00}.sev-warning b{color:#b60}q{color:#444}.empty{color:#888}`;

/** The whole page, and the chart specs it draws (returned too, for the tests). */
export function renderReport(data: ReportData, options: PageOptions): { html: string; charts: ChartSpec[] } {
  const charts: ChartSpec[] = [];
  const sections = data.units.map((u, i) => unitSection(u, i, charts));
  // Units held without line items to draw still get a section, so that every unit is linked.
  const drawn = new Set(data.units.map((u) => u.name));
  const bare = [...new Set(data.coverage.filter((c) => c.unit_id !== null && c.unit_name !== null && c.reports > 0).map((c) => c.unit_name!))]
    .filter((n) => !drawn.has(n))
    .sort((a, b) => a.localeCompare(b, 'zh'));
  const allUnits = [...data.units.map((u) => u.name), ...bare];
  sections.push(...bare.map((name, k) => bareUnitSection(name, data.units.length + k)));
  const nav = allUnits.map((name, i) => `<a href="#unit-${i}">${escapeHtml(name)}</a>`).join('');
  const embed = `const charts = ${jsonForScript(charts.map((c) => ({ id: c.id, spec: c.spec })))};
for (const c of charts) {
  const el = document.getElementById(c.id);
  vegaEmbed(el, c.spec, { actions: false, renderer: 'svg' })
    .then(() => { el.dataset.rendered = 'true'; })
    .catch((e) => { el.dataset.rendered = 'error'; console.error('chart ' + c.id + ': ' + e); });
}`;
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(options.title)}</title><style>${CSS}</style>
${ASSET_FILES.map((f) => `<script src="assets/${f}"></script>`).join('\n')}
</head><body>
<h1>${escapeHtml(options.title)}</h1>
<p class="meta">生成时间 ${escapeHtml(options.generatedAt)}${options.scope ? ` · ${escapeHtml(options.scope)}` : ''} · 金额单位：万元</p>
<nav>${nav}<a href="#coverage">覆盖情况</a><a href="#changes">年度变动</a><a href="#findings">检查发现</a></nav>
${sections.join('\n') || '<p class="empty">仓库中没有可绘制的单位数据</p>'}
<section id="coverage"><h2>覆盖情况（单位 × 年度 × 预算/决算；缺为该单位公开年度内缺失）</h2>${coverageTable(data.coverage)}</section>
<section id="changes"><h2>最大的年度变动（同一单位、同一表格、同一项目）</h2>${changesTable(showChanges(data.changes, data.findings), wanText, changePct)}</section>
<section id="findings"><h2>检查发现（按规则与单位）</h2>${findingsSection(data.findings, new Map(allUnits.map((name, i) => [name, i])))}</section>
<script>${embed}</script>
</body></html>
`;
  return { html, charts };
}
