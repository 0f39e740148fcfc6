/**
 * The transform stage as one composition: Document → NormalisedReport. Metadata first (the year and kind
 * decide table ids and codebook editions), then the tables with their line items and canonical codes, the
 * narrative facts and the performance projects. Every stage's messages are kept, in stage order. Pure and
 * synchronous, like each stage.
 */
import type { Message, Result } from '../core/messages.ts';
import type { Document } from '../extractors/model.ts';
import type { Codebook } from './codebook.ts';
import { extractMeta } from './metadata.ts';
import type { NormalisedReport } from './model.ts';
import { extractFacts } from './narrative.ts';
import { extractProjects } from './performance.ts';
import { extractTables } from './tables.ts';

export interface NormaliseContext {
  /** The codebook of canonical codes (shipped lists, learned pairs, imports). */
  readonly codebook: Codebook;
}

/** Normalises an extracted document. The extraction messages come first, then each stage's. */
export function normalise(doc: Document, ctx: NormaliseContext): Result<NormalisedReport> {
  const messages: Message[] = [...doc.messages];
  const meta = extractMeta(doc);
  messages.push(...meta.messages);
  const tables = extractTables(doc, meta.value, ctx.codebook);
  messages.push(...tables.messages);
  const facts = extractFacts(doc, meta.value, ctx.codebook);
  messages.push(...facts.messages);
  const projects = extractProjects(doc);
  messages.push(...projects.messages);
  const report: NormalisedReport = {
    source: doc.source,
    meta: meta.value,
    tables: tables.value.tables,
    facts: facts.value,
    projects: projects.value,
    listedTables: tables.value.listed,
    messages,
  };
  return { value: report, messages };
}
