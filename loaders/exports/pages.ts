/** Reading a dataset in pages by keyset (`id > last ORDER BY id LIMIT n`): constant memory whatever its size. */

/** Keyset pages of any query ordered by a numeric id column (`id` unless `key` says otherwise). */
export async function* keyset<R>(
  page: (after: number | bigint, limit: number) => Promise<R[]>,
  pageSize: number,
  key: (row: R) => number | bigint = (row) => (row as { id: number | bigint }).id,
): AsyncGenerator<R[]> {
  let last: number | bigint = -1;
  while (true) {
    const rows = await page(last, pageSize);
    if (rows.length === 0) return;
    yield rows;
    last = key(rows[rows.length - 1]!);
    if (rows.length < pageSize) return;
  }
}
