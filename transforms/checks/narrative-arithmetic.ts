/**
 * Arithmetic within the narrative: the figures a report states must agree among themselves, whatever the
 * tables say. Parts that must add up (支出 = 基本 + 项目 …, procurement, 三公 and their changes), change
 * percentages (change / last year's figure), shares (part / whole) and completion rates (决算 / 预算).
 */
import { dec, decToString, div } from '../money/decimal.ts';
import type { Fact, NormalisedReport } from '../model.ts';
import {
  PRINTED_PRECISION,
  compare,
  comparePercent,
  compareValues,
  insufficient,
  minus,
  percentOf,
  printedDecimals,
  rangeOf,
  stripZeros,
  total,
  type Term,
} from './compare.ts';
import { unitFactor } from '../money/units.ts';
import { countPartsRule } from './count-parts.ts';
import { statedRateRule } from './stated-rate.ts';
import { itemFiguresRule } from './item-figures.ts';
import { attributeTerm, factLabel, factNear, factOf, factsOf, moneyTerm, percentTerm } from './lookup.ts';
import type { CheckOutcome, Rule } from './model.ts';

const FAMILY = 'narrative-arithmetic' as const;

/** A stated whole and the stated parts it is made of. */
interface Identity {
  readonly total: string;
  readonly parts: readonly string[];
  /**
   * The parts listed are all the parts there are (the template's complete list): a mismatch is an error.
   * When false (the narrative may name only the main classes), only parts exceeding the whole are.
   */
  readonly exhaustive: boolean;
}

const IDENTITIES: readonly Identity[] = [
  {
    total: 'expenditure.total',
    parts: ['expenditure.basic', 'expenditure.project', 'expenditure.remit_upper', 'expenditure.operating', 'expenditure.affiliate_subsidy'],
    exhaustive: true,
  },
  {
    total: 'income.total',
    parts: [
      'income.general_budget_grant',
      'income.gov_fund_grant',
      'income.state_capital_grant',
      'income.upper_subsidy',
      'income.business',
      'income.operating',
      'income.affiliate_remit',
      'income.other',
    ],
    exhaustive: true,
  },
  { total: 'basic_expenditure.total', parts: ['basic_expenditure.personnel', 'basic_expenditure.public_use'], exhaustive: true },
  { total: 'three_public.total', parts: ['three_public.outbound', 'three_public.vehicles', 'three_public.reception'], exhaustive: true },
  { total: 'three_public.vehicles', parts: ['three_public.vehicles.purchase', 'three_public.vehicles.operation'], exhaustive: true },
  {
    total: 'three_public.total.change',
    parts: ['three_public.outbound.change', 'three_public.vehicles.change', 'three_public.reception.change'],
    exhaustive: true,
  },
  { total: 'gov_procurement.total', parts: ['gov_procurement.goods', 'gov_procurement.works', 'gov_procurement.services'], exhaustive: true },
  // Every by_function fact (one per 类) is a part: the narrative may list only the main classes.
  { total: 'general_budget.expenditure', parts: ['general_budget.expenditure.by_function'], exhaustive: false },
];

function checkIdentity(report: NormalisedReport, id: Identity): CheckOutcome {
  const ruleId = `${FAMILY}/parts-sum`;
  const subject = `${id.total} = ${id.parts.join(' + ')}`;
  const whole = moneyTerm(factOf(report, id.total));
  const parts: Term[] = [];
  const missing: string[] = [];
  for (const metric of id.parts) {
    // A metric stated twice (a summary sentence and a detail sentence) is one part, not two; classes
    // (by_function) are told apart by code, else by name and amount.
    const distinct = new Map<string, Term>();
    for (const f of factsOf(report, metric)) {
      // A class figure stated in a sentence that names a 款 or 项 is a detail figure tagged as a class.
      if (metric.endsWith('.by_function') && /（[款项]）|\([款项]\)/.test(f.sentence)) continue;
      const t = moneyTerm(f);
      const key = metric.endsWith('.by_function') ? (f.code ?? `${f.name ?? ''}|${f.yuan ?? ''}`) : '';
      if (t && !distinct.has(key)) distinct.set(key, t);
    }
    if (distinct.size === 0) missing.push(metric);
    parts.push(...distinct.values());
  }
  if (!whole) return insufficient(ruleId, FAMILY, subject, parts.map((p) => p.ref), `${id.total} is not stated as an amount`);
  if (parts.length === 0) return insufficient(ruleId, FAMILY, subject, [whole.ref], `none of the parts is stated`);
  const outcome = compare({
    ruleId,
    family: FAMILY,
    subject,
    severity: 'error',
    quantity: 'yuan',
    declared: whole,
    recomputed: total(parts.map((p) => p.value)),
    from: parts,
    describe: (expected, actual) =>
      `${id.total}: the stated parts (${parts.map((p) => `${p.ref.label} ${p.ref.printed ?? p.value}`).join(' + ')}) add up to ${expected}${whole.ref.unit ?? ''}, but the stated total is ${actual}${whole.ref.unit ?? ''}`,
  });
  if (outcome.outcome === 'pass') return outcome;
  // Parts not stated, or a list that may name only some parts: a shortfall proves nothing; an excess does.
  const shortfall = compareValues(total(parts.map((p) => p.value)), whole.value) < 0;
  if ((missing.length > 0 || !id.exhaustive) && shortfall) {
    return insufficient(ruleId, FAMILY, subject, outcome.values, missing.length > 0 ? `parts not stated: ${missing.join(', ')}` : 'the narrative may list only some of the parts');
  }
  return outcome;
}

const partsSum: Rule = {
  id: `${FAMILY}/parts-sum`,
  family: FAMILY,
  severity: 'error',
  tolerance: PRINTED_PRECISION,
  description: 'A stated total equals the sum of its stated parts (expenditure, income, basic expenditure, 三公 and changes, procurement, classes).',
  run: (report) => IDENTITIES.map((id) => checkIdentity(report, id)),
};

/** An amount in 元 in a printed unit (factor 元 per unit), exactly. */
function decToStringIn(yuan: string, factor: string): string {
  return decToString(div(dec(yuan), dec(factor), 6));
}

/** Year-on-year percentage: change / (current − change). */
function checkChangePct(report: NormalisedReport, pctFact: Fact): CheckOutcome {
  const ruleId = `${FAMILY}/change-pct`;
  const base = pctFact.metric.slice(0, -'.change_pct'.length);
  const subject = `${factLabel(pctFact)} = ${base}.change / last year's ${base}`;
  const declared = percentTerm(pctFact);
  const changeFact = factNear(report, `${base}.change`, pctFact);
  const change = moneyTerm(changeFact);
  const current = moneyTerm(changeFact ? factNear(report, base, changeFact) : undefined);
  const refs = [declared, change, current].filter((t): t is Term => t !== null).map((t) => t.ref);
  if (!declared) return insufficient(ruleId, FAMILY, subject, refs, 'the percentage is not a number');
  if (!change || !current) return insufficient(ruleId, FAMILY, subject, refs, `${!change ? `${base}.change` : base} is not stated beside it (or not only once)`);
  const prior = minus(current.value, change.value);
  const recomputed = percentOf(change.value, prior);
  if (recomputed === null) return insufficient(ruleId, FAMILY, subject, refs, 'last year’s figure is zero: a percentage change is undefined');
  return compare({
    ruleId,
    family: FAMILY,
    subject,
    severity: 'error',
    quantity: 'percent',
    declared,
    recomputed,
    // Both figures are rounded as printed: any rate between their extremes is a correct reading.
    range: rangeOf([change, current], (c, v) => percentOf(c, minus(v, c))),
    from: [change, current],
    describe: (expected, actual) =>
      `${factLabel(pctFact)}: a change of ${change.ref.printed} on last year's ${stripZeros(decToStringIn(prior, change.factor))}${change.ref.unit ?? ''} (${current.ref.printed} minus the change) is ${expected}%, stated ${actual}%`,
  });
}

const changePct: Rule = {
  id: `${FAMILY}/change-pct`,
  family: FAMILY,
  severity: 'error',
  tolerance: PRINTED_PRECISION,
  description: 'A stated change percentage equals the stated change over last year’s figure (current − change).',
  run: (report) => report.facts.filter((f) => f.metric.endsWith('.change_pct')).map((f) => checkChangePct(report, f)),
};

/** The whole a share is of: the metric's parent total, with the one exception the template makes. */
function shareBase(report: NormalisedReport, metric: string): Fact | undefined {
  // "一般公共预算财政拨款支出…占本年支出合计的100%".
  if (metric === 'general_budget.expenditure') return factOf(report, 'expenditure.total');
  // A 三公 share (购置费占“三公”经费的X%) is of the 三公 total, never of the vehicle figure above it.
  if (metric.startsWith('three_public.')) return metric === 'three_public.total' ? undefined : factOf(report, 'three_public.total');
  const parent = metric.slice(0, metric.lastIndexOf('.'));
  if (!parent) return undefined;
  return factOf(report, `${parent}.total`) ?? factOf(report, parent);
}

function checkShare(report: NormalisedReport, f: Fact): CheckOutcome {
  const ruleId = `${FAMILY}/share`;
  const baseFact = shareBase(report, f.metric);
  const subject = `share of ${factLabel(f)} in ${baseFact?.metric ?? 'its total'}`;
  const whole = moneyTerm(baseFact);
  return comparePercent({
    ruleId, family: FAMILY, subject,
    declared: attributeTerm(f, 'sharePct'), part: moneyTerm(f), whole,
    missing: !whole ? 'the total it is a share of is not stated' : 'the share or the amount is not a number',
    zero: 'the total is zero',
    describe: (part, total, expected, actual) => `${factLabel(f)}: ${part.ref.printed} of ${total.ref.printed} is ${expected}%, stated ${actual}%`,
  });
}

const share: Rule = {
  id: `${FAMILY}/share`,
  family: FAMILY,
  severity: 'error',
  tolerance: PRINTED_PRECISION,
  description: 'A stated share (占…%) equals the amount over its total.',
  run: (report) => report.facts.filter((f) => f.sharePct !== null).map((f) => checkShare(report, f)),
};

function checkCompletion(report: NormalisedReport, f: Fact): CheckOutcome {
  const ruleId = `${FAMILY}/completion`;
  const subject = `completion of ${factLabel(f)} against its budget`;
  const budget = moneyTerm(factNear(report, `${f.metric}.budget`, f));
  return comparePercent({
    ruleId, family: FAMILY, subject,
    declared: attributeTerm(f, 'completionPct'), part: moneyTerm(f), whole: budget,
    missing: !budget ? 'the budget figure is not stated in the narrative' : 'the rate or the amount is not a number',
    zero: 'the budget is zero',
    describe: (executed, planned, expected, actual) => `${factLabel(f)}: ${executed.ref.printed} of the budget ${planned.ref.printed} is ${expected}%, stated ${actual}%`,
  });
}

const completion: Rule = {
  id: `${FAMILY}/completion`,
  family: FAMILY,
  severity: 'error',
  tolerance: PRINTED_PRECISION,
  description: 'A stated completion rate (完成预算…%) equals the amount over the budget the narrative states.',
  run: (report) => report.facts.filter((f) => f.completionPct !== null).map((f) => checkCompletion(report, f)),
};

/** The evaluated projects' execution against project expenditure (the seed: 20 + 17.17 = 37.17). */
const projectsSum: Rule = {
  id: `${FAMILY}/projects-sum`,
  family: FAMILY,
  severity: 'warning',
  tolerance: PRINTED_PRECISION,
  description: 'The executed amounts of the performance-evaluated projects add up to project expenditure (they may cover only part of it).',
  run: (report) => {
    const ruleId = `${FAMILY}/projects-sum`;
    const subject = 'Σ performance projects executed = expenditure.project';
    const whole = moneyTerm(factOf(report, 'expenditure.project'));
    const parts: Term[] = report.projects.flatMap((p, i) =>
      p.executedYuan === null
        ? []
        : [{
            value: p.executedYuan,
            decimals: printedDecimals(p.executed),
            factor: unitFactor(p.moneyUnit),
            ref: { label: `project ${i + 1} ${p.name} executed`, value: p.executedYuan, printed: p.executed ?? '', unit: p.moneyUnit, block: p.prov.block },
          }],
    );
    if (!whole || parts.length === 0) {
      return [insufficient(ruleId, FAMILY, subject, [...(whole ? [whole.ref] : []), ...parts.map((p) => p.ref)], !whole ? 'expenditure.project is not stated' : 'no performance project states its execution')];
    }
    const recomputed = total(parts.map((p) => p.value));
    const outcome = compare({
      ruleId,
      family: FAMILY,
      subject,
      severity: 'warning',
      quantity: 'yuan',
      declared: whole,
      recomputed,
      from: parts,
      describe: (expected, actual) => `the evaluated projects executed ${expected}${whole.ref.unit ?? ''} in all, more than the project expenditure of ${actual}${whole.ref.unit ?? ''}`,
    });
    // Self-evaluation covers selected projects: executing less than all project spending is normal.
    if (outcome.outcome === 'finding' && compareValues(recomputed, whole.value) < 0) {
      return [insufficient(ruleId, FAMILY, subject, outcome.values, 'the evaluated projects may cover only part of project expenditure')];
    }
    return [outcome];
  },
};

export const narrativeArithmeticRules: readonly Rule[] = [partsSum, changePct, share, completion, projectsSum, countPartsRule, statedRateRule, itemFiguresRule];
