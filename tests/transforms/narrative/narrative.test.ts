import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../../../extractors/index.ts';
import { loadShippedCodebook } from '../../../loaders/codebook-files.ts';
import { extractMeta } from '../../../transforms/metadata.ts';
import type { Fact, ReportMeta } from '../../../transforms/model.ts';
import { extractFacts } from '../../../transforms/narrative/index.ts';
import { docFromLines } from './docs.ts';

const codebook = loadShippedCodebook();
const meta = (over: Partial<ReportMeta> = {}): ReportMeta => ({
  unit: '中共上海市普陀区委社会工作部',
  unitAliases: [],
  unitCode: null,
  parentUnit: null,
  parentUnitCode: null,
  year: 2024,
  kind: 'final',
  scope: 'department',
  moneyUnit: '万元',
  ...over,
});
const facts = (lines: readonly string[], m: ReportMeta = meta(), withCodebook = true) =>
  extractFacts(docFromLines(lines), m, withCodebook ? codebook : undefined);
const brief = (f: Fact) => ({ metric: f.metric, code: f.code, value: f.value, sharePct: f.sharePct, completionPct: f.completionPct });

describe('golden facts of the corpus narratives (Shanghai PDFs through the real extractor)', () => {
  const corpus = (name: string) => fileURLToPath(new URL(`../../../../shared/corpus/${name}`, import.meta.url));
  it.each(['shanghai-putuo-shehuigongzuobu-2024-final', 'shanghai-putuo-wanli-street-2023-budget'])('%s', async (name) => {
    const golden = JSON.parse(readFileSync(corpus(`golden/${name}.json`), 'utf8')) as { facts: Record<string, { value: string }> };
    const doc = await extractFile(corpus(`pdf/${name}.pdf`));
    const got = extractFacts(doc, extractMeta(doc).value, codebook).value;
    const missing = Object.entries(golden.facts).filter(([metric, g]) => {
      const found = got.filter((f) => f.metric === metric);
      return found.length === 0 || found.some((f) => f.value !== g.value);
    });
    const n = Object.keys(golden.facts).length;
    console.log(`narrative recall ${name}: ${n - missing.length}/${n}`);
    expect(missing).toEqual([]);
  });
});

describe('narrative fact rules on corpus sentences', () => {
  it('reads shares across PDF lines (one paragraph per printed line)', () => {
    const { value } = facts(['# 三、支出决算情况说明', '本年支出合计 307.82 万元，其中：基本支出 105.58 万元，占', '34.30%；项目支出 202.24 万元，占 65.70%。']);
    expect(value.map(brief)).toEqual([
      { metric: 'expenditure.total', code: null, value: '307.82', sharePct: null, completionPct: null },
      { metric: 'expenditure.basic', code: null, value: '105.58', sharePct: '34.30', completionPct: null },
      { metric: 'expenditure.project', code: null, value: '202.24', sharePct: '65.70', completionPct: null },
    ]);
    expect(value[1]!.sentence).toBe('本年支出合计 307.82 万元，其中：基本支出 105.58 万元，占34.30%；项目支出 202.24 万元，占 65.70%。');
  });

  it('follows a 类/款/项 path cut over two lines to its budget, 决算 and completion, with the code of the year', () => {
    const { value } = facts([
      '# （三）一般公共预算财政拨款支出决算具体情况',
      '1、一般公共服务支出（类）社会工作事务（款）行政运行（项）。',
      '主要用于：行政单位人员支出、公用支出。全年预算为 52.00 万元，',
      '支出决算为 51.32 万元，完成全年预算数的 98.69%。决算数小于全',
      '年预算数的主要原因：人员变动引起实际支出低于预算。',
      '3、一般公共服务支出（类）社会工作事务（款）其他社会工作',
      '事务支出（项）。主要用于：新建部门开办费。全年预算为 202.24 万元，支出决算为 202.24 万元。',
    ]);
    expect(value.map(brief)).toEqual([
      { metric: 'general_budget.expenditure.detail.budget_adjusted', code: '2013901', value: '52.00', sharePct: null, completionPct: null },
      { metric: 'general_budget.expenditure.detail', code: '2013901', value: '51.32', sharePct: null, completionPct: '98.69' },
      { metric: 'general_budget.expenditure.detail.budget_adjusted', code: '2013999', value: '202.24', sharePct: null, completionPct: null },
      { metric: 'general_budget.expenditure.detail', code: '2013999', value: '202.24', sharePct: null, completionPct: null },
    ]);
    expect(value[1]!.name).toBe('一般公共服务支出（类）社会工作事务（款）行政运行（项）');
    expect(value[1]!.reason).toBe('人员变动引起实际支出低于预算');
    expect(value[3]!.name).toBe('一般公共服务支出（类）社会工作事务（款）其他社会工作事务支出（项）');
  });

  it('reads a budget item: the amount after its quoted path, the prior-year execution and the change in percent', () => {
    const { value } = facts(
      [
        '1. “一般公共服务支出（类）统计信息事务（款）统计管理（项）”2.63万元，主要用于统计管理。2022年当年预算执行数为1.48',
        '万元，2023年预算安排2.63万元，比2022年预算执行数增加77.70 %。主要原因是：统计管理经费增加。',
        '18. “社会保障和就业支出（类）就业补助（款）公益性岗位补贴（项）”635.10万元，主要用于公益性岗位补贴。2022年当年预算执行数为667.32万元，2023年预算安排635.10万元，比2022年预算执行数减少4.83%。',
      ],
      meta({ unit: '上海市普陀区人民政府万里街道办事处', year: 2023, kind: 'budget' }),
    );
    const metrics = value.map((f) => `${f.metric} ${f.code} ${f.value}${f.unit}`);
    expect(metrics).toEqual([
      'general_budget.expenditure.detail 2010506 2.63万元',
      'general_budget.expenditure.detail.prior_year 2010506 1.48万元',
      'general_budget.expenditure.detail 2010506 2.63万元',
      'general_budget.expenditure.detail.change_pct 2010506 77.70%',
      'general_budget.expenditure.detail 2080705 635.10万元',
      'general_budget.expenditure.detail.prior_year 2080705 667.32万元',
      'general_budget.expenditure.detail 2080705 635.10万元',
      'general_budget.expenditure.detail.change_pct 2080705 -4.83%',
    ]);
    expect(value[3]!.reason).toBe('统计管理经费增加');
  });

  it('reads budget totals of a 预算 report, changes positive for 增加, and no change where the text says 持平', () => {
    const { value } = facts(
      [
        '2023年，上海市普陀区人民政府万里街道办事处收入预算16497.86万元，其中：财政拨款收入16497.86万元，比2022年（上一年度，下同）预算增加1421.25万元；事业收入0万元。',
        '2023年“三公”经费预算数为22.91万元，比2022年预算持平。其中：',
        '（三）、公务接待费1.35万元。比2022年预算持平，主要原因是公务接待费保持不变。',
      ],
      meta({ unit: '上海市普陀区人民政府万里街道办事处', year: 2023, kind: 'budget' }),
    );
    expect(value.map((f) => `${f.metric} ${f.value}`)).toEqual([
      'income.total 16497.86',
      'income.fiscal_grant 16497.86',
      'income.fiscal_grant.change 1421.25',
      'income.business 0',
      'three_public.total 22.91',
      'three_public.reception 1.35',
    ]);
    expect(value[2]!.yuan).toBe('14212500.00');
  });

  it('gives changes to the figure just stated, under a heading printed as a plain line', () => {
    const { value } = facts(['（一）机关运行经费支出情况', '机关运行经费支出 10.23 万元，比 2023 年度增加 10.23 万元，', '增长 100.00%。主要原因是单位于 2024 年成立。']);
    expect(value.map((f) => `${f.metric} ${f.value} ${f.reason}`)).toEqual([
      'agency_operating_cost 10.23 单位于 2024 年成立',
      'agency_operating_cost.change 10.23 单位于 2024 年成立',
      'agency_operating_cost.change_pct 100.00 单位于 2024 年成立',
    ]);
  });

  it('never reads a year, a date or a threshold as an amount', () => {
    const { value } = facts([
      '截至 2024 年 12 月 31 日，中共上海市普陀区委社会工作部共有车辆 3 辆，其中：其他用车 3 辆。单价 100',
      '万元（含）以上设备（不含车辆）2 台（套）。',
    ]);
    expect(value.map((f) => `${f.metric} ${f.value}${f.unit}`)).toEqual(['vehicles.count 3辆', 'assets.equipment_over_1m 2台(套)']);
  });

  it('keeps the last staffing statement of an organisation section that narrates changes', () => {
    const { value, messages } = facts(
      [
        '核定事业编制 15 名（其中 10 名从市数字化城市监督指挥中心连人带编划转）， 核定党政领导职数 2名。',
        '攀枝花市数字化城市联动指挥中心增加事业编制 2 名，增核副主任 1 名。调整后， 攀枝花市数字化城市联动指挥中心共有事业编制 17名， 党政领导职数 3 名。',
      ],
      meta({ unit: '攀枝花市数字化城市联动指挥中心', year: 2021 }),
    );
    expect(value.map((f) => `${f.metric} ${f.value}`)).toEqual(['staffing.quota.change 2', 'staffing.quota 17', 'staffing.leader_posts 3']);
    expect(messages.filter((m) => m.rule === 'narrative/superseded')).toHaveLength(2);
  });

  it('reads a figure printed without unit in the narrative unit and says so; without a known unit it is no fact', () => {
    const line = ['2021年一般公共预算支出决算数为219.59，完成预算100%。'];
    const withUnit = facts(line, meta({ year: 2021 }));
    expect(withUnit.value.map((f) => `${f.metric} ${f.value}${f.unit} ${f.completionPct}`)).toEqual([
      'general_budget.expenditure 219.59万元 100',
      'general_budget.expenditure.completion_pct 100% null',
    ]);
    expect(withUnit.messages.map((m) => m.rule)).toContain('narrative/unit-assumed');
    expect(facts(line, meta({ year: 2021, moneyUnit: null })).value).toEqual([]);
  });

  it('reads 款/项 items under a class heading (Jiangsu 2019 budget) and keeps meeting costs out of the general budget', () => {
    const { value } = facts(
      [
        '（三）住房保障支出（类）',
        '1. 住房改革支出（款）住房公积金（项）支出965.87万元，与上年相比增加250.59万元，增长35.03%。主要原因：一是因增设机构增加了在职人数,住房公积金有所增长；二是住房公积金政策性调增。',
        '江苏省委办公厅2019年度一般公共预算拨款安排的会议费预算支出933.50万元，与上年预算数一致。',
      ],
      meta({ unit: '江苏省委办公厅', year: 2019, kind: 'budget' }),
    );
    expect(value.map((f) => `${f.metric} ${f.code} ${f.value}${f.unit}`)).toEqual([
      'general_budget.expenditure.detail 2210201 965.87万元',
      'general_budget.expenditure.detail.change 2210201 250.59万元',
      'general_budget.expenditure.detail.change_pct 2210201 35.03%',
      'meeting_cost null 933.50万元',
    ]);
    expect(value[0]!.name).toBe('住房改革支出（款）住房公积金（项）');
    expect(value[0]!.reason).toBe('一是因增设机构增加了在职人数,住房公积金有所增长；二是住房公积金政策性调增');
  });

  it('leaves codes null with a message when no codebook is given', () => {
    const { value, messages } = facts(['主要用于以下方面：社会保障和就业（类）支出13.17万元，占6%；城乡社区支出193.65万元，占88%。'], meta({ year: 2021 }), false);
    expect(value.map((f) => [f.metric, f.name, f.code, f.sharePct])).toEqual([
      ['general_budget.expenditure.by_function', '社会保障和就业', null, '6'],
      ['general_budget.expenditure.by_function', '城乡社区', null, '88'],
    ]);
    expect(messages.map((m) => m.rule)).toContain('narrative/no-codebook');
  });
});

describe('evidence within its own sentence', () => {
  const metrics = (lines: readonly string[]) => facts(lines, meta({ kind: 'budget' })).value.map((f) => [f.metric, f.value]);

  it('reads a change opening the next sentence as the figure before it, and a reason’s rate as no rate', () => {
    expect(metrics(['项目支出预算数为4335.3万元。与上年相比减少了1237.7万元，减少13.22%。主要原因是运转类项目经费统一压减10%。'])).toEqual([
      ['expenditure.project', '4335.3'],
      ['expenditure.project.change', '-1237.7'],
      ['expenditure.project.change_pct', '-13.22'],
    ]);
  });

  it('gives an item’s 支出决算为 to the item, and a bracketed 含 part to nothing', () => {
    expect(metrics(['因公出国（境）费全年预算为2万元，支出决算为1万元。', '公务接待费支出决算为3万元（含外宾接待0.00万元）。'])).toEqual([
      ['three_public.outbound.budget_adjusted', '2'],
      ['three_public.outbound', '1'],
      ['three_public.reception', '3'],
    ]);
  });

  it('lets no named metric of one sentence take the figures of the next', () => {
    expect(metrics(['国有资本经营预算拨款支出预算0万元。', '支出决算为5万元，主要用于办公。'])).toEqual([
      ['state_capital.expenditure', '0'],
      ['expenditure.total', '5'],
    ]);
  });
});
