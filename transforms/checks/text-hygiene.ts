/**
 * Text hygiene: what district reviewers mark by hand in a narrative, besides its figures. Template wording
 * left in (增加（减少）), a reason left empty (主要原因是。), a figure left out (支出预算支出万元), doubled
 * punctuation (。。), 部门 wording in a 单位 report, a comparison with a year other than the last. These say
 * nothing about the figures: their findings are warnings or info, never errors.
 */
import type { NormalisedReport } from '../model.ts';
import type { CheckSeverity, FindingOutcome, Rule } from './model.ts';
import { quotesRule } from './quotes.ts';
import { textFinding, textRule, type Sentence } from './text.ts';

const FAMILY = 'text' as const;

/** One rule: a pattern over each sentence (its text with line breaks and spaces as printed), and a message. */
function patternRule(
  name: string,
  severity: CheckSeverity,
  description: string,
  subject: string,
  find: (s: Sentence, report: NormalisedReport) => Iterable<RegExpMatchArray>,
  message: (m: RegExpMatchArray, s: Sentence) => string,
): Rule {
  const rule = { id: `${FAMILY}/${name}`, family: FAMILY, severity };
  return textRule(rule, description, subject, (s, report) =>
    [...find(s, report)].map((m): FindingOutcome => textFinding(rule, subject, s, m.index ?? 0, m[0], message(m, s))),
  );
}

/** The sentence for a message, without its line breaks, cut at 80 characters. */
function quoted(s: Sentence): string {
  const flat = s.text.replace(/\s+/gu, '');
  return `“${flat.slice(0, 80)}${flat.length > 80 ? '…' : ''}”`;
}

/** 增加（减少）, 增长（减少）, 增长（降低）, （增加/减少）: the template's alternatives, left for the writer to choose. */
const TEMPLATE_WORDING = /(?:增加|增长|上升)\s*[（(]\s*(?:减少|下降|降低)\s*[)）]|[（(]\s*(?:增加|增长)\s*[/／、]\s*(?:减少|下降)\s*[)）]/gu;

const templateWording = patternRule(
  'template-wording',
  'warning',
  'No template wording (增加（减少）, 增长（降低）) is left in the narrative: the writer was to choose one.',
  'no template wording left in the text',
  (s) => s.text.matchAll(TEMPLATE_WORDING),
  (m, s) => `the template wording “${m[0].replace(/\s+/gu, '')}” is left in the text: ${quoted(s)}`,
);

/** 主要原因是。 / 主要原因：；: a reason announced and left empty. */
const EMPTY_REASON = /主要(?:变动)?原因(?:是|为)?\s*[:：]?\s*(?=[。；;]|$)/gu;

const emptyReason = patternRule(
  'empty-reason',
  'warning',
  'A reason announced (主要原因是) is given.',
  'no reason left empty',
  (s) => s.text.matchAll(EMPTY_REASON),
  (_m, s) => `a reason is announced and left empty: ${quoted(s)}`,
);

/** 支出预算支出万元: a unit with no figure before it (the template's blank never filled). */
const EMPTY_FIGURE = /(?:支出|收入|为|安排|合计|总计)\s*(?=万元|亿元)/gu;

const emptyFigure = patternRule(
  'empty-figure',
  'warning',
  'Every amount the narrative announces is printed (no unit without its figure).',
  'no figure left out',
  (s) => s.text.matchAll(EMPTY_FIGURE),
  (_m, s) => `an amount is left out (a unit with no figure): ${quoted(s)}`,
);

/**
 * 。。, ，，, ；；, ：：, 、、 (and 。， ，。): a doubled or clashing mark. Sentences end after 。, so a second
 * 。 starts a sentence of its own: a sentence that starts with 。 is the second of a pair.
 */
const DOUBLED = /([。，；：、])\s*\1|。\s*[，；]|，\s*。|^\s*。/gu;

const doubledPunctuation = patternRule(
  'doubled-punctuation',
  'info',
  'No punctuation mark is doubled (。。, ，，).',
  'no doubled punctuation',
  (s) => s.text.matchAll(DOUBLED),
  (m, s) => (/^\s*。$/u.test(m[0]) ? 'doubled punctuation “。。”: a sentence ends twice' : `doubled punctuation “${m[0].replace(/\s+/gu, '')}”: ${quoted(s)}`),
);

/**
 * 本部门 in a 单位 report: the department template's wording left in a unit's report. (The reverse is not
 * checked: department reports say 本单位 of their units, and 本单位无… notes are common in both.)
 */
const scopeWording = patternRule(
  'scope-wording',
  'info',
  'A 单位 report speaks of its unit (本单位), not of a department (本部门).',
  'the wording fits the report scope',
  (s, report) => (report.meta.scope === 'unit' ? s.text.matchAll(/本部门/gu) : []),
  (_m, s) => `a 单位 report speaks of 本部门: ${quoted(s)}`,
);

/** 与2020年相比 / 比2020年增加 / 较2020年: the year a figure is compared with. */
const COMPARED_YEAR = /(?:与|比|较)\s*((?:19|20)\d{2})\s*年(?:度)?\s*(?:相比|比较|同期|增加|增长|减少|下降|预算执行数|决算数|预算数)/gu;

const comparisonYear = patternRule(
  'comparison-year',
  'info',
  'A comparison with last year names the year before the report’s (or the report’s own year, for its budget).',
  'comparisons name the year before',
  (s, report) => {
    const year = report.meta.year;
    if (year === null) return [];
    return [...s.text.matchAll(COMPARED_YEAR)].filter((m) => {
      const named = Number(m[1]);
      return named !== year - 1 && named !== year;
    });
  },
  (m, s) => `a comparison names ${m[1]}年, not the year before the report: ${quoted(s)}`,
);

export const textHygieneRules: readonly Rule[] = [templateWording, emptyReason, emptyFigure, doubledPunctuation, scopeWording, comparisonYear, quotesRule];
