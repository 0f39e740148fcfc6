/**
 * A 科目 class name of an older edition in a later year's narrative (医疗卫生与计划生育支出 in a 2026 text,
 * where the codebook of 2026 names 210 卫生健康支出): the writer copied last years' wording. The names come
 * from the codebook (the check context's), the class codes 201–299 of the function scheme: a name is
 * outdated when an earlier year's edition gives it to a class that the report year's edition names
 * otherwise, and no class of the report year carries it. A warning: the figures are not affected.
 */
import { insufficient, passed } from './compare.ts';
import type { CheckCodebook, CheckContext, FindingOutcome, Rule } from './model.ts';
import type { NormalisedReport } from '../model.ts';
import { sentencesOf, textFinding } from './text.ts';

const RULE = { id: 'text/outdated-class-name', family: 'text', severity: 'warning' } as const;
const SUBJECT = 'class names are those of the report year';
/** How many years back the earlier editions are read. */
const YEARS_BACK = 12;
const CLASS_CODES = Array.from({ length: 99 }, (_, i) => String(201 + i));

interface Outdated {
  readonly name: string;
  readonly code: string;
  readonly current: string;
}

/** The class names of earlier editions that the report year's edition no longer uses, with the current name. */
export function outdatedClassNames(codebook: CheckCodebook, year: number): Outdated[] {
  const current = new Map<string, string>();
  for (const code of CLASS_CODES) {
    const name = codebook.lookup('function', year, code)?.name;
    if (name) current.set(code, name);
  }
  const inUse = new Set(current.values());
  const out = new Map<string, Outdated>();
  for (let y = year - YEARS_BACK; y < year; y++) {
    for (const [code, now] of current) {
      const old = codebook.lookup('function', y, code)?.name;
      if (old && old !== now && !inUse.has(old) && !out.has(old)) out.set(old, { name: old, code, current: now });
    }
  }
  return [...out.values()];
}

/** The name as printed, possibly broken over lines: its characters with any whitespace between them. */
const printedAs = (name: string): RegExp => new RegExp([...name].map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*'), 'gu');

function run(report: NormalisedReport, ctx: CheckContext) {
  const year = report.meta.year;
  if (!ctx.document) return [insufficient(RULE.id, RULE.family, SUBJECT, [], 'the document text is not available')];
  if (!ctx.codebook || year === null) return [insufficient(RULE.id, RULE.family, SUBJECT, [], year === null ? 'the report year is unknown' : 'no codebook is available')];
  const outdated = outdatedClassNames(ctx.codebook, year).map((o) => ({ ...o, re: printedAs(o.name) }));
  if (outdated.length === 0) return [passed(RULE.id, RULE.family, SUBJECT, [])];
  const found: FindingOutcome[] = [];
  for (const s of sentencesOf(ctx.document)) {
    // A sentence about an earlier year may name that year's class as it was then.
    const years = [...s.text.matchAll(/((?:19|20)\d{2})\s*年/gu)].map((m) => Number(m[1]));
    if (years.some((y) => y < year) || /上年|上一年|以前年度/.test(s.text)) continue;
    for (const o of outdated) {
      for (const m of s.text.matchAll(o.re)) {
        found.push(textFinding(RULE, SUBJECT, s, m.index, m[0], `the class name “${o.name}” is an older edition's: the ${year} codebook names ${o.code} “${o.current}”`));
      }
    }
  }
  return found.length > 0 ? found : [passed(RULE.id, RULE.family, SUBJECT, [])];
}

export const classNameRules: readonly Rule[] = [
  { ...RULE, tolerance: 'none', description: 'The narrative names the 科目 classes as the codebook of the report year does, not as an older edition.', run },
];
