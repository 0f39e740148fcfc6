/**
 * Unbalanced quotation marks: a stray closing ” or an opening “ never closed. Counted over a narrative
 * run (transforms/narrative/runs.ts: the paragraphs of one section joined, page breaks and line wraps
 * included), never over a sentence, so a quotation that spans sentences (“…。…”) is not a finding. The mark
 * is pointed out in its sentence; one that falls in no sentence is not reported. Info: the figures are not
 * affected.
 */
import { documentText } from '../../extractors/model.ts';
import { narrativeRuns } from '../narrative/runs.ts';
import { insufficient, passed } from './compare.ts';
import type { FindingOutcome, Rule } from './model.ts';
import { sentencesOf, textFinding } from './text.ts';

const RULE = { id: 'text/unbalanced-quotes', family: 'text', severity: 'info' } as const;
const SUBJECT = 'quotation marks are balanced';

/** Offsets (from `base`) of the unmatched quotation marks of a text: strays first in order, then the unclosed. */
export function unmatchedQuotes(text: string, base = 0): number[] {
  const open: number[] = [];
  const stray: number[] = [];
  // “ and ” are single UTF-16 units: string indices are document offsets.
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '“') open.push(base + i);
    else if (text[i] === '”') {
      if (open.length > 0) open.pop();
      else stray.push(base + i);
    }
  }
  return [...stray, ...open].sort((a, b) => a - b);
}

export const quotesRule: Rule = {
  ...RULE,
  tolerance: 'none',
  description: 'Every opening quotation mark “ is closed by ”, and no ” stands alone.',
  run: (_report, ctx) => {
    const doc = ctx.document;
    if (!doc) return [insufficient(RULE.id, RULE.family, SUBJECT, [], 'the document text is not available')];
    const text = documentText(doc);
    const sentences = sentencesOf(doc);
    const found: FindingOutcome[] = [];
    for (const run of narrativeRuns(doc)) {
      const from = run.start[0];
      const to = run.end[run.end.length - 1];
      if (from === undefined || to === undefined) continue;
      for (const at of unmatchedQuotes(text.slice(from, to), from)) {
        const s = sentences.find((x) => x.start <= at && at < x.end);
        if (!s) continue;
        const mark = text[at]!;
        found.push(textFinding(RULE, SUBJECT, s, at - s.start, mark, `${mark === '“' ? 'an opening “ is never closed' : 'a closing ” has no opening “'}: “${s.text.replace(/\s+/gu, '').slice(0, 80)}”`));
      }
    }
    return found.length > 0 ? found : [passed(RULE.id, RULE.family, SUBJECT, [])];
  },
};
