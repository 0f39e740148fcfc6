/**
 * Report metadata from the document: unit, year, kind, scope, narrative money unit.
 * First version: reads the title (first heading or paragraph) only; later versions add aliases and codes.
 */
import { result, warning, type Message, type Result } from '../core/messages.ts';
import type { Document } from '../extractors/model.ts';
import type { ReportKind, ReportMeta } from './model.ts';

/** Reads the report metadata. Year and kind are null with a warning when the document does not state them. */
export function extractMeta(doc: Document): Result<ReportMeta> {
  const messages: Message[] = [];
  const first = doc.blocks.find((b) => b.type === 'heading' || b.type === 'paragraph');
  const title = first && (first.type === 'heading' || first.type === 'paragraph') ? first.text : '';
  const m = /^(.*?)((?:19|20)\d{2})年度?.*?(预算|决算)/u.exec(title);
  const year = m ? Number(m[2]) : null;
  const kind: ReportKind | null = m ? (m[3] === '预算' ? 'budget' : 'final') : null;
  if (year === null) messages.push(warning('transform', 'meta/year-unknown', 'no report year in the title; the report year is left empty'));
  if (kind === null) messages.push(warning('transform', 'meta/kind-unknown', 'neither 预算 nor 决算 in the title; the report kind is left empty'));
  return result(
    {
      unit: m?.[1] ? m[1] : null,
      unitAliases: [],
      unitCode: null,
      parentUnit: null,
      parentUnitCode: null,
      year,
      kind,
      scope: null,
      moneyUnit: null,
    },
    messages,
  );
}
