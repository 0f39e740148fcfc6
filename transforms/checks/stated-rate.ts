/**
 * A rate of change checked from the sentence alone: Shanghai's budget narratives print both figures beside
 * the rate, "2022年当年预算执行数为132.59万元，2023年预算安排441.25万元，比2022年预算执行数增加60.54%"
 * (wanli-street 2023: the rate of the item before, copied). The rate must follow from the two figures at
 * their printed precision. The sentence form is fixed, so every value is read without ambiguity: a rate
 * beyond rounding is an error. From a zero figure there is no rate (insufficient).
 */
import { PRINTED_PRECISION, compare, insufficient, minus, percentOf, printedDecimals, rangeOf, type Term } from './compare.ts';
import type { CheckOutcome, Rule } from './model.ts';
import { SENTENCE_AMOUNT, sentenceAmount, sentenceRef, sentencesOf, type Sentence } from './text.ts';

const FAMILY = 'narrative-arithmetic' as const;
const RULE_ID = `${FAMILY}/stated-rate`;

/** 上年(当年)预算执行数(为)X万元，本年预算(安排|数)(为)Y万元，比上年(当年)预算执行数增加|减少Z%. */
const STATED_RATE = new RegExp(
  String.raw`((?:19|20)\d{2})\s*年\s*(?:当年)?\s*预算执行数\s*(?:为|是)?\s*${SENTENCE_AMOUNT}\s*[,，]\s*((?:19|20)\d{2})\s*年\s*预算\s*(?:安排|数)\s*(?:为|是)?\s*${SENTENCE_AMOUNT}\s*[,，]\s*(?:比|较)\s*(?:(?:19|20)\d{2}\s*年|上年)\s*(?:当年)?\s*预算执行数\s*(增加|增长|上升|减少|下降|降低)\s*(\d+(?:\.\d+)?)\s*[%％]`,
  'gu',
);

function checkSentence(s: Sentence): CheckOutcome[] {
  const flat = s.text;
  const out: CheckOutcome[] = [];
  for (const m of flat.matchAll(STATED_RATE)) {
    const [, , priorText, priorUnit, , currentText, currentUnit, verb, rateText] = m;
    const at = m.index;
    const prior = sentenceAmount(s, 'last year’s execution', priorText!, priorUnit!, at + m[0].indexOf(priorText!));
    const current = sentenceAmount(s, 'this year’s budget', currentText!, currentUnit!, at + m[0].lastIndexOf(currentText!));
    const rate = /减少|下降|降低/.test(verb!) && !/^0(?:\.0+)?$/.test(rateText!) ? `-${rateText}` : rateText!;
    const declared: Term = { value: rate, decimals: printedDecimals(rateText), factor: '1', ref: sentenceRef(s, 'stated rate', rate, `${verb}${rateText}%`, at + m[0].lastIndexOf(rateText!)) };
    const subject = `rate of change = (${current.ref.printed} − ${prior.ref.printed}) / ${prior.ref.printed}`;
    const recomputed = percentOf(minus(current.value, prior.value), prior.value);
    if (recomputed === null) {
      out.push(insufficient(RULE_ID, FAMILY, subject, [declared.ref, prior.ref, current.ref], 'last year’s figure is zero: a rate of change is undefined'));
      continue;
    }
    out.push(
      compare({
        ruleId: RULE_ID,
        family: FAMILY,
        subject,
        severity: 'error',
        quantity: 'percent',
        declared,
        recomputed,
        range: rangeOf([prior, current], (p, c) => percentOf(minus(c, p), p)),
        from: [prior, current],
        describe: (expected, actual) =>
          `from ${prior.ref.printed} to ${current.ref.printed} is a change of ${expected}%, but the sentence states ${actual}%: “${s.text.replace(/\s+/gu, '')}”`,
      }),
    );
  }
  return out;
}

export const statedRateRule: Rule = {
  id: RULE_ID,
  family: FAMILY,
  severity: 'error',
  tolerance: PRINTED_PRECISION,
  description: 'A rate of change printed beside both its figures (当年预算执行数 X, 预算安排 Y, 比…增加 Z%) follows from them.',
  run: (_report, ctx) => {
    if (!ctx.document) return [insufficient(RULE_ID, FAMILY, 'rates of change beside their two figures', [], 'the document text is not available')];
    return sentencesOf(ctx.document).flatMap(checkSentence);
  },
};
