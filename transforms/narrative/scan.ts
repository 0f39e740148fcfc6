/**
 * The fact scanner: reads a run left to right, number by number. Each number with a unit gets a label (the
 * words since the last delimiter or the last amount); the label decides what it is:
 * - a percentage after 占 is the share of the amount before it, after 完成…预算 its completion, after a change
 *   verb the change_pct of the run's subject (the last figure stated);
 * - an amount after a change verb is the subject's change (a decrease negative);
 * - any other amount is classified by the rule table (metrics.ts), by a 类/款/项 path in or before its label
 *   (by_function / detail facts), or by the measure words alone (支出决算为, 全年预算为) applied to the noun
 *   the run is talking about.
 * Years, codes, dates, document numbers and thresholds (单价50万元以上) are never amounts.
 */
import { parseNumber, toYuan } from '../money/amounts.ts';
import type { MoneyUnit } from '../model.ts';
import {
  CHANGE_VERB,
  DECREASE,
  METRIC_RULES,
  UNITS,
  qualifierSuffix,
  splitQualifier,
  type Quantity,
} from './metrics.ts';
import { sentences, type Run } from './runs.ts';

/** What the scanner found, in clean offsets of its run; narrative.ts turns it into Facts. */
export interface RawFact {
  readonly metric: string;
  /** The printed names of a 类/款/项 path (by_function / detail facts), for the codebook. */
  readonly path: readonly string[] | null;
  /** The name as printed: the path (detail) or the class name (by_function). */
  readonly name: string | null;
  readonly value: string;
  readonly unit: string | null;
  readonly yuan: string | null;
  sharePct: string | null;
  completionPct: string | null;
  /** Clean offset of the number (its sentence is found from it). */
  readonly at: number;
  /** True for the figure of a metric (not a change, share or budget beside it): it becomes the run's subject. */
  readonly base: boolean;
  /** The unit was not printed and the narrative's unit was assumed. */
  readonly assumedUnit: boolean;
}

export interface ScanContext {
  readonly kind: 'budget' | 'final' | null;
  /** The narrative's money unit, for the few figures printed without one (决算数为219.59，…). */
  readonly moneyUnit: MoneyUnit | null;
  /** The unit's names, cut from labels ("中共上海市普陀区委社会工作部2024年度收入支出总计"). */
  readonly unitNames: readonly string[];
}

export interface ScanOutput {
  readonly facts: RawFact[];
  /** Labels of amounts no rule classified (for one info message per document). */
  readonly unclassified: string[];
}

const NUMBER = /(?<![\d.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])/gu;
const DELIMITER = /[,;:。!?]/u;
/** A number that qualifies a noun rather than stating an amount: 单价50万元以上, 100万元(含)以上. */
/** No label is longer than this (the longest seen names the unit, its sub-units and the metric). */
const MAX_LABEL = 100;
/** A change verb before the noun: 增加事业编制2名 is a change of the quota, not the quota. */
const CHANGE_BEFORE_NOUN = /增加|增长|减少|下降|增核|核减|新增/u;
const THRESHOLD = /^(?:\(含\))?以[上下]/u;
/** The start of a stated reason: what follows explains a change and states no figure of the metric. */
const REASON_CLAUSE = /主要(?:变动)?原因|原因(?:是|为|主要是)|(?:增|减)(?:加|少)的原因/u;
/** A sentence that opens with the comparison and refers back to the figure of the sentence before. */
const COMPARISON_OPENING = /^(?:与|较|比)(?:上年|上一年|\d{4}年)|^同比/u;
/**
 * A name inside a 类/款/项 path: stops at punctuation and quotes, but keeps the short bracketed parts some
 * names print (党委办公厅（室）及相关机构事务, 因公出国（境）).
 */
const NAME = String.raw`(?:[^,;:。!?“”"'、()\s]|\((?![类款项])[^()]{1,2}\))+?`;
/** X(类), X(类)Y(款), X(类)Y(款)Z(项). */
const PATH = new RegExp(String.raw`(${NAME})\(类\)(?:(${NAME})\(款\)(?:(${NAME})\(项\))?)?`, 'gu');
/** Y(款)Z(项) under a heading that names the class: "（一）一般公共服务（类）" then "1．党委办公厅（室）…（款）行政运行（项）". */
const SUB_PATH = new RegExp(String.raw`(${NAME})\(款\)(${NAME})\(项\)`, 'gu');
/** List numbering in front of a name. */
const NUMBERING = /^(?:\d+[.、]?|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、|[.、])+/u;

interface Noun {
  readonly metric: string;
  readonly path: readonly string[] | null;
  readonly name: string | null;
}

interface PathEvent {
  readonly from: number;
  readonly to: number;
  readonly noun: Noun;
}

function findPaths(clean: string, heading: string, printedOf: (from: number, to: number) => string): PathEvent[] {
  const out: PathEvent[] = [];
  // The path expressions are costly to try at every position of a long run; most runs have no marker.
  if (!clean.includes('(类)') && !clean.includes('(款)')) return out;
  const lead = (text: string): number => NUMBERING.exec(text)?.[0].length ?? 0;
  for (const m of clean.matchAll(PATH)) {
    // List numbering before the class name ("1.社会保障和就业（类）…") is not part of the path.
    const from = m.index + lead(m[0]);
    const to = m.index + m[0].length;
    const names = [m[1], m[2], m[3]].filter((n): n is string => n !== undefined).map((n) => n.slice(lead(n))).filter((n) => n !== '');
    if (names.length === 2) continue; // a 类 and 款 without 项 names no line the narrative states
    const byFunction = names.length === 1;
    out.push({
      from,
      to,
      noun: {
        metric: byFunction ? 'general_budget.expenditure.by_function' : 'general_budget.expenditure.detail',
        path: names,
        name: byFunction ? names[0]!.replace(/支出$/u, '') : printedOf(from, to),
      },
    });
  }
  const headingClass = /(?:^|[)、])([^()]+?)\(类\)$/u.exec(heading)?.[1];
  for (const m of clean.matchAll(SUB_PATH)) {
    if (out.some((p) => m.index < p.to && m.index + m[0].length > p.from)) continue;
    const from = m.index + lead(m[0]);
    const names = [m[1]!.slice(lead(m[1]!)), m[2]!];
    out.push({
      from,
      to: m.index + m[0].length,
      noun: {
        metric: 'general_budget.expenditure.detail',
        // Without the class in the heading the path cannot resolve; the fact keeps a null code (and says so).
        path: headingClass ? [headingClass, ...names] : names,
        name: printedOf(from, m.index + m[0].length),
      },
    });
  }
  return out.sort((a, b) => a.from - b.from);
}

/** Removes what a label carries besides its noun: years, the unit's own name, remarks in brackets, quotes. */
function cleanLabel(label: string, ctx: ScanContext): string {
  let s = label;
  for (const name of ctx.unitNames) if (name) s = s.split(name).join('');
  return s
    .replace(/(?:19|20)\d{2}年度?/gu, '')
    .replace(/\([^()]{3,}\)/gu, '')
    .replace(/[“”"'‘’]/gu, '')
    // List numbering: 1. / 1、 / (一) / (1) / 一、, possibly several ("(二)、").
    .replace(/^(?:[、\s.)]|\d+[、.]?|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、)+/u, '')
    .replace(/^(?:其中|另外|此外|截至|截止)/u, '')
    .replace(/^(?:本部门|本单位|我单位|单位)/u, '');
}

function classify(core: string, quantity: Quantity): { metric: string; changeBefore: boolean } | null {
  for (const rule of METRIC_RULES) {
    if (rule.quantity !== quantity) continue;
    const m = rule.pattern.exec(core);
    if (m) return { metric: rule.metric, changeBefore: CHANGE_BEFORE_NOUN.test(core.slice(0, m.index)) };
  }
  return null;
}

/** Scans one run. `printedOf` gives the printed text of a clean range (for detail names). */
export function scanRun(run: Run, ctx: ScanContext, printedOf: (from: number, to: number) => string): ScanOutput {
  const { clean } = run;
  const facts: RawFact[] = [];
  const unclassified: string[] = [];
  const paths = findPaths(clean, run.heading, printedOf);
  let labelFrom = 0;
  let noun: Noun | null = null;
  let nounFrom = -1;
  const emit = (f: RawFact): void => {
    facts.push(f);
    inSentence.push(f);
    strayAmount = false;
  };
  const sents = sentences(run);
  let sentence = -1;
  let sentenceFrom = 0;
  let reasonFrom = Infinity;
  // Facts stated in the current sentence, and whether an amount no rule classified came after the last one.
  let inSentence: RawFact[] = [];
  let previousSentence: RawFact[] = [];
  let strayAmount = false;
  // The metric a change in this sentence named itself (公务接待费支出决算比2020年减少0.18万元，下降100%).
  let changed: Noun | null = null;

  for (const m of clean.matchAll(NUMBER)) {
    const at = m.index;
    // Evidence stays within its sentence: a new sentence starts with no noun and no subject of its own.
    const now = sents.findIndex((s) => at >= s.from && at < s.to);
    if (now !== sentence) {
      previousSentence = now === sentence + 1 ? inSentence : [];
      sentence = now;
      sentenceFrom = sents[now]?.from ?? at;
      inSentence = [];
      strayAmount = false;
      changed = null;
      if (!noun?.path) noun = null;
      const reason = REASON_CLAUSE.exec(clean.slice(sentenceFrom, sents[now]?.to ?? clean.length));
      reasonFrom = reason ? sentenceFrom + reason.index : Infinity;
    }
    // Figures in a stated reason (主要原因是…压减10%，…增加200万元) explain the change; they are not the metric's.
    if (at > reasonFrom) continue;
    // A short window is enough for the unit and a threshold; slicing the rest of a long run is quadratic.
    const after = clean.slice(at + m[0].length, at + m[0].length + 16);
    if (THRESHOLD.test(after.replace(/^(?:亿元|万元|元)/u, '')) && /^(?:亿元|万元|元)/u.test(after)) continue;
    const unitSpec = UNITS.find((u) => u.pattern.test(after));
    // Most numbers without a unit (table lines, dates, document numbers) are no figure: skip them early.
    if (!unitSpec && (clean[at - 1] !== '为' || !/^[,;。]/u.test(after))) continue;
    // The label starts after the last delimiter or the last amount, whichever is later, and is never long.
    let from = Math.max(labelFrom, at - MAX_LABEL);
    for (let i = at - 1; i >= labelFrom; i--) {
      if (DELIMITER.test(clean[i]!)) {
        from = i + 1;
        break;
      }
    }
    // A path seen before this number makes it the noun (the path's own label or an item's measure words).
    for (const p of paths) {
      if (p.to <= at && p.from >= nounFrom) {
        noun = p.noun;
        nounFrom = p.to;
      }
    }
    const pathInLabel = paths.some((p) => p.to > from && p.to <= at);
    const rawLabel = clean.slice(from, at);
    const label = cleanLabel(rawLabel, ctx);
    const parsed = parseNumber(m[0]);
    if (!parsed) continue;

    let unit = unitSpec ? (after.match(unitSpec.pattern)?.[0] ?? unitSpec.unit) : null;
    let quantity = unitSpec?.quantity ?? null;
    let assumedUnit = false;
    if (!unitSpec) {
      // A figure without unit counts only where the label asks for one (…决算数为219.59，完成…).
      if (!/为$/u.test(rawLabel) || !/^[,;。]/u.test(after) || ctx.moneyUnit === null || /^(?:19|20)\d{2}$/u.test(m[0])) continue;
      unit = ctx.moneyUnit;
      quantity = 'money';
      assumedUnit = true;
    }
    labelFrom = at + m[0].length + (assumedUnit ? 0 : (unit?.length ?? 0));

    // The subject of a change: the last figure of a metric stated in this sentence, or, in a sentence that
    // opens with the comparison (项目支出预算数为4335.3万元。与上年相比减少了1237.7万元), in the one before.
    // An amount no rule classified in between is what the change refers to: then there is no subject.
    const opensWithComparison = COMPARISON_OPENING.test(clean.slice(sentenceFrom, at));
    const subject = strayAmount
      ? null
      : (inSentence.findLast((f) => f.base) ?? (opensWithComparison && !inSentence.some((f) => f.base) ? previousSentence.findLast((f) => f.base) : undefined) ?? null);
    if (quantity === 'percent') {
      const target = inSentence[inSentence.length - 1] ?? (opensWithComparison ? previousSentence[previousSentence.length - 1] : undefined) ?? null;
      if (/^占/u.test(label) && target && target.sharePct === null) target.sharePct = parsed.value;
      else if (/完成|预算的|执行率|完成率/u.test(label) && target && target.completionPct === null) target.completionPct = parsed.value;
      else if (CHANGE_VERB.test(label) && (subject ?? changed)) {
        const of = (subject ?? changed)!;
        emit({ ...blank(at), metric: `${of.metric}.change_pct`, path: of.path, name: of.name, value: signed(parsed.value, label), unit: '%', base: false });
      }
      continue;
    }
    const yuan = quantity === 'money' && unit ? toYuan(parsed.value, unit as MoneyUnit) : null;
    const numberPart = { value: parsed.value, unit, yuan, at, assumedUnit, sharePct: null, completionPct: null };

    if (CHANGE_VERB.test(label)) {
      const stem = label.replace(CHANGE_VERB, '');
      const named = quantity ? classify(splitQualifier(stem, ctx.kind).core, quantity) : null;
      const of: Noun | null = subject ?? (named ? { metric: named.metric, path: null, name: null } : null);
      if (of) {
        changed = subject ? null : of;
        const value = signed(parsed.value, label);
        emit({ ...numberPart, metric: `${of.metric}.change`, path: of.path, name: of.name, value, yuan: yuan && value.startsWith('-') ? `-${yuan}` : yuan, base: false });
      } else {
        unclassified.push(rawLabel);
        strayAmount = true;
      }
      continue;
    }

    if (pathInLabel && noun && quantity === 'money') {
      emit({ ...numberPart, ...noun, base: true });
      continue;
    }
    const { core, qualifier } = splitQualifier(label, ctx.kind);
    // A part named inside its whole's brackets (公务接待费3万元（含外宾接待0.00万元）) is not a metric's figure.
    if (/\(含[^)]*$/u.test(rawLabel) || /^含/u.test(label)) continue;
    // "支出决算为" after a 类/款/项 path or a named item of the same sentence (因公出国（境）费…，支出决算为)
    // is that item's figure, not the unit's total expenditure.
    const named = quantity && core !== '' && !(core === '支出' && noun) ? classify(core, quantity) : null;
    if (named) {
      const metric = named.changeBefore ? `${named.metric}.change` : named.metric + (qualifier ? qualifierSuffix(qualifier) : '');
      noun = { metric: named.metric, path: null, name: null };
      nounFrom = at;
      emit({ ...numberPart, metric, path: null, name: null, base: !named.changeBefore && (qualifier === null || qualifier === 'base') });
      continue;
    }
    // Measure words alone (支出决算为, 全年预算为): the figure of the noun the run is talking about.
    if (qualifier && noun && (core === '' || core === '支出') && quantity === 'money') {
      emit({ ...numberPart, ...noun, metric: noun.metric + qualifierSuffix(qualifier), base: qualifier === 'base' });
      continue;
    }
    // A by_function list goes on without (类) markers: 城乡社区支出193.65万元，占88%。
    const previous = facts[facts.length - 1];
    if (quantity === 'money' && previous?.metric === 'general_budget.expenditure.by_function' && /支出$/u.test(core) && core.length > 2) {
      const name = core.replace(/支出$/u, '');
      emit({ ...numberPart, metric: previous.metric, path: [core], name, base: true });
      continue;
    }
    if (quantity === 'money') {
      unclassified.push(rawLabel);
      strayAmount = true;
    }
  }
  return { facts, unclassified };
}

function blank(at: number): Omit<RawFact, 'metric' | 'path' | 'name' | 'value' | 'unit' | 'base'> {
  return { yuan: null, sharePct: null, completionPct: null, at, assumedUnit: false };
}

/** A decrease is negative: 减少611.78 → "-611.78"; zero stays "0". */
function signed(value: string, label: string): string {
  const verb = CHANGE_VERB.exec(label)?.[1] ?? '';
  if (!DECREASE.test(verb) || /^0(?:\.0+)?$/u.test(value) || value.startsWith('-')) return value;
  return `-${value}`;
}
