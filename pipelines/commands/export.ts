/** `disclosure export DATASET [--out FILE] [filters] [--datapackage DIR] [--no-bom]`. */
import { resolve } from 'node:path';
import { parseCommandArgs, UsageError } from '../args.ts';
import { EXIT, type Command } from '../cli.ts';
import { sqliteFile, withWarehouse } from '../session.ts';
import { checkOutputFile, writeFileAtomically } from '../../loaders/output-file.ts';
import { writeCsv } from '../../loaders/export-csv.ts';
import { datasetByName, DATASETS, type AnyDataset, type ExportFilters } from '../../loaders/export-datasets.ts';
import { writeDatapackage } from '../../loaders/datapackage.ts';

const usage = `Usage: disclosure export DATASET [options]
       disclosure export all --datapackage DIR [options]

Datasets: ${DATASETS.join(', ')} (all: every dataset, with --datapackage only).
Writes CSV (papaparse; UTF-8 with a byte-order mark so that Excel shows Chinese; cells starting with
= + - @ escaped against formula injection; a stable column order; amounts exact in 元 and in the
printed unit), streamed page by page in constant memory.

Options:
  --out FILE          write to FILE (default: standard output); with --datapackage, the CSV's name
                      inside DIR (it may not leave DIR)
  --datapackage DIR   write DIR/<dataset>.csv and DIR/datapackage.json (Fiscal Data Package style)
  --year YEAR         only this budget year
  --unit NAME         only this unit (resolved or printed name)
  --kind KIND         budget or final
  --code-prefix CODE  only classification codes starting with CODE (208, 20805)
  --no-bom            leave out the UTF-8 byte-order mark
  --db URL            warehouse (default: $DISCLOSURE_DB or data/warehouse.sqlite)`;

/** Reads the filter options shared by the export datasets. */
export function parseFilters(values: { year?: string; unit?: string; kind?: string; 'code-prefix'?: string }): ExportFilters {
  const year = values.year === undefined ? undefined : Number(values.year);
  if (year !== undefined && !(Number.isInteger(year) && year > 1900 && year < 3000)) throw new UsageError('--year must be a year such as 2021');
  if (values.kind !== undefined && values.kind !== 'budget' && values.kind !== 'final') throw new UsageError('--kind must be budget or final');
  const prefix = values['code-prefix'];
  if (prefix !== undefined && !/^\d{1,7}$/.test(prefix)) throw new UsageError('--code-prefix must be 1 to 7 digits');
  return {
    ...(year !== undefined ? { year } : {}),
    ...(values.unit ? { unit: values.unit } : {}),
    ...(values.kind ? { kind: values.kind } : {}),
    ...(prefix ? { codePrefix: prefix } : {}),
  };
}

export const command: Command = {
  summary: 'Write a dataset as CSV (or all of them as a Fiscal Data Package)',
  usage,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      db: { type: 'string' },
      out: { type: 'string' },
      datapackage: { type: 'string' },
      year: { type: 'string' },
      unit: { type: 'string' },
      kind: { type: 'string' },
      'code-prefix': { type: 'string' },
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
      if (!dataset) throw new UsageError(`unknown dataset '${name}' (one of ${DATASETS.join(', ')})`);
      sets = [dataset];
    }
    const filters = parseFilters(values);
    const bom = !values['no-bom'];
    return withWarehouse(values.db, { readOnly: true }, async ({ db, engine, url }) => {
      if (values.datapackage) {
        const files = values.out && sets.length === 1 ? { [sets[0]!.name]: values.out } : undefined;
        const result = await writeDatapackage(db, values.datapackage, sets, filters, { bom, warehouse: sqliteFile({ engine, url }), ...(files ? { files } : {}) });
        for (const r of result.resources) process.stderr.write(`${r.name}: ${r.rows} rows → ${r.path}\n`);
        process.stderr.write(`wrote ${result.path}\n`);
        return EXIT.ok;
      }
      const dataset = sets[0]!;
      if (!values.out) {
        const rows = await writeCsv(dataset.pages(db, filters), dataset.columns, process.stdout, { bom });
        process.stderr.write(`${dataset.name}: ${rows} rows\n`);
        return EXIT.ok;
      }
      const target = resolve(values.out);
      checkOutputFile(target, sqliteFile({ engine, url }));
      const rows = await writeFileAtomically(target, (sink) => writeCsv(dataset.pages(db, filters), dataset.columns, sink, { bom }));
      process.stderr.write(`${dataset.name}: ${rows} rows → ${values.out}\n`);
      return EXIT.ok;
    });
  },
};
