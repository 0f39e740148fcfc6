/**
 * The narrative text of a document, sentence by sentence with provenance, for the rules that read the
 * words themselves (placeholders, shares printed without %, counts and their parts). Table blocks are not
 * narrative and are left out.
 */
import type { Document } from '../../extractors/model.ts';
import type { ValueRef } from './model.ts';

export interface Sentence {
  readonly text: string;
  readonly block: number;
  /** Character span in the document text (`documentText`), end exclusive. */
  readonly start: number;
  readonly end: number;
}

/** Sentences end at 。；! ? and line ends; the delimiter stays with its sentence. */
const SENTENCE = /[^。；;！!？?\n]+[。；;！!？?]?/g;

export function sentencesOf(doc: Document): readonly Sentence[] {
  const out: Sentence[] = [];
  for (const block of doc.blocks) {
    if (block.type !== 'paragraph' && block.type !== 'heading') continue;
    for (const m of block.text.matchAll(SENTENCE)) {
      const text = m[0];
      if (text.trim() === '') continue;
      const start = block.span.start + m.index;
      out.push({ text, block: block.index, start, end: start + text.length });
    }
  }
  return out;
}

/** A value found in a sentence, with the sentence as provenance; `offset` is within the sentence. */
export function sentenceRef(s: Sentence, label: string, value: string, printed: string, offset = 0, length = printed.length): ValueRef {
  return { label, value, printed, sentence: s.text, block: s.block, start: s.start + offset, end: s.start + offset + length };
}
