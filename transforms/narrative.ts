/**
 * Narrative facts: figures the 情况说明 states, in the metric vocabulary of the seed's expected.json.
 * First version: no rules yet, so no facts; says so with a message rather than silently.
 */
import { info, result, type Result } from '../core/messages.ts';
import type { Document } from '../extractors/model.ts';
import type { Fact, ReportMeta } from './model.ts';

/** Extracts the facts stated in the narrative paragraphs of `doc`. */
export function extractFacts(doc: Document, meta: ReportMeta): Result<Fact[]> {
  void doc;
  void meta;
  return result([], [info('transform', 'narrative/not-implemented', 'narrative fact rules are not in place yet; no facts extracted')]);
}
