/**
 * `disclosure query "SQL"`: one read-only statement against the warehouse (meant for the analyst views
 * v_line_items, v_coverage and v_series). It runs in a transaction that refuses writes (SQLite's
 * query_only, PostgreSQL's read-only transaction) and is rolled back whatever it did; a text holding more
 * than one statement is refused, so that no `commit;` can end that transaction early.
 */
import { sql, type Kysely } from 'kysely';
import { DisclosureError } from '../../core/errors.ts';
import type { Database } from './schema.ts';
import { engineOf } from '../engines/index.ts';

export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, unknown>[];
}

class Rollback extends Error {
  constructor(readonly result: QueryResult) {
    super('rollback');
  }
}

/** The statement without a trailing semicolon; refuses several statements (a `;` inside quotes is fine). */
export function singleStatement(text: string): string {
  const trimmed = text.trim().replace(/;\s*$/, '');
  let quote: string | null = null;
  for (const ch of trimmed) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === ';') throw new DisclosureError('query/several-statements', 'give one SQL statement (no ; between statements)', 'fatal', undefined, { stage: 'load' });
  }
  if (trimmed === '') throw new DisclosureError('query/empty', 'the SQL text is empty', 'fatal', undefined, { stage: 'load' });
  return trimmed;
}

/** Runs one statement read-only and returns its rows (columns in the order of the first row). */
export async function readOnlyQuery(db: Kysely<Database>, text: string): Promise<QueryResult> {
  const statement = singleStatement(text);
  const guard = engineOf(db).readOnly;
  try {
    await db.transaction().execute(async (trx) => {
      await sql.raw(guard.begin).execute(trx);
      let result: QueryResult;
      try {
        const r = await sql.raw<Record<string, unknown>>(statement).execute(trx);
        result = { columns: r.rows[0] ? Object.keys(r.rows[0]) : [], rows: r.rows };
      } catch (e) {
        throw new DisclosureError('query/failed', e instanceof Error ? e.message : String(e), 'fatal', undefined, { cause: e, stage: 'load' });
      } finally {
        if (guard.end) await sql.raw(guard.end).execute(trx);
      }
      throw new Rollback(result);
    });
  } catch (e) {
    if (e instanceof Rollback) return e.result;
    throw e;
  }
  throw new Error('unreachable: the query transaction always rolls back');
}
