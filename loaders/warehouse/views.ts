/**
 * The analysts' views of the warehouse (migrations 0002, 0004 and 0005), as both engines return them; part
 * of the one `Database` interface of loaders/warehouse/schema.ts.
 */
/** The columns of a line item that the table (schema.ts LineItemsTable) and the view share, declared once. */
export interface LineItemCells {
  side: string | null;
  row_order: number;
  code: string | null;
  code_scheme: string;
  level: number | null;
  canonical_code: string | null;
  /** The name as printed. */
  name: string;
  column_path: string;
  measure: string | null;
  /** Exact percentage as a decimal string, for percentage columns. */
  percent: string | null;
  /** The cell text as printed. */
  printed: string;
}

/** View: line items of current reports with unit, year, kind, canonical code and names resolved. */
export interface LineItemsView extends LineItemCells {
  line_item_id: number | bigint;
  report_id: number;
  sha256: string;
  unit_id: number | null;
  /** The unit, resolved across spellings (the printed name where unresolved). */
  unit: string | null;
  /** The unit name as the report prints it. */
  unit_printed: string | null;
  year: number | null;
  kind: string | null;
  /** FDP phase: approved (budget) or executed (final). */
  phase: string | null;
  scope: string | null;
  table_id: string;
  table_title: string | null;
  money_unit: string | null;
  /** The canonical code, or the printed code where no canonical one is known. */
  canonical_code: string | null;
  /** The name of the code in the report's edition (official, then imported, then learned). */
  code_name: string | null;
  /** The name of the canonical code (official, then imported, then learned; newest edition). */
  canonical_name: string | null;
  /** Exact amount in 分; NULL where the cell was printed blank or holds no money. */
  amount_fen: bigint | null;
  /** The amount in 元 (numeric on PostgreSQL, a double on SQLite): for queries; exports use amount_fen. */
  amount_yuan: number | string | null;
  /** JSON text: where the value was printed. */
  prov: string;
}

/** View: unit × scope × canonical function code × year, budget beside final (table t05). */
export interface SeriesView {
  unit_id: number | null;
  unit: string | null;
  scope: string | null;
  /** The canonical code (carried across editions through the crosswalk). */
  code: string;
  level: number | null;
  name: string | null;
  year: number | null;
  /** 年初预算 as the final accounts' t05 prints it. */
  budget_initial_fen: bigint | null;
  /** The budget report's own t05 total for the year. */
  budget_report_fen: bigint | null;
  /** 决算数 合计 of the final accounts' t05. */
  final_fen: bigint | null;
}

/** View: unit × year × kind, with how many current reports and versions there are. */
export interface CoverageView {
  unit_id: number | null;
  unit_name: string | null;
  year: number | null;
  kind: string | null;
  /** Current reports (one per scope). */
  reports: number;
  /** All versions, superseded included. */
  versions: number;
  line_items: number | bigint;
}
