/**
 * What the warehouse already knows about source files, looked up in batches: the hashes of the files in
 * flight are gathered for one event-loop turn (or until a batch is full) and resolved with one query, so
 * that a rerun over an unchanged archive costs one read per few hundred files instead of one per file,
 * and no write at all for a file already recorded under the same path.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../loaders/warehouse/schema.ts';

export interface KnownSource {
  /** `loaded`, or `quarantined` when every attempt so far failed. */
  readonly status: string;
  /** The report made from the file, when it was loaded. */
  readonly reportId: number | null;
  /** Every path the file was seen under. */
  readonly paths: ReadonlySet<string>;
}

interface Waiter {
  resolve(value: KnownSource | null): void;
  reject(error: unknown): void;
}

/** Batches of at most this many hashes (well under both engines' parameter limits). */
const BATCH = 400;

export class SourceLookup {
  private pending = new Map<string, Waiter[]>();
  private scheduled = false;

  constructor(private readonly db: Kysely<Database>) {}

  /** What is known about the file with this content hash, or null when it was never seen. */
  get(sha256: string): Promise<KnownSource | null> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(sha256);
      if (waiters) waiters.push({ resolve, reject });
      else this.pending.set(sha256, [{ resolve, reject }]);
      if (this.pending.size >= BATCH) void this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      const rows = await this.db
        .selectFrom('source_files as sf')
        .leftJoin('reports as r', 'r.source_file_id', 'sf.id')
        .leftJoin('source_paths as sp', 'sp.source_file_id', 'sf.id')
        .select(['sf.sha256', 'sf.status', 'r.id as report_id', 'sp.path'])
        .where('sf.sha256', 'in', [...batch.keys()])
        .execute();
      const found = new Map<string, { status: string; reportId: number | null; paths: Set<string> }>();
      for (const row of rows) {
        const entry = found.get(row.sha256) ?? { status: row.status, reportId: row.report_id, paths: new Set<string>() };
        if (row.path !== null) entry.paths.add(row.path);
        if (entry.reportId === null && row.report_id !== null) entry.reportId = row.report_id;
        found.set(row.sha256, entry);
      }
      for (const [sha, waiters] of batch) for (const w of waiters) w.resolve(found.get(sha) ?? null);
    } catch (e) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(e);
    }
  }
}
