/**
 * Reading the options of `disclosure export` into what the loaders need: filters that take several
 * values, the output format, the column list and whether to write a byte-order mark.
 */
import { extname } from 'node:path';
import { UsageError } from './args.ts';
import { didYouMean } from './suggest.ts';
import type { ExportFilters } from '../loaders/exports/datasets.ts';
import { FORMATS, type ExportFormat } from '../loaders/exports/write.ts';

/** Options that take several values: given as a comma list, repeated, or both. */
export function listValues(values: string | readonly string[] | undefined): string[] {
  if (values === undefined) return [];
  const all = typeof values === 'string' ? [values] : values;
  return all.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/** Reads the filter options shared by the export datasets (`--year 2023,2024`, `--unit A --unit B`). */
export function parseFilters(values: {
  year?: string | readonly string[];
  unit?: string | readonly string[];
  kind?: string;
  'code-prefix'?: string;
}): ExportFilters {
  const years = listValues(values.year).map((y) => {
    const n = Number(y);
    if (!(Number.isInteger(n) && n > 1900 && n < 3000)) throw new UsageError(`--year must be a year such as 2021 (or a list: 2023,2024), not '${y}'`);
    return n;
  });
  // A unit name may itself hold a comma (rare, but printed names are free text): units are only repeated.
  const units = (typeof values.unit === 'string' ? [values.unit] : values.unit ?? []).map((u) => u.trim()).filter((u) => u !== '');
  if (values.kind !== undefined && values.kind !== 'budget' && values.kind !== 'final') throw new UsageError('--kind must be budget or final');
  const prefix = values['code-prefix'];
  if (prefix !== undefined && !/^\d{1,7}$/.test(prefix)) throw new UsageError('--code-prefix must be 1 to 7 digits');
  return {
    ...(years.length > 0 ? { years } : {}),
    ...(units.length > 0 ? { units } : {}),
    ...(values.kind ? { kind: values.kind } : {}),
    ...(prefix ? { codePrefix: prefix } : {}),
  };
}

/** The format asked for, else the one the --out file's extension names, else CSV. */
export function chooseFormat(format: string | undefined, out: string | undefined): ExportFormat {
  if (format !== undefined) {
    if ((FORMATS as readonly string[]).includes(format)) return format as ExportFormat;
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${format}'${didYouMean(format, FORMATS)}`);
  }
  const ext = out ? extname(out).toLowerCase() : '';
  if (ext === '.parquet') return 'parquet';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  return 'csv';
}

/**
 * Whether to write the UTF-8 byte-order mark: Excel needs it to read a CSV file as UTF-8, but on a pipe
 * it becomes a stray character in the first column name (`csvcut -c unit` fails). So: by default only
 * when writing a file; `--bom` and `--no-bom` decide otherwise.
 */
export function chooseBom(values: { bom?: boolean; 'no-bom'?: boolean }, toFile: boolean): boolean {
  if (values.bom && values['no-bom']) throw new UsageError('give --bom or --no-bom, not both');
  if (values.bom) return true;
  if (values['no-bom']) return false;
  return toFile;
}
