/**
 * `disclosure check FILE…` and `disclosure check [--db URL] [--year …] [--unit …]`: the consistency checks
 * of transforms/checks over reports, printed as a readable report (findings with every value involved and
 * where it was printed) or as JSON. Files are extracted and normalised here; warehouse reports are rebuilt
 * from their stored document models. Reports checked together are each other's context: last year's report
 * of the same unit and the budget of the same year take part in the across-years rules.
 */
import { asDisclosureError } from '../../core/errors.ts';
import { formatMessage, inFile, message } from '../../core/messages.ts';
import type { Document } from '../../extractors/model.ts';
import { replaceFindings } from '../../loaders/warehouse/load.ts';
import { findReports, loadDocument, type ReportRef } from '../../loaders/warehouse/queries.ts';
import type { CheckContext } from '../../transforms/checks/model.ts';
import { diagnosticOfOutcome, isFinding, type CheckOutcome, type FindingOutcome, type ValueRef } from '../../transforms/checks/model.ts';
import type { NormalisedReport } from '../../transforms/model.ts';
import { UsageError, parseCommandArgs } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import { withWarehouse } from '../session.ts';
import { companionPairs } from '../../pipelines/companions.ts';
import { checkReport, normaliseDocument, normaliseFile } from '../../pipelines/stages.ts';
import { joinParts, narrativeOutcomes } from '../../transforms/identity/companions.ts';

const usage = `Usage: disclosure check FILE… [--json] [--all]
       disclosure check [--db URL] [--year YEAR] [--unit NAME] [--kind KIND] [--save] [--json] [--all]

Runs the consistency checks (sums and hierarchy within tables, row identities, two-sided totals, figures
shared between tables, narrative against tables, arithmetic in the narrative, across years, codes against
the codebook, completeness) and prints the findings of each report with every value involved and where it
was printed. Tolerance follows the printed precision: a gap of one unit of the last printed digit is a
rounding warning, a larger one an error.

With FILEs, each file is extracted and normalised; without, the current reports of the warehouse are
checked (rebuilt from their stored document models), filtered by --year, --unit and --kind.

Options:
  --all           also list the checks that passed and those without the data to decide
  --json          print the outcomes as JSON (one object per report)
  --save          replace the stored findings of each warehouse report with these (for \`disclosure export findings\`);
                  unlike ingest, this includes the across-years rules over the unit's other reports
  --db URL        warehouse (default: $DISCLOSURE_DB or data/warehouse.sqlite)

Exit codes: 0 checked (findings are not failures); 3 some files could not be read; 2 bad arguments.`;

/** One report under check with the document it came from. */
interface Checked {
  readonly label: string;
  readonly report: NormalisedReport;
  readonly document: Document;
  readonly reportId?: number;
}

/** The context of one report among those checked together: last years' reports and the other kind of the same year. */
export function contextFor(target: Checked, all: readonly Checked[]): Omit<CheckContext, 'codebook'> {
  const others = all.filter((c) => c !== target).map((c) => c.report);
  const { year, kind } = target.report.meta;
  const sameYearOther = others.find((o) => o.meta.year === year && o.meta.kind !== null && o.meta.kind !== kind);
  return {
    document: target.document,
    priorReports: others.filter((o) => year !== null && o.meta.year !== null && o.meta.year < year),
    ...(sameYearOther ? { sameYearOther } : {}),
  };
}

function where(v: ValueRef): string {
  const parts: string[] = [];
  if (v.report) parts.push(v.report);
  if (v.tableId) parts.push([v.tableId, v.side ?? '', v.row !== undefined ? `row ${v.row + 1}` : '', v.column ?? ''].filter(Boolean).join(' '));
  if (v.sentence) parts.push(`“${v.sentence.trim().slice(0, 60)}${v.sentence.trim().length > 60 ? '…' : ''}”`);
  if (v.block !== undefined) parts.push(`block ${v.block}`);
  return parts.join(', ');
}

/**
 * A finding as text: its diagnostic line (formatMessage: severity, rule, stage, place, message) with its
 * stable id, then each value with where it was printed.
 */
export function formatFinding(f: FindingOutcome): string {
  const lines = [`  ${formatMessage(diagnosticOfOutcome(f))}${f.id ? `  (${f.id})` : ''}`];
  // A missing table has nothing printed to point at: its message says it all.
  if (f.quantity === 'text' && f.values.every((v) => v.sentence === undefined && v.printed === undefined)) return lines.join('\n');
  for (const v of f.values.slice(0, 12)) lines.push(`            ${v.label} = ${v.printed ?? v.value}${where(v) ? `  [${where(v)}]` : ''}`);
  if (f.values.length > 12) lines.push(`            … ${f.values.length - 12} more values`);
  return lines.join('\n');
}

/** The readable report of one checked report. */
export function formatOutcomes(label: string, report: NormalisedReport, outcomes: readonly CheckOutcome[], all = false): string {
  const found = outcomes.filter((o): o is FindingOutcome => o.outcome === 'finding');
  const count = (s: string): number => found.filter((f) => f.severity === s).length;
  const passed = outcomes.filter((o) => o.outcome === 'pass').length;
  const undecided = outcomes.filter((o) => o.outcome === 'insufficient');
  const { unit, year, kind } = report.meta;
  const lines = [
    `${label}: ${unit ?? '(unit unknown)'} ${year ?? '?'} ${kind ?? '?'} — ${found.length} finding${found.length === 1 ? '' : 's'} (${count('error')} errors, ${count('warning')} warnings, ${count('info')} info), ${passed} checks passed, ${undecided.length} without the data to decide`,
  ];
  const order = { error: 0, warning: 1, info: 2 };
  for (const f of [...found].sort((a, b) => order[a.severity] - order[b.severity])) lines.push(formatFinding(f));
  if (all) {
    for (const o of outcomes) {
      if (o.outcome === 'pass') lines.push(`  pass    ${o.ruleId}: ${o.subject}`);
      if (o.outcome === 'insufficient') lines.push(`  n/a     ${o.ruleId}: ${o.subject} — ${o.reason}`);
    }
  }
  return lines.join('\n');
}

function checkAll(checked: readonly Checked[]): CheckOutcome[][] {
  return checked.map((c) => checkReport(c.report, contextFor(c, checked)));
}

function print(checked: readonly Checked[], results: readonly CheckOutcome[][], json: boolean, all: boolean): void {
  if (json) {
    // A finding also carries the diagnostic keys (rule, stage, location, reason) beside its own.
    const withDiagnostic = (o: CheckOutcome, file: string) => (isFinding(o) ? { ...o, ...diagnosticOfOutcome(o, file) } : o);
    const out = checked.map((c, i) => ({
      source: { path: c.report.source.path, sha256: c.report.source.sha256 },
      report: c.report.meta,
      outcomes: (results[i] ?? []).map((o) => withDiagnostic(o, c.label)),
    }));
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return;
  }
  process.stdout.write(checked.map((c, i) => formatOutcomes(c.label, c.report, results[i] ?? [], all)).join('\n\n') + '\n');
}

async function checkFiles(files: readonly string[], json: boolean, all: boolean): Promise<number> {
  const checked: Checked[] = [];
  let failed = 0;
  for (const file of files) {
    try {
      const { document, value: report, messages } = await normaliseFile(file);
      for (const m of messages.filter((x) => x.severity !== 'info')) process.stderr.write(`${formatMessage(inFile(m, file))}\n`);
      checked.push({ label: file, report, document });
    } catch (e) {
      failed++;
      process.stderr.write(`disclosure check: ${formatMessage(asDisclosureError(e, file).diagnostic(file))}\n`);
    }
  }
  print(checked, checkAll(checked), json, all);
  return failed > 0 ? EXIT.someFilesFailed : EXIT.ok;
}

export const command: Command = {
  summary: 'Check reports for inconsistent figures (files, or the reports in the warehouse)',
  usage,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      db: { type: 'string' }, year: { type: 'string' }, unit: { type: 'string' }, kind: { type: 'string' },
      json: { type: 'boolean' }, all: { type: 'boolean' }, save: { type: 'boolean' },
    });
    const json = values.json ?? false;
    const all = values.all ?? false;
    if (positionals.length > 0) {
      if (values.db || values.year || values.unit || values.kind || values.save) throw new UsageError('give FILEs or warehouse filters (--db/--year/--unit/--kind/--save), not both');
      return checkFiles(positionals, json, all);
    }
    const year = values.year === undefined ? undefined : Number(values.year);
    if (year !== undefined && !Number.isInteger(year)) throw new UsageError('--year must be a year such as 2021');
    if (values.kind !== undefined && values.kind !== 'budget' && values.kind !== 'final') throw new UsageError('--kind must be budget or final');
    const filter = { ...(year !== undefined ? { year } : {}), ...(values.unit ? { unit: values.unit } : {}), ...(values.kind ? { kind: values.kind } : {}) };
    return withWarehouse(values.db, { lock: values.save ?? false, readOnly: !values.save, command: ['check', ...args].join(' ') }, async (warehouse) => {
      const targets = await findReports(warehouse.db, filter);
      // The same units' other reports (any year, both kinds) are the context of the across-years rules.
      const pool = new Map<number, ReportRef>(targets.map((r) => [r.id, r]));
      for (const unit of new Set(targets.map((r) => r.unit_name).filter((u): u is string => u !== null))) {
        for (const r of await findReports(warehouse.db, { unit })) pool.set(r.id, r);
      }
      const checked: Checked[] = [];
      let failed = 0;
      for (const ref of pool.values()) {
        const document = await loadDocument(warehouse.db, ref.sha256);
        if (!document) {
          failed++;
          const noModel = message('error', 'load', 'warehouse/no-document', `report ${ref.id} has no stored document model; ingest its file again`, { file: ref.path ?? ref.sha256 });
          process.stderr.write(`disclosure check: ${formatMessage(noModel)}\n`);
          continue;
        }
        checked.push({ label: ref.path ?? ref.sha256, report: normaliseDocument(document).value, document, reportId: ref.id });
      }
      // Companion files: a narrative part is checked joined with its tables part (transforms/identity/companions.ts).
      const tablesOf = new Map(companionPairs([...pool.values()]).map((p) => [p.narrative.id, p.tables.id]));
      const joined = checked.map((c) => {
        const t = c.reportId === undefined ? undefined : checked.find((x) => x.reportId === tablesOf.get(c.reportId!));
        return t ? { ...c, report: joinParts(c.report, t.report) } : c;
      });
      const results = checkAll(joined).map((r, i) => (joined[i] !== checked[i] ? narrativeOutcomes(r) : r));
      const targetIds = new Set(targets.map((t) => t.id));
      const shown = checked.map((c, i) => ({ c, r: results[i] ?? [] })).filter(({ c }) => c.reportId !== undefined && targetIds.has(c.reportId));
      // Stored as ingest stores them: the findings (passes and undecided checks are shown, not stored).
      if (values.save) for (const { c, r } of shown) await replaceFindings(warehouse.db, c.reportId!, r.filter(isFinding));
      if (shown.length === 0) process.stderr.write('disclosure check: no current report matches\n');
      print(shown.map((s) => s.c), shown.map((s) => s.r), json, all);
      return failed > 0 ? EXIT.someFilesFailed : EXIT.ok;
    });
  },
};
