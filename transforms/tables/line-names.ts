/**
 * Names for the values of tables that print their items as columns. The 三公 table (t07) has one data row
 * with no row label: 因公出国（境）费, 公务用车购置及运行费 (购置 / 运行) and 公务接待费 are its column
 * headers, under 预算数 / 决算数 in final accounts. Its line items would otherwise all carry an empty name;
 * each value is named after its column's item instead (a 小计 after the item it sums).
 */
import type { TableId } from '../model.ts';

/** Tables whose items are columns, not rows. */
const ITEMS_AS_COLUMNS = /(?:^|\.)t07_three_public$/;

/** The item a column path names: its last header, or for a 小计 the header above it. */
export function columnItem(columnPath: string): string {
  const parts = columnPath.split('/').map((p) => p.trim()).filter((p) => p !== '');
  const last = parts[parts.length - 1] ?? '';
  if (/^小计$/.test(last) && parts.length >= 2) return parts[parts.length - 2]!;
  return last;
}

/** The name to store for one value: the row's printed name, or, in a table of items as columns, the column's item. */
export function valueName(tableId: TableId | string, rowName: string, columnPath: string): string {
  if (rowName.trim() !== '' || !ITEMS_AS_COLUMNS.test(tableId)) return rowName;
  return columnItem(columnPath);
}
