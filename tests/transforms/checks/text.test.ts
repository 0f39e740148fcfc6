/**
 * Text hygiene and rates of change read from one sentence: template wording, empty reasons and figures,
 * doubled punctuation, 部门 wording in a 单位 report, comparisons with the wrong year (warnings or info,
 * never errors), and the rate printed beside its two figures (an error beyond rounding).
 */
import { describe, expect, it } from 'vitest';
import { loadShippedCodebook } from '../../../loaders/codebook-files.ts';
import { runChecks } from '../../../transforms/checks/engine.ts';
import { RULES } from '../../../transforms/checks/rules.ts';
import type { CheckCodebook } from '../../../transforms/checks/model.ts';
import { documentOf, findings, report } from './support.ts';

const family = (f: string) => RULES.filter((r) => r.family === f);

describe('text hygiene', () => {
  const rules = family('text');

  it('finds template wording, an empty reason, a missing figure and doubled punctuation, never as errors', () => {
    const doc = documentOf(
      [
        '政府性基金收入预算0万元，与上年相比增加（减少）0万元，增长（降低）0%。主要原因是。',
        '政府性基金支出预算支出万元。减少了该项支出。。',
        '一般公共预算支出增加100万元，主要原因是人员增加。',
      ].join('\n'),
    );
    const out = findings(runChecks(report({ meta: { year: 2019, kind: 'budget' } }), { document: doc }, rules));
    expect(out.map((f) => [f.ruleId, f.severity, f.actual.replace(/\s+/g, '')])).toEqual([
      ['text/template-wording', 'warning', '增加（减少）'],
      ['text/template-wording', 'warning', '增长（降低）'],
      ['text/empty-reason', 'warning', '主要原因是'],
      ['text/empty-figure', 'warning', '支出'],
      ['text/doubled-punctuation', 'info', '。'],
    ]);
  });

  it('finds 本部门 in a 单位 report only, and a comparison with a year other than the last', () => {
    const doc = documentOf('本部门2021年收入100万元，与2019年相比增加10万元。\n与2020年相比减少5万元。');
    const unit = findings(runChecks(report({ meta: { year: 2021, kind: 'final', scope: 'unit' } }), { document: doc }, rules));
    expect(unit.map((f) => [f.ruleId, f.severity])).toEqual([['text/scope-wording', 'info'], ['text/comparison-year', 'info']]);
    const department = findings(runChecks(report({ meta: { year: 2021, kind: 'final', scope: 'department' } }), { document: doc }, rules));
    expect(department.map((f) => f.ruleId)).toEqual(['text/comparison-year']);
  });
});

describe('a rate of change beside its two figures', () => {
  const rules = RULES.filter((r) => r.id === 'narrative-arithmetic/stated-rate');
  const check = (text: string) => runChecks(report({ meta: { year: 2023, kind: 'budget' } }), { document: documentOf(text) }, rules);

  it('is an error when it does not follow from the figures (wanli-street 2023, item 16)', () => {
    const out = findings(check('2022年当年预算执行数为132.59万元，2023年预算安排441.25万元，比2022年预算执行数增加60.54%。'));
    expect(out.map((f) => [f.severity, f.expected, f.actual])).toEqual([['error', '232.79', '60.54']]);
  });

  it('passes when it does, reads a decrease as negative, and defers from a zero figure', () => {
    const out = check(
      '2022年当年预算执行数为274.85万元，2023年预算安排441.25万元，比2022年预算执行数增加60.54%。2022年当年预算执行数为667.32万元，2023年预算安排635.10万元，比2022年预算执行数减少4.83%。2022年当年预算执行数为0万元，2023年预算安排0.31万元，比2022年预算执行数增加100.00%。',
    );
    expect(out.map((o) => o.outcome)).toEqual(['pass', 'pass', 'insufficient']);
  });
});

describe('a class name of an older edition of the 科目', () => {
  const codebook: CheckCodebook = loadShippedCodebook();
  const rules = RULES.filter((r) => r.id === 'text/outdated-class-name');
  const check = (year: number, text: string) => runChecks(report({ meta: { year, kind: 'budget' } }), { document: documentOf(text), codebook }, rules);

  it('is a warning in a later year\'s narrative, naming the class as the report year\'s codebook does', () => {
    const out = findings(check(2026, '2026年卫生健康支出（类）预算100万元，其中医疗卫生与计划\n生育支出主要用于行政单位医疗。'));
    expect(out.map((f) => [f.severity, f.actual.replace(/\s+/g, '')])).toEqual([['warning', '医疗卫生与计划生育支出']]);
    expect(out[0]!.message).toContain('卫生健康支出');
  });

  it('is not found in the years that still used the name, nor in a sentence about an earlier year, and defers without a codebook', () => {
    expect(findings(check(2018, '2018年医疗卫生与计划生育支出（类）预算100万元。'))).toEqual([]);
    expect(findings(check(2019, '2018年医疗卫生与计划生育支出（类）决算100万元。'))).toEqual([]);
    const none = runChecks(report({ meta: { year: 2026, kind: 'budget' } }), { document: documentOf('医疗卫生与计划生育支出100万元。') }, rules);
    expect(none.map((o) => [o.outcome, 'reason' in o ? o.reason : ''])).toEqual([['insufficient', 'no codebook is available']]);
  });
});

describe('one item with two figures', () => {
  const rules = RULES.filter((r) => r.id === 'narrative-arithmetic/item-figures');
  const check = (text: string, kind: 'budget' | 'final' = 'budget') => runChecks(report({ meta: { year: 2026, kind } }), { document: documentOf(text) }, rules);
  const item = (head: string, planned: string) =>
    `16. “社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）”${head}万元，主要用于机关\n事业单位职业年金缴费支出。2025年当年预算执行数为50.00万元，2026年预算安排${planned}万元，比2025年预算执行数增加15.60%。`;

  it('is an error when the item\'s heading and its 预算安排 of the report year differ (wanli-street 2023, item 16)', () => {
    const out = findings(check(item('56.12', '57.8')));
    expect(out.map((f) => [f.severity, f.declared, f.expected])).toEqual([['error', '561200.00', '578000.00']]);
    expect(out[0]!.message).toContain('56.12万元');
  });

  it('passes one figure printed at two precisions, and is not read in a final report', () => {
    expect(findings(check(item('57.80', '57.8')))).toEqual([]);
    expect(check(item('56.12', '57.8'), 'final')).toEqual([]);
  });

  it('defers an item that states two amounts as its 预算安排', () => {
    const out = check(`${item('56.12', '57.8')}其中2026年预算安排10.00万元用于补缴。`);
    expect(out.map((o) => o.outcome)).toEqual(['insufficient']);
  });
});

describe('unbalanced quotation marks', () => {
  const rules = RULES.filter((r) => r.id === 'text/unbalanced-quotes');
  const check = (text: string) => findings(runChecks(report({ meta: { year: 2026, kind: 'budget' } }), { document: documentOf(text) }, rules));

  it('finds a stray closing mark and an opening mark never closed, as info', () => {
    const out = check('一般公共预算“三公”经费支出预算50万元。主要用于公务接待”等支出。\n“三公经费增加的原因是接待任务增加。');
    expect(out.map((f) => [f.severity, f.actual, f.message.slice(0, 14)])).toEqual([
      ['info', '”', 'a closing ” ha'],
      ['info', '“', 'an opening “ i'],
    ]);
  });

  it('does not find a quotation that spans sentences', () => {
    expect(check('文件要求：“厉行节约。严控支出。”本部门据此压减支出。')).toEqual([]);
  });
});
