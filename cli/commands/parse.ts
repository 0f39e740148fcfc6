/**
 * `disclosure parse FILE [--json]`: one report through extraction and the transforms, printed as a readable
 * summary (metadata, each table with its id, title, money unit and row count, the facts) or as JSON.
 * Messages go to stderr with the summary; with --json they are part of the JSON.
 */
import { tuneForOneFile } from '../../core/process.ts';
import { formatMessage } from '../../core/messages.ts';
import type { Fact, NormalisedReport, ReportTable } from '../../transforms/model.ts';
import { UsageError, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { normaliseFile } from '../../pipelines/stages.ts';

/** The column paths of a table in column order (a two-sided table: the left side's, then the right's). */
function flatColumns(t: ReportTable): readonly string[] {
  const c = t.columns;
  return 'left' in c ? [...c.left, ...c.right] : c;
}

/**
 * A fact in the JSON: the model's fields, and `changePct` taken from the sibling fact `<metric>.change_pct`
 * (the model states a change percentage as a fact of its own; the JSON puts it beside the value).
 */
function factJson(f: Fact, byMetric: ReadonlyMap<string, Fact>) {
  return {
    metric: f.metric,
    code: f.code,
    name: f.name,
    value: f.value,
    unit: f.unit,
    yuan: f.yuan,
    changePct: byMetric.get(`${f.metric}.change_pct`)?.value ?? null,
    sharePct: f.sharePct,
    completionPct: f.completionPct,
    reason: f.reason,
    sentence: f.sentence,
    prov: f.prov,
  };
}

/**
 * The JSON form (documented in the README): `report`, `tables` (each row's `values` one per column of its
 * side, in column order, `yuan` exact in 元), `facts`, `projects`, `listedTables`, `messages`.
 */
export function reportJson(r: NormalisedReport) {
  const byMetric = new Map(r.facts.map((f) => [f.metric, f]));
  return {
    source: { path: r.source.path, sha256: r.source.sha256, format: r.source.format },
    report: {
      unit: r.meta.unit,
      unitAliases: r.meta.unitAliases,
      unitCode: r.meta.unitCode,
      parentUnit: r.meta.parentUnit,
      parentUnitCode: r.meta.parentUnitCode,
      year: r.meta.year,
      kind: r.meta.kind,
      scope: r.meta.scope,
      moneyUnit: r.meta.moneyUnit,
    },
    tables: r.tables.map((t) => ({
      tableId: t.tableId,
      title: t.title,
      moneyUnit: t.moneyUnit,
      columns: flatColumns(t),
      sides: 'left' in t.columns ? t.columns : null,
      emptyNote: t.emptyNote,
      blocks: t.blocks,
      rows: t.rows.map((row) => ({
        side: row.side,
        order: row.order,
        code: row.code,
        codeScheme: row.codeScheme,
        level: row.level,
        canonicalCode: row.canonicalCode,
        name: row.name,
        values: row.values.map((v) => ({ column: v.column, measure: v.measure, text: v.text, yuan: v.yuan, percent: v.percent })),
        prov: row.prov,
      })),
    })),
    facts: r.facts.map((f) => factJson(f, byMetric)),
    projects: r.projects,
    listedTables: r.listedTables,
    messages: r.messages,
  };
}

/** The readable summary: metadata, tables (id, title, money unit, rows), listed tables, facts, projects. */
export function summary(r: NormalisedReport): string {
  const m = r.meta;
  const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));
  const lines = [
    `${r.source.path}: ${r.source.format}, sha256 ${r.source.sha256.slice(0, 12)}`,
    `unit: ${show(m.unit)}${m.unitCode ? ` (${m.unitCode})` : ''}${m.unitAliases.length ? `, also ${m.unitAliases.join('、')}` : ''}`,
    `parent: ${show(m.parentUnit)}${m.parentUnitCode ? ` (${m.parentUnitCode})` : ''}`,
    `year: ${show(m.year)}  kind: ${show(m.kind)}  scope: ${show(m.scope)}  narrative unit: ${show(m.moneyUnit)}`,
    '',
    `tables: ${r.tables.length}`,
  ];
  for (const t of r.tables) {
    const sides = !('left' in t.columns)
      ? ''
      : ` (left ${t.rows.filter((x) => x.side === 'left').length}, right ${t.rows.filter((x) => x.side === 'right').length})`;
    lines.push(`  ${t.tableId}  ${t.title || '(untitled)'}  [${show(t.moneyUnit)}]  ${t.rows.length} rows${sides}, ${flatColumns(t).length} columns`);
    if (t.emptyNote) lines.push(`      empty: ${t.emptyNote}`);
  }
  if (r.listedTables.length > 0) lines.push(`listed but not included: ${r.listedTables.join(', ')}`);
  lines.push('', `facts: ${r.facts.length}`);
  for (const f of r.facts) {
    const extras = [f.sharePct !== null ? `share ${f.sharePct}%` : '', f.completionPct !== null ? `completion ${f.completionPct}%` : '']
      .filter((x) => x !== '')
      .join(', ');
    lines.push(`  ${f.metric}${f.code ? ` [${f.code}]` : ''} = ${f.value}${f.unit ? ` ${f.unit}` : ''}${extras ? ` (${extras})` : ''}`);
  }
  lines.push('', `projects: ${r.projects.length}`);
  for (const p of r.projects) lines.push(`  ${p.name}: budget ${show(p.budget)}, executed ${show(p.executed)} ${show(p.moneyUnit)}, ${p.indicators.length} indicators`);
  const warnings = r.messages.filter((x) => x.severity !== 'info').length;
  lines.push('', `${r.messages.length} messages (${warnings} warnings or errors)`);
  return lines.join('\n');
}

export const command: Command = {
  summary: 'Parse a report into metadata, standard tables, line items and facts',
  usage: [
    'Usage: disclosure parse FILE [--json]',
    '',
    'Extracts one report and normalises it: report metadata, the standard tables (recognised by title) with',
    'their line items and exact amounts in 元, the narrative facts and the performance projects.',
    'Prints a readable summary, messages on stderr.',
    '',
    'Options:',
    '  --json   print { report, tables, facts, projects, listedTables, messages } as JSON; each row has',
    '           one value per column of its side, in column order, with the exact amount in 元 (yuan)',
  ].join('\n'),
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError('expected exactly one FILE');
    tuneForOneFile();
    const { value: report } = await normaliseFile(positionals[0]!);
    if (values.json) {
      process.stdout.write(JSON.stringify(reportJson(report), null, 2) + '\n');
    } else {
      process.stdout.write(summary(report) + '\n');
      for (const m of report.messages) process.stderr.write(formatMessage(m) + '\n');
    }
    return 0;
  },
};
