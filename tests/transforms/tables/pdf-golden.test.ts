/**
 * The real published PDFs of ../shared/corpus/pdf, through the PDF extractor and the table transforms, give
 * exactly the hand-read golden tables: every row (side, code, name), column path, printed value, amount in
 * 元, money unit and empty note.
 */
import { describe, expect, it } from 'vitest';
import { extractFile } from '../../../extractors/index.ts';
import { loadShippedCodebook } from '../../../loaders/codebook-files.ts';
import { extractTables } from '../../../transforms/tables/index.ts';
import { compare, metaOf, type Figures } from '../../fixtures/tables/compare.ts';
import { GOLDEN_FILES, readGolden } from '../../fixtures/tables/golden-docs.ts';

const codebook = loadShippedCodebook();

describe.each(GOLDEN_FILES.map((f) => [f]))('the published PDF of %s', (file) => {
  it('gives back every golden table, row and cell', { timeout: 180_000 }, async () => {
    const g = readGolden(file);
    const pdf = new URL(`../../../../shared/corpus/pdf/${file.replace(/\.json$/, '.pdf')}`, import.meta.url).pathname;
    const { value } = extractTables(await extractFile(pdf), metaOf(g), codebook);
    const figures: Figures = { tablesExpected: g.tables.length, tablesFound: 0, rowsExpected: 0, rowsMatched: 0, cellsExpected: 0, cellsExact: 0 };
    const problems = g.tables.flatMap((t) => compare(t, value.tables.find((x) => x.tableId === t.table_id), figures));
    console.log(`${file} PDF: tables ${figures.tablesFound}/${figures.tablesExpected}, rows ${figures.rowsMatched}/${figures.rowsExpected}, cells ${figures.cellsExact}/${figures.cellsExpected}`);
    expect(problems).toEqual([]);
  });
});
