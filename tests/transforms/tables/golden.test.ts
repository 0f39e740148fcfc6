/**
 * The real tables of ../shared/corpus/golden, rendered into HTML pages and DOCX files with realistic layouts
 * (tests/fixtures/tables/render.ts), come back through the extractor and the table transforms with exactly
 * the golden rows (side, code, name), column paths, printed values, money units and empty notes, and every
 * amount exact in 元.
 */
import { describe, expect, it } from 'vitest';
import { extractBytes } from '../../../extractors/index.ts';
import type { Document } from '../../../extractors/model.ts';
import { loadShippedCodebook } from '../../../loaders/codebook-files.ts';
import type { MoneyUnit } from '../../../transforms/model.ts';
import { normalise } from '../../../transforms/normalise.ts';
import { extractTables } from '../../../transforms/tables/index.ts';
import { GOLDEN_FILES, goldenDocx, goldenHtml, readGolden } from '../../fixtures/tables/golden-docs.ts';
import { compare, metaOf, type Figures } from '../../fixtures/tables/compare.ts';
import type { GoldenFile } from '../../fixtures/tables/render.ts';

const codebook = loadShippedCodebook();

const formats = [
  ['HTML', async (g: GoldenFile) => extractBytes(goldenHtml(g), `${g.kind}.html`)],
  ['DOCX', async (g: GoldenFile) => extractBytes(await goldenDocx(g), `${g.kind}.docx`)],
] as const;

const total: Figures = { tablesExpected: 0, tablesFound: 0, rowsExpected: 0, rowsMatched: 0, cellsExpected: 0, cellsExact: 0 };

describe.each(GOLDEN_FILES.map((f) => [f]))('golden tables of %s', (file) => {
  const g = readGolden(file);
  describe.each(formats.map(([name, make]) => [name, make] as const))('rendered as %s', (format, make) => {
    let doc: Document;
    const figures: Figures = { tablesExpected: g.tables.length, tablesFound: 0, rowsExpected: 0, rowsMatched: 0, cellsExpected: 0, cellsExact: 0 };

    it('gives back every table with exactly its golden rows, columns, printed values and amounts in 元', async () => {
      doc = await make(g);
      const { value, messages } = extractTables(doc, metaOf(g), codebook);
      const problems = g.tables.flatMap((t) => compare(t, value.tables.find((x) => x.tableId === t.table_id), figures));
      for (const k of Object.keys(total) as (keyof Figures)[]) total[k] += figures[k];
      console.log(`${file} ${format}: tables ${figures.tablesFound}/${figures.tablesExpected}, rows ${figures.rowsMatched}/${figures.rowsExpected}, cells ${figures.cellsExact}/${figures.cellsExpected}`);
      expect(problems).toEqual([]);
      expect(value.tables.map((t) => t.tableId)).toEqual(g.tables.map((t) => t.table_id));
      expect(value.listed).toEqual([]);
      expect(messages.filter((m) => m.severity !== 'info')).toEqual([]);
    });

    it('gives every coded row its scheme and level', async () => {
      doc ??= await make(g);
      const { value } = extractTables(doc, metaOf(g), codebook);
      for (const t of value.tables) {
        for (const r of t.rows) {
          if (r.code === null) {
            expect(r.codeScheme).toBe('none');
            continue;
          }
          expect(r.level).toBe((r.code.length - 1) / 2);
          expect(r.codeScheme).toBe(r.code.startsWith('2') ? 'function' : 'economic-dept');
        }
      }
    });

    it('normalise() composes the same tables with the metadata read from the document', async () => {
      doc ??= await make(g);
      const { value } = normalise(doc, { codebook });
      expect(value.meta.year).toBe(g.year);
      expect(value.meta.kind).toBe(g.kind);
      expect(value.tables.map((t) => [t.tableId, t.rows.length, t.moneyUnit as MoneyUnit])).toEqual(
        g.tables.map((t) => [t.table_id, t.rows.length, t.money_unit]),
      );
      expect(value.listedTables).toEqual([]);
    });
  });
});

describe('golden figures', () => {
  it('every table, row and cell of both golden files comes back in both formats', () => {
    console.log(`all: tables ${total.tablesFound}/${total.tablesExpected}, rows ${total.rowsMatched}/${total.rowsExpected}, cells ${total.cellsExact}/${total.cellsExpected}`);
    expect(total.tablesExpected).toBe(36);
    expect(total.tablesFound).toBe(total.tablesExpected);
    expect(total.rowsMatched).toBe(total.rowsExpected);
    expect(total.cellsExact).toBe(total.cellsExpected);
  });
});
