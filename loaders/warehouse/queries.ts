/**
 * Read helpers for the other stages: sources known by hash, the stored document model of a source,
 * the reports current for a unit or year (reprocessing), and coverage.
 */
import type { Kysely } from 'kysely';
import type { Document } from '../../extractors/model.ts';
import type { CoverageView, Database, Report } from './schema.ts';
import { decompressDocument } from './documents.ts';
import { canonicalKey, printedKey } from '../../transforms/identity/names.ts';

export { knownHashes } from './runs.ts';
export { fenToYuan, yuanToFen } from './fen.ts';

/** The stored document model of a source file, or null when the warehouse does not hold it. */
export async function loadDocument(db: Kysely<Database>, sha256: string): Promise<Document | null> {
  const row = await db.selectFrom('documents').select(['encoding', 'body']).where('sha256', '=', sha256).executeTakeFirst();
  return row ? decompressDocument(row.encoding, row.body) : null;
}

export interface ReportFilter {
  readonly year?: number;
  /** A unit name in any known spelling (resolved through the aliases), or its code. */
  readonly unit?: string;
  readonly kind?: string;
  /** Include superseded versions and unidentified files (default: current reports only). */
  readonly all?: boolean;
}

/** A report with the hash and path of its source file, for reprocessing and listings. */
export interface ReportRef extends Report {
  readonly sha256: string;
  readonly path: string | null;
}

/** Reports matching the filter, oldest first. */
export async function findReports(db: Kysely<Database>, filter: ReportFilter = {}): Promise<ReportRef[]> {
  let q = db
    .selectFrom('reports as r')
    .innerJoin('source_files as sf', 'sf.id', 'r.source_file_id')
    .selectAll('r')
    .select((eb) => [
      'sf.sha256',
      eb.selectFrom('source_paths as sp').select((e) => e.fn.min('sp.path').as('p')).whereRef('sp.source_file_id', '=', 'sf.id').as('path'),
    ]);
  if (filter.all !== true) q = q.where('r.status', '=', 'current');
  if (filter.year !== undefined) q = q.where('r.year', '=', filter.year);
  if (filter.kind !== undefined) q = q.where('r.kind', '=', filter.kind);
  if (filter.unit !== undefined) {
    const unit = filter.unit;
    // The spelling as given, else its canonical form (中国共产党江苏省委员会办公厅 finds 中共江苏省委办公厅).
    const printed = await db.selectFrom('unit_aliases').select('alias').where('alias', '=', printedKey(unit)).executeTakeFirst();
    const key = printed ? printedKey(unit) : canonicalKey(unit);
    q = q.where((eb) =>
      eb.or([
        eb('r.unit_id', 'in', eb.selectFrom('unit_aliases').select('unit_id').where('alias', '=', key)),
        eb('r.unit_id', 'in', eb.selectFrom('units').select('id').where('code', '=', unit)),
      ]),
    );
  }
  return (await q.orderBy('r.id').execute()) as ReportRef[];
}

/** The unit × year × kind matrix (v_coverage), ordered by unit name, year and kind. */
export async function coverage(db: Kysely<Database>): Promise<CoverageView[]> {
  const rows = await db.selectFrom('v_coverage').selectAll().orderBy('unit_name').orderBy('year').orderBy('kind').execute();
  return rows.map((r) => ({ ...r, reports: Number(r.reports), versions: Number(r.versions) }));
}

/** Files loaded but unidentified (no unit, year or kind, or a placeholder), newest first, with why. */
export async function unidentifiedFiles(db: Kysely<Database>, limit = 1000): Promise<{ reportId: number; path: string | null; sha256: string; reason: string }[]> {
  const rows = await findReports(db, { all: true });
  return rows.filter((r) => r.status === 'unidentified').reverse().slice(0, limit).map((r) => ({
    reportId: r.id, path: r.path, sha256: r.sha256,
    reason: (JSON.parse(r.messages) as { rule: string; reason: string }[]).find((m) => m.rule === 'meta/unidentified')?.reason ?? 'unit, year or kind unknown',
  }));
}

/** Row counts of the main tables (for status output and tests). */
export async function tableCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const tables = [
    'runs', 'source_files', 'source_paths', 'units', 'unit_aliases', 'reports', 'classification', 'report_tables',
    'line_items', 'facts', 'projects', 'indicators', 'findings', 'quarantine', 'documents', 'claims',
  ] as const;
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const row = await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    counts[t] = Number(row.n);
  }
  return counts;
}
