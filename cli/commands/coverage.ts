/** `disclosure coverage [--year…] [--json] [--db URL]`: the unit × year × budget/final matrix, gaps shown. */
import { parseCommandArgs } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import { withWarehouse } from '../session.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../loaders/warehouse/schema.ts';

const usage = `Usage: disclosure coverage [--from YEAR] [--to YEAR] [--json] [--db URL]

The matrix of units × years: for each year, B when the budget (预算) is in the warehouse and F when
the final accounts (决算) are; a dot marks a gap. A number after the letter counts versions when a
report was loaded more than once.`;

export interface CoverageMatrix {
  readonly years: number[];
  readonly units: { unit: string; cells: Record<number, { budget: number; final: number }> }[];
  readonly gaps: number;
  /** Files kept out of the matrix because their unit, year or kind is unknown (`export quarantine`). */
  readonly unidentified: number;
}

/** Builds the matrix from the v_coverage view; years span the archive (or --from/--to). */
export async function coverageMatrix(db: Kysely<Database>, from?: number, to?: number): Promise<CoverageMatrix> {
  const rows = await db.selectFrom('v_coverage').selectAll().execute();
  const known = rows.map((r) => r.year).filter((y): y is number => y !== null);
  const lo = from ?? Math.min(...known);
  const hi = to ?? Math.max(...known);
  const years: number[] = [];
  for (let y = lo; Number.isFinite(lo) && y <= hi; y++) years.push(y);
  // One row per unit (by id, never by name: two units may share a display name); a shared name gets its id.
  const byUnit = new Map<number | null, { unit: string; cells: Record<number, { budget: number; final: number }> }>();
  for (const r of rows) {
    if (r.year === null || r.year < lo || r.year > hi) continue;
    const entry = byUnit.get(r.unit_id) ?? { unit: r.unit_name ?? `unit #${r.unit_id}`, cells: {} };
    const cell = (entry.cells[r.year] ??= { budget: 0, final: 0 });
    if (r.kind === 'budget' || r.kind === 'final') cell[r.kind] += Number(r.versions);
    byUnit.set(r.unit_id, entry);
  }
  const names = [...byUnit.values()].map((u) => u.unit);
  const units = [...byUnit.entries()]
    .map(([id, u]) => ({ unit: names.filter((n) => n === u.unit).length > 1 ? `${u.unit} #${id}` : u.unit, cells: u.cells }))
    .sort((a, b) => a.unit.localeCompare(b.unit, 'zh'));
  let gaps = 0;
  for (const u of units) for (const y of years) for (const k of ['budget', 'final'] as const) if (!u.cells[y]?.[k]) gaps++;
  const unidentified = Number((await db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'unidentified').executeTakeFirstOrThrow()).n);
  return { years, units, gaps, unidentified };
}

const mark = (letter: string, n: number | undefined) => (!n ? '·' : n === 1 ? letter : `${letter}${n}`);

/** The matrix as text: one row per unit, one `B F` column pair per year. */
export function renderMatrix(m: CoverageMatrix): string {
  if (m.units.length === 0) return 'no reports in the warehouse yet';
  const width = Math.max(4, ...m.units.map((u) => [...u.unit].length + [...u.unit].filter((ch) => ch.charCodeAt(0) > 0x2e80).length));
  const pad = (s: string) => s + ' '.repeat(Math.max(0, width - [...s].length - [...s].filter((ch) => ch.charCodeAt(0) > 0x2e80).length));
  const lines = [`${pad('unit')}  ${m.years.map((y) => String(y).padEnd(6)).join('')}`];
  for (const u of m.units) {
    lines.push(`${pad(u.unit)}  ${m.years.map((y) => `${mark('B', u.cells[y]?.budget).padEnd(3)}${mark('F', u.cells[y]?.final).padEnd(3)}`).join('')}`);
  }
  lines.push('', `${m.units.length} units × ${m.years.length} years: ${m.gaps} gaps (·) of ${m.units.length * m.years.length * 2} budget/final reports`);
  if (m.unidentified > 0) lines.push(`${m.unidentified} unidentified files are not in the matrix (their unit, year or kind is unknown): see \`disclosure status\` and \`disclosure export quarantine\``);
  return lines.join('\n');
}

export const command: Command = {
  summary: 'Show which units and years have budget and final reports, gaps marked',
  usage,
  async run(args) {
    const { values } = parseCommandArgs(args, { db: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } });
    return withWarehouse(values.db, { readOnly: true }, async ({ db }) => {
      const m = await coverageMatrix(db, values.from ? Number(values.from) : undefined, values.to ? Number(values.to) : undefined);
      process.stdout.write((values.json ? JSON.stringify(m, null, 2) : renderMatrix(m)) + '\n');
      return EXIT.ok;
    });
  },
};
