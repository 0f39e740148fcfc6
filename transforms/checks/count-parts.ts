/**
 * Counts and their parts in the narrative's own words (“收到…案件893，话务员直接办结97件，交办796件”;
 * “共有车辆1辆，其中：其他用车1辆”). Part of the narrative-arithmetic family; it reads the document text
 * because such counts have no metric of their own.
 *
 * What a sentence proves is limited, so the rule is conservative:
 * - the parts add up to the whole: pass;
 * - parts introduced by 其中 exceed the whole: a finding (a subset cannot be larger than its set);
 * - anything else (fewer, or no 其中 to say the parts belong to the whole): insufficient.
 */
import type { NormalisedReport } from '../model.ts';
import { compareValues, insufficient, passed, total } from './compare.ts';
import type { CheckContext, CheckOutcome, Rule } from './model.ts';
import { clausesOf, sentenceRef, sentencesOf, type Sentence } from './text.ts';

const RULE_ID = 'narrative-arithmetic/count-parts';
const FAMILY = 'narrative-arithmetic' as const;

/** Units of things counted (not money, not time). */
const COUNT_UNIT = '件|个|人|名|次|辆|台|套|家|条|项|所|户|起|批|场';
/** A whole number, not glued to a digit, a point or 第 before it; its unit (if any) and what follows. */
const NUMBER = new RegExp(`(?<![\\d.．第])(\\d+)(?![\\d.．])\\s*(${COUNT_UNIT})?`, 'g');
/** Words that announce a whole: 共有, 累计, 合计, 总数 … */
const WHOLE_WORD = /共有|共计|累计|合计|总计|总数|总额|共$/;
const SUBSET_MARK = /^\s*[（(]?[，,]?\s*其中/;

interface Counted {
  readonly value: string;
  readonly unit: string | null;
  readonly offset: number;
  readonly length: number;
  /** The text right after the number and its unit. */
  readonly after: string;
  readonly before: string;
}

function countsIn(sentence: string): Counted[] {
  const out: Counted[] = [];
  for (const m of sentence.matchAll(NUMBER)) {
    const after = sentence.slice(m.index + m[0].length);
    const unit = m[2] ?? null;
    // Years, months, money and percentages are not counts.
    if (unit === null && /^\s*(?:年|月|日|号|万|元|亿|%|％|\.|．|\d)/.test(after)) continue;
    out.push({ value: m[1] ?? '0', unit, offset: m.index, length: m[0].length, after, before: sentence.slice(0, m.index) });
  }
  return out;
}

function checkSentence(s: Sentence): CheckOutcome | null {
  const counts = countsIn(s.text);
  for (let i = 0; i < counts.length; i++) {
    const whole = counts[i]!;
    const subset = SUBSET_MARK.test(whole.after);
    // A bare number (no unit) is a whole only when punctuation follows it and a whole-word precedes it.
    const announced = WHOLE_WORD.test(whole.before) && (whole.unit !== null || /^\s*[，,]/.test(whole.after));
    if (!subset && !announced) continue;
    const unit = whole.unit ?? counts.slice(i + 1).find((c) => c.unit !== null)?.unit ?? null;
    if (unit === null) continue;
    // “编制15名（其中10名…）”: a bracketed 其中 covers only what is inside the brackets.
    const close = /^\s*[（(]/.test(whole.after) ? s.text.slice(whole.offset + whole.length).search(/[）)]/) : -1;
    const end = close < 0 ? s.text.length : whole.offset + whole.length + close;
    const parts = counts.slice(i + 1).filter((c) => c.unit === unit && c.offset < end);
    if (parts.length === 0) continue;
    const subject = `count ${whole.value}${whole.unit ?? ''} = Σ its ${parts.length} part(s) in ${unit}`;
    const values = [
      sentenceRef(s, 'whole', whole.value, s.text.slice(whole.offset, whole.offset + whole.length), whole.offset, whole.length),
      ...parts.map((p, k) => sentenceRef(s, `part ${k + 1}`, p.value, s.text.slice(p.offset, p.offset + p.length), p.offset, p.length)),
    ];
    const recomputed = total(parts.map((p) => p.value));
    const order = compareValues(recomputed, whole.value);
    if (order === 0) return passed(RULE_ID, FAMILY, subject, values);
    if (order > 0 && subset) {
      return {
        outcome: 'finding',
        ruleId: RULE_ID,
        family: FAMILY,
        subject,
        values,
        severity: 'warning',
        quantity: 'count',
        expected: recomputed,
        actual: whole.value,
        difference: String(BigInt(whole.value) - BigInt(recomputed)),
        declared: whole.value,
        recomputed,
        tolerance: '0',
        message: `the parts listed after 其中 add up to ${recomputed}${unit}, more than the whole of ${whole.value}${unit}: “${s.text.trim()}”`,
      };
    }
    return insufficient(RULE_ID, FAMILY, subject, values, order < 0 ? 'the parts named may not be all the parts' : 'nothing says these figures are parts of the whole');
  }
  return null;
}

export const countPartsRule: Rule = {
  id: RULE_ID,
  family: FAMILY,
  severity: 'warning',
  tolerance: 'exact (counts are whole numbers)',
  description: 'A count stated with its parts (共有…，其中…) is not smaller than the parts, and equals them when they are all listed.',
  run: (_report: NormalisedReport, ctx: CheckContext) => {
    if (!ctx.document) return [insufficient(RULE_ID, FAMILY, 'counts and their parts in the narrative', [], 'the document text is not available')];
    // A count and its parts stand in one clause: a list item ends at ；.
    return sentencesOf(ctx.document)
      .flatMap(clausesOf)
      .map(checkSentence)
      .filter((o): o is CheckOutcome => o !== null);
  },
};
