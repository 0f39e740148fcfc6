/** `disclosure status [--runs N] [--failures N] [--json] [--db URL]`: last runs, counts, failures. */
import { parseCommandArgs, UsageError } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import { withWarehouse } from '../session.ts';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../loaders/warehouse/schema.ts';
import { unidentifiedFiles } from '../../loaders/warehouse/queries.ts';

const usage = `Usage: disclosure status [--runs N] [--failures N] [--json] [--db URL]

Shows the last runs (what they saw, loaded and failed), the warehouse's counts, and the files in
quarantine with their error class and message (retry them with \`disclosure ingest --retry-failed\`).`;

/** Rows of a table derived from reports: of current reports only, and of every version. */
async function byVersion(db: Kysely<Database>, table: 'line_items' | 'facts' | 'findings'): Promise<{ current: number; all: number }> {
  const { rows } = await sql<{ status: string; n: number | bigint | string }>`
    select r.status, count(*) as n from ${sql.table(table)} x join reports r on r.id = x.report_id group by r.status
  `.execute(db);
  const all = rows.reduce((sum, r) => sum + Number(r.n), 0);
  return { current: Number(rows.find((r) => r.status === 'current')?.n ?? 0), all };
}

/**
 * Everything `status` shows, as data. Line items, facts and findings are counted for the current reports
 * (what exports and views show) and, apart, for every version, superseded ones included; source files
 * count every file ever loaded, each version one.
 */
export async function warehouseStatus(db: Kysely<Database>, runs = 5, failures = 20) {
  const count = async (table: 'source_files' | 'quarantine' | 'units') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const [lineItems, facts, findings] = [await byVersion(db, 'line_items'), await byVersion(db, 'facts'), await byVersion(db, 'findings')];
  const reportsBy = await db.selectFrom('reports').select(['status', (eb) => eb.fn.countAll().as('n')]).groupBy('status').execute();
  const reports = Object.fromEntries(reportsBy.map((r) => [r.status, Number(r.n)]));
  const lastRuns = await db.selectFrom('runs').selectAll().orderBy('id', 'desc').limit(runs).execute();
  const quarantined = await db.selectFrom('quarantine').selectAll().orderBy('id', 'desc').limit(failures).execute();
  const unidentified = await unidentifiedFiles(db, failures);
  return {
    counts: {
      sourceFiles: await count('source_files'),
      reportsCurrent: reports.current ?? 0,
      reportsSuperseded: reports.superseded ?? 0,
      reportsUnidentified: reports.unidentified ?? 0,
      units: await count('units'),
      lineItems: lineItems.current,
      facts: facts.current,
      findings: findings.current,
      lineItemsAllVersions: lineItems.all,
      factsAllVersions: facts.all,
      findingsAllVersions: findings.all,
      quarantined: await count('quarantine'),
    },
    runs: lastRuns.map((r) => ({ ...r, counts: r.counts ? (JSON.parse(r.counts) as Record<string, number>) : null })),
    quarantine: quarantined,
    unidentified,
  };
}

export const command: Command = {
  summary: 'Show the last runs, the warehouse counts and the quarantined files',
  usage,
  async run(args) {
    const { values } = parseCommandArgs(args, { db: { type: 'string' }, runs: { type: 'string' }, failures: { type: 'string' }, json: { type: 'boolean' } });
    const runs = Number(values.runs ?? 5);
    const failures = Number(values.failures ?? 20);
    if (!Number.isInteger(runs) || runs < 0 || !Number.isInteger(failures) || failures < 0) throw new UsageError('--runs and --failures take a count');
    return withWarehouse(values.db, { readOnly: true }, async ({ db, url }) => {
      const s = await warehouseStatus(db, runs, failures);
      if (values.json) {
        process.stdout.write(JSON.stringify(s, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n');
        return EXIT.ok;
      }
      const c = s.counts;
      const out = [
        `warehouse ${url}`,
        `  ${c.reportsCurrent} current reports (and ${c.reportsSuperseded} superseded versions) of ${c.units} units, from ${c.sourceFiles} source files (every version counted)`,
        `  current reports: ${c.lineItems} line items, ${c.facts} facts, ${c.findings} findings`,
        ...(c.reportsSuperseded > 0
          ? [`  with superseded versions: ${c.lineItemsAllVersions} line items, ${c.factsAllVersions} facts, ${c.findingsAllVersions} findings`]
          : []),
        `  ${c.quarantined} files in quarantine, ${c.reportsUnidentified} unidentified`,
        '',
        'last runs:',
        ...(s.runs.length === 0 ? ['  (none)'] : s.runs.map((r) => {
          const k = r.counts ?? {};
          const figures = ['seen', 'new', 'updated', 'unchanged', 'skipped', 'failed'].filter((x) => k[x] !== undefined).map((x) => `${x} ${k[x]}`).join(', ');
          const argv = (JSON.parse(r.args) as string[]).join(' ');
          return `  #${r.id} ${r.status.padEnd(7)} ${r.started_at}  ${r.command}${argv ? ' ' + argv : ''}${figures ? `  [${figures}]` : ''}`;
        })),
      ];
      if (s.quarantine.length > 0) {
        out.push('', 'quarantined files (newest first; `disclosure ingest --retry-failed` retries them):');
        for (const q of s.quarantine) out.push(`  ${q.path}\n      ${q.error_class}: ${q.message}`);
      }
      if (s.unidentified.length > 0) {
        out.push('', 'unidentified files (loaded, not current; name them with `disclosure units hints FILE`):');
        for (const u of s.unidentified) out.push(`  ${u.path ?? u.sha256}\n      ${u.reason}`);
      }
      process.stdout.write(out.join('\n') + '\n');
      return EXIT.ok;
    });
  },
};
