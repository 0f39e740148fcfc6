import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PassThrough } from 'node:stream';
import Papa from 'papaparse';
import { openWarehouse, type Warehouse } from '../../loaders/warehouse/open.ts';
import { datasets, directionOf, fenToYuan } from '../../loaders/exports/datasets.ts';
import { writeCsv } from '../../loaders/exports/csv.ts';
import { descriptor, resolveInside, writeDatapackage } from '../../loaders/exports/datapackage.ts';
import { DuckDBInstance } from '@duckdb/node-api';

const run = promisify(execFile);
const bin = new URL('../../bin/disclosure.cjs', import.meta.url).pathname;
const now = '2026-01-01T00:00:00.000Z';

/** A warehouse with two current reports (one unit named like a formula) and one superseded version. */
async function seed(w: Warehouse): Promise<void> {
  const { db } = w;
  const reports: [string, string, number, string, 'current' | 'superseded'][] = [
    ['a'.repeat(64), '青原市城市管理局', 2021, 'final', 'current'],
    ['b'.repeat(64), '=HYPERLINK("http://evil")', 2022, 'budget', 'current'],
    ['c'.repeat(64), '青原市城市管理局', 2021, 'final', 'superseded'],
  ];
  for (const [i, [sha, unit, year, kind, status]] of reports.entries()) {
    const sf = await db.insertInto('source_files').values({ sha256: sha, format: 'docx', bytes: 1, status: 'loaded', first_seen_at: now, last_seen_at: now, first_run_id: null }).returning('id').executeTakeFirstOrThrow();
    const r = await db.insertInto('reports').values({
      source_file_id: sf.id, unit_id: null, unit_name: unit, year, kind, scope: 'unit', money_unit: '万元', version: 1, status,
      superseded_by: null, run_id: null, loaded_at: now, reprocessed_at: null, meta: '{}', listed_tables: '[]', messages: '[]',
    }).returning('id').executeTakeFirstOrThrow();
    const tableId = kind === 'final' ? 'final.t05_general_budget_expenditure' : 'budget.t02_income';
    await db.insertInto('report_tables').values({ report_id: r.id, table_index: 0, table_id: tableId, title: '一般公共预算财政拨款支出决算表', money_unit: '万元', columns: '[]', empty_note: null, blocks: '[0]' }).execute();
    const rows = Array.from({ length: i === 0 ? 1200 : 3 }, (_, k) => ({
      report_id: r.id, table_index: 0, table_id: tableId, side: null, row_order: k,
      code: k % 2 === 0 ? '2080505' : '2120199', code_scheme: 'function', level: 3, canonical_code: null,
      name: k === 1 ? '-1+1' : '机关事业单位基本养老保险缴费支出', column_path: '决算数/合计', measure: 'total',
      amount_fen: k === 2 ? -61178000n : 21959000n + BigInt(k), percent: null, printed: '219.59', prov: '{"block":3}',
    }));
    for (let s = 0; s < rows.length; s += 200) await db.insertInto('line_items').values(rows.slice(s, s + 200)).execute();
  }
}

let dir: string;
let file: string;
let w: Warehouse;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'disclosure-export-'));
  file = join(dir, 'w.sqlite');
  w = await openWarehouse(file);
  await seed(w);
});
afterAll(async () => {
  await w.close();
});

async function csvOf(name: keyof typeof datasets, filters = {}, pageSize = 100): Promise<string[][]> {
  const d = datasets[name];
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  await writeCsv(d.pages(w.db, filters, pageSize) as AsyncGenerator<any[]>, d.columns as any, sink);
  return Papa.parse<string[]>(Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '').trim(), { newline: '\r\n' }).data;
}

describe('export datasets', () => {
  it('streams every line item of current reports in keyset pages, header once, superseded versions left out', async () => {
    const data = await csvOf('line-items', {}, 100);
    expect(data[0]!.slice(0, 6)).toEqual(['line_item_id', 'report_id', 'unit', 'unit_printed', 'year', 'kind']);
    expect(data.filter((r) => r[0] === 'line_item_id')).toHaveLength(1);
    expect(data).toHaveLength(1 + 1200 + 3);
    const ids = data.slice(1).map((r) => Number(r[0]));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('prints amounts exactly in 元 and in the printed unit, with direction and phase', async () => {
    const data = await csvOf('line-items', { years: [2021] });
    const h = data[0]!;
    const row = data.find((r) => r[h.indexOf('row_order')] === '2')!;
    expect(row[h.indexOf('amount_yuan')]).toBe('-611780.00');
    expect(row[h.indexOf('amount_printed_unit')]).toBe('-61.178');
    expect(row[h.indexOf('money_unit')]).toBe('万元');
    expect(row[h.indexOf('phase')]).toBe('executed');
    expect(row[h.indexOf('direction')]).toBe('expenditure');
  });

  it('filters by year, unit, kind and code prefix', async () => {
    expect(await csvOf('line-items', { years: [2022] })).toHaveLength(4);
    expect(await csvOf('line-items', { kind: 'final', codePrefix: '21201' })).toHaveLength(1 + 600);
    expect(await csvOf('line-items', { units: ['青原市城市管理局'], codePrefix: '208' })).toHaveLength(1 + 600);
    expect(await csvOf('line-items', { units: ['nobody'] })).toHaveLength(1);
  });

  it('escapes a unit name or row name that starts like a formula', async () => {
    const data = await csvOf('line-items', { years: [2022] });
    const h = data[0]!;
    expect(data[1]![h.indexOf('unit')]).toBe('\'=HYPERLINK("http://evil")');
    expect(data[2]![h.indexOf('name')]).toBe("'-1+1");
  });

  it('shows coverage per unit, year and kind', async () => {
    const data = await csvOf('coverage');
    expect(data[0]).toEqual(['unit', 'year', 'kind', 'reports', 'versions', 'line_items']);
    expect(data).toContainEqual(['青原市城市管理局', '2021', 'final', '1', '2', '1200']);
  });

  it('knows revenue from expenditure by table and side', () => {
    expect(directionOf('final.t02_income', null, 'total')).toBe('revenue');
    expect(directionOf('final.t01_income_expenditure_summary', 'left', 'amount')).toBe('revenue');
    expect(directionOf('budget.t01_summary', 'right', 'amount')).toBe('expenditure');
    expect(directionOf('final.t08_gov_fund', null, 'income')).toBe('revenue');
    expect(directionOf('other.x', null, null)).toBeNull();
    expect(fenToYuan(-5n)).toBe('-0.05');
  });
});

describe('datapackage export', () => {
  it('writes the CSVs and a Fiscal Data Package descriptor with types, currency, factor, direction and phase', async () => {
    const out = join(dir, 'fdp');
    const sets = [datasets['line-items'], datasets.facts, datasets.coverage];
    await writeDatapackage(w.db, out, sets as never, { years: [2021] });
    const dp = JSON.parse(readFileSync(join(out, 'datapackage.json'), 'utf8'));
    expect(dp.profile).toBe('fiscal-data-package');
    expect(dp.resources.map((r: { path: string }) => r.path)).toEqual(['line-items.csv', 'facts.csv', 'coverage.csv']);
    const li = dp.resources[0];
    expect(li.count_of_rows).toBe(1200);
    const amount = li.schema.fields.find((f: { name: string }) => f.name === 'amount_yuan');
    expect(amount).toMatchObject({ type: 'number', columnType: 'value', currency: 'CNY', factor: 1 });
    expect(li.schema.fields.find((f: { name: string }) => f.name === 'year')).toMatchObject({ type: 'year', columnType: 'date:fiscal-year' });
    expect(dp.model.measures.amount).toMatchObject({ currency: 'CNY', factor: 1, phase: { mapping: { budget: 'approved', final: 'executed' } } });
    expect(dp.model.measures.amount_printed_unit.factor.mapping).toEqual({ 元: 1, 万元: 10000, 亿元: 100000000 });
    expect(dp.model.hierarchies.function.levels.map((l: { name: string }) => l.name)).toEqual(['类', '款', '项']);
    const header = readFileSync(join(out, 'line-items.csv'), 'utf8').split('\r\n')[0]!;
    expect(header.replace(/^\uFEFF/, '').split(',')).toEqual(li.schema.fields.map((f: { name: string }) => f.name));
  });

  it('declares UTF-8 with the byte-order mark said beside it, never the codec name utf-8-sig', () => {
    const d = descriptor([{ dataset: datasets.coverage, path: 'coverage.csv', rows: 1 }], {}, true);
    expect(d.resources[0]).toMatchObject({ encoding: 'utf-8', bom: true });
    expect(descriptor([{ dataset: datasets.coverage, path: 'coverage.csv', rows: 1 }], {}, false).resources[0]).toMatchObject({ encoding: 'utf-8', bom: false });
  });

  it('writes foreign keys to the resources present in the package, and none to an absent one', () => {
    const reports = { ...datasets.coverage, name: 'reports', columns: [{ name: 'report_id', type: 'integer', description: 'id', value: () => 1 }] };
    const withReports = descriptor([
      { dataset: datasets['line-items'], path: 'line-items.csv', rows: 1 },
      { dataset: reports as never, path: 'reports.csv', rows: 1 },
    ], {}, true);
    expect(withReports.resources[0]!.schema).toMatchObject({
      primaryKey: 'line_item_id',
      foreignKeys: [{ fields: ['report_id'], reference: { resource: 'reports', fields: ['report_id'] } }],
    });
    const alone = descriptor([{ dataset: datasets['line-items'], path: 'line-items.csv', rows: 1 }], {}, true);
    expect(alone.resources[0]!.schema).not.toHaveProperty('foreignKeys');
    const series = descriptor([{ dataset: datasets.series, path: 'series.csv', rows: 1 }], {}, true);
    expect(series.resources[0]!.schema.primaryKey).toEqual(['unit', 'scope', 'code', 'year']);
  });

  it('refuses an output name that would leave the datapackage folder', async () => {
    expect(() => resolveInside('/tmp/out', '../escape.csv')).toThrow(/not a file inside/);
    expect(() => resolveInside('/tmp/out', '/etc/passwd')).toThrow(/not a file inside/);
    expect(resolveInside('/tmp/out', 'sub/x.csv')).toBe('/tmp/out/sub/x.csv');
    await expect(
      run(process.execPath, [bin, 'export', 'line-items', '--db', file, '--datapackage', join(dir, 'fdp2'), '--out', '../../escape.csv']),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('export/path-escape') });
  });
});

describe('disclosure export (command line)', () => {
  it('writes a CSV file with BOM and a stable header, and --no-bom drops the mark', async () => {
    const out = join(dir, 'li.csv');
    await run(process.execPath, [bin, 'export', 'line-items', '--db', file, '--out', out, '--year', '2022']);
    const text = readFileSync(out, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\r\n')[0]).toBe('\uFEFF' + datasets['line-items'].columns.map((c) => c.name).join(','));
    await run(process.execPath, [bin, 'export', 'line-items', '--db', file, '--out', out, '--year', '2022', '--no-bom']);
    expect(readFileSync(out, 'utf8').startsWith('line_item_id,')).toBe(true);
  });

  it('leaves the byte-order mark out on standard output, so that a pipe reads a clean first column, unless --bom', async () => {
    const { stdout } = await run(process.execPath, [bin, 'export', 'coverage', '--db', file]);
    expect(stdout.startsWith('unit,year,kind')).toBe(true);
    const withBom = await run(process.execPath, [bin, 'export', 'coverage', '--db', file, '--bom']);
    expect(withBom.stdout.charCodeAt(0)).toBe(0xfeff);
  });

  it('takes several years as a list and several units by repeating --unit', async () => {
    const { stdout } = await run(process.execPath, [bin, 'export', 'coverage', '--db', file, '--year', '2021,2022', '--columns', 'unit,year']);
    expect(stdout.trim().split('\r\n').map((l) => l.slice(-5))).toEqual([',year', ',2022', ',2021']);
    const units = await run(process.execPath, [bin, 'export', 'coverage', '--db', file, '--unit', '青原市城市管理局', '--unit', '=HYPERLINK("http://evil")', '--columns', 'year']);
    expect(units.stdout.trim().split('\r\n')).toEqual(['year', '2022', '2021']);
  });

  it('writes only the columns asked for, in that order, and names the closest column for a typo', async () => {
    const { stdout } = await run(process.execPath, [bin, 'export', 'line-items', '--db', file, '--year', '2022', '--columns', 'amount_yuan,unit']);
    expect(stdout.split('\r\n')[0]).toBe('amount_yuan,unit');
    await expect(run(process.execPath, [bin, 'export', 'line-items', '--db', file, '--columns', 'amount_yaun'])).rejects.toMatchObject({
      code: 2, stderr: expect.stringContaining("no column 'amount_yaun' (did you mean 'amount_yuan'?)"),
    });
  });

  it('writes NDJSON with exact numbers', async () => {
    const { stdout } = await run(process.execPath, [bin, 'export', 'line-items', '--db', file, '--year', '2022', '--format', 'ndjson', '--columns', 'row_order,amount_yuan,unit']);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('{"row_order":2,"amount_yuan":-611780.00,"unit":"=HYPERLINK(\\"http://evil\\")"}');
    expect(JSON.parse(lines[0]!)).toEqual({ row_order: 0, amount_yuan: 219590, unit: '=HYPERLINK("http://evil")' });
  });

  it('writes Parquet that DuckDB reads back, with exact DECIMAL amounts and Chinese text', async () => {
    const out = join(dir, 'li.parquet');
    await run(process.execPath, [bin, 'export', 'line-items', '--db', file, '--out', out, '--year', '2021']);
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const read = async (q: string) => (await duck.runAndReadAll(q)).getRowObjectsJS();
    const types = await read(`select column_name, column_type from (describe select * from read_parquet('${out}'))`);
    expect(types).toContainEqual({ column_name: 'amount_yuan', column_type: 'DECIMAL(38,2)' });
    expect(types).toContainEqual({ column_name: 'year', column_type: 'INTEGER' });
    expect(types.map((t) => t.column_name)).toEqual(datasets['line-items'].columns.map((c) => c.name));
    const [summary] = await read(`select count(*)::int as n, sum(amount_yuan)::varchar as total, min(unit) as unit from read_parquet('${out}')`);
    // The seed's 2021 rows: 21959000 + k 分 for k = 0…1199, except row 2 at -61178000 分.
    let fen = 0n;
    for (let k = 0n; k < 1200n; k++) fen += k === 2n ? -61178000n : 21959000n + k;
    expect(summary).toEqual({ n: 1200, total: fenToYuan(fen), unit: '青原市城市管理局' });
    const [row] = await read(`select amount_yuan::varchar as a, amount_printed_unit::double as p from read_parquet('${out}') where row_order = 2`);
    expect(row).toEqual({ a: '-611780.00', p: -61.178 });
  });

  it('says so and exits 5 when the filters match nothing', async () => {
    await expect(run(process.execPath, [bin, 'export', 'line-items', '--db', file, '--unit', 'nobody'])).rejects.toMatchObject({
      code: 5, stderr: expect.stringContaining('no rows matched the filters'),
    });
  });

  it('rejects an unknown dataset with the usage and exit code 2', async () => {
    await expect(run(process.execPath, [bin, 'export', 'nonsense', '--db', file])).rejects.toMatchObject({ code: 2 });
  });
});
