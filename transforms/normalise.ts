/**
 * The transform stage as one composition: Document → NormalisedReport. Metadata first (the year and kind
 * decide table ids and codebook editions), then the tables with their line items and canonical codes, the
 * narrative facts and the performance projects. Every stage's messages are kept, in stage order. Pure and
 * synchronous, like each stage.
 */
import type { Message, Result } from '../core/messages.ts';
import type { Document } from '../extractors/model.ts';
import type { Codebook } from './codebook/codebook.ts';
import { CODEBOOK_SCHEMES } from './codebook/codes.ts';
import { applyHints, type IdentityHint } from './identity/hints.ts';
import { reportPart } from './identity/part.ts';
import { extractMeta } from './metadata.ts';
import type { NormalisedReport, ReportTable } from './model.ts';
import { extractFacts, type PathResolver } from './narrative/index.ts';
import { extractProjects } from './performance.ts';
import { extractTables } from './tables/index.ts';
import { templateMessages } from './template.ts';

export interface NormaliseContext {
  /** The codebook of canonical codes (shipped lists, learned pairs, imports). */
  readonly codebook: Codebook;
  /** The user's identity hints (`disclosure units hints`): they override the printed unit, year, kind, scope. */
  readonly hints?: readonly IdentityHint[];
}

/** Normalises an extracted document. The extraction messages come first, then each stage's. */
export function normalise(doc: Document, ctx: NormaliseContext): Result<NormalisedReport> {
  const messages: Message[] = [...doc.messages];
  const printed = extractMeta(doc);
  messages.push(...printed.messages);
  const meta = applyHints(printed.value, doc.source.path, ctx.hints ?? []);
  messages.push(...meta.messages);
  const tables = extractTables(doc, meta.value, ctx.codebook);
  messages.push(...tables.messages);
  messages.push(...templateMessages(doc, meta.value, tables.value.tables));
  const facts = extractFacts(doc, meta.value, withReportPairs(ctx.codebook, tables.value.tables, meta.value.year));
  messages.push(...facts.messages);
  const projects = extractProjects(doc);
  messages.push(...projects.messages);
  const report: NormalisedReport = {
    source: doc.source,
    // Which part of a report the file holds decides what it is joined with (companion files).
    meta: { ...meta.value, part: reportPart(tables.value.tables, facts.value) },
    tables: tables.value.tables,
    facts: facts.value,
    projects: projects.value,
    listedTables: tables.value.listed,
    messages,
  };
  return { value: report, messages };
}

/**
 * The codebook as the narrative resolves its 类/款/项 names: the given codebook first and, where it cannot
 * resolve a whole path, the same codebook taught the code–name pairs printed in this report's own tables
 * (docs/domain.md: a code printed beside a name teaches the codebook of that report's year). Learning is done
 * once, and only when a path needs it. Its name conflicts are left to the codebook checks.
 */
function withReportPairs(codebook: Codebook, tables: readonly ReportTable[], year: number | null): PathResolver {
  let learned: Codebook | null = null;
  return {
    resolvePath(scheme, y, names) {
      const first = codebook.resolvePath(scheme, y, names);
      if (year === null || first.value?.complete) return first;
      learned ??= codebook.learn(
        tables.flatMap((t) => t.rows).flatMap((r) => {
          const s = CODEBOOK_SCHEMES.find((x) => x === r.codeScheme);
          return r.code !== null && s && r.name.trim() !== '' ? [{ scheme: s, edition: year, code: r.code, name: r.name.trim(), note: 'this report' }] : [];
        }),
      ).value;
      const second = learned.resolvePath(scheme, y, names);
      return second.value?.complete ? second : first;
    },
  };
}
