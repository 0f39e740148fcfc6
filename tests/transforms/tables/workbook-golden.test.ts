/**
 * Every golden report of ../shared/corpus/golden (the development ones and any held-out one placed there),
 * rendered as a workbook laid out like the district template (tests/fixtures/workbook/render.ts) in .xlsx
 * and legacy .xls, comes back through the workbook extractor and the table transforms with exactly the
 * golden rows (side, code, name), column paths, printed values, money units and empty notes, every amount
 * exact in 元, and the metadata read from the 封面 sheet.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractBytes } from '../../../extractors/index.ts';
import { loadShippedCodebook } from '../../../loaders/codebook-files.ts';
import { normalise } from '../../../transforms/normalise.ts';
import { compare, type Figures } from '../../fixtures/tables/compare.ts';
import { GOLDEN_FILES, readGolden } from '../../fixtures/tables/golden-docs.ts';
import { goldenWorkbook, type BookType } from '../../fixtures/workbook/render.ts';
import { SAMPLE_GOLDEN, SAMPLE_WORKBOOK } from '../../fixtures/workbook/write-sample.ts';

const codebook = loadShippedCodebook();
const goldenDir = new URL('../../../../shared/corpus/golden/', import.meta.url);
const files = readdirSync(goldenDir).filter((f) => f.endsWith('.json')).sort();
const bookTypes: readonly BookType[] = ['xlsx', 'xls'];
const total: Figures = { tablesExpected: 0, tablesFound: 0, rowsExpected: 0, rowsMatched: 0, cellsExpected: 0, cellsExact: 0 };

describe.each(files.map((f) => [f]))('golden report %s as a workbook', (file) => {
  const g = readGolden(file);
  it.each(bookTypes.map((b) => [b]))('as .%s gives back every table, row and cell exactly, with the report metadata', async (bookType) => {
    const bytes = goldenWorkbook(g, bookType);
    const doc = await extractBytes(bytes, `${file}.${bookType}`);
    expect(doc.source.format).toBe(bookType);
    const { value } = normalise(doc, { codebook });
    const figures: Figures = { tablesExpected: g.tables.length, tablesFound: 0, rowsExpected: 0, rowsMatched: 0, cellsExpected: 0, cellsExact: 0 };
    const problems = g.tables.flatMap((t) => compare(t, value.tables.find((x) => x.tableId === t.table_id), figures));
    for (const k of Object.keys(total) as (keyof Figures)[]) total[k] += figures[k];
    console.log(`${file} .${bookType}: tables ${figures.tablesFound}/${figures.tablesExpected}, rows ${figures.rowsMatched}/${figures.rowsExpected}, cells ${figures.cellsExact}/${figures.cellsExpected}`);
    expect(problems).toEqual([]);
    expect(value.tables.map((t) => t.tableId)).toEqual(g.tables.map((t) => t.table_id));
    expect(value.meta).toMatchObject({ unit: g.unit, year: g.year, kind: g.kind });
    expect(value.messages.filter((m) => m.severity !== 'info')).toEqual([]);
    // Provenance: every table row points at its sheet (page) and the table block it came from.
    for (const t of value.tables) {
      const block = doc.blocks[t.blocks[0]!]!;
      expect(block.sheet).toBeDefined();
      for (const r of t.rows) expect(r.prov.page).toBe(block.page);
    }
  });
});

describe('the workbook of the sample archive', () => {
  it(`${SAMPLE_WORKBOOK} reads back as its golden report, every table, row and cell exact`, async () => {
    const path = new URL(`../../../${SAMPLE_WORKBOOK}`, import.meta.url).pathname;
    const doc = await extractBytes(new Uint8Array(readFileSync(path)), path);
    const g = readGolden(SAMPLE_GOLDEN);
    const { value } = normalise(doc, { codebook });
    const figures: Figures = { tablesExpected: 0, tablesFound: 0, rowsExpected: 0, rowsMatched: 0, cellsExpected: 0, cellsExact: 0 };
    expect(g.tables.flatMap((t) => compare(t, value.tables.find((x) => x.tableId === t.table_id), figures))).toEqual([]);
    expect(figures.cellsExact).toBe(figures.cellsExpected);
    expect(value.meta).toMatchObject({ unit: g.unit, year: g.year, kind: g.kind });
  });
});

describe('golden workbook figures', () => {
  it('every table, row and cell of every golden file comes back in both workbook formats', () => {
    console.log(`all workbooks: tables ${total.tablesFound}/${total.tablesExpected}, rows ${total.rowsMatched}/${total.rowsExpected}, cells ${total.cellsExact}/${total.cellsExpected}`);
    expect(files).toEqual(expect.arrayContaining([...GOLDEN_FILES]));
    expect(total.tablesExpected).toBe(files.reduce((n, f) => n + readGolden(f).tables.length, 0) * bookTypes.length);
    expect(total.tablesFound).toBe(total.tablesExpected);
    expect(total.rowsMatched).toBe(total.rowsExpected);
    expect(total.cellsExact).toBe(total.cellsExpected);
  });
});
