/**
 * The development corpus gives exactly the units and reports a person reading its documents lists
 * (issue 17), on both engines and in either arrival order, and a unit merge or split survives reprocess.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Kysely } from 'kysely';
import { loadReport } from '../../loaders/warehouse/load.ts';
import { mergeUnits, splitAlias, findUnit } from '../../loaders/warehouse/registry.ts';
import type { Database } from '../../loaders/warehouse/schema.ts';
import { forLoad, processBytes, type ForLoad } from '../../pipelines/stages.ts';
import { reprocess } from '../../pipelines/reprocess.ts';
import { ENGINES } from '../helpers/engines.ts';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 600_000 });

const dir = fileURLToPath(new URL('../../../shared/corpus/pdf/', import.meta.url));

/** What a person reading the covers and first pages lists: unit, year, kind, scope, and the files of each report. */
const EXPECTED: readonly (readonly [string, number, string, string, readonly string[]])[] = [
  ['中共江苏省委办公厅', 2017, 'budget', 'department', ['jiangsu-swbgt-2017-budget-tables.pdf', 'jiangsu-swbgt-2017-budget-text.pdf']],
  ['中共江苏省委办公厅', 2018, 'budget', 'department', ['jiangsu-swbgt-2018-budget-tables.pdf', 'jiangsu-swbgt-2018-budget-text.pdf']],
  ['中共江苏省委办公厅', 2019, 'budget', 'department', ['jiangsu-swbgt-2019-budget-tables.pdf', 'jiangsu-swbgt-2019-budget-text.pdf']],
  ['江苏省人大常委会办公厅', 2017, 'budget', 'department', ['jiangsu-rendaban-2017-budget.pdf']],
  ['江苏省人大常委会办公厅', 2018, 'budget', 'department', ['jiangsu-rendaban-2018-budget.pdf']],
  ['江苏省人大常委会办公厅', 2019, 'budget', 'department', ['jiangsu-rendaban-2019-budget-tables.pdf', 'jiangsu-rendaban-2019-budget-text.pdf']],
  ['江苏省人民检察院', 2018, 'budget', 'department', ['jiangsu-procuratorate-2018-budget.pdf']],
  ['江苏省人民检察院', 2019, 'budget', 'department', ['jiangsu-procuratorate-2019-budget.pdf']],
  ['上海市普陀区财政局', 2025, 'budget', 'department', ['shanghai-putuo-czj-2025-budget-department.pdf']],
  ['上海市普陀区商务委员会', 2025, 'budget', 'department', ['shanghai-putuo-swj-2025-budget-department.pdf']],
  ['上海市普陀区商务委员会', 2025, 'budget', 'unit', ['shanghai-putuo-swj-2025-budget-unit.pdf']],
  ['上海市普陀区人民政府办公室', 2025, 'budget', 'department', ['shanghai-putuo-zfb-2025-budget-department.pdf']],
  ['上海市普陀区人民政府办公室', 2025, 'budget', 'unit', ['shanghai-putuo-zfb-2025-budget-unit.pdf']],
  ['上海市普陀区人民政府万里街道办事处', 2023, 'budget', 'department', ['shanghai-putuo-wanli-street-2023-budget.pdf']],
  ['中共上海市普陀区委社会工作部', 2024, 'final', 'department', ['shanghai-putuo-shehuigongzuobu-2024-final.pdf']],
];

interface Listed {
  readonly unit: string;
  readonly year: number | null;
  readonly kind: string | null;
  readonly scope: string | null;
  readonly files: string[];
  lineItems: number;
  facts: number;
}

/** The current reports as a person would list them: one row per unit, year, kind and scope, with its files. */
async function listed(db: Kysely<Database>): Promise<Listed[]> {
  const rows = await db
    .selectFrom('reports as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .innerJoin('source_paths as p', 'p.source_file_id', 'r.source_file_id')
    .select((eb) => [
      'u.name', 'r.year', 'r.kind', 'r.scope', 'p.path',
      eb.selectFrom('line_items as l').select((e) => e.fn.countAll().as('n')).whereRef('l.report_id', '=', 'r.id').as('items'),
      eb.selectFrom('facts as f').select((e) => e.fn.countAll().as('n')).whereRef('f.report_id', '=', 'r.id').as('facts'),
    ])
    .where('r.status', '=', 'current')
    .execute();
  const byKey = new Map<string, Listed>();
  for (const r of rows) {
    const key = `${r.name}/${r.year}/${r.kind}/${r.scope}`;
    const l = byKey.get(key) ?? { unit: r.name, year: r.year, kind: r.kind, scope: r.scope, files: [], lineItems: 0, facts: 0 };
    l.files.push(r.path.slice(r.path.lastIndexOf('/') + 1));
    l.lineItems += Number(r.items);
    l.facts += Number(r.facts);
    byKey.set(key, l);
  }
  return [...byKey.values()].map((l) => ({ ...l, files: l.files.sort() }));
}

const asTable = (ls: readonly Listed[]) => ls.map((l) => [l.unit, l.year, l.kind, l.scope, l.files] as const).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

let processed: { path: string; value: ForLoad }[] = [];

beforeAll(async () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort();
  processed = [];
  for (const f of files) processed.push({ path: dir + f, value: forLoad(await processBytes(readFileSync(dir + f), dir + f)) });
});

describe.each(ENGINES)('the development corpus on $name', (engine) => {
  it('gives exactly the units and reports a reader lists, whatever the arrival order, each joined report with line items and facts', async () => {
    for (const order of ['forward', 'reverse'] as const) {
      const wh = await engine.open();
      try {
        const files = order === 'forward' ? processed : [...processed].reverse();
        for (const { value } of files) await loadReport(wh.db, { report: value.report, document: value.stored, runId: null, findings: value.findings });
        const got = await listed(wh.db);
        expect(asTable(got), order).toEqual(asTable(EXPECTED.map(([unit, year, kind, scope, fs]) => ({ unit, year, kind, scope, files: [...fs], lineItems: 0, facts: 0 }))));
        for (const l of got) {
          expect(l.lineItems, `${l.unit} ${l.year} ${l.scope}`).toBeGreaterThan(0);
          expect(l.facts, `${l.unit} ${l.year} ${l.scope}`).toBeGreaterThan(0);
        }
        const units = await wh.db.selectFrom('units').select('name').orderBy('name').execute();
        expect(units.map((u) => u.name).sort()).toEqual([...new Set(EXPECTED.map((e) => e[0]))].sort());
        const statuses = await wh.db.selectFrom('reports').select('status').distinct().execute();
        expect(statuses.map((s) => s.status)).toEqual(['current']);
      } finally {
        await wh.close();
      }
    }
  });

  it('keeps a unit split off by hand, and a merge, through reprocess', async () => {
    const wh = await engine.open();
    try {
      for (const { value } of processed) await loadReport(wh.db, { report: value.report, document: value.stored, runId: null, findings: value.findings });
      const quiet = { warehouse: wh, filter: {}, args: [], onReport: () => {} };
      const swbgt = (ls: Listed[]) => ls.filter((l) => /江苏省委办公厅/u.test(l.unit)).map((l) => [l.unit, l.year, l.files.length]).sort();

      const split = await splitAlias(wh.db, '江苏省委办公厅');
      expect(split).not.toBeNull();
      const afterSplit = [
        ['中共江苏省委办公厅', 2017, 1], ['中共江苏省委办公厅', 2018, 1], ['中共江苏省委办公厅', 2019, 1],
        ['江苏省委办公厅', 2017, 1], ['江苏省委办公厅', 2018, 1], ['江苏省委办公厅', 2019, 1],
      ].sort();
      expect(swbgt(await listed(wh.db))).toEqual(afterSplit);
      await reprocess(quiet);
      expect(swbgt(await listed(wh.db))).toEqual(afterSplit);

      await mergeUnits(wh.db, (await findUnit(wh.db, '中共江苏省委办公厅'))!, split!);
      await reprocess(quiet);
      expect(swbgt(await listed(wh.db))).toEqual([['中共江苏省委办公厅', 2017, 2], ['中共江苏省委办公厅', 2018, 2], ['中共江苏省委办公厅', 2019, 2]]);
    } finally {
      await wh.close();
    }
  });
});
