/**
 * Parquet output through hyparquet-writer (pure JavaScript, no native build, MIT): one row group per page
 * of rows, so that memory stays that of one page. Types follow the dataset's columns: text as UTF-8
 * strings, years as INT32, ids and counts as INT64, and every `number` column as an exact DECIMAL(38, s)
 * (never a float: amounts are exact from the report to the analyst), with `s` the column's scale (2 for
 * amounts in 元, 10 by default, enough for an amount in 亿元 to the 分). DuckDB, pandas/pyarrow, R's
 * arrow and Spark read it directly.
 */
import { ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import { fileWriter } from 'hyparquet-writer';
import type { CsvColumn } from './csv.ts';
import { dec, isDecimalText, round, trimScale } from '../../transforms/money/decimal.ts';

type Cell = string | number | bigint | boolean | null;

/** Digits after the point of a DECIMAL column unless the column says otherwise. */
export const DEFAULT_SCALE = 10;
const PRECISION = 38;

/** The Parquet schema element of one column. */
export function schemaElement<R>(c: CsvColumn<R>): SchemaElement {
  const base = { name: c.name, repetition_type: 'OPTIONAL' as const };
  switch (c.type) {
    case 'year':
      return { ...base, type: 'INT32' };
    case 'integer':
      return { ...base, type: 'INT64' };
    case 'boolean':
      return { ...base, type: 'BOOLEAN' };
    case 'number': {
      const scale = c.scale ?? DEFAULT_SCALE;
      return { ...base, type: 'FIXED_LEN_BYTE_ARRAY', type_length: 16, converted_type: 'DECIMAL', precision: PRECISION, scale, logical_type: { type: 'DECIMAL', precision: PRECISION, scale } };
    }
    default:
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
  }
}

/** An exact decimal ("-611780.5") as the unscaled integer of a DECIMAL with `scale` digits after the point. */
export function unscaled(value: string, scale: number, column: string): bigint {
  const text = value.trim();
  if (!isDecimalText(text)) throw new Error(`column ${column}: ${JSON.stringify(value)} is not a decimal number`);
  const d = dec(text);
  if (trimScale(d).scale > scale) throw new Error(`column ${column}: ${value} has more than ${scale} decimals`);
  return round(d, scale).units;
}

function cell<R>(c: CsvColumn<R>, row: R): Cell {
  const v = c.value(row);
  if (v === null || v === undefined || v === '') return null;
  switch (c.type) {
    case 'year':
      return Number(v);
    case 'integer':
      return BigInt(v);
    case 'boolean':
      return Boolean(v);
    case 'number':
      return unscaled(String(v), c.scale ?? DEFAULT_SCALE, c.name);
    default:
      return typeof v === 'bigint' ? v.toString() : String(v);
  }
}

/** Writes every page of rows to a Parquet file at `path`; returns the number of rows. */
export async function writeParquet<R>(pages: AsyncIterable<readonly R[]>, columns: readonly CsvColumn<R>[], path: string): Promise<number> {
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }, ...columns.map(schemaElement)];
  const writer = new ParquetWriter({ writer: fileWriter(path), schema, kvMetadata: [{ key: 'created_by_tool', value: 'disclosure-etl' }] });
  let count = 0;
  for await (const page of pages) {
    if (page.length === 0) continue;
    count += page.length;
    const columnData = columns.map((c) => ({ name: c.name, data: page.map((r) => cell(c, r)) }));
    await writer.write({ columnData, rowGroupSize: page.length });
  }
  await writer.finish();
  return count;
}
