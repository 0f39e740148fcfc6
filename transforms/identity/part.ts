/**
 * Which part of a report a file holds: the whole report, only its narrative (说明 with no tables), or only
 * its tables (公开01表 … with no narrative). Jiangsu publishes many reports as such a pair of files
 * (corpus: jiangsu-swbgt-2017-budget-text.pdf and -tables.pdf); the warehouse joins them into one report.
 */
import type { Fact, ReportPart, ReportTable } from '../model.ts';

/** The part a file's content makes: tables with rows but no narrative fact, or facts but no table rows. */
export function reportPart(tables: readonly ReportTable[], facts: readonly Fact[]): ReportPart {
  const rows = tables.some((t) => t.rows.length > 0);
  if (rows && facts.length === 0) return 'tables';
  if (!rows && facts.length > 0) return 'narrative';
  return 'whole';
}
