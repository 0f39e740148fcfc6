/**
 * PostgreSQL literals written by the client: array literals for the column-array inserts, and statements
 * with their parameters inlined for the simple protocol (several statements in one round trip take no
 * parameters).
 */

const NEEDS_ESCAPE = /["\\]/;

/**
 * A one-dimensional PostgreSQL array literal (`{"a",NULL,12}`) of the values of one column. pg would
 * serialise a JS array itself, but with two regular-expression replacements per element; building the
 * literal here (escaping only the elements that hold `"` or `\`) took a third of the client's CPU time of
 * a load off in bench/load.ts. Elements are strings, numbers, bigints, booleans or null (what rows.ts
 * produces); anything else is a programming error.
 */
export function pgArrayLiteral(values: readonly unknown[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v === 'string') parts[i] = NEEDS_ESCAPE.test(v) ? `"${v.replace(/["\\]/g, '\\$&')}"` : `"${v}"`;
    else if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') parts[i] = String(v);
    else throw new TypeError(`cannot put a ${typeof v} into a PostgreSQL array literal`);
  }
  return `{${parts.join(',')}}`;
}

/** A PostgreSQL string literal (standard_conforming_strings or not: backslashes make it an E'' literal). */
export function pgLiteral(text: string): string {
  const quoted = text.replace(/'/g, "''");
  return text.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

/**
 * `text` with its `$1 … $n` parameters written as literals, for statements that must go over the simple
 * protocol (several statements in one round trip take no parameters). Values: null, numbers, strings and
 * arrays of strings (as text[]); `text` must hold no `$n` other than its parameters.
 */
export function pgInline(text: string, params: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const v = params[Number(n) - 1];
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v === 'string') return pgLiteral(v);
    if (Array.isArray(v) && v.every((e) => typeof e === 'string')) return `${pgLiteral(pgArrayLiteral(v))}::text[]`;
    throw new TypeError(`pgInline: cannot write parameter $${n} (${typeof v}) as a literal`);
  });
}

/**
 * The advisory-lock statement over `keys`, written with literals so that it needs no parameters (PostgreSQL
 * then runs it with the simple protocol, where it can share BEGIN's round trip). Sorted, so that two
 * transactions take shared keys in the same order and cannot deadlock (PostgreSQL evaluates a volatile
 * function of the select list after the sort).
 */
export function lockStatement(keys: readonly string[]): string {
  const sorted = [...new Set(keys)].sort();
  return `select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(array[${sorted.map(pgLiteral).join(',')}]::text[]) as k order by k`;
}
