/**
 * One item with two figures: a budget narrative lists its 项 as items, each headed by its amount and then
 * restating it, "1. “一般公共服务支出（类）统计信息事务（款）统计管理（项）”2.63万元，主要用于统计管理。2022年
 * 当年预算执行数为1.48万元，2023年预算安排2.63万元，…" (Shanghai's template). The heading's amount and the
 * 预算安排 of the same item are one figure printed twice. The item's sentences are read from its heading to
 * the next item (at most three sentences); an item with more than one 预算安排 of the report year, or none,
 * is not checked. Both figures are read without ambiguity: a gap beyond rounding is an error.
 */
import { PRINTED_PRECISION, compare, insufficient } from './compare.ts';
import type { CheckOutcome, Rule } from './model.ts';
import { SENTENCE_AMOUNT, sentenceAmount, sentencesOf, type Sentence } from './text.ts';

const FAMILY = 'narrative-arithmetic' as const;
const RULE_ID = `${FAMILY}/item-figures`;
/** 1. “…（类）…（款）…（项）”X万元: an item's heading and its amount. */
const ITEM = new RegExp(String.raw`^\s*\d{1,2}\s*[.．、]\s*[“"]([^”"]{2,80}[(（]项[)）])\s*[”"]\s*${SENTENCE_AMOUNT}`, 'u');
/** 2023年预算安排Y万元. */
const PLANNED = new RegExp(String.raw`((?:19|20)\d{2})\s*年\s*预算\s*安排\s*(?:为|是)?\s*${SENTENCE_AMOUNT}`, 'gu');
/** Sentences after a heading read as the same item. */
const ITEM_SENTENCES = 3;

function checkItems(sentences: readonly Sentence[], year: number): CheckOutcome[] {
  const out: CheckOutcome[] = [];
  sentences.forEach((s, i) => {
    const flatHead = ITEM.exec(s.text);
    if (!flatHead) return;
    const [, name, text, unit] = flatHead;
    const heading = sentenceAmount(s, 'the item’s heading', text!, unit!, flatHead[0].lastIndexOf(text!));
    const body = [s];
    for (let k = i + 1; k < sentences.length && k <= i + ITEM_SENTENCES && !ITEM.test(sentences[k]!.text); k++) body.push(sentences[k]!);
    const planned = body.flatMap((b) => [...b.text.matchAll(PLANNED)].filter((m) => Number(m[1]) === year).map((m) => ({ b, m })));
    const subject = `the item “${name!.replace(/\s+/gu, '')}” states one figure`;
    if (planned.length !== 1) {
      if (planned.length > 1) out.push(insufficient(RULE_ID, FAMILY, subject, [heading.ref], `the item states ${planned.length} amounts as its ${year} 预算安排`));
      return;
    }
    const { b, m } = planned[0]!;
    const stated = sentenceAmount(b, `the item’s ${year} 预算安排`, m[2]!, m[3]!, m.index + m[0].lastIndexOf(m[2]!));
    out.push(
      compare({
        ruleId: RULE_ID,
        family: FAMILY,
        subject,
        severity: 'error',
        quantity: 'yuan',
        declared: heading,
        recomputed: stated.value,
        from: [stated],
        describe: (expected, actual) => `the item “${name!.replace(/\s+/gu, '')}” is headed ${actual}${unit} but its ${year} 预算安排 is ${expected}${unit}`,
      }),
    );
  });
  return out;
}

export const itemFiguresRule: Rule = {
  id: RULE_ID,
  family: FAMILY,
  severity: 'error',
  tolerance: PRINTED_PRECISION,
  description: 'An item of a budget narrative states one figure: its heading’s amount is its 预算安排 of the report year.',
  run: (report, ctx) => {
    const subject = 'items state one figure';
    if (!ctx.document) return [insufficient(RULE_ID, FAMILY, subject, [], 'the document text is not available')];
    if (report.meta.kind !== 'budget' || report.meta.year === null) return [];
    return checkItems(sentencesOf(ctx.document), report.meta.year);
  },
};
