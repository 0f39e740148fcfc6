/** The report's pure parts: series from line items, changes, provenance, and the HTML they become. */
import { describe, expect, it } from 'vitest';
import { findingValues, largestChanges, unitSeries, type ChartRow, type ReportData } from '../../loaders/exports/report-data.ts';
import { changePct, escapeHtml, groupedSpec, jsonForScript, renderReport, stackSpec, wanNumber, wanText } from '../../cli/report-html.ts';
import { isExtreme, showChanges } from '../../cli/report/changes.ts';
import { ruleLabel } from '../../cli/report/labels.ts';

const row = (over: Partial<ChartRow>): ChartRow => ({
  unit_id: 1, unit_name: '甲单位', year: 2021, kind: 'final', table_id: 'final.t03_expenditure', row_order: 1, code: null,
  code_scheme: 'function', level: null, canonical_code: null, canonical_name: null, name: '合计', column_path: '本年支出合计',
  measure: 'total', amount_fen: 0n, ...over,
});

describe('report series from line items', () => {
  it('keeps a function class renamed between editions as one series, labelled with its newest canonical name', () => {
    const rows = [
      // The 2018 edition printed the older name and the codebook knew no canonical name for it then.
      row({ year: 2018, code: '208', level: 1, canonical_code: '208', canonical_name: null, name: '社会保障和就业', amount_fen: 100n }),
      row({ year: 2019, code: '208', level: 1, canonical_code: '208', canonical_name: '社会保障和就业支出', name: '社会保障和就业支出', amount_fen: 200n }),
      row({ year: 2019, code: '230', level: 1, canonical_code: null, canonical_name: null, name: '转移性支出', amount_fen: 5n }),
    ];
    const [u] = unitSeries(rows);
    expect(new Set(u!.classes.filter((p) => p.series === '208').map((p) => p.label))).toEqual(new Set(['208 社会保障和就业支出']));
    expect(u!.classes.map((p) => [p.year, p.series, p.fen])).toEqual([[2018, '208', 100n], [2019, '208', 200n], [2019, '230', 5n]]);
  });

  it('reads totals from the uncoded 合计 rows, basic and project from t03, and the final 三公 from its 决算数 column only', () => {
    const rows = [
      row({ table_id: 'final.t02_income', row_order: 0, column_path: '本年收入合计', amount_fen: 900n }),
      row({ row_order: 0, amount_fen: 800n }),
      row({ row_order: 0, measure: 'basic', column_path: '基本支出', amount_fen: 500n }),
      row({ row_order: 0, measure: 'project', column_path: '项目支出', amount_fen: 300n }),
      row({ table_id: 'final.t07_three_public', row_order: 0, name: '', column_path: '预算数/合计', amount_fen: 70n }),
      row({ table_id: 'final.t07_three_public', row_order: 0, name: '', column_path: '决算数/合计', amount_fen: 60n }),
      row({ table_id: 'final.t07_three_public', row_order: 0, name: '', column_path: '决算数/公务用车购置及运行费/小计', amount_fen: 10n }),
      row({ kind: 'budget', table_id: 'budget.t07_three_public', row_order: 0, name: '', column_path: '合计', amount_fen: 75n }),
      row({ amount_fen: null, row_order: 0 }),
    ];
    const [u] = unitSeries(rows);
    expect(u!.totals.map((p) => [p.series, p.fen])).toEqual([['expenditure', 800n], ['income', 900n]]);
    expect(u!.basicProject.map((p) => [p.series, p.fen])).toEqual([['basic', 500n], ['project', 300n]]);
    expect(u!.threePublic.map((p) => [p.kind, p.fen])).toEqual([['budget', 75n], ['final', 60n]]);
  });

  it('ranks year-on-year changes by their absolute size, only between consecutive years of the same kind', () => {
    const rows = [
      row({ year: 2021, row_order: 0, amount_fen: 1_000n }),
      row({ year: 2022, row_order: 0, amount_fen: 400n }),
      row({ year: 2024, row_order: 0, amount_fen: 9_000n }),
      row({ year: 2021, code: '201', level: 1, canonical_code: '201', canonical_name: '一般公共服务支出', amount_fen: 100n }),
      row({ year: 2022, code: '201', level: 1, canonical_code: '201', canonical_name: '一般公共服务支出', amount_fen: 900n }),
    ];
    const changes = largestChanges(unitSeries(rows));
    expect(changes.map((c) => [c.line, c.year, c.deltaFen])).toEqual([['201 一般公共服务支出', 2022, 800n], ['支出合计', 2022, -600n]]);
  });

  it('reads the table cell or the sentence of every value of a finding, and nothing from unreadable provenance', () => {
    const values = findingValues(JSON.stringify({ values: [
      { label: 'a', value: '1.00', printed: '1', tableId: 'final.t03_expenditure', side: 'left', row: 3, code: '201', column: '合计' },
      { label: 'b', value: '2.00', sentence: '共2万元。' },
    ] }));
    expect(values).toEqual([
      { label: 'a', value: '1.00', printed: '1', table: 'final.t03_expenditure', row: 'left side · row 3 · code 201 · column 合计', sentence: null },
      { label: 'b', value: '2.00', printed: null, table: null, row: null, sentence: '共2万元。' },
    ]);
    expect(findingValues('not json')).toEqual([]);
  });
});

describe('report HTML', () => {
  it('prints 万元 exactly with two decimals, rounding half away from zero, and percentages to one decimal', () => {
    expect(wanText(2_784_370_000n)).toBe('2,784.37');
    expect(wanText(5_000n)).toBe('0.01');
    expect(wanText(4_999n)).toBe('0.00');
    expect(wanText(-1_234_565_000n)).toBe('-1,234.57');
    expect(wanNumber(2_784_370_000n)).toBeCloseTo(2784.37, 6);
    expect(changePct(1_000n, 333n)).toBe('+33.3%');
    expect(changePct(1_000n, -600n)).toBe('-60.0%');
    expect(changePct(2_000n, 1n)).toBe('+0.1%');
    expect(changePct(0n, 5n)).toBe('—');
  });

  it('escapes unit names and sentences, and keeps inlined JSON from closing its script', () => {
    expect(escapeHtml('<a href="x">&\'')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
    expect(jsonForScript({ s: '</script><!--\u2028' })).toBe('{"s":"\\u003c/script\\u003e\\u003c!--\\u2028"}');
    const evil = '<script>alert(1)</script>';
    const data: ReportData = {
      units: unitSeries([
        row({ unit_name: evil, row_order: 0, amount_fen: 1_000_000n }),
        row({ unit_name: evil, code: '201', level: 1, canonical_code: '201', canonical_name: evil, amount_fen: 1_000_000n }),
      ]),
      coverage: [{ unit_id: 1, unit_name: evil, year: 2021, kind: 'final', reports: 1, versions: 1, line_items: 2 }],
      changes: [],
      findings: [{ id: 1, unit: evil, year: 2021, kind: 'final', ruleId: 'x/y', severity: 'error', message: evil, expected: '1', actual: '2', file: evil, values: [{ label: evil, value: '1', printed: null, table: null, row: null, sentence: evil }] }],
    };
    const { html, charts } = renderReport(data, { title: evil, generatedAt: 'now' });
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // Outside the three asset tags and the embedding script, no <script> appears.
    expect(html.match(/<script/g)).toHaveLength(4);
    expect(charts.map((c) => c.id)).toEqual(['u0-totals', 'u0-classes']);
    // The finding's unit heading leads to that unit's charts.
    expect(html).toContain('<h4><a href="#unit-0">&lt;script&gt;alert(1)&lt;/script&gt;</a> (1)</h4>');
  });

  it('shows the id of a finding and the mark of the auditor beside its severity', () => {
    const finding = { id: 1, unit: '甲', year: 2021, kind: 'final', ruleId: 'x/y', severity: 'error', message: 'm', expected: '1', actual: '2', file: 'f', values: [] };
    const data: ReportData = {
      units: [], coverage: [], changes: [],
      findings: [
        { ...finding, key: 'f-0123456789abcdef', mark: { mark: 'dismissed', why: '<b>printed so</b>' } },
        { ...finding, id: 2, key: 'f-1123456789abcdef', mark: null },
      ],
    };
    const { html } = renderReport(data, { title: 't', generatedAt: 'now' });
    expect(html).toContain('<b>错误</b> <span class="mark mark-dismissed">已排除：&lt;b&gt;printed so&lt;/b&gt;</span>');
    expect(html).toContain('<p class="key">编号 <code>f-0123456789abcdef</code></p>');
    expect(html.match(/class="mark /g)).toHaveLength(1);
  });

  it('marks a year missing between the first and the last as a gap, budget and final each', () => {
    const data: ReportData = {
      units: [], changes: [], findings: [],
      coverage: [
        { unit_id: 1, unit_name: '甲', year: 2020, kind: 'budget', reports: 1, versions: 2, line_items: 5 },
        { unit_id: 1, unit_name: '甲', year: 2022, kind: 'final', reports: 1, versions: 1, line_items: 5 },
      ],
    };
    const { html } = renderReport(data, { title: 't', generatedAt: 'now' });
    const cells = [...html.matchAll(/<td class="(gap|have)"/g)].map((m) => m[1]);
    expect(cells).toEqual(['have', 'gap', 'gap', 'gap', 'gap', 'have']);
    expect(html).toContain('<small>v2</small>');
  });

  it('draws budget and final of each line as bars side by side, one colour each, filling the card’s width in a CJK font', () => {
    const spec = groupedSpec([
      { year: 2021, kind: 'budget', series: 'income', label: '收入合计', fen: 1n },
      { year: 2021, kind: 'final', series: 'income', label: '收入合计', fen: 2n },
      { year: 2021, kind: 'final', series: 'expenditure', label: '支出合计', fen: 2n },
    ]) as { width: string; config: { font: string }; mark: { type: string }; encoding: { xOffset: { field: string }; color: { field: string; sort: string[] } } };
    expect(spec.mark.type).toBe('bar');
    expect(spec.width).toBe('container');
    expect(spec.config.font).toContain('Noto Sans CJK SC');
    expect(spec.encoding.xOffset.field).toBe('group');
    expect(spec.encoding.color.sort).toEqual(['收入合计（预算）', '收入合计（决算）', '支出合计（决算）']);
    const stack = stackSpec([{ year: 2021, kind: 'budget', series: '201', label: '201 一般公共服务支出', fen: 1n }]) as { encoding: Record<string, unknown> };
    // Colour alone fills the bars, so the legend's swatches are the bars' colours.
    expect(Object.keys(stack.encoding)).not.toContain('opacity');
  });

  it('shows equal figures once, and gives an extreme change the findings that may explain it', () => {
    const base = { unit: '甲', kind: 'final' as const, year: 2022, fromFen: 100n, toFen: 900_000n, deltaFen: 899_900n };
    const finding = { id: 7, unit: '甲', year: 2022, kind: 'final', ruleId: 'table-sums/total', severity: 'error', message: 'm', expected: null, actual: null, file: null, values: [] };
    const shown = showChanges([{ ...base, line: '收入合计' }, { ...base, line: '支出合计' }, { ...base, unit: '乙', line: '支出合计' }], [finding]);
    expect(shown.map((c) => [c.unit, c.lines, c.extreme, c.explainedBy.map((f) => f.id)])).toEqual([
      ['甲', ['收入合计', '支出合计'], true, [7]],
      ['乙', ['支出合计'], true, []],
    ]);
    expect(isExtreme(100n, 120n)).toBe(false);
    expect(isExtreme(100n, 600n)).toBe(true);
    expect(isExtreme(100n, 19n)).toBe(true);
    const { html } = renderReport({ units: [], coverage: [], findings: [finding], changes: [{ ...base, line: '收入合计' }] }, { title: 't', generatedAt: 'now' });
    expect(html).toContain('<a href="#finding-7" title="table-sums/total">表内合计与层级（2022年）</a>');
  });

  it('judges coverage over each unit’s publishing span, lists unidentified files apart and links units without line items', () => {
    const data: ReportData = {
      units: [], changes: [], findings: [],
      coverage: [
        { unit_id: 1, unit_name: '甲', year: 2019, kind: 'final', reports: 1, versions: 1, line_items: 5 },
        { unit_id: 2, unit_name: '乙', year: 2021, kind: 'final', reports: 1, versions: 1, line_items: 0 },
        { unit_id: null, unit_name: '上海市XX局', year: 2021, kind: 'budget', reports: 1, versions: 1, line_items: 0 },
      ],
    };
    const { html } = renderReport(data, { title: 't', generatedAt: 'now' });
    const row = (name: string) => [...(html.split(`<th>${name}</th>`)[1]!.split('</tr>')[0]!.matchAll(/<td class="(gap|have|out|span)"/g))].map((m) => m[1]);
    // 甲 publishes 2019 only: 2020 and 2021 are outside its span, not gaps; 乙 starts in 2021.
    expect(row('甲')).toEqual(['span', 'gap', 'have', 'out', 'out', 'out', 'out']);
    expect(row('乙')).toEqual(['span', 'out', 'out', 'out', 'out', 'gap', 'have']);
    expect(html).toContain('未识别单位的文件');
    expect(html).toContain('<a href="#unit-1">乙</a>');
    expect(html).toContain('<section class="unit bare" id="unit-1">');
  });

  it('names rules in Chinese, never by their English id', () => {
    expect(ruleLabel('narrative-arithmetic/parts-sum')).toBe('说明内计算：分项之和与合计');
    expect(ruleLabel('table-sums/anything')).toBe('表内合计与层级');
    expect(ruleLabel('made-up/rule')).toBe('其他检查');
  });
});
