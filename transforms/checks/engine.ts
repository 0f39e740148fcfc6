/**
 * The rule engine: every consistency check of docs/domain.md over one normalised report, as data.
 *
 * Rules are pure functions of the report and a context (other reports of the archive, a codebook, the
 * document text); they live in one file per family and are listed in rules.ts. `runChecks` runs them all and
 * returns every outcome, passes and insufficient-data outcomes included, so that a caller can show what was
 * verified as well as what was found.
 */
import type { NormalisedReport } from '../model.ts';
import { identifyFindings } from './finding-id.ts';
import type { CheckContext, CheckOutcome, Rule } from './model.ts';
import { RULES } from './rules.ts';

/** Runs every rule (or the given ones) over a report; never throws on bad data. Findings get their stable id, once each. */
export function runChecks(report: NormalisedReport, ctx: CheckContext = {}, rules: readonly Rule[] = RULES): CheckOutcome[] {
  return identifyFindings(rules.flatMap((rule) => rule.run(report, ctx)), report.meta);
}
