/** gatherReportData on both engines: two years of one generated unit, ingested through the CLI. */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/engines.ts';
import { gatherReportData, type ReportData } from '../../loaders/exports/report-data.ts';
import { openWarehouse } from '../../loaders/warehouse/open.ts';

const execFileP = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'bin/disclosure.cjs');

describe.each(ENGINES)('report data on $name', (engine) => {
  let target: { url: string; drop(): Promise<void> } | null = null;
  let archive = '';

  beforeAll(async () => {
    archive = await mkdtemp(join(tmpdir(), 'disclosure-report-data-'));
    await cp(join(root, 'data/samples/generated/801001'), join(archive, '801001'), { recursive: true });
    target = await engine.create();
    await execFileP(process.execPath, [bin, 'ingest', archive, '--db', target.url, '--workers', '0'], { cwd: root });
  }, 180_000);

  afterAll(async () => {
    await target?.drop();
    if (archive) await rm(archive, { recursive: true, force: true });
  });

  async function gather(filter: Parameters<typeof gatherReportData>[1]): Promise<ReportData> {
    const w = await openWarehouse(target!.url);
    try { return await gatherReportData(w.db, filter); } finally { await w.close(); }
  }

  it('gathers exact totals, classes, basic/project and 三公 for budget and final of both years', async () => {
    const data = await gather({});
    expect(data.units).toHaveLength(1);
    const u = data.units[0]!;
    const keys = (ps: readonly { year: number; kind: string; series: string }[]) => ps.map((p) => `${p.year} ${p.kind} ${p.series}`);
    expect(keys(u.totals)).toEqual([
      '2021 budget expenditure', '2021 budget income', '2021 final expenditure', '2021 final income',
      '2022 budget expenditure', '2022 budget income', '2022 final expenditure', '2022 final income',
    ]);
    expect(keys(u.threePublic)).toEqual(['2021 budget total', '2021 final total', '2022 budget total', '2022 final total']);
    expect(keys(u.basicProject)).toHaveLength(8);
    for (const p of [...u.totals, ...u.classes, ...u.basicProject, ...u.threePublic]) expect(typeof p.fen).toBe('bigint');
    // The classes of a year add up to its expenditure total (the generator makes every 合计 exact).
    for (const year of [2021, 2022]) for (const kind of ['budget', 'final'] as const) {
      const sum = u.classes.filter((p) => p.year === year && p.kind === kind).reduce((s, p) => s + p.fen, 0n);
      expect(sum, `${year} ${kind}`).toBe(u.totals.find((p) => p.year === year && p.kind === kind && p.series === 'expenditure')!.fen);
    }
    expect(u.classes.every((p) => /^\d{3} /.test(p.label))).toBe(true);
    expect(data.coverage.map((c) => `${c.year} ${c.kind}`)).toEqual(['2021 budget', '2021 final', '2022 budget', '2022 final']);
    expect(data.changes.length).toBeGreaterThan(0);
    expect(data.changes.every((c) => c.year === 2022 && c.deltaFen === c.toFen - c.fromFen)).toBe(true);
  });

  it('narrows everything to a year, and finds nothing for an unknown unit', async () => {
    const data = await gather({ year: 2022 });
    expect(new Set(data.units[0]!.totals.map((p) => p.year))).toEqual(new Set([2022]));
    expect(data.coverage.every((c) => c.year === 2022)).toBe(true);
    expect(data.changes).toEqual([]);
    expect(await gather({ unit: 'no such unit' })).toEqual({ units: [], coverage: [], changes: [], findings: [] });
  });

  // Last: it rewrites the warehouse's chart rows.
  it('still lists a unit whose chart tables hold amounts but none of the rows a series reads', async () => {
    const w = await openWarehouse(target!.url);
    try {
      await w.db
        .updateTable('line_items')
        .set({ code: '999', level: 3, column_path: '其他' })
        .where('table_id', 'in', ['budget.t02_income', 'final.t02_income', 'budget.t03_expenditure', 'final.t03_expenditure', 'budget.t07_three_public', 'final.t07_three_public'])
        .execute();
    } finally {
      await w.close();
    }
    const data = await gather({});
    expect(data.units).toHaveLength(1);
    const u = data.units[0]!;
    expect([...u.totals, ...u.classes, ...u.basicProject, ...u.threePublic]).toEqual([]);
  });
});
