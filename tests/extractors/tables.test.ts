import { load } from 'cheerio';
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { htmlToDrafts } from '../../extractors/html/blocks.ts';
import { readTable } from '../../extractors/html/tables.ts';
import { isCaptionLike, isNumberedHeading, isUnitLine, parseNumbering } from '../../extractors/numbering.ts';

function table(html: string) {
  const $ = load(html);
  return readTable($('table').get(0) as Element, { file: 't.html', block: 0 });
}

function drafts(html: string) {
  const $ = load(html);
  return htmlToDrafts($('body').get(0)!, 't.html');
}

describe('the HTML table reader', () => {
  it('places cells after the positions covered by rowspans from rows above', () => {
    const t = table(`<table>
      <tr><td rowspan="2">科目编码</td><td colspan="2">决算数</td></tr>
      <tr><td>基本支出</td><td>项目支出</td></tr>
      <tr><td>2080505</td><td>13.17</td><td>0</td></tr></table>`);
    expect(t.rows).toEqual([
      ['科目编码', '决算数', '决算数'],
      ['科目编码', '基本支出', '项目支出'],
      ['2080505', '13.17', '0'],
    ]);
    expect(t.cells.map((c) => [c.row, c.col])).toEqual([[0, 0], [0, 1], [1, 1], [1, 2], [2, 0], [2, 1], [2, 2]]);
    expect(t.messages).toEqual([]);
  });

  it('keeps in-cell line breaks as "\\n" and normalises other whitespace, nbsp and ideographic spaces', () => {
    const t = table('<table><tr><td>\n  项目预算<br>执行情况&nbsp;&nbsp;（万元）\u3000</td><td><p>第一段</p><p>  第二段 </p></td></tr></table>');
    expect(t.rows[0]).toEqual(['项目预算\n执行情况 （万元）', '第一段\n第二段']);
  });

  it('cuts a rowspan that runs past the last row and warns', () => {
    const t = table('<table><tr><td rowspan="5">合计</td><td>1</td></tr><tr><td>2</td></tr></table>');
    expect(t.rows).toEqual([['合计', '1'], ['合计', '2']]);
    expect(t.messages.map((m) => m.rule)).toEqual(['table/rowspan-clamped']);
  });

  it('warns about ragged rows, naming them, and leaves their missing positions empty', () => {
    const t = table('<table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td>d</td></tr></table>');
    expect(t.rows[1]).toEqual(['d', '', '']);
    expect(t.grid[1]).toEqual([3, -1, -1]);
    expect(t.messages[0]).toMatchObject({ rule: 'table/ragged-rows', location: { file: 't.html', block: 0 } });
    expect(t.messages[0]!.reason).toContain('row(s) 2');
  });

  it('flattens a table nested in a data cell into the cell text, with a warning', () => {
    const t = table(`<table><tr><td>项目</td><td>说明</td><td>金额</td><td>备注</td></tr>
      <tr><td>a</td><td><table><tr><td>x1</td><td>x2</td></tr><tr><td>y1</td><td>y2</td></tr></table></td><td>1</td><td></td></tr></table>`);
    expect(t.rows).toHaveLength(2);
    expect(t.rows[1]![1]).toBe('x1 x2\ny1 y2');
    expect(t.messages.map((m) => m.rule)).toEqual(['table/nested-table']);
  });

  it('reads a layout table (a page frame) as flowing content, and the data table inside it as a table', () => {
    const { drafts: d } = drafts(`<body><table><tr><td><a href="/">首页</a></td><td>
      <p>表2 支出决算表</p><table><tr><td>合计</td><td>219.59</td></tr></table></td></tr></table></body>`);
    expect(d.map((b) => b.type)).toEqual(['paragraph', 'paragraph', 'table']);
    expect(d[2]).toMatchObject({ title: '表2 支出决算表', rows: [['合计', '219.59']] });
  });
});

describe('headings and captions', () => {
  it('reads the printed numbering and its level', () => {
    expect(parseNumbering('第一部分 单位概况')).toEqual({ numbering: '第一部分', level: 1 });
    expect(parseNumbering('十一、政府性基金')).toEqual({ numbering: '十一、', level: 2 });
    expect(parseNumbering('（三）强化跟踪督办')).toEqual({ numbering: '（三）', level: 3 });
    expect(parseNumbering('3. 住房保障支出')).toEqual({ numbering: '3.', level: 4 });
    expect(parseNumbering('(2)公务接待费')).toEqual({ numbering: '(2)', level: 5 });
    expect(parseNumbering('1.5万元用于办公')).toBeNull();
    expect(parseNumbering('2021年收入')).toBeNull();
  });

  it('treats short numbered lines as headings and numbered sentences as paragraphs', () => {
    expect(isNumberedHeading('（六）创文工作。')).toMatchObject({ level: 3 });
    expect(isNumberedHeading('2、 收入决算情况说明')).toMatchObject({ numbering: '2、' });
    expect(isNumberedHeading('1.财政拨款收入：指单位从同级财政部门取得的财政预算资金。')).toBeNull();
    expect(isNumberedHeading('3.公务接待费支出0万元，完成预算0%。')).toBeNull();
    expect(isNumberedHeading('（一）推进热线整合，实现一号受理')).toMatchObject({ numbering: '（一）', level: 3 });
    expect(isNumberedHeading('1.基本支出182.42万元，占83%')).toBeNull();
    expect(isNumberedHeading(`一、${'很长的正文'.repeat(10)}`)).toBeNull();
  });

  it('tells unit lines and captions from body text', () => {
    expect(isUnitLine('单位：万元')).toBe(true);
    expect(isUnitLine('编制单位：某某局            单位：元')).toBe(true);
    expect(isUnitLine('收入支出决算总表')).toBe(false);
    expect(isCaptionLike('表1 收支预算总表')).toBe(true);
    expect(isCaptionLike('2021年本年收入合计219.59万元。')).toBe(false);
    expect(isCaptionLike('具体情况如下：')).toBe(false);
  });

  it('takes the table title from the nearest caption that is not a unit line or a bracketed subtitle', () => {
    const { drafts: d } = drafts(`<body><p>正文在此结束。</p><p>项目支出绩效自评表</p><p>（某某项目）</p><p>单位：万元</p>
      <table><tr><td>a</td></tr><tr><td>b</td></tr></table></body>`);
    expect(d[4]).toMatchObject({ type: 'table', title: '项目支出绩效自评表', context: ['项目支出绩效自评表', '（某某项目）', '单位：万元'] });
  });

  it('uses a heading right before a table as its title when no caption paragraph is there', () => {
    const { drafts: d } = drafts('<body><h3>三、“三公”经费支出表</h3><table><tr><td>a</td></tr><tr><td>b</td></tr></table></body>');
    expect(d[1]).toMatchObject({ type: 'table', title: '三、“三公”经费支出表', context: ['三、“三公”经费支出表'] });
  });

  it('reads title and unit rows spanning the whole table as captions too, keeping them as rows', () => {
    const { drafts: d } = drafts(`<body><p>表1</p><table><tr><td colspan="3">收入支出决算总表</td></tr><tr><td colspan="3">单位：万元</td></tr>
      <tr><td>项目</td><td>行次</td><td>金额</td></tr></table></body>`);
    expect(d[1]).toMatchObject({ type: 'table', title: '收入支出决算总表', context: ['表1', '收入支出决算总表', '单位：万元'] });
    const table = d[1];
    expect(table?.type === 'table' ? table.rows : []).toHaveLength(3);
  });

  it('gives an untitled table a null title', () => {
    const { drafts: d } = drafts('<body><p>本单位支出情况如下。</p><table><tr><td>a</td></tr><tr><td>b</td></tr></table></body>');
    expect(d[1]).toMatchObject({ type: 'table', title: null, context: [] });
  });
});

describe('table captions in markup', () => {
  it('reads a <caption> element as the caption paragraph of its table', () => {
    const { drafts: d } = drafts('<body><table><caption>表3 支出决算表<br>单位：元</caption><tr><td>合计</td><td>1</td></tr></table></body>');
    expect(d.map((b) => b.type)).toEqual(['paragraph', 'paragraph', 'table']);
    expect(d[2]).toMatchObject({ title: '表3 支出决算表', context: ['表3 支出决算表', '单位：元'] });
  });
});

describe('deeply nested markup', () => {
  it('reads a page nested 5,000 elements deep without overflowing the stack', () => {
    const depth = 5000;
    const { drafts: d } = drafts(`<body>${'<div><span>'.repeat(depth / 2)}<p>正文。</p>${'</span></div>'.repeat(depth / 2)}</body>`);
    expect(d).toEqual([{ type: 'paragraph', text: '正文。' }]);
  });
});
