/**
 * The `series` dataset: one row per unit × scope × canonical function code × year, the budget (年初预算)
 * beside the final figure (决算) of the general-budget expenditure table, and the execution rate. It is
 * the table analysts build by hand from a shelf of reports. Codes are canonical, carried across editions
 * through the crosswalk (a renamed class stays one series); amounts are exact, and a figure printed blank
 * is empty, never 0, so that no rate is computed from a budget nobody printed.
 */
import type { Kysely } from 'kysely';
import type { Database, SeriesView } from '../warehouse/schema.ts';
import type { CsvColumn } from './csv.ts';
import type { ExportFilters } from './dataset.ts';
import { fenToYuanOrNull as fenToYuan } from '../warehouse/fen.ts';

export type SeriesRow = SeriesView;

/** The basis of the execution rate: 年初预算 as the final accounts print it, else the budget report's figure. */
export function budgetBasis(r: SeriesRow): { fen: bigint | null; basis: 'budget_initial' | 'budget_report' | null } {
  if (r.budget_initial_fen !== null) return { fen: BigInt(r.budget_initial_fen), basis: 'budget_initial' };
  if (r.budget_report_fen !== null) return { fen: BigInt(r.budget_report_fen), basis: 'budget_report' };
  return { fen: null, basis: null };
}

/** final / budget in percent, exact to two decimals (half away from zero); null without both or with a zero budget. */
export function executionRate(finalFen: bigint | null, budgetFen: bigint | null): string | null {
  if (finalFen === null || budgetFen === null || budgetFen === 0n) return null;
  const num = finalFen * 100_00n * 2n;
  let q = num / budgetFen;
  // q is twice the rate in hundredths of a percent; round half away from zero.
  q = q >= 0n ? (q + 1n) / 2n : (q - 1n) / 2n;
  const neg = q < 0n;
  const a = neg ? -q : q;
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}

export const seriesColumns: readonly CsvColumn<SeriesRow>[] = [
  { name: 'unit', type: 'string', description: 'The unit, resolved across spellings', value: (r) => r.unit },
  { name: 'scope', type: 'string', description: 'department (部门) or unit (单位)', value: (r) => r.scope },
  { name: 'code', type: 'string', description: 'Canonical function code (carried across editions through the crosswalk)', value: (r) => r.code },
  { name: 'level', type: 'integer', description: '1 = 类, 2 = 款, 3 = 项', value: (r) => r.level },
  { name: 'name', type: 'string', description: 'Name of the canonical code', value: (r) => r.name },
  { name: 'year', type: 'year', description: 'Budget year', value: (r) => r.year },
  { name: 'budget_initial_yuan', type: 'number', scale: 2, description: '年初预算 as the final accounts print it (t05), in 元', value: (r) => fenToYuan(r.budget_initial_fen) },
  { name: 'budget_report_yuan', type: 'number', scale: 2, description: 'The budget report’s own figure (budget t05 合计), in 元', value: (r) => fenToYuan(r.budget_report_fen) },
  { name: 'final_yuan', type: 'number', scale: 2, description: '决算数 合计 of the final accounts (t05), in 元', value: (r) => fenToYuan(r.final_fen) },
  { name: 'execution_rate_pct', type: 'number', scale: 2, description: 'final / budget × 100 (budget: 年初预算, else the budget report)', value: (r) => executionRate(r.final_fen === null ? null : BigInt(r.final_fen), budgetBasis(r).fen) },
  { name: 'rate_basis', type: 'string', description: 'Which budget the rate divides by: budget_initial or budget_report', value: (r) => (r.final_fen === null ? null : budgetBasis(r).basis) },
];

/** The series of each unit in turn (one page per unit: a unit has a few thousand rows at most). */
export async function* seriesPages(db: Kysely<Database>, f: ExportFilters): AsyncGenerator<SeriesRow[]> {
  let units = db
    .selectFrom('reports as r')
    .leftJoin('units as u', 'u.id', 'r.unit_id')
    .where('r.status', '=', 'current')
    .select((eb) => eb.fn.coalesce('u.name', 'r.unit_name').as('unit'))
    .distinct();
  if (f.units?.length) { const names = f.units; units = units.where((eb) => eb.or([eb('u.name', 'in', names), eb('r.unit_name', 'in', names)])); }
  const names = (await units.execute()).map((u) => u.unit).filter((u): u is string => u !== null).sort();
  for (const unit of names) {
    let q = db.selectFrom('v_series').selectAll().where('unit', '=', unit);
    if (f.years?.length) q = q.where('year', 'in', f.years);
    if (f.codePrefix) q = q.where('code', 'like', `${f.codePrefix}%`);
    const rows = await q.orderBy('scope').orderBy('code').orderBy('year').execute();
    if (rows.length > 0) yield rows;
  }
}
