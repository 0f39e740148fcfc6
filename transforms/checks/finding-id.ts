/**
 * The stable id of a finding: derived from its rule, the report it is about (unit, year, kind, scope, not
 * a warehouse row id or a file hash) and the places involved (table, row, column, or the sentence), never
 * from the figures printed there. Reprocessing a report, or loading a corrected version in which the same
 * places still disagree, gives the same id, so an auditor's mark (dismissed, confirmed) stays with it.
 *
 * Two findings with the same id within a report say the same thing about the same places (a narrative
 * printed twice, an identity reached by two rules' paths): only the first is kept.
 */
import { createHash } from 'node:crypto';
import type { ReportMeta } from '../model.ts';
import { isFinding, type CheckOutcome, type FindingOutcome, type ValueRef } from './model.ts';
import { canonicalKey } from '../identity/names.ts';

/**
 * Where a value was printed, without the figure: the part of a finding's id that names the place. A text
 * finding's printed words are its place (two placeholders in one sentence are two findings).
 */
function place(v: ValueRef, text: boolean): string {
  const where = v.tableId
    ? [v.tableId, v.side ?? '', v.code ?? '', v.column ?? '']
    : [(v.sentence ?? '').replace(/\s+/gu, ''), text ? (v.printed ?? '') : ''];
  return [v.report ?? '', v.label.replace(/\s+/gu, ' '), ...where].join('|');
}

/**
 * The report part of an id: whose report, which year, which kind and scope. The unit is its canonical form
 * (transforms/identity/names.ts), so that a report printing 中国共产党X委员会Y one year and 中共X委Y the next
 * keeps its findings' ids, and their marks.
 */
export function reportIdentity(meta: Pick<ReportMeta, 'unit' | 'year' | 'kind' | 'scope'>): string {
  return [meta.unit === null ? '' : canonicalKey(meta.unit), meta.year ?? '', meta.kind ?? '', meta.scope ?? ''].join('|');
}

/** The stable id of a finding of a report: `f-` and 16 hex digits. */
export function findingId(f: Pick<FindingOutcome, 'ruleId' | 'values' | 'quantity'>, meta: Pick<ReportMeta, 'unit' | 'year' | 'kind' | 'scope'>): string {
  const text = [f.ruleId, reportIdentity(meta), ...f.values.map((v) => place(v, f.quantity === 'text'))].join('\n');
  return `f-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}

/** The outcomes with an id on every finding, each finding once (the first of the same id). */
export function identifyFindings(outcomes: readonly CheckOutcome[], meta: ReportMeta): CheckOutcome[] {
  const seen = new Set<string>();
  const out: CheckOutcome[] = [];
  for (const o of outcomes) {
    if (!isFinding(o)) {
      out.push(o);
      continue;
    }
    const id = findingId(o, meta);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ ...o, id });
  }
  return out;
}
