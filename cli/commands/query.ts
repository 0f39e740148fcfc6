/** `disclosure query "SQL" [--format table|csv|ndjson] [--db URL]`: a read-only query against the views. */
import { NothingMatchedError, parseCommandArgs, UsageError } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import { detail, note } from '../log.ts';
import { formatTable } from '../table.ts';
import { withWarehouse } from '../session.ts';
import { csvLines } from '../../loaders/exports/csv.ts';
import { readOnlyQuery } from '../../loaders/warehouse/query.ts';

const usage = `Usage: disclosure query "SQL" [--format table|csv|ndjson] [--db URL]

Runs one read-only SQL statement against the warehouse, SQLite or PostgreSQL alike, and prints the rows.
Meant for the analyst views: v_line_items (one row per printed value of the current reports, with unit,
year, kind, canonical code and names resolved), v_series (unit × canonical code × year, budget beside
final) and v_coverage. Writes are refused and nothing is ever changed.

  disclosure query "select unit, year, sum(amount_fen) / 100.0 as yuan from v_line_items group by 1, 2"

Options:
  --format F   table (default), csv (no byte-order mark) or ndjson
  --db URL     warehouse (default: $DISCLOSURE_DB or data/warehouse.sqlite)

Exit codes: 0 rows printed; 5 the query returned no rows; 1 the query failed; 2 bad arguments.`;

/** A cell as text: bigint exactly, null empty. */
function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export const command: Command = {
  summary: 'Run a read-only SQL query against the analyst views; print a table or CSV',
  usage,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { db: { type: 'string' }, format: { type: 'string' } });
    if (positionals.length !== 1) throw new UsageError('give the SQL as one argument (quote it)');
    const format = values.format ?? 'table';
    if (format !== 'table' && format !== 'csv' && format !== 'ndjson') throw new UsageError('--format must be table, csv or ndjson');
    return withWarehouse(values.db, {}, async ({ db, engine }) => {
      const started = performance.now();
      const { columns, rows } = await readOnlyQuery(db, positionals[0]!);
      detail(`query on ${engine}: ${Math.round(performance.now() - started)} ms`);
      if (rows.length === 0) throw new NothingMatchedError('the query returned no rows');
      const cells = rows.map((r) => columns.map((c) => text(r[c])));
      if (format === 'csv') process.stdout.write(csvLines([columns, ...cells]));
      else if (format === 'ndjson') {
        for (const r of rows) process.stdout.write(JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) + '\n');
      } else process.stdout.write(formatTable(columns, cells));
      note(`${rows.length} row${rows.length === 1 ? '' : 's'}`);
      return EXIT.ok;
    });
  },
};
