/**
 * The narrative text of a document, sentence by sentence with provenance, for the rules that read the
 * words themselves (placeholders, template wording, shares printed without %, counts and their parts).
 * Table blocks are not narrative and are left out.
 *
 * The sentences are those of the fact scanner (transforms/narrative/runs.ts: runs of paragraphs split
 * after 。！？), so that fact extraction and the text rules see the same sentences; a PDF sentence cut over
 * several printed lines is one sentence here too. Headings are sentences of their own.
 */
import { documentText, type Document } from '../../extractors/model.ts';
import type { NormalisedReport } from '../model.ts';
import { narrativeRuns, sentences } from '../narrative/runs.ts';
import { dec, decToString, mul } from '../money/decimal.ts';
import { unitFactor } from '../money/units.ts';
import { insufficient, passed, printedDecimals, type Term } from './compare.ts';
import type { CheckContext, CheckSeverity, FindingOutcome, Rule, RuleFamily, ValueRef } from './model.ts';

export interface Sentence {
  /** The document text of the sentence, line breaks included (offsets into it are document offsets − start). */
  readonly text: string;
  readonly block: number;
  /** Character span in the document text (`documentText`), end exclusive. */
  readonly start: number;
  readonly end: number;
}

/**
 * Cache: the sentences of a document, made once for all the text rules that read them (a dozen per report;
 * about 2 ms each on a real report). Documents are never changed after extraction; entries go with them.
 */
const sentencesMemo = new WeakMap<Document, readonly Sentence[]>();

/** The narrative's sentences and the headings, in document order (computed once per document). */
export function sentencesOf(doc: Document): readonly Sentence[] {
  let found = sentencesMemo.get(doc);
  if (!found) {
    found = readSentences(doc);
    sentencesMemo.set(doc, found);
  }
  return found;
}

function readSentences(doc: Document): readonly Sentence[] {
  const text = documentText(doc);
  const out: Sentence[] = [];
  for (const run of narrativeRuns(doc)) {
    for (const s of sentences(run)) {
      const start = run.start[s.from]!;
      const end = run.end[s.to - 1]!;
      const printed = text.slice(start, end);
      if (printed.trim() !== '') out.push({ text: printed, block: run.block[s.from]!, start, end });
    }
  }
  for (const b of doc.blocks) {
    if (b.type === 'heading' && b.text.trim() !== '') out.push({ text: b.text, block: b.index, start: b.span.start, end: b.span.start + b.text.length });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A value found in a sentence, with the sentence as provenance; `offset` is within the sentence. */
export function sentenceRef(s: Sentence, label: string, value: string, printed: string, offset = 0, length = printed.length): ValueRef {
  return { label, value, printed, sentence: s.text, block: s.block, start: s.start + offset, end: s.start + offset + length };
}

/** A money amount as printed in a sentence: the figure (thousands separators allowed) and its unit. */
export const SENTENCE_AMOUNT = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(万元|亿元|元)`;

/** A printed amount of a sentence (`text` and `unit` as SENTENCE_AMOUNT captures them) as a term in 元. */
export function sentenceAmount(s: Sentence, label: string, text: string, unit: string, offset: number): Term {
  const plain = text.replace(/,/g, '');
  const factor = unitFactor(unit);
  const value = decToString(mul(dec(plain), dec(factor)));
  return { value, decimals: printedDecimals(plain), factor, ref: { ...sentenceRef(s, label, value, `${text}${unit}`, offset), unit } };
}

/** The clauses of a sentence, split after ；/; (a list of items, each with its own whole and parts). */
export function clausesOf(s: Sentence): Sentence[] {
  const out: Sentence[] = [];
  for (const m of s.text.matchAll(/[^；;]+[；;]?/gu)) {
    if (m[0].trim() === '') continue;
    const start = s.start + m.index;
    out.push({ text: m[0], block: s.block, start, end: start + m[0].length });
  }
  return out;
}

/** A finding about the words of a sentence (a placeholder, template wording, doubled punctuation …). */
export function textFinding(
  rule: { readonly id: string; readonly family: RuleFamily; readonly severity: CheckSeverity },
  subject: string,
  s: Sentence,
  offset: number,
  printed: string,
  message: string,
): FindingOutcome {
  return {
    outcome: 'finding',
    ruleId: rule.id,
    family: rule.family,
    subject,
    values: [sentenceRef(s, 'printed', printed, printed, offset)],
    severity: rule.severity,
    quantity: 'text',
    expected: '',
    actual: printed,
    difference: '',
    declared: printed,
    recomputed: '',
    tolerance: '0',
    message,
  };
}

/**
 * A rule over the sentences of the document: `scan` gives the findings of one sentence (and may look at
 * the report, for its year or scope). Without the document it says so; with nothing found it passes.
 */
export function textRule(
  rule: { readonly id: string; readonly family: RuleFamily; readonly severity: CheckSeverity },
  description: string,
  subject: string,
  scan: (s: Sentence, report: NormalisedReport) => FindingOutcome[],
): Rule {
  return {
    ...rule,
    tolerance: 'none',
    description,
    run: (report: NormalisedReport, ctx: CheckContext) => {
      if (!ctx.document) return [insufficient(rule.id, rule.family, subject, [], 'the document text is not available')];
      const found = sentencesOf(ctx.document).flatMap((s) => scan(s, report));
      return found.length > 0 ? found : [passed(rule.id, rule.family, subject, [])];
    },
  };
}
