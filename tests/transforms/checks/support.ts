/**
 * Hand-built normalised reports for the check tests, so that they do not depend on the extractors and the
 * normaliser: facts and tables written as printed, converted to 元 with amounts.ts, and the golden tables
 * of ../shared/corpus/golden read into ReportTables.
 */
import { readFileSync } from 'node:fs';
import { assembleDocument, type DraftBlock, type Document } from '../../../extractors/model.ts';
import { parseNumber, toYuan } from '../../../transforms/money/amounts.ts';
import type { CheckOutcome, FindingOutcome } from '../../../transforms/checks/model.ts';
import { standardSet } from '../../../transforms/checks/completeness.ts';
import type {
  CodeScheme,
  Fact,
  LineItem,
  MoneyUnit,
  NormalisedReport,
  PerformanceProject,
  ReportKind,
  ReportMeta,
  ReportTable,
  Side,
} from '../../../transforms/model.ts';

export const shared = (path: string): string => new URL(`../../../../shared/${path}`, import.meta.url).pathname;

const MONEY: readonly string[] = ['元', '万元', '亿元'];

export interface FactInput {
  readonly code?: string | null;
  readonly name?: string | null;
  readonly unit?: string | null;
  readonly sharePct?: string | null;
  readonly completionPct?: string | null;
  readonly sentence?: string;
  readonly block?: number;
}

/** A narrative fact as the narrative extractor emits it: printed value, unit, exact 元 for money. */
export function fact(metric: string, value: string, opts: FactInput = {}): Fact {
  const unit = opts.unit === undefined ? (metric.endsWith('_pct') ? '%' : '万元') : opts.unit;
  const parsed = parseNumber(value);
  const yuan = unit !== null && MONEY.includes(unit) && parsed !== null ? toYuan(parsed.value, unit as MoneyUnit) : null;
  return {
    metric,
    code: opts.code ?? null,
    name: opts.name ?? null,
    value,
    unit,
    yuan,
    sharePct: opts.sharePct ?? null,
    completionPct: opts.completionPct ?? null,
    reason: null,
    sentence: opts.sentence ?? `${metric} ${value}${unit ?? ''}`,
    prov: { block: opts.block ?? 0, start: 0, end: 1 },
  };
}

export interface RowInput {
  readonly code?: string | null;
  readonly name: string;
  readonly values: readonly string[];
  readonly side?: Side | null;
}

function schemeOf(tableId: string, code: string | null): CodeScheme {
  if (code === null) return 'none';
  if (/t06/.test(tableId)) return code.startsWith('5') ? 'economic-gov' : 'economic-dept';
  return code.startsWith('1') ? 'revenue' : 'function';
}

/** A table as printed: columns (or left/right columns), rows of printed texts; amounts converted with toYuan. */
export function table(
  tableId: string,
  moneyUnit: MoneyUnit,
  columns: readonly string[] | { left: readonly string[]; right: readonly string[] },
  rows: readonly RowInput[],
  opts: { emptyNote?: string | null; title?: string; block?: number } = {},
): ReportTable {
  const order = new Map<string, number>();
  const items: LineItem[] = rows.map((r) => {
    const side = r.side ?? null;
    const key = side ?? '';
    const n = order.get(key) ?? 0;
    order.set(key, n + 1);
    const cols = Array.isArray(columns) ? columns : side === 'right' ? (columns as { right: readonly string[] }).right : (columns as { left: readonly string[] }).left;
    const code = r.code ?? null;
    return {
      tableId,
      side,
      order: n,
      code,
      codeScheme: schemeOf(tableId, code),
      level: code === null ? null : code.length === 3 ? 1 : code.length === 5 ? 2 : 3,
      canonicalCode: null,
      name: r.name,
      values: (cols as readonly string[]).map((column, i) => {
        const text = r.values[i] ?? '';
        const parsed = parseNumber(text);
        const percent = /%|完成率/.test(column) ? (parsed?.value ?? null) : null;
        return {
          column,
          measure: null,
          text,
          yuan: percent === null && parsed !== null ? toYuan(parsed.value, moneyUnit) : null,
          percent,
          prov: { block: opts.block ?? 1, row: n, col: i },
        };
      }),
      prov: { block: opts.block ?? 1, row: n },
    };
  });
  return { tableId, title: opts.title ?? tableId, moneyUnit, columns, rows: items, emptyNote: opts.emptyNote ?? null, blocks: [opts.block ?? 1] };
}

export interface ReportInput {
  readonly facts?: readonly Fact[];
  readonly tables?: readonly ReportTable[];
  readonly projects?: readonly PerformanceProject[];
  readonly listedTables?: readonly string[];
  readonly meta?: Partial<ReportMeta>;
  readonly path?: string;
}

export function report(input: ReportInput = {}): NormalisedReport {
  const meta: ReportMeta = {
    unit: '测试单位',
    unitAliases: [],
    unitCode: null,
    parentUnit: null,
    parentUnitCode: null,
    year: 2021,
    kind: 'final' as ReportKind,
    scope: 'unit',
    moneyUnit: '万元',
    ...input.meta,
  };
  return {
    source: { path: input.path ?? 'test.docx', sha256: '0'.repeat(64), format: 'docx', bytes: 0 },
    meta,
    tables: input.tables ?? [],
    facts: input.facts ?? [],
    projects: input.projects ?? [],
    listedTables: input.listedTables ?? [],
    messages: [],
  };
}

/** A document of paragraphs, one per line of text (for the rules that read the words). */
export function documentOf(text: string): Document {
  const drafts: DraftBlock[] = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => ({ type: 'paragraph', text: l.trim() }));
  return assembleDocument({ path: 'test.txt', sha256: '0'.repeat(64), format: 'html', bytes: text.length }, drafts, []);
}

export const findings = (outcomes: readonly CheckOutcome[]): FindingOutcome[] =>
  outcomes.filter((o): o is FindingOutcome => o.outcome === 'finding');

interface GoldenTable {
  table_id: string;
  title: string;
  money_unit: MoneyUnit;
  columns: string[] | { left: string[]; right: string[] };
  rows: { code: string | null; name: string; values: string[]; side?: Side }[];
  empty_note?: string;
}

interface Golden {
  file: string;
  unit: string;
  year: number;
  kind: ReportKind;
  tables: GoldenTable[];
  facts: Record<string, { value: string; sentence: string }>;
}

/** A golden report of the corpus as a NormalisedReport: its tables as printed and its labelled facts. */
export function goldenReport(name: string): NormalisedReport {
  const golden = JSON.parse(readFileSync(shared(`corpus/golden/${name}.json`), 'utf8')) as Golden;
  const tables = golden.tables.map((t, i) =>
    table(t.table_id, t.money_unit, t.columns, t.rows.map((r) => ({ code: r.code, name: r.name, values: r.values, side: r.side ?? null })), {
      emptyNote: t.empty_note ?? null,
      title: t.title,
      block: i,
    }),
  );
  const facts = Object.entries(golden.facts).map(([metric, f]) =>
    fact(metric, f.value, { unit: metric === 'vehicles.count' ? '辆' : '万元', sentence: f.sentence }),
  );
  return report({ tables, facts, path: golden.file, meta: { unit: golden.unit, year: golden.year, kind: golden.kind } });
}

interface SeedExpected {
  facts: { metric: string; value: string; code?: string; name?: string; share_pct?: string; completion_pct?: string }[];
  performance_projects: { name: string; budget: string; executed: string }[];
}

const COUNT_UNITS: Readonly<Record<string, string>> = { 'vehicles.count': '辆', 'staffing.quota': '名', 'staffing.leader_posts': '名' };

/**
 * The seed as the extractors are meant to deliver it, built from its hand-labelled expected.json: every
 * fact with its printed value (money in 万元, `.change_pct` in %), the two performance projects, and the
 * appendix tables listed by title only.
 */
export function seedReport(): NormalisedReport {
  const expected = JSON.parse(readFileSync(shared('seeds/panzhihua-szcg-2021-final.expected.json'), 'utf8')) as SeedExpected;
  const facts = expected.facts.map((f) =>
    fact(f.metric, f.value, {
      code: f.code ?? null,
      name: f.name ?? null,
      unit: COUNT_UNITS[f.metric] ?? (f.metric.endsWith('_pct') ? '%' : '万元'),
      sharePct: f.share_pct ?? null,
      completionPct: f.completion_pct ?? null,
    }),
  );
  const projects: PerformanceProject[] = expected.performance_projects.map((p, i) => ({
    name: p.name,
    budget: p.budget,
    executed: p.executed,
    budgetYuan: toYuan(p.budget, '万元'),
    executedYuan: toYuan(p.executed, '万元'),
    moneyUnit: '万元',
    indicators: [],
    prov: { block: 100 + i },
  }));
  const listed = standardSet('final');
  return report({ facts, projects, listedTables: listed, path: 'panzhihua-szcg-2021-final', meta: { unit: '攀枝花市数字化城市联动指挥中心', year: 2021, kind: 'final' } });
}

/** The seed's text (as received) as a document of paragraphs. */
export function seedDocument(): Document {
  return documentOf(readFileSync(shared('seeds/panzhihua-szcg-2021-final.txt'), 'utf8'));
}
