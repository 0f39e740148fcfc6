/**
 * Table accuracy of the PDF extractor against the golden labels of the corpus, and its speed.
 *
 *   npx tsx bench/accuracy.ts [--grid] [--verbose]
 *
 * For every report in ../shared/corpus/golden/*.json: standard tables found of expected, rows matched
 * of expected, value cells exactly right of expected (blank cells included: a value put in the wrong
 * column is wrong twice). Tables and rows come from the pipeline's normalisation (`normaliseDocument` of
 * pipelines/stages.ts, with the shipped codebook); with --grid from the raw grids: the table is found by its
 * title, a row by its name (and code, where printed) in the grid, its values are the cells to the right of
 * the name.
 * The last lines give the overall figures (`tables T%; rows R%; cells C%`) and the average wall time of
 * extracting each of the corpus PDFs once (the PDF engine loaded beforehand).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extractBytes } from '../extractors/index.ts';
import type { Document, TableBlock } from '../extractors/model.ts';
import { normaliseDocument } from '../pipelines/stages.ts';
import type { NormalisedReport } from '../transforms/model.ts';

const CORPUS = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));

interface GoldenRow {
  readonly code: string | null;
  readonly name: string;
  readonly values: readonly string[];
  readonly side?: 'left' | 'right';
}
interface GoldenTable {
  readonly table_id: string;
  readonly title: string;
  readonly rows: readonly GoldenRow[];
}
interface Golden {
  readonly file: string;
  readonly tables: readonly GoldenTable[];
}

/** A parsed row as the comparison needs it. */
interface ParsedRow {
  readonly code: string | null;
  readonly name: string;
  readonly values: readonly string[];
  readonly side: 'left' | 'right' | null;
}

interface Score {
  tables: number;
  tablesExpected: number;
  rows: number;
  rowsExpected: number;
  cells: number;
  cellsExpected: number;
  misses: string[];
}

const squash = (s: string): string => s.replace(/\s+/g, '');

/** Tables of the golden ids, from normalise(). */
function tablesFromNormalised(report: NormalisedReport): Map<string, ParsedRow[]> {
  const out = new Map<string, ParsedRow[]>();
  for (const t of report.tables) {
    const rows = t.rows.map((r) => ({ code: r.code, name: squash(r.name), side: r.side, values: r.values.map((v) => squash(v.text)) }));
    out.set(t.tableId, [...(out.get(t.tableId) ?? []), ...rows]);
  }
  return out;
}

/** The table blocks of one golden table: the block whose title matches, plus untitled continuations. */
function blocksForTitle(doc: Document, title: string): TableBlock[] {
  const bare = (s: string): string => squash(s).replace(/^\d{4}年(度)?/, '');
  const want = bare(title);
  const tables = doc.blocks.filter((b): b is TableBlock => b.type === 'table');
  // Exact titles first: 支出决算表 is the tail of several other titles.
  let idx = tables.findIndex((t) => t.title !== null && bare(t.title) === want);
  if (idx < 0) idx = tables.findIndex((t) => t.title !== null && bare(t.title).endsWith(want));
  if (idx < 0) return [];
  const out = [tables[idx]!];
  for (let k = idx + 1; k < tables.length && tables[k]!.title === null; k++) out.push(tables[k]!);
  return out;
}

/** Rows read from raw grids: every cell that holds a name, with the code cells left of it and the cells right of it. */
function rowsFromGrid(blocks: readonly TableBlock[], golden: GoldenTable): ParsedRow[] {
  const out: ParsedRow[] = [];
  const width = Math.max(...golden.rows.map((r) => r.values.length), 0);
  const leftNames = new Set(golden.rows.filter((r) => r.side === 'left').map((r) => squash(r.name)));
  const rightNames = new Set(golden.rows.filter((r) => r.side === 'right' && !leftNames.has(squash(r.name))).map((r) => squash(r.name)));
  for (const b of blocks) {
    // A two-sided table's right half starts at the first column holding a right-side name.
    let half = Infinity;
    for (const row of b.rows) row.forEach((cell, c) => { if (rightNames.has(squash(cell))) half = Math.min(half, c); });
    for (const row of b.rows) {
      const cells = row.map(squash);
      // A row of values only (a 三公 table's single data row) is a row with an empty name.
      if (cells.every((c) => c === '' || /^[\d.,\-—%]+$/.test(c)) && cells.some((c) => c !== '')) {
        out.push({ code: null, name: '', side: null, values: cells.filter((c, i) => c !== '' || i > 0) });
      }
      for (let c = 0; c < cells.length; c++) {
        const name = cells[c]!;
        if (name === '' || /^[\d.,\-—%]+$/.test(name) || cells[c + 1] === name) continue;
        let k = c - 1;
        while (k >= 0 && cells[k] === name) k--;
        let code = '';
        for (let j = k; j >= 0 && /^\d+$/.test(cells[j]!); j--) code = cells[j]! + code;
        out.push({
          code: code === '' ? null : code,
          name,
          side: golden.rows.some((r) => r.side) ? (c < half ? 'left' : 'right') : null,
          values: cells.slice(c + 1, c + 1 + width),
        });
      }
    }
  }
  return out;
}

/** Compares one table: rows matched in order (per side) by name and code, then their values cell by cell. */
function compareTable(golden: GoldenTable, parsed: readonly ParsedRow[], score: Score, file: string): void {
  const cursor = new Map<string, number>();
  for (const g of golden.rows) {
    score.rowsExpected++;
    score.cellsExpected += g.values.length;
    const side = g.side ?? null;
    const key = side ?? '';
    const from = cursor.get(key) ?? 0;
    const name = squash(g.name);
    const codeFits = (p: ParsedRow): boolean => g.code === null || p.code === null || p.code === g.code || g.code.endsWith(p.code);
    const at = parsed.findIndex((p, i) => i >= from && p.name === name && (side === null || p.side === null || p.side === side) && codeFits(p));
    if (at < 0) {
      score.misses.push(`${file} ${golden.table_id}: row not found: ${g.code ?? ''} ${g.name}`);
      continue;
    }
    cursor.set(key, at + 1);
    score.rows++;
    const p = parsed[at]!;
    g.values.forEach((v, i) => {
      const got = p.values[i] ?? '';
      if (squash(v) === got) score.cells++;
      else score.misses.push(`${file} ${golden.table_id} ${g.code ?? ''} ${g.name} [${i}]: expected "${v}", got "${got}"`);
    });
  }
}

function pct(n: number, d: number): string {
  return d === 0 ? '100.0' : ((100 * n) / d).toFixed(1);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const normaliser = args.includes('--grid') ? null : (doc: Document) => normaliseDocument(doc).value;
  // Load the PDF engine (through the extractor, as a pipeline run would) before the clock starts.
  const tiny = new TextEncoder().encode('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF');
  await extractBytes(tiny, 'warm-up.pdf').catch(() => undefined);

  const pdfs = readdirSync(CORPUS + 'pdf').filter((f) => f.endsWith('.pdf')).sort();
  const docs = new Map<string, Document>();
  // Two timed passes: the first includes the JIT warming up; the second is the steady state
  // of a batch run, which extracts thousands of reports per process. CPU time is printed beside wall
  // time because on a shared machine the wall clock also counts other processes.
  const passes: { wall: number; cpu: number }[] = [];
  for (let pass = 0; pass < 2; pass++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const f of pdfs) {
      const bytes = new Uint8Array(readFileSync(CORPUS + 'pdf/' + f));
      docs.set(f, await extractBytes(bytes, f));
    }
    const cpu = process.cpuUsage(cpu0);
    passes.push({ wall: (performance.now() - t0) / 1000 / pdfs.length, cpu: (cpu.user + cpu.system) / 1e6 / pdfs.length });
  }

  const goldens = readdirSync(CORPUS + 'golden').filter((f) => f.endsWith('.json')).sort();
  const total: Score = { tables: 0, tablesExpected: 0, rows: 0, rowsExpected: 0, cells: 0, cellsExpected: 0, misses: [] };
  console.log(`mode: ${normaliser ? 'normalise()' : 'raw grids'}`);
  for (const g of goldens) {
    const golden = JSON.parse(readFileSync(CORPUS + 'golden/' + g, 'utf8')) as Golden;
    const doc = docs.get(golden.file);
    if (!doc) throw new Error(`golden ${g} names ${golden.file}, which is not in the corpus`);
    const score: Score = { tables: 0, tablesExpected: 0, rows: 0, rowsExpected: 0, cells: 0, cellsExpected: 0, misses: [] };
    const normalised = normaliser ? tablesFromNormalised(normaliser(doc)) : null;
    for (const t of golden.tables) {
      score.tablesExpected++;
      let parsed: ParsedRow[] | undefined;
      if (normalised) parsed = normalised.get(t.table_id);
      else {
        const blocks = blocksForTitle(doc, t.title);
        parsed = blocks.length > 0 ? rowsFromGrid(blocks, t) : undefined;
      }
      if (parsed === undefined) {
        score.misses.push(`${golden.file} ${t.table_id}: table not found`);
        score.rowsExpected += t.rows.length;
        score.cellsExpected += t.rows.reduce((s, r) => s + r.values.length, 0);
        continue;
      }
      score.tables++;
      compareTable(t, parsed, score, golden.file);
    }
    console.log(
      `${golden.file}: tables ${score.tables}/${score.tablesExpected}; rows ${score.rows}/${score.rowsExpected}; cells ${score.cells}/${score.cellsExpected}`,
    );
    for (const m of verbose ? score.misses : score.misses.slice(0, 10)) console.log(`  ${m}`);
    if (!verbose && score.misses.length > 10) console.log(`  … ${score.misses.length - 10} more (--verbose)`);
    for (const k of ['tables', 'tablesExpected', 'rows', 'rowsExpected', 'cells', 'cellsExpected'] as const) total[k] += score[k];
  }
  const [cold, warm] = passes as [{ wall: number; cpu: number }, { wall: number; cpu: number }];
  console.log(
    `speed: ${warm.wall.toFixed(3)} s per report on average over ${pdfs.length} corpus PDFs (CPU ${warm.cpu.toFixed(3)} s; ` +
      `first pass, JIT cold: ${cold.wall.toFixed(3)} s, CPU ${cold.cpu.toFixed(3)} s)`,
  );
  console.log(
    `tables ${pct(total.tables, total.tablesExpected)}%; rows ${pct(total.rows, total.rowsExpected)}%; cells ${pct(total.cells, total.cellsExpected)}%`,
  );
}

await main();
