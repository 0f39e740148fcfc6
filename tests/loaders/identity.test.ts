/**
 * Identity in the warehouse, on both engines: unidentified files kept out until a hint names them, unit
 * abbreviations of folder names, and one current copy of the seed whatever the arrival order.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadReport } from '../../loaders/warehouse/load.ts';
import { saveHints } from '../../loaders/warehouse/registry.ts';
import { quarantine, reports } from '../../loaders/exports/identity.ts';
import type { Warehouse } from '../../loaders/warehouse/open.ts';
import { coverageMatrix } from '../../cli/commands/coverage.ts';
import { warehouseStatus } from '../../cli/commands/status.ts';
import { reprocess } from '../../pipelines/reprocess.ts';
import { forLoad, processBytes, transformDocument, type ForLoad } from '../../pipelines/stages.ts';
import { docFromLines } from '../transforms/narrative/docs.ts';
import { ENGINES } from '../helpers/engines.ts';
import { makeDocument, makeReport } from '../helpers/reports.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 300_000 });

/** A tables-only file as Jiangsu publishes it, at a path; `year` printed in a table title or not at all. */
function tablesFile(path: string, unitLine: string, year: number | null) {
  const doc = docFromLines([
    '# 收支预算总表', unitLine,
    '| 项目 | 金额 |', '| 一、财政拨款 | 18,330.37 |', '| 合计 | 18,330.37 |',
    ...(year === null ? ['# 政府采购预算表'] : [`# ${year}年政府采购预算表`]),
  ]);
  return { ...doc, source: { ...doc.source, path, sha256: createHash('sha256').update(path).digest('hex') } };
}

async function load(wh: Warehouse, doc: ReturnType<typeof tablesFile>) {
  const { report, findings } = await transformDocument(doc);
  return loadReport(wh.db, { report, document: doc, runId: null, findings });
}

async function rows<R>(gen: AsyncGenerator<R[]>): Promise<R[]> {
  const out: R[] = [];
  for await (const page of gen) out.push(...page);
  return out;
}

const seeds = ['docx', 'html', 'gbk.html', 'libreoffice.html'].map((ext) => fileURLToPath(new URL(`../../data/samples/seed/panzhihua-szcg-2021-final.${ext}`, import.meta.url)));
let seedCopies: ForLoad[] = [];
beforeAll(async () => {
  seedCopies = [];
  for (const path of seeds) seedCopies.push(forLoad(await processBytes(readFileSync(path), path)));
});

describe.each(ENGINES)('identity in the warehouse on $name', (engine) => {
  let wh: Warehouse;
  beforeEach(async () => {
    wh = await engine.open();
  });
  afterEach(async () => {
    await wh.close();
  });

  it('keeps a file without a year as unidentified, visible in status, coverage and export quarantine, and loads it once a hint names it', async () => {
    const file = tablesFile('/crawl/misc/公开表.pdf', '部门：江苏省人大常委会办公厅 单位：万元', null);
    const { reportId } = await load(wh, file);
    const row = await wh.db.selectFrom('reports').select(['status', 'unit_id', 'messages']).where('id', '=', reportId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'unidentified', unit_id: null });
    expect(JSON.parse(row.messages).map((m: { rule: string }) => m.rule)).toContain('meta/unidentified');
    expect((await warehouseStatus(wh.db)).counts).toMatchObject({ reportsCurrent: 0, reportsUnidentified: 1 });
    expect((await warehouseStatus(wh.db)).unidentified.map((u) => u.path)).toEqual(['/crawl/misc/公开表.pdf']);
    expect(await coverageMatrix(wh.db)).toMatchObject({ units: [], unidentified: 1 });
    const q = await rows(quarantine.pages(wh.db, {}));
    expect(q.map((x) => [x.path, x.reason, x.report_id])).toEqual([['/crawl/misc/公开表.pdf', 'meta/unidentified', reportId]]);

    await saveHints(wh.db, [{ pattern: 'misc/公开表.pdf', unit: null, year: 2019, kind: null, scope: null }]);
    await reprocess({ warehouse: wh, filter: {}, args: [], onReport: () => {} });
    const after = await wh.db.selectFrom('reports').select(['status', 'year', 'kind']).where('id', '=', reportId).executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 'current', year: 2019, kind: 'budget' });
    expect(await rows(quarantine.pages(wh.db, {}))).toEqual([]);
    const exported = await rows(reports.pages(wh.db, {}));
    expect(exported.map((r) => [r.unit, r.year, r.kind, r.scope, r.part, r.status, r.path])).toEqual([
      ['江苏省人大常委会办公厅', 2019, 'budget', 'department', 'tables', 'current', '/crawl/misc/公开表.pdf'],
    ]);
  });

  it('joins a narrative file and a tables file that prints no scope into one report, the scope taken from the companion', async () => {
    const text = docFromLines([
      '江苏省人民检察院', '2019年度部门预算公开', '# 第一部分 部门概况', '# 第三部分 2019年度部门预算情况说明',
      '2019年度收、支总预算18,330.37万元。与上年相比，收、支总预算各增加1,000.00万元，增长5.77%。',
    ]);
    const narrative = { ...text, source: { ...text.source, path: '/crawl/江苏省人民检察院/2019年度部门预算公开.pdf', sha256: createHash('sha256').update('n').digest('hex') } };
    await load(wh, narrative);
    const { reportId } = await load(wh, tablesFile('/crawl/江苏省人民检察院/2019年部门预算公开表.pdf', '', 2019));
    const parts = await wh.db.selectFrom('reports as r').innerJoin('units as u', 'u.id', 'r.unit_id')
      .select(['u.name', 'r.year', 'r.kind', 'r.scope', 'r.part', 'r.status']).orderBy('r.part').execute();
    expect(parts).toEqual([
      { name: '江苏省人民检察院', year: 2019, kind: 'budget', scope: 'department', part: 'narrative', status: 'current' },
      { name: '江苏省人民检察院', year: 2019, kind: 'budget', scope: 'department', part: 'tables', status: 'current' },
    ]);
    const messages = (await wh.db.selectFrom('reports').select('messages').where('id', '=', reportId).executeTakeFirstOrThrow()).messages;
    expect(JSON.parse(messages).map((m: { rule: string }) => m.rule)).toContain('meta/scope-from-companion');
  });

  it('never loads a placeholder template (上海市普陀区XX局) as a current report', async () => {
    const { reportId } = await load(wh, tablesFile('/templates/模板.pdf', '部门：上海市普陀区XX局 单位：万元', 2026));
    expect((await wh.db.selectFrom('reports').select('status').where('id', '=', reportId).executeTakeFirstOrThrow()).status).toBe('unidentified');
    expect(await wh.db.selectFrom('units').select('name').execute()).toEqual([]);
  });

  it('keeps a file that a stage marked as no one’s report (meta/placeholder) unidentified, whatever its meta says', async () => {
    const report = makeReport({ unit: '上海市普陀区财政局' });
    const marked = { ...report, messages: [{ severity: 'warning' as const, stage: 'extract' as const, rule: 'meta/placeholder', reason: 'the workbook is the district template (x,xxx placeholders)' }] };
    const { reportId } = await loadReport(wh.db, { report: marked, document: makeDocument(marked), runId: null });
    const row = await wh.db.selectFrom('reports').select(['status', 'unit_id']).where('id', '=', reportId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'unidentified', unit_id: null });
    expect((await rows(quarantine.pages(wh.db, {})))[0]!.message).toContain('meta/placeholder: the workbook is the district template');
  });

  it('resolves a folder abbreviation (省检察院) to the one known unit it stands for, and keeps an unknown one apart', async () => {
    await load(wh, tablesFile('/crawl/a/2018.pdf', '部门：江苏省人民检察院 单位：万元', 2018));
    const { reportId } = await load(wh, tablesFile('/crawl/省检察院/2019年预算表.pdf', '', 2019));
    const r = await wh.db.selectFrom('reports as r').innerJoin('units as u', 'u.id', 'r.unit_id').select(['u.name', 'r.messages']).where('r.id', '=', reportId).executeTakeFirstOrThrow();
    expect(r.name).toBe('江苏省人民检察院');
    expect(JSON.parse(r.messages).map((m: { rule: string }) => m.rule)).toEqual(expect.arrayContaining(['meta/unit-from-path', 'unit/abbreviation']));
    await load(wh, tablesFile('/crawl/省法院/2019年预算表.pdf', '', 2019));
    expect((await wh.db.selectFrom('units').select('name').orderBy('name').execute()).map((u) => u.name)).toEqual(['江苏省人民检察院', '省法院']);
  });

  it('makes the same copy of the seed current in four formats, whatever order they arrive in', async () => {
    for (const copy of [...seedCopies].reverse()) await loadReport(wh.db, { report: copy.report, document: copy.stored, runId: null, findings: copy.findings });
    const current = await wh.db.selectFrom('reports as r').innerJoin('source_files as s', 's.id', 'r.source_file_id').select('s.sha256').where('r.status', '=', 'current').execute();
    expect(current).toHaveLength(1);
    const other = await engine.open();
    try {
      for (const copy of seedCopies) await loadReport(other.db, { report: copy.report, document: copy.stored, runId: null, findings: copy.findings });
      const again = await other.db.selectFrom('reports as r').innerJoin('source_files as s', 's.id', 'r.source_file_id').select('s.sha256').where('r.status', '=', 'current').execute();
      expect(again).toEqual(current);
      // Alone, each copy is current; the one chosen among all four is the first by the documented rule.
      const exported = await rows(reports.pages(other.db, {}));
      expect(exported.map((r) => r.version).sort()).toEqual([1, 2, 3, 4]);
      expect(exported.find((r) => r.status === 'current')!.version).toBe(4);
    } finally {
      await other.close();
    }
  });
});
