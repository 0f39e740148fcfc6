import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Migrator, sql } from 'kysely';
import { loadReport } from '../../loaders/warehouse/load.ts';
import { openWarehouse, type Warehouse } from '../../loaders/warehouse/open.ts';
import { WarehouseMigrations } from '../../loaders/warehouse/migrations/index.ts';
import type { LineItem, LineValue, NormalisedReport } from '../../transforms/model.ts';
import { datasets } from '../../loaders/exports/datasets.ts';
import { columnItem } from '../../transforms/tables/line-names.ts';
import { readOnlyQuery } from '../../loaders/warehouse/query.ts';
import { ENGINES } from '../helpers/engines.ts';
import { makeDocument, makeReport } from '../helpers/reports.ts';

const load = (wh: Warehouse, report: NormalisedReport) => loadReport(wh.db, { report, document: makeDocument(report), runId: null });

/** The report with each row's values replaced by `values(row)`. */
function withValues(report: NormalisedReport, values: (row: LineItem) => LineValue[]): NormalisedReport {
  return { ...report, tables: report.tables.map((t) => ({ ...t, rows: t.rows.map((r) => ({ ...r, values: values(r) })) })) };
}

const money = (column: string, measure: LineValue['measure'], text: string, yuan: string): LineValue => ({ column, measure, text, yuan, percent: null, prov: { block: 3 } });

async function rowsOf<R>(pages: AsyncIterable<R[]>): Promise<R[]> {
  const out: R[] = [];
  for await (const p of pages) out.push(...p);
  return out;
}

describe.each(ENGINES)('blank cells and the series view on $name', (engine) => {
  let wh: Warehouse;
  beforeEach(async () => {
    wh = await engine.open();
  });
  afterEach(async () => {
    await wh.close();
  });

  it('stores a cell printed blank as an empty amount beside its text, and a printed dash or 0.00 as zero', async () => {
    const texts = ['', '　', '-', '0.00'];
    const report = withValues(makeReport({ unit: '空白单位' }), (r) => [money('合计', 'total', texts[r.order] ?? '1.00', texts[r.order] === undefined ? '1.00' : '0')]);
    const { reportId } = await load(wh, report);
    const rows = await wh.db.selectFrom('line_items').select(['printed', 'amount_fen']).where('report_id', '=', reportId).orderBy('row_order').execute();
    expect(rows).toEqual([
      { printed: '', amount_fen: null },
      { printed: '　', amount_fen: null },
      { printed: '-', amount_fen: 0n },
      { printed: '0.00', amount_fen: 0n },
    ]);
    const csv = await rowsOf(datasets['line-items'].pages(wh.db, {}));
    const amount = datasets['line-items'].columns.find((c) => c.name === 'amount_yuan')!;
    expect(csv.map((r) => amount.value(r))).toEqual([null, null, '0.00', '0.00']);
  });

  it('migrates the zeros that older loads stored for blank cells to empty amounts, and leaves printed zeros alone', async () => {
    const target = await engine.create();
    try {
      const opened = await openWarehouse(target.url, { migrate: false });
      const db = opened.db;
      try {
        const migrator = new Migrator({ db, provider: new WarehouseMigrations(opened.engine) });
        expect((await migrator.migrateTo('0004_identity')).error).toBeUndefined();
        const { reportId } = await load(opened, makeReport({ unit: '旧单位' }));
        // What a load before 0005 wrote for a blank cell: amount 0, printed nothing.
        await sql`update line_items set amount_fen = 0, printed = '' where report_id = ${reportId} and row_order = 1 and measure = 'total'`.execute(db);
        await sql`update line_items set amount_fen = 0, printed = '0.00' where report_id = ${reportId} and row_order = 2 and measure = 'total'`.execute(db);
        expect((await migrator.migrateToLatest()).error).toBeUndefined();
        const rows = await db.selectFrom('v_line_items').select(['row_order', 'amount_fen', 'printed']).where('measure', '=', 'total').orderBy('row_order').execute();
        expect(rows.slice(1, 3)).toEqual([
          { row_order: 1, amount_fen: null, printed: '' },
          { row_order: 2, amount_fen: 0n, printed: '0.00' },
        ]);
        expect((await migrator.migrateDown()).error).toBeUndefined();
        expect((await migrator.migrateToLatest()).error).toBeUndefined();
      } finally {
        await opened.close();
      }
    } finally {
      await target.drop();
    }
  });

  it('runs a query against the views read-only, and refuses a write however it is phrased', async () => {
    await load(wh, makeReport({ unit: '查询单位' }));
    const r = await readOnlyQuery(wh.db, "select unit, count(*) as n from v_line_items group by unit;");
    expect(r.columns).toEqual(['unit', 'n']);
    expect(r.rows.map((x) => [x.unit, Number(x.n)])).toEqual([['查询单位', 8]]);
    await expect(readOnlyQuery(wh.db, 'delete from line_items')).rejects.toMatchObject({ code: 'query/failed' });
    await expect(readOnlyQuery(wh.db, 'select 1; delete from line_items')).rejects.toMatchObject({ code: 'query/several-statements' });
    expect(Number((await readOnlyQuery(wh.db, 'select count(*) as n from line_items')).rows[0]!.n)).toBe(8);
  });

  it('names each value of the 三公 table after its column item, and keeps a printed percentage', async () => {
    const base = makeReport({ unit: '三公单位' });
    const t07: NormalisedReport = {
      ...base,
      tables: [{
        ...base.tables[0]!, tableId: 'final.t07_three_public', title: '一般公共预算财政拨款“三公”经费支出决算表',
        rows: [{
          ...base.tables[0]!.rows[0]!, tableId: 'final.t07_three_public', name: '', code: null,
          values: [
            money('预算数/合计', 'total', '158.34', '1583400.00'),
            money('决算数/公务用车购置及运行费/小计', 'total', '83.43', '834300.00'),
            money('决算数/公务用车购置及运行费/公务用车运行费', 'final', '83.43', '834300.00'),
          ],
        }],
      }, base.tables[0]!],
    };
    const { reportId } = await load(wh, t07);
    const names = await wh.db.selectFrom('v_line_items').select(['table_id', 'name', 'percent']).where('report_id', '=', reportId).orderBy('line_item_id').execute();
    expect(names.filter((r) => r.table_id === 'final.t07_three_public').map((r) => r.name)).toEqual(['合计', '公务用车购置及运行费', '公务用车运行费']);
    // makeReport's t05 prints a 完成率 of 100.00% on every row.
    expect(names.filter((r) => r.percent !== null).map((r) => r.percent)).toContain('100.00');
    expect(columnItem('预算数/因公出国（境）费')).toBe('因公出国（境）费');
  });

  it('puts the budget beside the final figure per unit, canonical code and year, with the execution rate', async () => {
    const final = withValues(makeReport({ unit: '系列单位', year: 2022, kind: 'final' }), (r) => [
      money('年初预算数', 'budget_initial', '', r.code === '208' ? '200000.00' : '0'),
      money('决算数/合计', 'total', '', r.code === '208' ? '219590.00' : '1.00'),
    ].map((v, i) => ({ ...v, text: r.code === '208' ? (i === 0 ? '200000.00' : '219590.00') : i === 0 ? '' : '1.00' })));
    const budget = makeReport({ unit: '系列单位', year: 2022, kind: 'budget', rows: [['208', '社会保障和就业支出', '210000.00']] });
    await load(wh, final);
    await load(wh, budget);
    const rows = await rowsOf(datasets.series.pages(wh.db, {}));
    const cols = datasets.series.columns;
    const table = rows.map((r) => Object.fromEntries(cols.map((c) => [c.name, c.value(r)])));
    const social = table.find((r) => r.code === '208')!;
    expect(social).toMatchObject({
      unit: '系列单位', year: 2022, code: '208', budget_initial_yuan: '200000.00', budget_report_yuan: '210000.00',
      final_yuan: '219590.00', execution_rate_pct: '109.80',
    });
    // A blank 年初预算 is unknown, not zero: no rate rather than a division by zero.
    const other = table.find((r) => r.code === '212')!;
    expect(other).toMatchObject({ budget_initial_yuan: null, final_yuan: '1.00', execution_rate_pct: null });
  });
});
