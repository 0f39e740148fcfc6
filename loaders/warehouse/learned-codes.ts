/**
 * A per-process cache of the learned code-name pairs already committed, so that a load skips inserting
 * what the warehouse certainly holds (loaders/warehouse/load.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { CodeInsert } from './rows.ts';

/**
 * Learned pairs this process has seen committed, per database handle. Nearly every pair a report prints
 * was learned from an earlier report of its year, and skipping their (no-op) inserts saved a quarter of
 * the SQL time of a load in bench/load.ts. Pairs are only added after their transaction committed, and
 * learned rows are never deleted, so a pair in this set is certainly in the table. Bounded: cleared when
 * it grows past LEARNED_CACHE_LIMIT entries.
 */
const learnedCommitted = new WeakMap<Kysely<Database>, Set<string>>();
const LEARNED_CACHE_LIMIT = 200_000;

const codeKey = (row: CodeInsert) => row.slice(0, 4).join('\u0000');

export function unseenCodes(db: Kysely<Database>, codes: readonly CodeInsert[]): CodeInsert[] {
  const seen = learnedCommitted.get(db);
  return seen ? codes.filter((c) => !seen.has(codeKey(c))) : [...codes];
}

export function rememberCodes(db: Kysely<Database>, codes: readonly CodeInsert[]): void {
  let seen = learnedCommitted.get(db);
  if (!seen || seen.size > LEARNED_CACHE_LIMIT) learnedCommitted.set(db, (seen = new Set()));
  for (const c of codes) seen.add(codeKey(c));
}
