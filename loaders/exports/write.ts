/**
 * One dataset written in one of the export formats: CSV (the default, for spreadsheets), NDJSON (for jq
 * and log tools) or Parquet (typed and columnar, for DuckDB, pandas, R and Arrow). The caller opens the
 * destination; Parquet needs a file path, the text formats a stream.
 */
import type { Writable } from 'node:stream';
import type { CsvColumn } from './csv.ts';
import { writeCsv } from './csv.ts';
import { writeNdjson } from './ndjson.ts';
import { writeParquet } from './parquet.ts';

export const FORMATS = ['csv', 'ndjson', 'parquet'] as const;
export type ExportFormat = (typeof FORMATS)[number];

/** File extension of each format. */
export const EXTENSION: Readonly<Record<ExportFormat, string>> = { csv: '.csv', ndjson: '.ndjson', parquet: '.parquet' };

/** Media type of each format, for the data package. */
export const MEDIATYPE: Readonly<Record<ExportFormat, string>> = { csv: 'text/csv', ndjson: 'application/x-ndjson', parquet: 'application/vnd.apache.parquet' };

export type Destination = { readonly stream: Writable } | { readonly path: string };

export interface WriteOptions {
  readonly format: ExportFormat;
  /** CSV only: write the UTF-8 byte-order mark. */
  readonly bom: boolean;
}

/** Writes the pages to the destination; returns the number of rows written. */
export async function writeRows<R>(
  pages: AsyncIterable<readonly R[]>,
  columns: readonly CsvColumn<R>[],
  to: Destination,
  options: WriteOptions,
): Promise<number> {
  if (options.format === 'parquet') {
    if (!('path' in to)) throw new Error('Parquet is written to a file: give --out FILE');
    return writeParquet(pages, columns, to.path);
  }
  if (!('stream' in to)) throw new Error(`${options.format} is written to a stream`);
  return options.format === 'ndjson' ? writeNdjson(pages, columns, to.stream) : writeCsv(pages, columns, to.stream, { bom: options.bom });
}
