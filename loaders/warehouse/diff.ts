/**
 * What reprocessing changed in a report: line items and facts added, removed and changed, matched by
 * position (table, side, row, column; metric, code and occurrence) and compared on every stored value.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface ChangeCounts {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
}

export interface DerivedChanges {
  readonly reportId: number;
  readonly lineItems: ChangeCounts;
  readonly facts: ChangeCounts;
  /** True when nothing was added, removed or changed. */
  readonly unchanged: boolean;
}

/** Each derived row of a report as identity → everything stored about it. */
export interface DerivedSignatures {
  readonly lineItems: Map<string, string>;
  readonly facts: Map<string, string>;
}

const s = (v: unknown) => (v === null || v === undefined ? '\u2205' : String(v));

/** Adds `value` under `key`, numbering repeated identities so that duplicates still pair up in order. */
function put(map: Map<string, string>, key: string, value: string): void {
  let k = key;
  for (let n = 1; map.has(k); n++) k = `${key}#${n}`;
  map.set(k, value);
}

export async function readDerivedSignatures(db: Kysely<Database>, reportId: number): Promise<DerivedSignatures> {
  const items = await db
    .selectFrom('line_items')
    .select(['table_id', 'side', 'row_order', 'column_path', 'code', 'code_scheme', 'level', 'canonical_code', 'name', 'measure', 'amount_fen', 'percent', 'printed'])
    .where('report_id', '=', reportId)
    .orderBy('id')
    .execute();
  const lineItems = new Map<string, string>();
  for (const r of items) {
    put(
      lineItems,
      [r.table_id, s(r.side), r.row_order, r.column_path].join('\u0001'),
      [r.code, r.code_scheme, r.level, r.canonical_code, r.name, r.measure, r.amount_fen, r.percent, r.printed].map(s).join('\u0001'),
    );
  }
  const factRows = await db
    .selectFrom('facts')
    .select(['metric', 'code', 'name', 'value', 'unit', 'amount_fen', 'share_pct', 'completion_pct', 'reason', 'sentence'])
    .where('report_id', '=', reportId)
    .orderBy('seq')
    .execute();
  const facts = new Map<string, string>();
  for (const r of factRows) {
    put(
      facts,
      [r.metric, s(r.code)].join('\u0001'),
      [r.name, r.value, r.unit, r.amount_fen, r.share_pct, r.completion_pct, r.reason, r.sentence].map(s).join('\u0001'),
    );
  }
  return { lineItems, facts };
}

function compare(before: Map<string, string>, after: Map<string, string>): ChangeCounts {
  let added = 0;
  let changed = 0;
  for (const [k, v] of after) {
    const old = before.get(k);
    if (old === undefined) added++;
    else if (old !== v) changed++;
  }
  let removed = 0;
  for (const k of before.keys()) if (!after.has(k)) removed++;
  return { added, removed, changed };
}

export function diffDerived(reportId: number, before: DerivedSignatures, after: DerivedSignatures): DerivedChanges {
  const lineItems = compare(before.lineItems, after.lineItems);
  const facts = compare(before.facts, after.facts);
  const total = lineItems.added + lineItems.removed + lineItems.changed + facts.added + facts.removed + facts.changed;
  return { reportId, lineItems, facts, unchanged: total === 0 };
}
