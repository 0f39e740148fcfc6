/**
 * CSV output for analysts: papaparse's `unparse` per page of rows (never `join(',')`), the header once,
 * UTF-8 with a byte-order mark by default so that Excel shows Chinese correctly, and formula escaping so
 * that a cell beginning with = + - @ (or a tab or carriage return) cannot run in a spreadsheet. Rows arrive
 * in pages from an async source (keyset pagination in loaders/exports/datasets.ts), and the sink's
 * backpressure is honoured, so memory stays constant however many rows there are.
 */
import Papa from 'papaparse';
import type { Writable } from 'node:stream';
import { writeChunk } from './sink.ts';
import { MONEY_UNIT_EXPONENT as UNIT_EXPONENT } from '../../transforms/money/units.ts';
import { dec, decimal, decToString, isDecimalText, trimScale } from '../../transforms/money/decimal.ts';

/** Field types, named as in the Frictionless Table Schema (used by datapackage.json). */
export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'year';

/** One column of a dataset: its header, type, meaning and how to read it from a row. */
export interface CsvColumn<R> {
  readonly name: string;
  readonly type: FieldType;
  readonly description: string;
  readonly value: (row: R) => string | number | bigint | boolean | null | undefined;
  /** Digits after the point of a `number` column in typed formats (Parquet DECIMAL); 10 if not given. */
  readonly scale?: number;
}

export interface CsvOptions {
  /** Write the UTF-8 byte-order mark first (default true). */
  readonly bom?: boolean;
}

/**
 * Cells that a spreadsheet would evaluate. A plain negative number (-611.78) is not escaped: Excel and
 * LibreOffice read it as a number, and prefixing a quote would turn every decrease into text.
 */
export const FORMULA_START = /^(?:[=+@\t\r]|-(?!\d+(?:\.\d+)?$))/;

const BOM = '\uFEFF';

/** Renders rows (arrays of cells) as CSV lines with a trailing newline, formulas escaped. */
export function csvLines(rows: readonly (readonly unknown[])[]): string {
  if (rows.length === 0) return '';
  return Papa.unparse(rows as unknown[][], { header: false, newline: '\r\n', escapeFormulae: FORMULA_START }) + '\r\n';
}

/** Writes the header and every page of rows to `sink`; returns the number of data rows written. */
export async function writeCsv<R>(
  pages: AsyncIterable<readonly R[]>,
  columns: readonly CsvColumn<R>[],
  sink: Writable,
  options: CsvOptions = {},
): Promise<number> {
  let count = 0;
  await writeChunk(sink, (options.bom === false ? '' : BOM) + csvLines([columns.map((c) => c.name)]));
  for await (const page of pages) {
    if (page.length === 0) continue;
    const cells = page.map((row) =>
      columns.map((c) => {
        const v = c.value(row);
        // bigint is not JSON-safe in papaparse's toString path on every version; print it ourselves.
        return typeof v === 'bigint' ? v.toString() : v ?? null;
      }),
    );
    count += page.length;
    await writeChunk(sink, csvLines(cells));
  }
  return count;
}

/** The factor of a printed money unit against 元 (10^k): the one table of transforms/money/units.ts. */
export { UNIT_EXPONENT };
export type ExportMoneyUnit = keyof typeof UNIT_EXPONENT;

/**
 * An exact decimal string in 元 expressed in another unit, by moving the decimal point (no floating
 * point): toUnit("2195900.00", "万元") = "219.59". Trailing zeros beyond two decimals are dropped.
 */
export function toUnit(yuan: string | null, unit: ExportMoneyUnit | null): string | null {
  if (yuan === null || unit === null || !isDecimalText(yuan.trim())) return null;
  const d = dec(yuan.trim());
  return decToString(trimScale(decimal(d.units, d.scale + UNIT_EXPONENT[unit]), 2));
}
