/**
 * `disclosure export --datapackage DIR`: the datasets as CSV files with a datapackage.json in the style
 * of OpenSpending's Fiscal Data Package: typed fields (Frictionless Table Schema), FDP column types on the
 * fiscal columns (value, direction, phase, date:fiscal-year, classifications), and a `model` naming the
 * measure (currency CNY, factor 1 for 元, the factors of the printed units), the direction (expenditure
 * or revenue), the phase (budget = approved, final = executed) and the classification hierarchies
 * (功能分类 类 → 款 → 项 by code prefix; 经济分类 类 → 款).
 */
import { mkdir } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Kysely } from 'kysely';
import { DisclosureError } from '../../core/errors.ts';
import type { Database } from '../warehouse/schema.ts';
import { checkOutputFile, writeFileAtomically } from './output-file.ts';
import { writeCsv, UNIT_EXPONENT } from './csv.ts';
import type { AnyDataset, ExportFilters } from './datasets.ts';

/**
 * `name` resolved inside `dir`; a name that would leave it (`../x.csv`, an absolute path) is refused, so
 * that an export never writes outside the folder it was given.
 */
export function resolveInside(dir: string, name: string): string {
  const base = resolve(dir);
  const target = resolve(base, name);
  const rel = relative(base, target);
  if (isAbsolute(name) || rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new DisclosureError('export/path-escape', `refusing to write ${JSON.stringify(name)}: it is not a file inside ${base}`, 'fatal', undefined, { stage: 'load' });
  }
  return target;
}

/** FDP column types of the fiscal columns, by CSV header. */
const COLUMN_TYPES: Record<string, string> = {
  year: 'date:fiscal-year',
  unit: 'administrative-classification:generic:level1:label',
  direction: 'direction',
  phase: 'phase',
  amount_yuan: 'value',
  canonical_code: 'functional-classification:generic:code',
  canonical_name: 'functional-classification:generic:label',
};

function primaryKeyOf(dataset: AnyDataset): { primaryKey?: string | string[] } {
  if (dataset.primaryKey) return { primaryKey: [...dataset.primaryKey] };
  return dataset.columns[0]?.name.endsWith('_id') ? { primaryKey: dataset.columns[0].name } : {};
}

/** The dataset's foreign keys whose referenced resource is in this package (a key to nothing is left out). */
function foreignKeysOf(dataset: AnyDataset, present: ReadonlySet<string>) {
  const keys = (dataset.foreignKeys ?? []).filter((k) => present.has(k.resource));
  if (keys.length === 0) return {};
  return { foreignKeys: keys.map((k) => ({ fields: [...k.fields], reference: { resource: k.resource, fields: [...k.referenceFields] } })) };
}

/** The descriptor of the written resources. */
export function descriptor(written: readonly { dataset: AnyDataset; path: string; rows: number }[], filters: ExportFilters, bom: boolean) {
  const present = new Set(written.map((w) => w.dataset.name as string));
  return {
    profile: 'fiscal-data-package',
    name: 'disclosure-etl-export',
    title: 'Chinese government budget and final-accounts disclosures (部门预算/决算公开)',
    created: new Date().toISOString(),
    countryCode: 'CN',
    filters,
    resources: written.map(({ dataset, path, rows }) => ({
      name: dataset.name,
      title: dataset.title,
      path,
      profile: 'tabular-data-resource',
      format: 'csv',
      mediatype: 'text/csv',
      // "utf-8-sig" is Python's codec name, not an encoding (IANA): the encoding is UTF-8, and whether the
      // file starts with a byte-order mark (for Excel) is said beside it.
      encoding: 'utf-8',
      bom,
      dialect: { delimiter: ',', lineTerminator: '\r\n', header: true, doubleQuote: true },
      count_of_rows: rows,
      schema: {
        fields: dataset.columns.map((c) => ({
          name: c.name,
          type: c.type,
          description: c.description,
          ...(dataset.name === 'line-items' && COLUMN_TYPES[c.name] ? { columnType: COLUMN_TYPES[c.name] } : {}),
          ...(c.type === 'number' ? { decimalChar: '.', bareNumber: true } : {}),
          ...(c.name === 'amount_yuan' ? { currency: 'CNY', factor: 1 } : {}),
          ...(c.name === 'direction' ? { constraints: { enum: ['expenditure', 'revenue'] } } : {}),
          ...(c.name === 'phase' ? { constraints: { enum: ['approved', 'executed'] } } : {}),
        })),
        ...primaryKeyOf(dataset),
        ...foreignKeysOf(dataset, present),
      },
    })),
    model: {
      measures: {
        amount: {
          source: 'amount_yuan',
          resource: 'line-items',
          title: 'Amount (元)',
          currency: 'CNY',
          factor: 1,
          // Both vary by row: the direction follows the table and side, the phase the report kind.
          direction: { source: 'direction', values: ['expenditure', 'revenue'] },
          phase: { source: 'phase', mapping: { budget: 'approved', final: 'executed' } },
        },
        amount_printed_unit: {
          source: 'amount_printed_unit',
          resource: 'line-items',
          title: 'Amount in the printed unit of the table',
          currency: 'CNY',
          factor: { source: 'money_unit', mapping: Object.fromEntries(Object.entries(UNIT_EXPONENT).map(([u, k]) => [u, 10 ** k])) },
        },
      },
      dimensions: {
        unit: { dimensionType: 'entity', primaryKey: ['unit'], attributes: { unit: { source: 'unit' }, unit_printed: { source: 'unit_printed' } } },
        fiscal_year: { dimensionType: 'datetime', primaryKey: ['year'], attributes: { year: { source: 'year' } } },
        phase: { dimensionType: 'fact', primaryKey: ['phase'], attributes: { phase: { source: 'phase' }, kind: { source: 'kind' } } },
        direction: { dimensionType: 'fact', primaryKey: ['direction'], attributes: { direction: { source: 'direction' } } },
        classification: {
          dimensionType: 'classification',
          classificationType: { source: 'code_scheme', mapping: { function: 'functional', 'economic-dept': 'economic', 'economic-gov': 'economic', revenue: 'revenue' } },
          primaryKey: ['canonical_code'],
          attributes: {
            code: { source: 'canonical_code' },
            printed_code: { source: 'code' },
            label: { source: 'canonical_name', labelfor: 'code' },
            level: { source: 'level' },
            scheme: { source: 'code_scheme' },
          },
        },
        table: { dimensionType: 'other', primaryKey: ['table_id'], attributes: { table_id: { source: 'table_id' }, title: { source: 'table_title' } } },
      },
      hierarchies: {
        function: {
          description: '政府收支分类 支出功能分类: a code’s parent is its prefix',
          levels: [
            { name: '类', level: 1, digits: 3 },
            { name: '款', level: 2, digits: 5, parent: '类' },
            { name: '项', level: 3, digits: 7, parent: '款' },
          ],
        },
        economic: {
          description: '支出经济分类 (部门 301…, 政府 501…): a code’s parent is its prefix',
          levels: [
            { name: '类', level: 1, digits: 3 },
            { name: '款', level: 2, digits: 5, parent: '类' },
          ],
        },
      },
    },
  };
}

/**
 * Writes each dataset as `<name>.csv` (or `files[name]`, which must stay inside `dir`) and the
 * datapackage.json describing them. Returns the descriptor's path.
 */
export async function writeDatapackage(
  db: Kysely<Database>,
  dir: string,
  sets: readonly AnyDataset[],
  filters: ExportFilters,
  /** `warehouse`: the SQLite file exported from (never written over), or null. */
  options: { bom?: boolean; files?: Readonly<Record<string, string>>; warehouse?: string | null } = {},
): Promise<{ path: string; resources: { name: string; path: string; rows: number }[] }> {
  const bom = options.bom !== false;
  await mkdir(resolve(dir), { recursive: true });
  const written: { dataset: AnyDataset; path: string; rows: number }[] = [];
  for (const dataset of sets) {
    const name = options.files?.[dataset.name] ?? `${dataset.name}.csv`;
    const target = resolveInside(dir, name);
    checkOutputFile(target, options.warehouse ?? null);
    const rows = await writeFileAtomically(target, (sink) => writeCsv(dataset.pages(db, filters), dataset.columns, sink, { bom }));
    written.push({ dataset, path: relative(resolve(dir), target).split(sep).join('/'), rows });
  }
  const path = resolveInside(dir, 'datapackage.json');
  checkOutputFile(path, options.warehouse ?? null);
  const json = JSON.stringify(descriptor(written, filters, bom), null, 2) + '\n';
  await writeFileAtomically(path, async (sink) => void sink.write(json));
  return { path, resources: written.map((w) => ({ name: w.dataset.name, path: w.path, rows: w.rows })) };
}
