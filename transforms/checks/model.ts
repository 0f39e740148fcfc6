/**
 * Findings as data: the outcome of one consistency check over a normalised report.
 *
 * Every rule returns outcomes, never throws and never guesses: a check it could decide is a `pass` or a
 * `finding`; a check it could not decide (a figure missing, a table not published) is `insufficient`, with
 * the reason. Amounts are exact decimal strings in 元, percentages exact decimal strings in percent points.
 */
import type { Location, Message } from '../../core/messages.ts';
import type { Document } from '../../extractors/model.ts';
import type { Codebook } from '../codebook/codebook.ts';
import type { MoneyUnit, NormalisedReport, Side, TableId } from '../model.ts';

export type CheckSeverity = 'error' | 'warning' | 'info';

/** The rule families of docs/domain.md, one file each under transforms/checks/. */
export type RuleFamily =
  | 'table-sums'
  | 'row-identities'
  | 'two-sided'
  | 'between-tables'
  | 'narrative-tables'
  | 'narrative-arithmetic'
  | 'across-years'
  | 'codebook'
  | 'completeness'
  | 'text';

/** What the compared numbers measure: money in 元, percentage points, or a plain count (件, 辆, 名 …). */
export type Quantity = 'yuan' | 'percent' | 'count' | 'text';

/**
 * One value that took part in a check, with where it was printed: a table cell (table, side, row, column)
 * or a sentence of the narrative (block and character span). `value` is the exact value compared (元 for
 * money); `printed` is the text as printed, with its unit.
 */
export interface ValueRef {
  readonly label: string;
  readonly value: string;
  readonly printed?: string;
  readonly unit?: MoneyUnit | string | null;
  readonly tableId?: TableId;
  readonly side?: Side | null;
  readonly row?: number;
  readonly code?: string | null;
  readonly column?: string;
  /** The report this value came from, when it is not the report under check (across-years rules). */
  readonly report?: string;
  readonly sentence?: string;
  readonly block?: number;
  readonly start?: number;
  readonly end?: number;
}

interface OutcomeBase {
  /** Stable rule id, `family/name` (`narrative-arithmetic/parts-sum`). */
  readonly ruleId: string;
  readonly family: RuleFamily;
  /** What was checked, as a short sentence (“gov_procurement.total = goods + works + services”). */
  readonly subject: string;
  /** Every value involved, declared value first. */
  readonly values: readonly ValueRef[];
}

export interface PassOutcome extends OutcomeBase {
  readonly outcome: 'pass';
}

export interface FindingOutcome extends OutcomeBase {
  readonly outcome: 'finding';
  /**
   * The stable id (transforms/checks/finding-id.ts): rule, report identity and places. Set by `runChecks`;
   * absent only on an outcome a rule has just built.
   */
  readonly id?: string;
  readonly severity: CheckSeverity;
  readonly quantity: Quantity;
  /** The value the report's other figures imply (the recomputed value, at the printed precision). */
  readonly expected: string;
  /** The value the report prints (the declared value). */
  readonly actual: string;
  /** actual − expected. */
  readonly difference: string;
  /** The printed figure under check, exactly. */
  readonly declared: string;
  /** The figure recomputed from the others, exactly (before rounding to the printed precision). */
  readonly recomputed: string;
  /** The rounding allowance of this comparison, in the same quantity (元 or percentage points). */
  readonly tolerance: string;
  readonly message: string;
}

export interface InsufficientOutcome extends OutcomeBase {
  readonly outcome: 'insufficient';
  /** Why the check could not be decided (which figure or table is missing). */
  readonly reason: string;
}

/** The outcome of one check: a discriminated union on `outcome`. */
export type CheckOutcome = PassOutcome | FindingOutcome | InsufficientOutcome;

export const isFinding = (o: CheckOutcome): o is FindingOutcome => o.outcome === 'finding';
export const isPass = (o: CheckOutcome): o is PassOutcome => o.outcome === 'pass';

/**
 * A finding as the one diagnostics shape (core/messages.ts): rule = its rule id, stage `check`, its
 * severity, the place of its first value (the declared one: table, row counted from 1, column; or the
 * sentence's block and span) in `file`, and its message as the reason.
 */
export function diagnosticOfOutcome(f: FindingOutcome, file?: string): Message {
  const v = f.values[0];
  const place: Location = {
    ...(file !== undefined ? { file } : {}),
    ...(v?.tableId !== undefined ? { table: v.tableId } : {}),
    ...(v?.row !== undefined ? { row: v.row + 1 } : {}),
    ...(v?.column !== undefined ? { column: v.column } : {}),
    ...(v?.block !== undefined ? { block: v.block } : {}),
    ...(v?.start !== undefined ? { start: v.start } : {}),
    ...(v?.end !== undefined ? { end: v.end } : {}),
  };
  return { severity: f.severity, rule: f.ruleId, stage: 'check', reason: f.message, ...(Object.keys(place).length > 0 ? { location: place } : {}) };
}

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
