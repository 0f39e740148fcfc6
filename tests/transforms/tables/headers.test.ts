import { describe, expect, it } from 'vitest';
import { isColumnNumberRow, measureOf, parseHeader } from '../../../transforms/tables/headers.ts';
import { firstTable, table } from '../../fixtures/tables/snippets.ts';

describe('parseHeader', () => {
  it('reads a merged multi-row header into column paths, skips the 栏次 row and finds 类/款/项 code columns', async () => {
    const t = await firstTable(
      '<p>一般公共预算财政拨款支出决算表</p><p>单位：万元</p>' +
        table(
          '项目{4,1}|年初预算数{1,3}|决算数{3,1}|完成率（%）{1,3}',
          '科目编码{3,1}|科目名称{1,2}|合计{1,2}|基本支出{1,2}|项目支出{1,2}',
          '类|款|项',
          '栏次{4,1}|1|2|3|4|5',
          '208|05|05|机关事业单位基本养老保险缴费支出|13.17|13.17|13.17||100.00',
        ),
    );
    const h = parseHeader(t);
    expect(h.headerRows).toBe(4);
    expect(h.twoSided).toBe(false);
    expect(h.columns.map((c) => [c.role, c.codePart])).toEqual([
      ['code', 'lei'], ['code', 'kuan'], ['code', 'xiang'], ['name', null],
      ['value', null], ['value', null], ['value', null], ['value', null], ['value', null],
    ]);
    expect(h.columns.filter((c) => c.role === 'value').map((c) => [c.path, c.measure, c.percent])).toEqual([
      ['年初预算数', 'budget_initial', false],
      ['决算数/合计', 'total', false],
      ['决算数/基本支出', 'basic', false],
      ['决算数/项目支出', 'project', false],
      ['完成率（%）', 'completion_pct', true],
    ]);
  });

  it('reads an unmerged second header row under a group caption (本年支出 over 合计 | 基本支出 | 项目支出)', async () => {
    const t = await firstTable(
      table('科目编码|科目名称|年初结转和结余|本年收入|本年支出{3,1}|年末结转和结余', '||||合计|基本支出|项目支出|', '2080505|养老|1.00|2.00|3.00|3.00|0|0'),
    );
    const h = parseHeader(t);
    expect(h.headerRows).toBe(2);
    expect(h.columns.filter((c) => c.role === 'value').map((c) => `${c.path}:${c.measure}`)).toEqual([
      '年初结转和结余:carryover_begin', '本年收入:income', '本年支出/合计:total', '本年支出/基本支出:basic', '本年支出/项目支出:project', '年末结转和结余:carryover_end',
    ]);
  });

  it('splits a two-sided table where a name column follows value columns and drops the 收入/支出 side captions from the paths', async () => {
    const t = await firstTable(table('收入{3,1}|支出{3,1}', '项目|行次|决算数|项目|行次|决算数', '一、财政拨款收入|1|307.82|一、一般公共服务支出|29|264.87'));
    const h = parseHeader(t);
    expect(h.twoSided).toBe(true);
    expect(h.columns.map((c) => `${c.side}:${c.role}:${c.path}`)).toEqual([
      'left:name:项目', 'left:line:行次', 'left:value:决算数', 'right:name:项目', 'right:line:行次', 'right:value:决算数',
    ]);
  });

  it('drops a caption over every value column and keeps a label column whose sub-header reads 合计', async () => {
    const t = await firstTable(
      table('项目{2,1}|收入预算{3,1}', '功能分类科目编码|科目名称|合计|财政拨款收入|事业收入', '201|一般公共服务支出|2,976,800|2,976,800|'),
    );
    expect(parseHeader(t).columns.map((c) => `${c.role}:${c.path}`)).toEqual(['code:项目/功能分类科目编码', 'name:项目/科目名称', 'value:合计', 'value:财政拨款收入', 'value:事业收入']);
    const quirk = await firstTable(table('项目{2,1}|本年收入|本年支出{2,1}', '功能分类科目编码|科目名称||合计|基本支出', '合计|合计||合计|基本支出', '|合计|||'));
    expect(parseHeader(quirk).columns.map((c) => c.role)).toEqual(['code', 'name', 'value', 'value', 'value']);
  });

  it('skips a title row and a unit row printed inside the table', async () => {
    const t = await firstTable(table('收入决算表{3,1}', '单位：万元{3,1}', '项目|本年收入合计|财政拨款收入', '合计|1.00|1.00'));
    const h = parseHeader(t);
    expect(h.captions).toEqual(['收入决算表', '单位：万元']);
    expect(h.headerRows).toBe(3);
    expect(h.columns.map((c) => c.path)).toEqual(['项目', '本年收入合计', '财政拨款收入']);
  });

  it('maps 预算数 to the amount of a budget table and to budget_initial in a final table', () => {
    expect(measureOf('合计/预算数').measure).toBe('budget_initial');
    expect(measureOf('合计/预算数', true).measure).toBe('amount');
    expect(measureOf('公务用车购置及运行维护费/小计/决算数').measure).toBe('final');
    expect(measureOf('上级补助收入').measure).toBe('upper_subsidy');
    expect(measureOf('附属单位上缴收入').measure).toBe('affiliate_remit');
    expect(measureOf('对附属单位补助支出').measure).toBe('affiliate_subsidy');
    expect(measureOf('一般公共预算财政拨款').measure).toBe('general_budget');
    expect(measureOf('占比').percent).toBe(true);
    expect(measureOf('备注')).toEqual({ measure: null, percent: false });
  });

  it('tells a 栏次 row from a data row', () => {
    expect(isColumnNumberRow(['栏次', '', '1', '2', '3'])).toBe(true);
    expect(isColumnNumberRow(['甲', '乙', '1', '2'])).toBe(true);
    expect(isColumnNumberRow(['合计', '', '1', '2'])).toBe(false);
    expect(isColumnNumberRow(['', '', '', ''])).toBe(false);
  });
});
