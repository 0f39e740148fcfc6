/**
 * The normalised report: what the transforms make of a Document, and what the loaders write.
 * Amounts are exact: `yuan` is a decimal string in 元 (no binary floating point anywhere between the
 * printed text and the warehouse); percentages are decimal strings in percent.
 */
import type { Message } from '../core/messages.ts';
import type { SourceInfo } from '../extractors/model.ts';

export type ReportKind = 'budget' | 'final';
export type ReportScope = 'department' | 'unit';
export type MoneyUnit = '元' | '万元' | '亿元';
export type CodeScheme = 'function' | 'economic-dept' | 'economic-gov' | 'revenue' | 'none';
export type Side = 'left' | 'right';
/** A report published whole, or as a narrative file and a tables file (companions, transforms/identity/part.ts). */
export type ReportPart = 'whole' | 'narrative' | 'tables';

/**
 * Canonical table ids of docs/domain.md (`final.t01_income_expenditure_summary`, `budget.t05_general_budget_expenditure`,
 * `final.performance_self_evaluation`, …); any other table is `other.<slug>`.
 */
export type TableId = string;

/** Canonical measures of numeric columns, where known. */
export type Measure =
  | 'total'
  | 'basic'
  | 'project'
  | 'budget_initial'
  | 'budget_adjusted'
  | 'final'
  | 'completion_pct'
  | 'fiscal_grant'
  | 'general_budget'
  | 'gov_fund'
  | 'state_capital'
  | 'upper_subsidy'
  | 'business'
  | 'operating'
  | 'affiliate_remit'
  | 'other'
  | 'remit_upper'
  | 'affiliate_subsidy'
  | 'carryover_begin'
  | 'carryover_end'
  | 'income'
  | 'expenditure'
  | 'prior_year'
  | 'change'
  | 'amount';

export interface ReportMeta {
  readonly unit: string | null;
  readonly unitAliases: readonly string[];
  readonly unitCode: string | null;
  readonly parentUnit: string | null;
  readonly parentUnitCode: string | null;
  readonly year: number | null;
  readonly kind: ReportKind | null;
  readonly scope: ReportScope | null;
  /** Money unit of the narrative. */
  readonly moneyUnit: MoneyUnit | null;
  /** The part of the report this file holds (absent: whole). Set by normalise from the content. */
  readonly part?: ReportPart;
}

/** Where a value came from in the Document. */
export interface ValueProvenance {
  readonly block: number;
  readonly row?: number;
  readonly col?: number;
  readonly start?: number;
  readonly end?: number;
  readonly page?: number;
}

export interface LineValue {
  /** The column path, header levels joined by "/" (本年支出/基本支出). */
  readonly column: string;
  readonly measure: Measure | null;
  /** The text as printed ("" for a blank cell). */
  readonly text: string;
  /** Exact amount in 元 as a decimal string ("2195900.00"); blank, -, — give "0"; null where not money. */
  readonly yuan: string | null;
  /** Exact percentage as a decimal string ("100.00"), for percentage columns; else null. */
  readonly percent: string | null;
  readonly prov: ValueProvenance;
}

export interface LineItem {
  readonly tableId: TableId;
  readonly side: Side | null;
  /** Row order within the table (and side), from 0. */
  readonly order: number;
  /** The full code (类/款/项 joined, parent prefix carried down), or null for 合计 rows and uncoded rows. */
  readonly code: string | null;
  readonly codeScheme: CodeScheme;
  /** 1 = 类, 2 = 款, 3 = 项 (or the economic 类/款), null where no code. */
  readonly level: number | null;
  /** Canonical code across editions, filled by the codebook; null where unknown. */
  readonly canonicalCode: string | null;
  /** The name as printed, whitespace removed and wrapped parts joined. */
  readonly name: string;
  readonly values: readonly LineValue[];
  readonly prov: ValueProvenance;
}

export interface ReportTable {
  readonly tableId: TableId;
  readonly title: string;
  readonly moneyUnit: MoneyUnit | null;
  /** Column paths; for a two-sided table, those of each side. */
  readonly columns: readonly string[] | { readonly left: readonly string[]; readonly right: readonly string[] };
  readonly rows: readonly LineItem[];
  /** The note of a table declared empty (本单位无…), else null. */
  readonly emptyNote: string | null;
  /** Document blocks this table was joined from (a table continued over several blocks). */
  readonly blocks: readonly number[];
}

/** A figure stated in the narrative. */
export interface Fact {
  /** Metric id in the vocabulary of the seed's expected.json (`income.total`, `total_income_expense.change`, …). */
  readonly metric: string;
  readonly code: string | null;
  readonly name: string | null;
  /** The printed number, in its printed unit ("219.59"; a decrease is negative: "-611.78"). */
  readonly value: string;
  /** The printed unit of `value`: 万元, 元, 亿元, %, 辆, 名, 个, … or null. */
  readonly unit: string | null;
  /** Exact amount in 元 when `unit` is a money unit, else null. */
  readonly yuan: string | null;
  readonly sharePct: string | null;
  readonly completionPct: string | null;
  /** The stated reason (主要原因是…), when given. */
  readonly reason: string | null;
  readonly sentence: string;
  /** The sentence's block and its character span in the document text. */
  readonly prov: ValueProvenance;
}

export interface PerformanceIndicator {
  readonly level1: string;
  readonly level2: string;
  readonly level3: string;
  readonly expected: string;
  readonly actual: string;
}

export interface PerformanceProject {
  readonly name: string;
  /** Printed amounts in the table's money unit, and exactly in 元. */
  readonly budget: string | null;
  readonly executed: string | null;
  readonly budgetYuan: string | null;
  readonly executedYuan: string | null;
  readonly moneyUnit: MoneyUnit | null;
  readonly indicators: readonly PerformanceIndicator[];
  readonly prov: ValueProvenance;
}

export interface NormalisedReport {
  readonly source: SourceInfo;
  readonly meta: ReportMeta;
  readonly tables: readonly ReportTable[];
  readonly facts: readonly Fact[];
  readonly projects: readonly PerformanceProject[];
  /** Standard tables listed by title in the document (附表 lists) without being included. */
  readonly listedTables: readonly TableId[];
  readonly messages: readonly Message[];
}
