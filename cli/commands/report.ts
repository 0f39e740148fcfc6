/** `disclosure report [--unit NAME] [--year YEAR] --out DIR [--db URL]`: a static HTML report with charts. */
import { statSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { DisclosureError } from '../../core/errors.ts';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseCommandArgs, UsageError } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import { withWarehouse } from '../session.ts';
import { gatherReportData, type ReportDataFilter } from '../../loaders/exports/report-data.ts';
import { ASSET_FILES, renderReport } from '../report-html.ts';

const usage = `Usage: disclosure report --out DIR [options]

Writes a static report over the warehouse to DIR: index.html with charts (Vega-Lite, bundled in
DIR/assets/, so the folder opens from disk without a server or network) and the numbers beside each chart.
Per unit: total income and expenditure (budget beside final), expenditure by function class (类, by
canonical code), basic vs project expenditure and the three public expenses over the years. For the
archive: the coverage matrix, the largest year-on-year changes and the check findings with their source.

Options:
  --out DIR     the folder to write (created; index.html and assets/ are overwritten)
  --unit NAME   only this unit (any known spelling of its name, or its code)
  --year YEAR   only this budget year
  --db URL      warehouse (default: $DISCLOSURE_DB or data/warehouse.sqlite)`;

/** Where each browser build lives: the package's main entry sits in its build/ folder. */
const ASSET_PACKAGES: Record<(typeof ASSET_FILES)[number], string> = {
  'vega.min.js': 'vega',
  'vega-lite.min.js': 'vega-lite',
  'vega-embed.min.js': 'vega-embed',
};

/** Copies the browser builds of vega, vega-lite and vega-embed into DIR/assets/. */
async function copyAssets(out: string): Promise<void> {
  const require = createRequire(import.meta.url);
  await mkdir(join(out, 'assets'), { recursive: true });
  for (const file of ASSET_FILES) {
    const main = require.resolve(ASSET_PACKAGES[file]);
    await copyFile(join(dirname(main), file), join(out, 'assets', file));
  }
}

export const command: Command = {
  summary: 'Write a static HTML report with multi-year charts (opens from disk)',
  usage,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      db: { type: 'string' },
      out: { type: 'string' },
      unit: { type: 'string' },
      year: { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (!values.out) throw new UsageError('--out DIR is required');
    const year = values.year === undefined ? undefined : Number(values.year);
    if (year !== undefined && !(Number.isInteger(year) && year > 1900 && year < 3000)) throw new UsageError('--year must be a year such as 2021');
    const filter: ReportDataFilter = { ...(values.unit ? { unit: values.unit } : {}), ...(year !== undefined ? { year } : {}) };
    const out = resolve(values.out);
    if (statSync(out, { throwIfNoEntry: false })?.isDirectory() === false) {
      throw new DisclosureError('output/not-a-folder', `${values.out}: is a file; --out names the folder the report is written into`, 'fatal');
    }
    return withWarehouse(values.db, { readOnly: true }, async ({ db }) => {
      const started = performance.now();
      const data = await gatherReportData(db, filter);
      if (values.unit && data.units.length === 0 && data.coverage.length === 0) {
        process.stderr.write(`disclosure report: no unit '${values.unit}' in the warehouse\n`);
        return EXIT.failed;
      }
      const scope = [values.unit ? `单位：${values.unit}` : '', year !== undefined ? `年度：${year}` : ''].filter(Boolean).join(' · ');
      const { html, charts } = renderReport(data, {
        title: '部门预算决算公开分析报告',
        generatedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        ...(scope ? { scope } : {}),
      });
      await mkdir(out, { recursive: true });
      await copyAssets(out);
      await writeFile(join(out, 'index.html'), html);
      const ms = Math.round(performance.now() - started);
      process.stderr.write(
        `report: ${data.units.length} units, ${charts.length} charts, ${data.findings.length} findings → ${join(out, 'index.html')} (${ms} ms)\n`,
      );
      return EXIT.ok;
    });
  },
};
