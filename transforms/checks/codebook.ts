/**
 * Code against codebook: a code printed with a name that the codebook of its edition does not give it is a
 * finding (docs/domain.md: a contradiction is a finding, not a silent fix). The codebook is partial, so a code
 * it does not know is insufficient data, never a finding.
 */
import type { LineItem, NormalisedReport, ReportTable } from '../model.ts';
import { insufficient, passed } from './compare.ts';
import { shortId } from './lookup.ts';
import type { CheckContext, CheckOutcome, Rule, ValueRef } from './model.ts';

const FAMILY = 'codebook' as const;
const RULE_ID = `${FAMILY}/name`;

/** Names compared without whitespace, with bracket and quote variants unified. */
export function comparableName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[“”"'‘’]/g, '');
}

function rowRef(table: ReportTable, row: LineItem): ValueRef {
  return { label: `${shortId(table.tableId)} ${row.code}`, value: row.name, printed: row.name, tableId: table.tableId, side: row.side, row: row.order, code: row.code, block: row.prov.block };
}

function checkRow(report: NormalisedReport, table: ReportTable, row: LineItem, ctx: CheckContext): CheckOutcome | null {
  if (row.code === null || row.codeScheme === 'none' || report.meta.year === null || !ctx.codebook) return null;
  const subject = `${row.code} ${row.name} in the ${row.codeScheme} codebook of ${report.meta.year}`;
  const ref = rowRef(table, row);
  const found = ctx.codebook.lookup(row.codeScheme, report.meta.year, row.code);
  if (!found) return insufficient(RULE_ID, FAMILY, subject, [ref], `the codebook does not know ${row.code} for ${report.meta.year}`);
  const entry = { edition: found.edition, name: found.name, source: found.entry.source };
  const known: ValueRef = { label: `codebook ${entry.edition} (${entry.source})`, value: entry.name, printed: entry.name, code: row.code };
  const printed = comparableName(row.name);
  const expected = comparableName(entry.name);
  if (printed === expected) return passed(RULE_ID, FAMILY, subject, [ref, known]);
  // Names change between editions (20805 行政事业单位离退休 became 行政事业单位养老支出): another edition's
  // name does not contradict this year's.
  if (!found.exact) {
    return insufficient(RULE_ID, FAMILY, subject, [ref, known], `the codebook has no ${report.meta.year} edition of ${row.code}; the ${entry.edition} edition names it “${entry.name}”`);
  }
  // A name cut short by a narrow column (万里 2023: “机关事业单位基本养老保险缴费支”) is a printing defect, not a different code.
  const truncated = printed.length >= 4 && expected.startsWith(printed);
  return {
    outcome: 'finding',
    ruleId: RULE_ID,
    family: FAMILY,
    subject,
    values: [ref, known],
    severity: truncated ? 'info' : 'warning',
    quantity: 'text',
    expected: entry.name,
    actual: row.name,
    difference: '',
    declared: row.name,
    recomputed: entry.name,
    tolerance: 'whitespace, bracket and quote variants',
    message: truncated
      ? `${shortId(table.tableId)} prints ${row.code} as “${row.name}”, cut short of “${entry.name}” (codebook ${entry.edition})`
      : `${shortId(table.tableId)} prints ${row.code} as “${row.name}”, but the codebook of ${entry.edition} names it “${entry.name}”`,
  };
}

const names: Rule = {
  id: RULE_ID,
  family: FAMILY,
  severity: 'warning',
  tolerance: 'whitespace, bracket and quote variants',
  description: 'Each code is printed with the name the codebook of its edition gives it.',
  run: (report: NormalisedReport, ctx: CheckContext) => {
    if (!ctx.codebook) return [insufficient(RULE_ID, FAMILY, 'codes against the codebook', [], 'no codebook was given')];
    return report.tables.flatMap((t) => t.rows.map((r) => checkRow(report, t, r, ctx)).filter((o): o is CheckOutcome => o !== null));
  },
};

export const codebookRules: readonly Rule[] = [names];

