/**
 * Performance self-evaluation tables (绩效目标自评表) as projects.
 * First version: recognises the tables and reports them; project parsing follows.
 */
import { info, result, type Message, type Result } from '../core/messages.ts';
import type { Document } from '../extractors/model.ts';
import type { PerformanceProject } from './model.ts';

/** Extracts one project per performance self-evaluation table of `doc`. */
export function extractProjects(doc: Document): Result<PerformanceProject[]> {
  const messages: Message[] = [];
  for (const b of doc.blocks) {
    if (b.type === 'table' && /绩效/u.test(b.title ?? '') && /自评/u.test(b.title ?? '')) {
      messages.push(info('transform', 'performance/not-implemented', 'performance table recognised but not parsed yet', { block: b.index }));
    }
  }
  return result([], messages);
}
