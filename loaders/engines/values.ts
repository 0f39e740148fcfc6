/**
 * Batched multi-row INSERT … VALUES, the same for both engines but for their placeholders and limits.
 *
 * Rows go in multi-row INSERT statements whose row counts are powers of two (a batch of 203 rows is sent as
 * 128 + 64 + 8 + 2 + 1), so that only a handful of distinct SQL texts exist per table: SQLite's statement
 * cache (engines/sqlite/driver.ts) then prepares each once per connection. Every statement stays under the
 * engine's bound-parameter limit.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../warehouse/schema.ts';

/** How an engine takes multi-row inserts. */
export interface ValuesStyle {
  /** A name for the statement cache. */
  readonly name: string;
  /** The placeholder of the `n`-th parameter (0-based). */
  placeholder(n: number): string;
  /** Upper bound on rows per statement (bench/load.ts measures it). */
  readonly maxRows: number;
  /** The engine's limit on bound parameters per statement. */
  readonly maxParameters: number;
}

/** Cache: the text of a multi-row insert by engine, table, columns and row count (bounded by the code's statements). */
const sqlCache = new Map<string, string>();

function insertSql(style: ValuesStyle, table: string, columns: readonly string[], rows: number, suffix: string): string {
  const cacheKey = `${style.name}\u0000${table}\u0000${columns.join(',')}\u0000${rows}\u0000${suffix}`;
  const cached = sqlCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const width = columns.length;
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) {
    const marks: string[] = [];
    for (let c = 0; c < width; c++) marks.push(style.placeholder(r * width + c));
    tuples.push(`(${marks.join(',')})`);
  }
  const text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(',')}) values ${tuples.join(',')}${suffix ? ' ' + suffix : ''}`;
  sqlCache.set(cacheKey, text);
  return text;
}

/** The largest power of two rows per statement allowed for this many columns. */
export function maxRowsPerStatement(style: ValuesStyle, width: number): number {
  const limit = Math.min(style.maxRows, Math.floor(style.maxParameters / width));
  return 2 ** Math.floor(Math.log2(Math.max(1, limit)));
}

/**
 * Inserts `rows` (values in `columns` order, after the `prefix` values shared by every row, such as the
 * report id) in batched statements. `suffix` is appended to every statement (`on conflict … do nothing`).
 * `table` and `columns` are identifiers from this codebase, never user input.
 */
export async function insertValues(
  style: ValuesStyle,
  db: Kysely<Database>,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  prefix: readonly unknown[] = [],
  suffix = '',
): Promise<void> {
  const max = maxRowsPerStatement(style, columns.length);
  let i = 0;
  while (i < rows.length) {
    let n = max;
    while (n > rows.length - i) n >>= 1;
    const params: unknown[] = [];
    for (let k = i; k < i + n; k++) {
      for (const p of prefix) params.push(p);
      for (const v of rows[k]!) params.push(v);
    }
    await db.executeQuery(CompiledQuery.raw(insertSql(style, table, columns, n, suffix), params));
    i += n;
  }
}
