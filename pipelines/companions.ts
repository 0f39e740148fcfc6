/**
 * The checks across companion files (a report published as a narrative file and a tables file): after an
 * ingest or a reprocess loaded either part, the two current parts are joined (transforms/identity/
 * companions.ts) and checked together; the narrative part's findings become those of the joined report
 * that involve its sentences, so that the narrative-against-tables rules run across the two files.
 */
import type { Kysely } from 'kysely';
import { replaceFindings } from '../loaders/warehouse/load.ts';
import { findReports, loadDocument, type ReportRef } from '../loaders/warehouse/queries.ts';
import { readHints } from '../loaders/warehouse/registry.ts';
import type { Database } from '../loaders/warehouse/schema.ts';
import { isFinding } from '../transforms/checks/model.ts';
import { joinParts, narrativeOutcomes } from '../transforms/identity/companions.ts';
import { checkReport, normaliseDocument } from './stages.ts';

const keyOf = (r: ReportRef) => `${r.unit_id}/${r.year}/${r.kind}/${r.scope ?? ''}`;

/** The current narrative and tables parts of the same report, pairs among `all`. */
export function companionPairs(all: readonly ReportRef[]): { narrative: ReportRef; tables: ReportRef }[] {
  const byKey = new Map<string, { narrative?: ReportRef; tables?: ReportRef }>();
  for (const r of all) {
    if (r.status !== 'current' || (r.part !== 'narrative' && r.part !== 'tables')) continue;
    const entry = byKey.get(keyOf(r)) ?? {};
    entry[r.part] = r;
    byKey.set(keyOf(r), entry);
  }
  return [...byKey.values()].flatMap((e) => (e.narrative && e.tables ? [{ narrative: e.narrative, tables: e.tables }] : []));
}

/**
 * Checks the joined companions whose narrative or tables part is among `touched` (all when null) and
 * stores the narrative parts' findings. Returns how many reports were checked across their two files.
 */
export async function checkCompanions(db: Kysely<Database>, touched: ReadonlySet<number> | null): Promise<number> {
  const pairs = companionPairs(await findReports(db)).filter((p) => touched === null || touched.has(p.narrative.id) || touched.has(p.tables.id));
  if (pairs.length === 0) return 0;
  const hints = await readHints(db);
  let checked = 0;
  for (const { narrative, tables } of pairs) {
    const [nDoc, tDoc] = await Promise.all([loadDocument(db, narrative.sha256), loadDocument(db, tables.sha256)]);
    if (!nDoc || !tDoc) continue;
    const joined = joinParts(normaliseDocument(nDoc, hints).value, normaliseDocument(tDoc, hints).value);
    const outcomes = narrativeOutcomes(checkReport(joined, { document: nDoc }));
    await replaceFindings(db, narrative.id, outcomes.filter(isFinding));
    checked++;
  }
  return checked;
}
