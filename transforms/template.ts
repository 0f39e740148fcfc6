/**
 * Placeholder templates: the finance bureau's blank template (上海市普陀区XX局, x,xxx万元, tables with every
 * amount cell blank; corpus/xlsx) is no unit's report. An archive holds them beside real reports (docs/domain.md,
 * "Versions"), so the transform says so with `meta/placeholder-template`, and the loader keeps such a
 * report `unidentified` (loaders/warehouse/units.ts UNIDENTIFIED_RULES) instead of making it a unit's current report.
 *
 * A document is a template when the unit it names is a placeholder, or when placeholders stand in its text
 * and no table prints an amount. A filled-in report with a forgotten XX is not one: it keeps its unit and
 * amounts, and the completeness check reports the placeholder.
 */
import { warning, type Message } from '../core/messages.ts';
import type { Document } from '../extractors/model.ts';
import { isPlaceholderName } from './identity/names.ts';
import type { ReportMeta, ReportTable } from './model.ts';

/** The rule id of the message that marks a template. */
export const PLACEHOLDER_TEMPLATE = 'meta/placeholder-template';

/** Template placeholders: XX, ××, ＸＸ, xx standing where a name or a figure belongs, and x,xxx for an amount. */
export const PLACEHOLDER = /(?<![A-Za-z])(?:[xｘ],[xｘ]{3}|[XＸxｘ]{2,}|[×✕]{2,})(?![A-Za-z])/g;

const placeholdersIn = (text: string): string[] => [...text.matchAll(PLACEHOLDER)].map((m) => m[0]);

/** Labelled unit lines of covers: 预算单位：X, 预算主管部门：X, 编制部门：X. */
const UNIT_LABEL = /^(?:预算|决算)?(?:主管部门|单位|编制部门|编制单位|部门|单位名称|部门名称)\s*[：:]\s*(.+)$/;

/** True when the tables hold rows but not one amount: every value cell blank (an empty template). */
export function noAmountPrinted(tables: readonly ReportTable[]): boolean {
  const rows = tables.flatMap((t) => t.rows);
  return rows.length > 0 && rows.every((r) => r.values.every((v) => v.text.trim() === '' || (v.yuan === null && v.percent === null)));
}

/** The `meta/placeholder-template` message when the document is a template, else none. */
export function templateMessages(doc: Document, meta: ReportMeta, tables: readonly ReportTable[]): Message[] {
  const lines = doc.blocks.flatMap((b) => (b.type === 'heading' || b.type === 'paragraph' ? [b.text] : []));
  const unitLines = lines.slice(0, 12).flatMap((l) => UNIT_LABEL.exec(l.replace(/\s+/g, ''))?.[1] ?? []);
  const namedUnit = [meta.unit, ...unitLines].find(isPlaceholderName) ?? null;
  const found = lines.flatMap(placeholdersIn);
  const empty = noAmountPrinted(tables);
  if (namedUnit === null && !(found.length > 0 && empty)) return [];
  const why = [
    namedUnit !== null ? `the unit is printed as “${namedUnit}”` : '',
    found.length > 0 ? `${found.length} placeholder(s) such as “${[...new Set(found)].slice(0, 3).join('”, “')}” stand in the text` : '',
    empty ? 'no table prints an amount' : '',
  ].filter((x) => x !== '');
  return [
    warning('transform', PLACEHOLDER_TEMPLATE, `a template, not a unit's report: ${why.join('; ')}. It is kept unidentified, never the current report of a unit`, {
      file: doc.source.path,
    }),
  ];
}
