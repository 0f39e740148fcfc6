/**
 * The rule engine: every consistency check of DOMAIN.md over one normalised report, as data.
 *
 * Rules are pure functions of the report and a context (other reports of the archive, a codebook, the
 * document text); they live in one file per family and are listed here. `runChecks` runs them all and
 * returns every outcome, passes and insufficient-data outcomes included, so that a caller can show what was
 * verified as well as what was found.
 */
import type { Document } from '../../extractors/model.ts';
import type { Codebook } from '../codebook/codebook.ts';
import type { NormalisedReport } from '../model.ts';
import { acrossYearsRules } from './across-years.ts';
import { betweenTablesRules } from './between-tables.ts';
import { codebookRules } from './codebook.ts';
import { completenessRules } from './completeness.ts';
import { identifyFindings } from './finding-id.ts';
import type { CheckOutcome, CheckSeverity, RuleFamily } from './model.ts';
import { narrativeArithmeticRules } from './narrative-arithmetic.ts';
import { narrativeTablesRules } from './narrative-tables.ts';
import { rowIdentityRules } from './row-identities.ts';
import { tableSumRules } from './table-sums.ts';
import { textHygieneRules } from './text-hygiene.ts';
import { classNameRules } from './class-names.ts';
import { twoSidedRules } from './two-sided.ts';

/**
 * The part of the codebook the checks read: `Codebook.lookup`, the entry valid for a code in the edition of a
 * year (transforms/codebook/codebook.ts). The codebook itself is given, not a copy of its answers, so ingest
 * and `disclosure check` judge a code alike (pipelines/stages.ts hands both the same shipped codebook).
 */
export type CheckCodebook = Pick<Codebook, 'lookup'>;

/** What a rule may look at besides the report itself. Everything is optional; a rule without it says so. */
export interface CheckContext {
  readonly codebook?: CheckCodebook;
  /** Earlier reports of the archive (any unit, any year): the across-years rules pick the same unit's. */
  readonly priorReports?: readonly NormalisedReport[];
  /** The other kind of report of the same unit and year (the budget of a final, or the final of a budget). */
  readonly sameYearOther?: NormalisedReport;
  /** The document the report was made from: text rules (placeholders, shares without %, counts) read it. */
  readonly document?: Document;
}

/** One rule: an id, its family, the severity of a finding beyond rounding, its declared tolerance, and `run`. */
export interface Rule {
  readonly id: string;
  readonly family: RuleFamily;
  readonly severity: CheckSeverity;
  /** The declared tolerance, in words (“one unit of the last printed digit; 0.5 point for whole percentages”). */
  readonly tolerance: string;
  readonly description: string;
  run(report: NormalisedReport, ctx: CheckContext): readonly CheckOutcome[];
}

/** Every rule, family by family. */
export const RULES: readonly Rule[] = [
  ...tableSumRules,
  ...rowIdentityRules,
  ...twoSidedRules,
  ...betweenTablesRules,
  ...narrativeTablesRules,
  ...narrativeArithmeticRules,
  ...acrossYearsRules,
  ...codebookRules,
  ...completenessRules,
  ...textHygieneRules,
  ...classNameRules,
];

/** Runs every rule (or the given ones) over a report; never throws on bad data. Findings get their stable id, once each. */
export function runChecks(report: NormalisedReport, ctx: CheckContext = {}, rules: readonly Rule[] = RULES): CheckOutcome[] {
  return identifyFindings(rules.flatMap((rule) => rule.run(report, ctx)), report.meta);
}
