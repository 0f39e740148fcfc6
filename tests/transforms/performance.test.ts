import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../../extractors/index.ts';
import { extractProjects } from '../../transforms/performance.ts';
import { docFromLines } from './narrative/docs.ts';

const seed = (ext: string) => fileURLToPath(new URL(`../../../shared/seeds/panzhihua-szcg-2021-final.${ext}`, import.meta.url));
const FORMATS = ['docx', 'html', 'gbk.html', 'libreoffice.html'] as const;
const expected = JSON.parse(readFileSync(seed('expected.json'), 'utf8')) as {
  performance_projects: { name: string; budget: string; executed: string; indicator_rows: number }[];
};

describe('performance self-evaluation tables of the seed, from each of its four formats', () => {
  it.each(FORMATS)('become two projects with name, budget, execution and nine indicator rows (%s)', async (format) => {
    const { value, messages } = extractProjects(await extractFile(seed(format)));
    expect(value.map((p) => ({ name: p.name, budget: p.budget, executed: p.executed, indicator_rows: p.indicators.length }))).toEqual(
      expected.performance_projects,
    );
    expect(value.map((p) => [p.moneyUnit, p.budgetYuan, p.executedYuan])).toEqual([
      ['万元', '200000.00', '200000.00'],
      ['万元', '171700.00', '171700.00'],
    ]);
    expect(messages).toEqual([]);
  });

  it.each(FORMATS)('reads the indicator rows by the header columns through the merged cells (%s)', async (format) => {
    const [first, second] = extractProjects(await extractFile(seed(format))).value;
    expect(first!.indicators[0]).toEqual({
      level1: '完成指标',
      level2: '数量指标',
      level3: '坐席人员',
      expected: '1-2月10名坐席人员工资等',
      actual: '1-2月坐席人员工资10名',
    });
    expect(first!.indicators.map((i) => i.level2)).toEqual([
      '数量指标', '质量指标', '时效指标', '成本指标', '经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标', '满意度指标',
    ]);
    expect(second!.indicators[8]).toEqual({ level1: '满意度指标', level2: '满意度指标', level3: '全市市民满意度', expected: '不低于95%', actual: '不低于95%' });
    expect(second!.indicators[5]).toMatchObject({ level3: '通过考核', expected: '快速上报、处置城市管理问题' });
  });
});

describe('performance table layouts', () => {
  it('reads budget (全年预算数 over 年初预算数) and execution printed under their labels, and the name from a 项目名称 cell', () => {
    const doc = docFromLines(
      [
        '| 项目名称 | 社区公共服务中心新建工程 | 社区公共服务中心新建工程 | 社区公共服务中心新建工程',
        '| 年初预算数 | 全年预算数 | 全年执行数 | 执行率',
        '| 1,200.50 | 1,300.00 | 1,250.25 | 96.17%',
        '| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值',
        '| 产出指标 | 数量指标 | 建筑面积 | 13459平方米 | 13459平方米',
        '| 总分 |  |  |  | 95',
      ],
      '项目支出绩效自评表',
      ['项目支出绩效自评表', '单位：万元'],
    );
    const { value, messages } = extractProjects(doc);
    expect(messages).toEqual([]);
    expect(value).toHaveLength(1);
    expect(value[0]).toMatchObject({
      name: '社区公共服务中心新建工程',
      budget: '1300.00',
      executed: '1250.25',
      budgetYuan: '13000000.00',
      executedYuan: '12502500.00',
      moneyUnit: '万元',
      indicators: [{ level1: '产出指标', level2: '数量指标', level3: '建筑面积', expected: '13459平方米', actual: '13459平方米' }],
    });
  });

  it('keeps amounts without 元 values and warns when the table declares no money unit', () => {
    const doc = docFromLines(['| 项目名称 | 某项目', '| 预算数 | 20 | 执行数 | 18'], '2022年项目支出绩效自评表');
    const { value, messages } = extractProjects(doc);
    expect(value[0]).toMatchObject({ name: '某项目', budget: '20', executed: '18', budgetYuan: null, executedYuan: null, moneyUnit: null, indicators: [] });
    expect(messages.map((m) => m.rule)).toEqual(['performance/unit-unknown', 'performance/no-indicators']);
  });

  it('leaves tables that are not self-evaluations alone', () => {
    const doc = docFromLines(['| 项目名称 | 某项目', '| 预算数 | 20'], '项目绩效目标表');
    expect(extractProjects(doc).value).toEqual([]);
  });
});
