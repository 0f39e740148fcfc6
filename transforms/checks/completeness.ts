/**
 * Completeness: every standard table of the report's kind is published (or published and declared empty);
 * no template placeholder (XX, ××) is left in the text; no share is printed without its % sign.
 */
import type { NormalisedReport, ReportKind, TableId } from '../model.ts';
import { PERFORMANCE_TABLE_IDS, standardTableIds } from '../tables/registry.ts';
import { insufficient, passed } from './compare.ts';
import type { CheckOutcome, FindingOutcome, Rule } from './model.ts';
import { textFinding, textRule } from './text.ts';
import { noAmountPrinted, PLACEHOLDER } from '../template.ts';

const FAMILY = 'completeness' as const;

/**
 * The standard tables every report of a kind publishes (docs/domain.md: the MoF 9-table sets): the registry's
 * standard ids (data/table-aliases.json, in its order) without the performance tables, which only some
 * reports publish.
 */
export function standardSet(kind: ReportKind): readonly TableId[] {
  return standardTableIds(kind).filter((id) => !PERFORMANCE_TABLE_IDS.has(id));
}

const STANDARD: Readonly<Record<ReportKind, readonly TableId[]>> = { final: standardSet('final'), budget: standardSet('budget') };

const standardTables: Rule = {
  id: `${FAMILY}/standard-tables`,
  family: FAMILY,
  severity: 'warning',
  tolerance: 'none',
  description: 'Every standard table of the report’s kind is published in the document, possibly declared empty (本单位无…).',
  run: (report: NormalisedReport) => {
    const ruleId = `${FAMILY}/standard-tables`;
    const kind = report.meta.kind;
    if (kind === null) return [insufficient(ruleId, FAMILY, 'standard tables published', [], 'the report kind (budget or final) is unknown')];
    return STANDARD[kind].map((id): CheckOutcome => {
      const subject = `${id} published`;
      const table = report.tables.find((t) => t.tableId === id);
      if (table) {
        return passed(ruleId, FAMILY, subject, [{ label: table.title, value: table.emptyNote ?? `${table.rows.length} rows`, tableId: id }]);
      }
      const listed = report.listedTables.includes(id);
      // The 8-table 预算 templates in use before the 国有资本经营 table became standard (Jiangsu 2017–2019) lack it.
      const optional = id === 'budget.t09_state_capital';
      return {
        outcome: 'finding',
        ruleId,
        family: FAMILY,
        subject,
        values: [{ label: id, value: listed ? 'listed by title only' : 'absent', tableId: id }],
        severity: optional && !listed ? 'info' : 'warning',
        quantity: 'text',
        expected: 'published',
        actual: listed ? 'listed by title only' : 'absent',
        difference: '',
        declared: listed ? 'listed' : 'absent',
        recomputed: 'published',
        tolerance: 'none',
        message: listed
          ? `${id} is listed by title among the appendix tables but not included in the document: its figures cannot be checked`
          : `${id} is neither published nor listed in the document`,
      };
    });
  },
};

const PLACEHOLDER_RULE = { id: `${FAMILY}/placeholders`, family: FAMILY, severity: 'warning' } as const;

const placeholderText = textRule(
  PLACEHOLDER_RULE,
  'No template placeholder (XX, ××, x,xxx) is left in the narrative.',
  'no placeholders left in the text',
  (s) =>
    [...s.text.matchAll(PLACEHOLDER)].map((m) =>
      textFinding(PLACEHOLDER_RULE, 'no placeholders left in the text', s, m.index, m[0], `a template placeholder “${m[0]}” is left in the text: “${s.text.trim()}”`),
    ),
);

/** Placeholders in the text, and tables whose every amount cell is blank (an empty template, corpus/xlsx). */
const placeholders: Rule = {
  ...placeholderText,
  description: 'No template placeholder (XX, ××, x,xxx) is left in the narrative, and the tables are filled in.',
  run: (report, ctx) => {
    const text = placeholderText.run(report, ctx);
    if (!noAmountPrinted(report.tables)) return text;
    const rows = report.tables.reduce((n, t) => n + t.rows.length, 0);
    const empty: FindingOutcome = {
      outcome: 'finding',
      ruleId: placeholderText.id,
      family: FAMILY,
      subject: 'tables filled in',
      values: report.tables.map((t) => ({ label: t.title, value: `${t.rows.length} rows, no amount`, tableId: t.tableId })),
      severity: 'warning',
      quantity: 'text',
      expected: 'amounts',
      actual: 'blank',
      difference: '',
      declared: 'blank',
      recomputed: '',
      tolerance: 'none',
      message: `every amount cell of the ${report.tables.length} tables (${rows} rows) is blank: an empty template, not a filled-in report`,
    };
    return [empty, ...text.filter((o) => o.outcome !== 'pass')];
  },
};

/** 占…N followed by punctuation (not by %, a unit or more digits): a share printed without its % sign. */
const SHARE_WITHOUT_PERCENT = /占(?![用地有])[^，。；、\d]{0,12}?(\d+(?:\.\d+)?)(?=[，。；、）)]|$)/g;

const sharesWithoutPercent = textRule(
  { id: `${FAMILY}/share-without-percent`, family: FAMILY, severity: 'warning' },
  'Every share (占…) is printed with its % sign.',
  'shares printed with %',
  (s) =>
    [...s.text.matchAll(SHARE_WITHOUT_PERCENT)].map((m) =>
      textFinding({ id: `${FAMILY}/share-without-percent`, family: FAMILY, severity: 'warning' }, 'shares printed with %', s, m.index, m[0], `a share is printed without %: “${m[0]}” in “${s.text.trim()}”`),
    ),
);

export const completenessRules: readonly Rule[] = [standardTables, placeholders, sharesWithoutPercent];
