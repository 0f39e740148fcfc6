/** `disclosure export DATASET [--out FILE] [--format F] [--columns C] [filters] [--datapackage DIR] [--bom|--no-bom]`. */
import { resolve } from 'node:path';
import type { Kysely } from 'kysely';
import { NothingMatchedError, parseCommandArgs, UsageError } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import { detail, note } from '../log.ts';
import { didYouMean } from '../suggest.ts';
import { withWarehouse } from '../session.ts';
import { warehouseFile } from '../../loaders/warehouse/open.ts';
import { chooseBom, chooseFormat, listValues, parseFilters } from '../export-options.ts';
import type { Database } from '../../loaders/warehouse/schema.ts';
import { checkOutputFile, replaceFileAtomically, writeFileAtomically } from '../../loaders/exports/output-file.ts';
import { datasetByName, DATASETS, type AnyDataset, type ExportFilters } from '../../loaders/exports/datasets.ts';
import { writeDatapackage } from '../../loaders/exports/datapackage.ts';
import { selectColumns, UnknownColumnError } from '../../loaders/exports/columns.ts';
import { writeRows, type ExportFormat } from '../../loaders/exports/write.ts';

export { parseFilters } from '../export-options.ts';

const usage = `Usage: disclosure export DATASET [options]
       disclosure export all --datapackage DIR [options]

Datasets: ${DATASETS.join(', ')} (all: every dataset, with --datapackage only).
Writes CSV (papaparse; cells starting with = + - @ escaped against formula injection; a stable column
order; amounts exact in 元 and in the printed unit), NDJSON or Parquet, streamed page by page in
constant memory. A blank table cell is an empty amount, not 0.

Options:
  --out FILE          write to FILE (default: standard output); with --datapackage, the CSV's name
                      inside DIR (it may not leave DIR)
  --format F          csv (default), ndjson or parquet (exact DECIMAL amounts; needs --out); a --out
                      ending in .parquet or .ndjson chooses it too
  --columns A,B,…     only these columns, in this order
  --datapackage DIR   write DIR/<dataset>.csv and DIR/datapackage.json (Fiscal Data Package style)
  --year Y[,Y…]       only these budget years (2023,2024)
  --unit NAME         only this unit (resolved or printed name); repeat for several
  --kind KIND         budget or final
  --code-prefix CODE  only classification codes starting with CODE (208, 20805)
  --bom, --no-bom     write or leave out the UTF-8 byte-order mark that Excel needs (default: written
                      to files, left out on standard output)
  --db URL            warehouse (default: $DISCLOSURE_DB or data/warehouse.sqlite)

Exit codes: 0 rows written; 5 nothing matched the filters (the header is still written); 2 bad
arguments; 1 fatal error.`;

/** The dataset's columns narrowed by --columns, with a usage error naming the closest column. */
function columnsOf(dataset: AnyDataset, columns: string | undefined) {
  try {
    return selectColumns(dataset.columns, listValues(columns));
  } catch (e) {
    if (e instanceof UnknownColumnError) {
      throw new UsageError(`${dataset.name} has no column '${e.column}'${didYouMean(e.column, e.known)}; its columns: ${e.known.join(', ')}`);
    }
    throw e;
  }
}

/** Writes one dataset to standard output or to a file; returns the number of rows. */
async function writeOne(
  db: Kysely<Database>,
  dataset: AnyDataset,
  filters: ExportFilters,
  options: { out: string | undefined; format: ExportFormat; bom: boolean; columns: string | undefined; warehouse: string | null },
): Promise<number> {
  const columns = columnsOf(dataset, options.columns);
  const pages = dataset.pages(db, filters);
  if (!options.out) return writeRows(pages, columns, { stream: process.stdout }, options);
  // Written to a temporary file renamed at the end: a killed export leaves no truncated file (issue 20).
  const target = resolve(options.out);
  checkOutputFile(target, options.warehouse);
  if (options.format === 'parquet') return replaceFileAtomically(target, (path) => writeRows(pages, columns, { path }, options));
  return writeFileAtomically(target, (stream) => writeRows(pages, columns, { stream }, options));
}

export const command: Command = {
  summary: 'Write a dataset as CSV, NDJSON or Parquet (or all as a Fiscal Data Package)',
  usage,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      db: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      columns: { type: 'string' },
      datapackage: { type: 'string' },
      year: { type: 'string', multiple: true },
      unit: { type: 'string', multiple: true },
      kind: { type: 'string' },
      'code-prefix': { type: 'string' },
      bom: { type: 'boolean' },
      'no-bom': { type: 'boolean' },
    });
    const [name, ...extra] = positionals;
    if (!name || extra.length > 0) throw new UsageError('give exactly one DATASET');
    let sets: AnyDataset[];
    if (name === 'all') {
      if (!values.datapackage) throw new UsageError('`all` needs --datapackage DIR');
      sets = DATASETS.map((d) => datasetByName(d)!);
    } else {
      const dataset = datasetByName(name);
      if (!dataset) throw new UsageError(`unknown dataset '${name}'${didYouMean(name, [...DATASETS, 'all'])} (one of ${DATASETS.join(', ')})`);
      sets = [dataset];
    }
    const filters = parseFilters(values);
    const format = chooseFormat(values.format, values.out);
    if (format === 'parquet' && !values.out && !values.datapackage) throw new UsageError('Parquet is binary: give --out FILE.parquet');
    if (values.datapackage && format !== 'csv') throw new UsageError('--datapackage writes CSV resources; leave out --format');
    if (values.datapackage && values.columns) throw new UsageError('--datapackage writes every column; leave out --columns');
    const bom = chooseBom(values, Boolean(values.out || values.datapackage));
    return withWarehouse(values.db, { readOnly: true }, async ({ db, engine, url }) => {
      const warehouse = warehouseFile({ engine, url });
      if (values.datapackage) {
        const files = values.out && sets.length === 1 ? { [sets[0]!.name]: values.out } : undefined;
        const result = await writeDatapackage(db, values.datapackage, sets, filters, { bom, warehouse, ...(files ? { files } : {}) });
        for (const r of result.resources) note(`${r.name}: ${r.rows} rows → ${r.path}`);
        note(`wrote ${result.path}`);
        if (result.resources.every((r) => r.rows === 0)) throw new NothingMatchedError('no rows matched: every resource is empty');
        return EXIT.ok;
      }
      const dataset = sets[0]!;
      detail(`${dataset.name}: ${format}${bom ? ' with a byte-order mark' : ''}, filters ${JSON.stringify(filters)}`);
      const rows = await writeOne(db, dataset, filters, { out: values.out, format, bom, columns: values.columns, warehouse });
      if (rows === 0) throw new NothingMatchedError(`${dataset.name}: no rows matched${Object.keys(filters).length > 0 ? ' the filters' : ' (the warehouse holds none)'}${values.out ? `; ${values.out} holds the header only` : ''}`);
      note(`${dataset.name}: ${rows} rows${values.out ? ` → ${values.out}` : ''}`);
      return EXIT.ok;
    });
  },
};
