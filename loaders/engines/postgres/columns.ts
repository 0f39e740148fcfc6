/**
 * Column-array inserts: each table's rows as one array per column, unnested by the server, each insert a
 * data-modifying CTE of one statement. No parameter limit (one parameter per column whatever the row
 * count), no giant statement text to parse; in bench/load.ts column arrays insert about twice as fast as
 * multi-row VALUES on this server, and a load is bound by round trips.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../../warehouse/schema.ts';
import type { ColumnInsert } from '../engine.ts';
import { prepared } from './driver.ts';
import { pgArrayLiteral } from './literals.ts';

const INT4_COLUMNS = new Set(['report_id', 'table_index', 'row_order', 'level', 'seq', 'project_seq', 'run_id', 'first_report_id']);

/** The PostgreSQL element type of a warehouse column, for the column arrays: by the schema's naming. */
export function pgElementType(column: string): string {
  return column.endsWith('_fen') ? 'int8' : INT4_COLUMNS.has(column) ? 'int4' : 'text';
}

/**
 * A data-modifying statement run first in the statement of `insertColumns` (`insert … returning id`, with
 * `$1 …` parameters): its id is what `headId` parts use, and what the statement returns.
 */
export interface HeadInsert {
  /** Common table expressions the head reads (`name as (…), …`), written before it, sharing its parameters. */
  readonly with?: string;
  readonly sql: string;
  readonly params: readonly unknown[];
  /** What the statement returns (default `select id from h`); it sees the tables as they were before it. */
  readonly select?: string;
}

/**
 * The client's work of `insertColumns`: the column arrays of `parts` as literals and the inserts that
 * unnest them, numbered after the head's `headParams` parameters (null: no head). Pure; a load builds it
 * while its first round trip is in flight (`writeTransaction`'s `meanwhile`).
 */
export interface ColumnArrays {
  readonly headParams: number | null;
  readonly inserts: readonly string[];
  readonly arrays: readonly string[];
}

export function columnArrays(parts: readonly ColumnInsert[], headParams: number | null): ColumnArrays {
  const inserts: string[] = [];
  const arrays: string[] = [];
  for (const part of parts) {
    if (part.rows.length === 0) continue;
    const fromHead = headParams !== null && part.headId === true;
    const prefix = fromHead ? [] : (part.prefix ?? []);
    const columns = fromHead ? part.columns.slice(1) : part.columns;
    const values: unknown[][] = columns.map(() => new Array<unknown>(part.rows.length));
    for (let r = 0; r < part.rows.length; r++) {
      const row = part.rows[r]!;
      for (let c = 0; c < columns.length; c++) values[c]![r] = c < prefix.length ? prefix[c] : row[c - prefix.length];
    }
    const first = (headParams ?? 0) + arrays.length;
    for (const a of values) arrays.push(pgArrayLiteral(a));
    const unnest = columns.map((c, i) => `$${first + i + 1}::${pgElementType(c)}[]`).join(', ');
    const source = fromHead ? `select h.id, u.* from h cross join unnest(${unnest}) as u` : `select * from unnest(${unnest})`;
    inserts.push(`insert into "${part.table}" (${part.columns.map((c) => `"${c}"`).join(',')}) ${source}${part.suffix ? ' ' + part.suffix : ''}`);
  }
  return { headParams, inserts, arrays };
}

/**
 * Inserts rows into several tables in one statement and one round trip. With a `head`, that insert runs in
 * the same statement (the report row and its derived rows in one round trip; foreign keys are checked at
 * the end of the statement) and its rows are returned. `parts` may come already built by `columnArrays`
 * (for the same head).
 */
export async function insertColumns<R = { id: number }>(
  db: Kysely<Database>,
  parts: readonly ColumnInsert[] | ColumnArrays,
  head?: HeadInsert,
): Promise<R[]> {
  const headParams = head ? head.params.length : null;
  const { inserts, arrays, headParams: numberedAfter } = 'inserts' in parts ? parts : columnArrays(parts, headParams);
  if (numberedAfter !== headParams) throw new Error(`insertColumns: arrays numbered after ${numberedAfter} head parameters, not ${headParams}`);
  if (inserts.length === 0 && !head) return [];
  const params: unknown[] = head ? [...head.params, ...arrays] : [...arrays];
  let text: string;
  if (head) {
    text = `with ${head.with ? head.with + ', ' : ''}h as (${head.sql})${inserts.map((q, i) => `, w${i} as (${q})`).join('')} ${head.select ?? 'select id from h'}`;
  } else {
    text = inserts.length === 1 ? inserts[0]! : `with ${inserts.slice(0, -1).map((q, i) => `w${i} as (${q})`).join(', ')} ${inserts[inserts.length - 1]}`;
  }
  const result = await db.executeQuery<R>(CompiledQuery.raw(prepared(text), params));
  return result.rows as R[];
}
