import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normaliseTitle, recogniseTable, standardTableIds, tableIdFor } from '../../../transforms/tables/registry.ts';

const seedText = readFileSync(new URL('../../../../shared/seeds/panzhihua-szcg-2021-final.txt', import.meta.url), 'utf8');

describe('recogniseTable', () => {
  it('recognises the MoF 决算 titles with numbering prefixes of every style', () => {
    expect(recogniseTable('表1 收入支出决算总表')).toBe('final.t01_income_expenditure_summary');
    expect(recogniseTable('附表1-2：收入决算表')).toBe('final.t02_income');
    expect(recogniseTable('三、支出决算表')).toBe('final.t03_expenditure');
    expect(recogniseTable('（四）财政拨款收入支出决算总表')).toBe('final.t04_fiscal_grant_summary');
    expect(recogniseTable('5. 一般公共预算财政拨款支出决算表')).toBe('final.t05_general_budget_expenditure');
    expect(recogniseTable('表六 一般公共预算财政拨款基本支出决算表')).toBe('final.t06_general_budget_basic_expenditure');
  });

  it('treats “三公”, "三公", ‘三公’ and a bare 三公 alike', () => {
    for (const q of ['“三公”', '"三公"', '‘三公’', '三公', '＂三公＂', '「三公」']) {
      expect(recogniseTable(`一般公共预算财政拨款${q}经费支出决算表`)).toBe('final.t07_three_public');
    }
    expect(recogniseTable('财政拨款“三公”经费支出决算表')).toBe('final.t07_three_public');
  });

  it('ignores spaces, years, unit names and a trailing （续）', () => {
    expect(recogniseTable('2021年度 收 入 支 出 决 算 总 表')).toBe('final.t01_income_expenditure_summary');
    expect(recogniseTable('中共上海市普陀区委社会工作部2024年度收入决算表')).toBe('final.t02_income');
    expect(recogniseTable('支出决算表（续）')).toBe('final.t03_expenditure');
    expect(recogniseTable('国有资本经营预算财政拨款(收入)支出决算表')).toBe('final.t09_state_capital');
  });

  it('recognises the Shanghai budget set of the golden file', () => {
    expect(recogniseTable('1. 2023年部门财务收支预算总表')).toBe('budget.t01_summary');
    expect(recogniseTable('2023年部门收入预算总表')).toBe('budget.t02_income');
    expect(recogniseTable('2023年部门支出预算总表')).toBe('budget.t03_expenditure');
    expect(recogniseTable('4．2023年部门财政拨款收支预算总表')).toBe('budget.t04_fiscal_grant_summary');
    expect(recogniseTable('2023年部门一般公共预算支出功能分类预算表')).toBe('budget.t05_general_budget_expenditure');
    expect(recogniseTable('2023年部门一般公共预算基本支出部门预算经济分类预算表')).toBe('budget.t06_general_budget_basic_expenditure');
    expect(recogniseTable('9. 2023年部门“三公”经费和机关运行经费预算表')).toBe('budget.t07_three_public');
    expect(recogniseTable('2023年部门政府性基金预算支出功能分类预算表')).toBe('budget.t08_gov_fund');
    expect(recogniseTable('2023年部门国有资本经营预算支出功能分类预算表')).toBe('budget.t09_state_capital');
    expect(recogniseTable('财政项目支出绩效目标填报表')).toBe('budget.t10_project_performance');
  });

  it('recognises the Jiangsu budget set and keeps its extra tables apart', () => {
    expect(recogniseTable('收支预算总表')).toBe('budget.t01_summary');
    expect(recogniseTable('收入预算总表')).toBe('budget.t02_income');
    expect(recogniseTable('财政拨款收支预算总表')).toBe('budget.t04_fiscal_grant_summary');
    expect(recogniseTable('一般公共预算支出预算表')).toBe('budget.t05_general_budget_expenditure');
    expect(recogniseTable('一般公共预算基本支出预算表')).toBe('budget.t06_general_budget_basic_expenditure');
    expect(recogniseTable('“三公”经费、会议费、培训费支出预算表')).toBe('budget.t07_three_public');
    expect(recogniseTable('财政拨款政府性基金支出预算表')).toBe('budget.t08_gov_fund');
    expect(recogniseTable('财政拨款支出预算表')).toBe('other.fiscal_grant_expenditure');
    expect(recogniseTable('一般公共预算机关运行经费支出预算表')).toBe('other.agency_operating_cost');
    expect(recogniseTable('2017年政府采购预算表')).toBe('other.gov_procurement');
  });

  it('does not take a longer, different title for a standard one', () => {
    expect(recogniseTable('项目支出决算表')).toBeNull();
    expect(recogniseTable('政府性基金预算财政拨款“三公”经费支出决算表')).toBe('other.gov_fund_three_public');
    expect(recogniseTable('一般公共预算财政拨款支出决算明细表')).toBe('other.general_budget_expenditure_detail');
    expect(recogniseTable('（三）一般公共预算财政拨款支出决算情况')).toBeNull();
    expect(recogniseTable('第二部分 2024 年度部门决算表')).toBeNull();
  });

  it('resolves a title without 预算/决算 only when the report kind is known', () => {
    expect(recogniseTable('一般公共预算支出表')).toBeNull();
    expect(recogniseTable('一般公共预算支出表', 'budget')).toBe('budget.t05_general_budget_expenditure');
    expect(recogniseTable('一般公共预算支出表', 'final')).toBe('final.t05_general_budget_expenditure');
  });

  it('recognises performance tables behind a project class', () => {
    expect(recogniseTable('2021年特定目标类部门预算项目绩效目标自评表')).toBe('final.performance_self_evaluation');
    expect(recogniseTable('项目支出绩效自评表')).toBe('final.performance_self_evaluation');
  });

  it('recognises the 14 titles the seed lists under 附表 as 9 standard tables and 4 Sichuan extras', () => {
    const listed = seedText.slice(seedText.indexOf('第五部分 附表')).split('\n').slice(1)
      .map((l) => l.replace(/\[bookmark: [^\]]*\]/g, '').trim()).filter((l) => l !== '');
    expect(listed).toHaveLength(14);
    const ids = listed.map((t) => tableIdFor(t, 'final'));
    expect(ids.filter((id) => !id.startsWith('other.')).sort()).toEqual([
      'final.t01_income_expenditure_summary', 'final.t02_income', 'final.t03_expenditure',
      'final.t04_fiscal_grant_summary', 'final.t05_general_budget_expenditure',
      'final.t06_general_budget_basic_expenditure', 'final.t07_three_public', 'final.t08_gov_fund',
      'final.t09_state_capital', 'final.t09_state_capital',
    ]);
    expect(ids.filter((id) => id.startsWith('other.')).sort()).toEqual([
      'other.fiscal_grant_expenditure_detail', 'other.general_budget_expenditure_detail',
      'other.general_budget_project_expenditure', 'other.gov_fund_three_public',
    ]);
  });
});

describe('tableIdFor', () => {
  it('gives an unknown table an other.<slug> id from its normalised title', () => {
    expect(tableIdFor('表9 部门整体支出绩效目标表?')).toBe('other.部门整体支出绩效目标表');
    expect(tableIdFor('机构运行信息表')).toBe('other.机构运行信息表');
    expect(tableIdFor(null)).toBe('other.untitled');
  });

  it('normalises titles for comparison', () => {
    expect(normaliseTitle('附表 3 ：2021年度 “三公”经费（续）')).toBe('三公经费');
  });

  it('lists both standard sets', () => {
    expect(standardTableIds('final')).toHaveLength(10);
    expect(standardTableIds('budget')).toHaveLength(10);
  });
});
