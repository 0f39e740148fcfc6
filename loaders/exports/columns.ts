/** `--columns`: a dataset's columns narrowed and ordered as the analyst lists them. */
import type { CsvColumn } from './csv.ts';

/** Thrown for a column name the dataset does not have; the message names the closest one. */
export class UnknownColumnError extends Error {
  override readonly name = 'UnknownColumnError';
  constructor(readonly column: string, readonly known: readonly string[]) {
    super(`unknown column '${column}'`);
  }
}

/**
 * The columns named in `names` (comma-separated, in that order; repeats ignored), or every column when
 * `names` is empty. An unknown name throws UnknownColumnError.
 */
export function selectColumns<R>(columns: readonly CsvColumn<R>[], names: readonly string[]): readonly CsvColumn<R>[] {
  if (names.length === 0) return columns;
  const byName = new Map(columns.map((c) => [c.name, c]));
  const out: CsvColumn<R>[] = [];
  for (const raw of names) {
    const name = raw.trim();
    if (name === '' || out.some((c) => c.name === name)) continue;
    const c = byName.get(name);
    if (!c) throw new UnknownColumnError(name, columns.map((x) => x.name));
    out.push(c);
  }
  return out;
}
