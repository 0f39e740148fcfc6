/** A report row as versioning reads it (loaders/warehouse/versions.ts), and the SQL that selects it. */

/** A report row as versioning reads it: its state and what the rule ranks it by. */
export interface VersionRow {
  readonly id: number;
  readonly version: number;
  readonly status: string;
  readonly superseded_by: number | null;
  readonly sha256: string;
  /** Line items plus facts. */
  readonly items: number;
  /** Error findings of the checks within the report. */
  readonly errors: number;
}

/** The columns of a VersionRow, selected from `reports r` (with its source file `sf`). */
export const VERSION_COLUMNS =
  'r.id, r.version, r.status, r.superseded_by, sf.sha256, ' +
  '(select count(*) from line_items li where li.report_id = r.id) + (select count(*) from facts f where f.report_id = r.id) as items, ' +
  "(select count(*) from findings fi where fi.report_id = r.id and fi.severity = 'error' and fi.outcome = 'finding') as errors";
