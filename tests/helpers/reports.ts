/**
 * Hand-built NormalisedReports and Documents for the warehouse tests (they do not
 * depend on the transforms: the loader is tested on exactly what it is given).
 */
import { createHash } from 'node:crypto';
import type { Document } from '../../extractors/model.ts';
import type { LineItem, NormalisedReport, ReportKind, ReportScope, ReportTable } from '../../transforms/model.ts';

export interface ReportSpec {
  readonly unit?: string | null;
  readonly aliases?: readonly string[];
  readonly year?: number | null;
  readonly kind?: ReportKind | null;
  readonly scope?: ReportScope | null;
  /** Distinguishes files of one (unit, year, kind, scope): a different seed is a different file. */
  readonly seed?: string;
  /** Rows of the t05 table: [code, name, total yuan]. */
  readonly rows?: readonly (readonly [string | null, string, string])[];
  readonly path?: string;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function item(tableId: string, order: number, code: string | null, name: string, yuan: string): LineItem {
  const level = code === null ? null : code.length === 3 ? 1 : code.length === 5 ? 2 : 3;
  return {
    tableId, side: null, order, code, codeScheme: code === null ? 'none' : 'function', level, canonicalCode: code, name,
    values: [
      { column: '合计', measure: 'total', text: yuan, yuan, percent: null, prov: { block: 3, row: order + 2, col: 2 } },
      { column: '完成率', measure: 'completion_pct', text: '100.00%', yuan: null, percent: '100.00', prov: { block: 3, row: order + 2, col: 3 } },
    ],
    prov: { block: 3, row: order + 2 },
  };
}

/** A small final-accounts report: one function-coded table, one fact, one performance project. */
export function makeReport(spec: ReportSpec = {}): NormalisedReport {
  const unit = spec.unit === undefined ? '攀枝花市市政设施管理处' : spec.unit;
  const year = spec.year === undefined ? 2021 : spec.year;
  const kind = spec.kind === undefined ? 'final' : spec.kind;
  const scope = spec.scope === undefined ? 'unit' : spec.scope;
  const rows = spec.rows ?? [
    [null, '合计', '2195900.00'],
    ['208', '社会保障和就业支出', '219590.00'],
    ['2080505', '机关事业单位基本养老保险缴费支出', '219590.00'],
    ['212', '城乡社区支出', '1976310.00'],
  ];
  const tableId = `${kind ?? 'final'}.t05_general_budget_expenditure`;
  const table: ReportTable = {
    tableId,
    title: '一般公共预算财政拨款支出决算表',
    moneyUnit: '元',
    columns: ['合计', '完成率'],
    rows: rows.map(([code, name, yuan], i) => item(tableId, i, code, name, yuan)),
    emptyNote: null,
    blocks: [3],
  };
  const digest = sha(JSON.stringify([unit, year, kind, scope, spec.seed ?? '', rows]));
  return {
    source: { path: spec.path ?? `archive/${digest.slice(0, 8)}.docx`, sha256: digest, format: 'docx', bytes: 12345 },
    meta: {
      unit, unitAliases: spec.aliases ?? [], unitCode: null, parentUnit: '攀枝花市住房和城乡建设局', parentUnitCode: null,
      year, kind, scope, moneyUnit: '万元',
    },
    tables: [table],
    facts: [
      {
        metric: 'total_income_expense', code: null, name: null, value: '219.59', unit: '万元', yuan: '2195900.00',
        sharePct: null, completionPct: null, reason: '主要原因是人员变动', sentence: '收入支出总计219.59万元，主要原因是人员变动。',
        prov: { block: 1, start: 10, end: 30 },
      },
    ],
    projects: [
      {
        name: '城市照明维护', budget: '50.00', executed: '48.00', budgetYuan: '500000.00', executedYuan: '480000.00', moneyUnit: '万元',
        indicators: [{ level1: '产出指标', level2: '数量指标', level3: '路灯维护数', expected: '≥1000盏', actual: '1200盏' }],
        prov: { block: 5 },
      },
    ],
    listedTables: [],
    messages: [],
  };
}

/** A document model for a report (what the extractor would have produced). */
export function makeDocument(report: NormalisedReport): Document {
  return {
    source: report.source,
    blocks: [
      { type: 'heading', index: 0, span: { start: 0, end: 6 }, level: 1, numbering: '第一部分', text: '第一部分 概况' },
      { type: 'paragraph', index: 1, span: { start: 7, end: 40 }, text: report.facts[0]?.sentence ?? '' },
      { type: 'image', index: 2, span: { start: 41, end: 41 } },
      {
        type: 'table', index: 3, span: { start: 42, end: 80 }, title: '一般公共预算财政拨款支出决算表', context: ['单位：元'],
        cells: [{ row: 0, col: 0, rowSpan: 1, colSpan: 2, text: '科目' }], grid: [[0, 0]], rows: [['科目', '科目']],
      },
    ],
    messages: [],
  };
}
