import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { compressDocument, loadReport, prepareReport, replaceDerived } from '../../loaders/warehouse/load.ts';
import { coverage, fenToYuan, findReports, loadDocument, tableCounts } from '../../loaders/warehouse/queries.ts';
import type { Warehouse } from '../../loaders/warehouse/open.ts';
import type { NormalisedReport } from '../../transforms/model.ts';
import { writeTransaction } from '../../loaders/warehouse/batch.ts';
import { ENGINES } from '../helpers/engines.ts';
import { makeDocument, makeReport } from '../helpers/reports.ts';

const load = (wh: Warehouse, report: NormalisedReport, runId: number | null = null) =>
  loadReport(wh.db, { report, document: makeDocument(report), runId });

describe.each(ENGINES)('the warehouse on $name', (engine) => {
  let wh: Warehouse;
  beforeEach(async () => {
    wh = await engine.open();
  });
  afterEach(async () => {
    await wh.close();
  });

  it('loads a file once: loading the same file again changes nothing', async () => {
    const report = makeReport();
    const first = await load(wh, report);
    expect(first.outcome).toBe('inserted');
    const after = await tableCounts(wh.db);
    expect(after).toMatchObject({ reports: 1, line_items: 8, facts: 1, projects: 1, indicators: 1, documents: 1, source_files: 1 });
    const second = await load(wh, report);
    expect(second).toEqual({ outcome: 'unchanged', reportId: first.reportId });
    expect(await tableCounts(wh.db)).toEqual(after);
  });

  it('loads a report handed over as rows, as a worker thread sends it, exactly as the report itself', async () => {
    const rowsOf = async (reportId: number) =>
      (await wh.db.selectFrom('line_items').selectAll().where('report_id', '=', reportId).orderBy('id').execute()).map(({ id: _id, report_id: _r, ...rest }) => rest);
    const plain = makeReport({ unit: '甲单位' });
    const prepared = makeReport({ unit: '乙单位' });
    const a = await load(wh, plain);
    const b = await loadReport(wh.db, { report: prepareReport(prepared), document: makeDocument(prepared), runId: null });
    expect(b.outcome).toBe('inserted');
    expect(await rowsOf(b.reportId)).toEqual(await rowsOf(a.reportId));
    const units = await wh.db.selectFrom('reports').select(['unit_name', 'year', 'kind', 'meta']).orderBy('id').execute();
    expect(units.map((u) => u.unit_name)).toEqual(['甲单位', '乙单位']);
    expect(JSON.parse(units[1]!.meta)).toEqual(prepared.meta);
  });

  it('does work meanwhile the first round trip of a transaction, and rolls back when that work throws', async () => {
    const runs = async () => (await wh.db.selectFrom('runs').select('id').execute()).length;
    const run = { command: 'test', args: '[]', host: 'h', pid: 1, started_at: 'now', status: 'ok' as const };
    const got = await writeTransaction(wh.db, async (trx, first) => {
      await trx.insertInto('runs').values(run).execute();
      return first.meanwhile;
    }, { locks: ['k'], meanwhile: () => 42 });
    expect(got).toBe(42);
    const boom = writeTransaction(wh.db, async (trx) => trx.insertInto('runs').values(run).execute(), {
      locks: ['k'],
      meanwhile: () => {
        throw new Error('boom');
      },
    });
    await expect(boom).rejects.toThrow('boom');
    if (wh.engine === 'postgres') {
      // The pool hands back the connection released last: were it still inside the transaction, the
      // transaction's start would be earlier than this statement's.
      const fresh = await sql<{ fresh: boolean }>`select now() = statement_timestamp() as fresh`.execute(wh.db);
      expect(fresh.rows[0]!.fresh).toBe(true);
    }
    // The next transaction starts and commits (SQLite refuses a BEGIN inside an open transaction).
    await writeTransaction(wh.db, async (trx) => trx.insertInto('runs').values(run).execute(), { locks: ['k'] });
    expect(await runs()).toBe(2);
  });

  it('records every path a file was seen under, once each', async () => {
    const report = makeReport({ path: 'a/report.docx' });
    await load(wh, report);
    await load(wh, { ...report, source: { ...report.source, path: 'b/copy.docx' } });
    await load(wh, { ...report, source: { ...report.source, path: 'b/copy.docx' } });
    const paths = await wh.db.selectFrom('source_paths').select('path').orderBy('path').execute();
    expect(paths.map((p) => p.path)).toEqual(['a/report.docx', 'b/copy.docx']);
  });

  it('adds a version for a changed file of the same unit, year, kind and scope; the more complete copy is current, whichever came first', async () => {
    // The shorter copy first, then the more complete one; then the same two in the other order.
    const v1 = await load(wh, makeReport({ seed: 'first', rows: [['208', '社会保障和就业支出', '900.00']] }));
    const v2 = await load(wh, makeReport({ seed: 'second', rows: [['208', '社会保障和就业支出', '300.00'], ['212', '城乡社区支出', '0.00']] }));
    expect(v2.outcome).toBe('updated');
    const reports = await wh.db.selectFrom('reports').select(['id', 'version', 'status', 'superseded_by']).orderBy('id').execute();
    expect(reports).toEqual([
      { id: v1.reportId, version: 1, status: 'superseded', superseded_by: v2.reportId },
      { id: v2.reportId, version: 2, status: 'current', superseded_by: null },
    ]);
    // Older versions keep their rows; the analyst view shows the current one only.
    expect(await wh.db.selectFrom('line_items').where('report_id', '=', v1.reportId).select('id').execute()).toHaveLength(2);
    const shown = await wh.db.selectFrom('v_line_items').select(['report_id', 'amount_fen']).where('measure', '=', 'total').orderBy('row_order').execute();
    expect(shown).toEqual([{ report_id: v2.reportId, amount_fen: 30000n }, { report_id: v2.reportId, amount_fen: 0n }]);
    // Arrival order does not matter: a less complete copy arriving last stays superseded.
    await load(wh, makeReport({ seed: 'third', rows: [['208', '社会保障和就业支出', '100.00']] }));
    const after = await wh.db.selectFrom('reports').select(['id', 'status']).where('status', '=', 'current').execute();
    expect(after).toEqual([{ id: v2.reportId, status: 'current' }]);
    // A different year or kind is not a version of it.
    expect((await load(wh, makeReport({ seed: 'first', year: 2022 }))).outcome).toBe('inserted');
    expect((await load(wh, makeReport({ seed: 'first', kind: 'budget' }))).outcome).toBe('inserted');
  });

  it('leaves nothing behind when a load fails in the middle of its transaction', async () => {
    const good = makeReport({ seed: 'good' });
    const table = good.tables[0]!;
    // A NOT NULL violation on the third line-item batch row: the source file, document, unit and report
    // rows were already written in the same transaction.
    const broken: NormalisedReport = {
      ...makeReport({ seed: 'broken', unit: '一个新单位' }),
      tables: [{ ...table, rows: [table.rows[0]!, { ...table.rows[1]!, name: null as unknown as string }] }],
    };
    await expect(load(wh, broken)).rejects.toThrow();
    const counts = await tableCounts(wh.db);
    for (const [t, n] of Object.entries(counts)) expect([t, n]).toEqual([t, 0]);
    // The warehouse is still usable and the same file loads once fixed.
    expect((await load(wh, good)).outcome).toBe('inserted');
  });

  it('refuses derived rows naming a missing report, keeps report ids fixed, and deletes derived rows with their report', async () => {
    // PostgreSQL checks these with statement-level triggers (migration 0003), SQLite with foreign keys.
    const { reportId } = await load(wh, makeReport());
    const missing = reportId + 1000;
    const { id: _id, ...item } = await wh.db.selectFrom('line_items').selectAll().where('report_id', '=', reportId).limit(1).executeTakeFirstOrThrow();
    await expect(wh.db.insertInto('line_items').values({ ...item, report_id: missing }).execute()).rejects.toThrow(/foreign key|does not exist/i);
    // One statement naming several reports, one of them missing.
    const other = (await load(wh, makeReport({ unit: '另一个单位' }))).reportId;
    const rowsOf = (...ids: number[]) => ids.map((report_id, i) => ({ ...item, report_id, row_order: 100 + i }));
    await expect(wh.db.insertInto('line_items').values(rowsOf(reportId, other, missing)).execute()).rejects.toThrow(/foreign key|does not exist/i);
    await wh.db.insertInto('line_items').values(rowsOf(reportId, other)).execute();
    await wh.db.deleteFrom('line_items').where('row_order', '>=', 100).execute();
    await wh.db.deleteFrom('reports').where('id', '=', other).execute();
    await expect(wh.db.updateTable('facts').set({ report_id: missing }).execute()).rejects.toThrow(/foreign key|does not exist/i);
    await expect(wh.db.updateTable('reports').set({ id: missing }).where('id', '=', reportId).execute()).rejects.toThrow(/foreign key|never changes/i);
    expect(await tableCounts(wh.db)).toMatchObject({ reports: 1, line_items: 8, facts: 1, projects: 1, indicators: 1 });

    await wh.db.deleteFrom('reports').where('id', '=', reportId).execute();
    expect(await tableCounts(wh.db)).toMatchObject({ reports: 0, line_items: 0, facts: 0, projects: 0, indicators: 0, findings: 0, documents: 2 });
    expect(await wh.db.selectFrom('report_tables').select('id').execute()).toEqual([]);
  });

  it('stores amounts exactly as integer 分, from 0.01 元 to 99999999999999.99 元', async () => {
    const report = makeReport({
      rows: [
        [null, '合计', '99999999999999.99'],
        ['201', '一般公共服务支出', '0.01'],
        ['20101', '人大事务', '-611.78'],
        ['2010101', '行政运行', '0'],
      ],
    });
    const { reportId } = await load(wh, report);
    const rows = await wh.db
      .selectFrom('line_items')
      .select(['row_order', 'amount_fen', 'printed'])
      .where('report_id', '=', reportId)
      .where('measure', '=', 'total')
      .orderBy('row_order')
      .execute();
    expect(rows.map((r) => r.amount_fen)).toEqual([9999999999999999n, 1n, -61178n, 0n]);
    expect(rows.map((r) => fenToYuan(r.amount_fen!))).toEqual(['99999999999999.99', '0.01', '-611.78', '0.00']);
    expect(rows.map((r) => r.printed)).toEqual(['99999999999999.99', '0.01', '-611.78', '0']);
    // Sums stay exact in the database too.
    const sum = await sql<{ s: bigint | number | string }>`select sum(amount_fen) as s from line_items where measure = 'total'`.execute(wh.db);
    expect(BigInt(sum.rows[0]!.s)).toBe(9999999999999999n + 1n - 61178n);
    const fact = await wh.db.selectFrom('facts').select('amount_fen').executeTakeFirstOrThrow();
    expect(fact.amount_fen).toBe(219590000n);
  });

  it("keeps a unit named '; DROP TABLE x; -- as a name and drops nothing", async () => {
    await sql`create table x (id integer)`.execute(wh.db);
    const evil = "'; DROP TABLE x; --";
    const { reportId } = await load(wh, makeReport({ unit: evil, rows: [['208', `${evil}"`, '1.00']] }));
    const unit = await wh.db.selectFrom('units').select('name').executeTakeFirstOrThrow();
    expect(unit.name).toBe(evil);
    const item = await wh.db.selectFrom('v_line_items').select(['unit', 'name']).where('report_id', '=', reportId).executeTakeFirstOrThrow();
    expect(item).toEqual({ unit: evil, name: `${evil}"` });
    await expect(sql`select count(*) from x`.execute(wh.db)).resolves.toBeDefined();
  });

  it('joins one unit across years and spellings through its aliases', async () => {
    const a = await load(wh, makeReport({ unit: '攀枝花市市政设施管理处', aliases: ['攀枝花市 市政设施 管理处', '市政设施管理处'], year: 2021 }));
    const b = await load(wh, makeReport({ unit: '市政设施管理处', year: 2022 }));
    const c = await load(wh, makeReport({ unit: '攀枝花市城市管理局', year: 2022 }));
    const units = await wh.db.selectFrom('reports').select(['id', 'unit_id']).orderBy('id').execute();
    const byId = new Map(units.map((u) => [u.id, u.unit_id]));
    expect(byId.get(b.reportId)).toBe(byId.get(a.reportId));
    expect(byId.get(c.reportId)).not.toBe(byId.get(a.reportId));
    expect((await wh.db.selectFrom('units').select('id').execute()).length).toBe(2);
  });

  it('resolves unit, year, kind, canonical code and names in v_line_items, and counts coverage in v_coverage', async () => {
    await wh.db
      .insertInto('classification')
      .values({ scheme: 'function', edition: '2023', code: '2080505', name: '机关事业单位基本养老保险缴费支出（官方）', level: 3, parent_code: '20805', canonical_code: '2080505', source: 'official', first_report_id: null })
      .execute();
    await load(wh, makeReport({ year: 2021, kind: 'final' }));
    await load(wh, makeReport({ year: 2021, kind: 'final', seed: 'v2' }));
    await load(wh, makeReport({ year: 2022, kind: 'budget' }));
    const row = await wh.db
      .selectFrom('v_line_items')
      .selectAll()
      .where('code', '=', '2080505')
      .where('year', '=', 2021)
      .where('measure', '=', 'total')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      unit: '攀枝花市市政设施管理处', unit_printed: '攀枝花市市政设施管理处', phase: 'executed', year: 2021, kind: 'final', scope: 'unit', table_title: '一般公共预算财政拨款支出决算表',
      canonical_code: '2080505', code_name: '机关事业单位基本养老保险缴费支出', canonical_name: '机关事业单位基本养老保险缴费支出（官方）',
      amount_fen: 21959000n, money_unit: '元', level: 3,
    });
    const cov = await wh.db.selectFrom('v_coverage').selectAll().orderBy('year').execute();
    expect(cov.map((c) => [c.unit_name, c.year, c.kind, Number(c.reports), Number(c.versions), Number(c.line_items)])).toEqual([
      ['攀枝花市市政设施管理处', 2021, 'final', 1, 2, 8],
      ['攀枝花市市政设施管理处', 2022, 'budget', 1, 1, 8],
    ]);
  });

  it('learns code–name pairs into the classification once per edition', async () => {
    const first = await load(wh, makeReport({ seed: 'a' }));
    await load(wh, makeReport({ seed: 'b', unit: '另一个单位' }));
    const learned = await wh.db.selectFrom('classification').selectAll().where('source', '=', 'learned').orderBy('code').execute();
    expect(learned.map((c) => [c.scheme, c.edition, c.code, c.parent_code, c.first_report_id])).toEqual([
      ['function', '2021', '208', null, first.reportId],
      ['function', '2021', '2080505', '20805', first.reportId],
      ['function', '2021', '212', null, first.reportId],
    ]);
  });

  it('stores the document model compressed and gives it back intact', async () => {
    const report = makeReport();
    const document = makeDocument(report);
    await loadReport(wh.db, { report, document, runId: null });
    expect(await loadDocument(wh.db, report.source.sha256)).toEqual(document);
    expect(await loadDocument(wh.db, '0'.repeat(64))).toBeNull();
    const stored = await wh.db.selectFrom('documents').select(['encoding', 'body', 'raw_bytes']).executeTakeFirstOrThrow();
    expect(stored.encoding).toBe('br');
    expect(stored.body.byteLength).toBeLessThan(stored.raw_bytes);
  });

  it('stores a document model handed over already compressed, as a worker thread sends it, and gives it back intact', async () => {
    const report = makeReport();
    const document = makeDocument(report);
    // What pipelines/stages.ts builds in a worker thread, after the structured clone of postMessage (a
    // plain Uint8Array where the worker had a Buffer).
    const stored = structuredClone(compressDocument(document));
    expect(Buffer.isBuffer(stored.body)).toBe(false);
    await loadReport(wh.db, { report, document: stored, runId: null });
    expect(await loadDocument(wh.db, report.source.sha256)).toEqual(document);
  });

  it('loads a report whose unit name holds quotes and backslashes (its lock keys are sent as literals)', async () => {
    const report = makeReport({ unit: "市'政\\设施\"管理处'; select 1; --", aliases: ["E'x\\'"] });
    const first = await load(wh, report);
    expect(first.outcome).toBe('inserted');
    expect((await load(wh, report)).outcome).toBe('unchanged');
    const units = await wh.db.selectFrom('units').select('name').execute();
    expect(units.map((u) => u.name)).toEqual([report.meta.unit]);
    const aliases = await wh.db.selectFrom('unit_aliases').select('alias').orderBy('alias').execute();
    expect(aliases.map((a) => a.alias).sort()).toEqual(["E'x\\'", "市'政\\设施\"管理处';select1;--"].sort());
  });

  it('stores findings with their provenance', async () => {
    const report = makeReport();
    const { reportId } = await loadReport(wh.db, {
      report, document: makeDocument(report), runId: null,
      findings: [{ ruleId: 'narrative-arithmetic/parts-sum', outcome: 'finding', severity: 'warning', expected: '100.00', actual: '101.00', difference: '1.00', message: 'parts do not add up', values: [{ label: 'total', value: '101.00' }] } as never],
    });
    const f = await wh.db.selectFrom('findings').selectAll().executeTakeFirstOrThrow();
    expect(f).toMatchObject({ report_id: reportId, rule_id: 'narrative-arithmetic/parts-sum', severity: 'warning', outcome: 'finding', expected: '100.00', actual: '101.00', difference: '1.00' });
    expect(JSON.parse(f.provenance)).toEqual({ values: [{ label: 'total', value: '101.00' }] });
  });

  it('rebuilds a report from a new normalisation and counts what changed', async () => {
    const original = makeReport();
    const { reportId } = await load(wh, original);
    const table = original.tables[0]!;
    const changedRow = { ...table.rows[1]!, values: [{ ...table.rows[1]!.values[0]!, text: '1.00', yuan: '1.00' }, table.rows[1]!.values[1]!] };
    const extraRow = { ...table.rows[3]!, order: 4, code: '2130101', name: '行政运行' };
    const rebuilt: NormalisedReport = {
      ...original,
      tables: [{ ...table, rows: [table.rows[0]!, changedRow, table.rows[2]!, table.rows[3]!, extraRow] }],
      facts: [],
    };
    const changes = await replaceDerived(wh.db, reportId, rebuilt);
    expect(changes).toEqual({
      reportId, unchanged: false,
      lineItems: { added: 2, removed: 0, changed: 1 },
      facts: { added: 0, removed: 1, changed: 0 },
    });
    expect(await wh.db.selectFrom('line_items').select('id').where('report_id', '=', reportId).execute()).toHaveLength(10);
    const again = await replaceDerived(wh.db, reportId, rebuilt);
    expect(again.unchanged).toBe(true);
  });

  it('finds the reports of a unit by any spelling, current ones unless asked for all, with their source', async () => {
    const a = await load(wh, makeReport({ unit: '攀枝花市市政设施管理处', aliases: ['市政设施管理处'], year: 2021, path: 'x/2021.docx' }));
    const b = await load(wh, makeReport({ unit: '市政设施管理处', year: 2021, seed: 'v2', path: 'x/2021-v2.docx' }));
    await load(wh, makeReport({ unit: '别的单位', year: 2021 }));
    const current = await findReports(wh.db, { unit: '市政设施 管理处', year: 2021 });
    expect(current.map((r) => [r.id, r.path, r.status])).toEqual([[b.reportId, 'x/2021-v2.docx', 'current']]);
    const all = await findReports(wh.db, { unit: '攀枝花市市政设施管理处', all: true });
    expect(all.map((r) => r.id)).toEqual([a.reportId, b.reportId]);
    expect(await findReports(wh.db, { year: 2020 })).toEqual([]);
    expect((await coverage(wh.db)).map((c) => [c.unit_name, c.reports, c.versions])).toEqual([
      ['别的单位', 1, 1],
      ['攀枝花市市政设施管理处', 1, 2],
    ]);
  });

  it('moves a reprocessed report to its corrected year and recomputes the versions of both years', async () => {
    const first = await load(wh, makeReport({ year: 2021, seed: 'a' }));
    const second = await load(wh, makeReport({ year: 2021, seed: 'b' }));
    // Reprocessing finds that the second file is really the 2022 report.
    await replaceDerived(wh.db, second.reportId, makeReport({ year: 2022, seed: 'b' }));
    const rows = await wh.db.selectFrom('reports').select(['id', 'year', 'version', 'status']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: first.reportId, year: 2021, version: 1, status: 'current' },
      { id: second.reportId, year: 2022, version: 1, status: 'current' },
    ]);
  });
});
