/**
 * The static report of `disclosure report`, as strings: one index.html with every Vega-Lite spec inlined
 * (no fetch, so it opens from file://), drawn by the vega, vega-lite and vega-embed browser builds that the
 * command copies to assets/. Pure: data in, HTML out. Every text from the warehouse is escaped (unit names
 * and sentences are input from the outside), and the inlined JSON cannot close its <script>.
 */
import type { FindingItem, Kind, ReportData, SeriesPoint, UnitSeries, YearChange } from '../loaders/report-data.ts';
import type { CoverageView } from '../loaders/schema.ts';

/** The browser builds, in load order, as the command copies them into DIR/assets/. */
export const ASSET_FILES = ['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js'] as const;

/** Options of the page: a title and when it was made (passed in, to keep this pure). */
export interface PageOptions {
  readonly title: string;
  readonly generatedAt: string;
  /** What the report was narrowed to (`--unit`, `--year`), shown under the title. */
  readonly scope?: string;
}

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
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

const BASE = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: 320, height: 200, background: 'white' };

/** A line per label and kind (budget dashed, final solid): totals and 三公 over the years. */
export function lineSpec(points: readonly SeriesPoint[]): object {
  return {
    ...BASE,
    data: { values: values(points) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'year', type: 'ordinal', title: '年度', axis: { labelAngle: 0 } },
      y: { field: 'wan', type: 'quantitative', title: '万元' },
      color: { field: 'label', type: 'nominal', title: null, legend: { orient: 'bottom' } },
      strokeDash: { field: 'kind', type: 'nominal', title: null, sort: ['预算', '决算'], scale: { range: [[5, 3], [1, 0]] }, legend: { orient: 'bottom', symbolType: 'stroke', symbolSize: 300, encode: { symbols: { update: { stroke: { value: '#555' } } } } } },
      tooltip: TOOLTIP,
    },
  };
}

/** Stacked bars per year, budget and final side by side: structure by class, basic vs project. */
export function stackSpec(points: readonly SeriesPoint[]): object {
  return {
    ...BASE,
    data: { values: values(points) },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'year', type: 'ordinal', title: '年度（左：预算，右：决算）', axis: { labelAngle: 0 } },
      xOffset: { field: 'kind', type: 'nominal', sort: ['预算', '决算'] },
      y: { field: 'wan', type: 'quantitative', aggregate: 'sum', title: '万元', stack: 'zero' },
      color: { field: 'label', type: 'nominal', title: null, legend: { orient: 'bottom', columns: 2, labelLimit: 240 } },
      opacity: { field: 'kind', type: 'nominal', sort: ['预算', '决算'], scale: { range: [0.55, 1] }, title: null, legend: { orient: 'bottom' } },
      tooltip: TOOLTIP,
    },
  };
}

/** Distinct series a chart draws: one per label for bars; one per label × kind for lines. */
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
export interface ChartSpec { readonly id: string; readonly spec: object; readonly series: number; readonly mark: 'line' | 'bar' }

function chartCard(id: string, title: string, points: readonly SeriesPoint[], line: boolean, specs: ChartSpec[]): string {
  if (points.length === 0) return `<figure class="card"><h3>${escapeHtml(title)}</h3><p class="empty">无数据（the warehouse holds no such table for this unit）</p></figure>`;
  const series = seriesCount(points, line);
  specs.push({ id, spec: line ? lineSpec(points) : stackSpec(points), series, mark: line ? 'line' : 'bar' });
  return `<figure class="card"><h3>${escapeHtml(title)}</h3><div class="pair"><div class="chart" id="${id}" data-series="${series}" data-mark="${line ? 'line' : 'bar'}"></div>${numbersTable(points)}</div></figure>`;
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

/** The unit × year × budget/final matrix; a year missing between the first and last is a gap too. */
function coverageTable(rows: readonly CoverageView[]): string {
  if (rows.length === 0) return '<p class="empty">无数据</p>';
  const years = rows.map((r) => r.year).filter((y): y is number => y !== null);
  const first = Math.min(...years);
  const last = Math.max(...years);
  const span = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const units = new Map<string, Map<string, CoverageView>>();
  for (const r of rows) {
    const name = r.unit_name ?? '(unknown unit)';
    const m = units.get(name) ?? new Map<string, CoverageView>();
    m.set(`${r.year}/${r.kind}`, r);
    units.set(name, m);
  }
  const head1 = `<tr><th rowspan="2">单位</th>${span.map((y) => `<th colspan="2">${y}</th>`).join('')}</tr>`;
  const head2 = `<tr>${span.map(() => '<th>预算</th><th>决算</th>').join('')}</tr>`;
  const body = [...units.entries()].map(([name, m]) => {
    const cells = span.flatMap((y) => (['budget', 'final'] as const).map((k) => {
      const c = m.get(`${y}/${k}`);
      if (!c || c.reports === 0) return `<td class="gap" title="${y} ${KIND_LABEL[k]}: missing">缺</td>`;
      const extra = c.versions > 1 ? ` <small>v${c.versions}</small>` : '';
      return `<td class="have" title="${c.reports} report(s), ${c.versions} version(s), ${Number(c.line_items)} line items">✓${extra}</td>`;
    }));
    return `<tr><th>${escapeHtml(name)}</th>${cells.join('')}</tr>`;
  });
  return `<table class="coverage"><thead>${head1}${head2}</thead><tbody>${body.join('')}</tbody></table>`;
}

function changesTable(changes: readonly YearChange[]): string {
  if (changes.length === 0) return '<p class="empty">无可比较的连续年度</p>';
  const rows = changes.map((c) => `<tr><td>${escapeHtml(c.unit)}</td><td>${escapeHtml(c.line)}</td><td>${KIND_LABEL[c.kind]}</td><td>${c.year - 1} → ${c.year}</td><td class="num">${wanText(c.fromFen)}</td><td class="num">${wanText(c.toFen)}</td><td class="num">${c.deltaFen > 0n ? '+' : ''}${wanText(c.deltaFen)}</td><td class="num">${changePct(c.fromFen, c.deltaFen)}</td></tr>`);
  return `<table class="changes"><thead><tr><th>单位</th><th>项目</th><th>预算/决算</th><th>年度</th><th>上年（万元）</th><th>本年（万元）</th><th>变动（万元）</th><th>变动率</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function findingItem(f: FindingItem): string {
  const vals = f.values.map((v) => {
    const where = [v.table, v.row].filter((x) => x !== null).map((x) => escapeHtml(x!)).join(' · ');
    const source = v.sentence !== null ? `<q>${escapeHtml(v.sentence)}</q>` : where;
    return `<tr><td>${escapeHtml(v.label)}</td><td class="num">${escapeHtml(v.printed ?? v.value)}</td><td>${source}${v.sentence !== null && where ? `<br><small>${where}</small>` : ''}</td></tr>`;
  });
  const figures = f.expected !== null || f.actual !== null
    ? `<p class="figures">expected ${escapeHtml(f.expected ?? '—')} · printed ${escapeHtml(f.actual ?? '—')}</p>` : '';
  const mark = f.mark ? ` <span class="mark mark-${escapeHtml(f.mark.mark)}">${escapeHtml(f.mark.mark)}${f.mark.why ? `: ${escapeHtml(f.mark.why)}` : ''}</span>` : '';
  return `<li class="finding sev-${escapeHtml(f.severity ?? 'none')}" id="finding-${f.id}"${f.key ? ` data-key="${escapeHtml(f.key)}"` : ''}><p><b>${escapeHtml(f.severity ?? '')}</b>${mark} ${f.year ?? ''} ${f.kind === 'budget' || f.kind === 'final' ? KIND_LABEL[f.kind] : escapeHtml(f.kind ?? '')} — ${escapeHtml(f.message)}</p>${figures}<p class="file">source: <code>${escapeHtml(f.file ?? 'unknown file')}</code></p>${f.key ? `<p class="key">id <code>${escapeHtml(f.key)}</code></p>` : ''}${vals.length > 0 ? `<table class="values"><thead><tr><th>value</th><th>printed</th><th>where</th></tr></thead><tbody>${vals.join('')}</tbody></table>` : ''}</li>`;
}

/** Findings grouped by rule, then unit. */
function findingsSection(findings: readonly FindingItem[], unitIndex: ReadonlyMap<string, number>): string {
  if (findings.length === 0) return '<p class="empty">没有发现问题（no findings）</p>';
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
    return `<details class="rule"><summary><code>${escapeHtml(rule)}</code> — ${n}</summary>${inner.join('')}</details>`;
  }).join('\n');
}

const CSS = `body{font-family:system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:1.5rem;color:#222;background:#fafafa}
h1{margin-bottom:.2rem}.meta{color:#666;margin-top:0}nav a{margin-right:1rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(720px,1fr));gap:1rem}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;margin:0;padding:.5rem 1rem}.card h3{margin:.3rem 0}
.pair{display:flex;gap:1rem;align-items:flex-start;flex-wrap:wrap}
table{border-collapse:collapse;font-size:.8rem}td,th{border:1px solid #ddd;padding:2px 6px}th{background:#f0f0f0;text-align:left}
.num{text-align:right;font-variant-numeric:tabular-nums}caption{caption-side:top;text-align:right;color:#666;font-size:.75rem}
td.gap{background:#fde2e1;color:#b00;text-align:center}td.have{background:#e3f4e1;text-align:center}
.finding{margin-bottom:.6rem}.mark{font-size:.85em;padding:0 .3em;border:1px solid #888}.mark-dismissed{color:#666}.mark-confirmed{color:#b00}.sev-error b{color:#b00}.sev-warning b{color:#b60}q{color:#444}.empty{color:#888}`;

/** The whole page, and the chart specs it draws (returned too, for the tests). */
export function renderReport(data: ReportData, options: PageOptions): { html: string; charts: ChartSpec[] } {
  const charts: ChartSpec[] = [];
  const sections = data.units.map((u, i) => unitSection(u, i, charts));
  const nav = data.units.map((u, i) => `<a href="#unit-${i}">${escapeHtml(u.name)}</a>`).join('');
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
<p class="meta">生成时间 ${escapeHtml(options.generatedAt)}${options.scope ? ` · ${escapeHtml(options.scope)}` : ''} · 金额单位：万元 · 虚线为预算，实线为决算</p>
<nav>${nav}<a href="#coverage">覆盖情况</a><a href="#changes">年度变动</a><a href="#findings">检查发现</a></nav>
${sections.join('\n') || '<p class="empty">仓库中没有可绘制的单位数据</p>'}
<section id="coverage"><h2>覆盖情况（单位 × 年度 × 预算/决算，缺为缺失）</h2>${coverageTable(data.coverage)}</section>
<section id="changes"><h2>最大的年度变动</h2>${changesTable(data.changes)}</section>
<section id="findings"><h2>检查发现（按规则与单位）</h2>${findingsSection(data.findings, new Map(data.units.map((u, i) => [u.name, i])))}</section>
<script>${embed}</script>
</body></html>
`;
  return { html, charts };
}
