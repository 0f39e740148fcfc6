/**
 * Newline-delimited JSON: one object per row, keys in the dataset's column order. Numbers stay exact: a
 * `number` or `integer` column is written as the exact decimal text (2195900.00), which is valid JSON and
 * loses nothing to a reader that keeps decimals (jq, DuckDB's read_json, pandas with dtype=str).
 */
import type { Writable } from 'node:stream';
import type { CsvColumn } from './csv.ts';
import { writeChunk } from './sink.ts';

const NUMERIC = new Set(['number', 'integer', 'year']);
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** One row as a JSON object text. */
export function ndjsonLine<R>(row: R, columns: readonly CsvColumn<R>[]): string {
  const parts = columns.map((c) => {
    const v = c.value(row);
    let text: string;
    if (v === null || v === undefined) text = 'null';
    else if (typeof v === 'boolean') text = String(v);
    else if (NUMERIC.has(c.type) && JSON_NUMBER.test(String(v))) text = String(v);
    else text = JSON.stringify(typeof v === 'bigint' ? v.toString() : String(v));
    return `${JSON.stringify(c.name)}:${text}`;
  });
  return `{${parts.join(',')}}\n`;
}

/** Writes every page as NDJSON lines; returns the number of rows. */
export async function writeNdjson<R>(pages: AsyncIterable<readonly R[]>, columns: readonly CsvColumn<R>[], sink: Writable): Promise<number> {
  let count = 0;
  for await (const page of pages) {
    if (page.length === 0) continue;
    count += page.length;
    await writeChunk(sink, page.map((r) => ndjsonLine(r, columns)).join(''));
  }
  return count;
}
