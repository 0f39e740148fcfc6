/**
 * The metric vocabulary of narrative facts (the seed's expected.json, docs/domain.md, "Narrative facts") as a
 * small ordered rule table: the words printed before an amount (its label, cleaned: NFKC, no spaces, no
 * years or unit name) → a metric id. First match wins, so specific rules come before general ones
 * (“三公”经费财政拨款支出 is 三公, not a fiscal-grant expenditure; 一般公共预算财政拨款收入 is income).
 *
 * Labels are matched after `splitQualifier` has cut the measure words at their end (年初预算为, 支出决算为,
 * 预算安排), which name which figure of the metric is meant rather than the metric.
 */

/** What a number counts: money (元/万元/亿元), vehicles (辆), people (名/人), pieces of equipment (台/套). */
export type Quantity = 'money' | 'vehicles' | 'persons' | 'items';

export interface MetricRule {
  readonly metric: string;
  readonly pattern: RegExp;
  readonly quantity: Quantity;
}

const money = (metric: string, pattern: RegExp): MetricRule => ({ metric, pattern, quantity: 'money' });

/** Ordered: first match wins. */
export const METRIC_RULES: readonly MetricRule[] = [
  // Totals of the two-sided summary: the fiscal-grant one first, it contains the other's words.
  money('fiscal_grant.total', /财政拨款收[、,]?支总(?:计|预算)|财政拨款收入[、,]?支出(?:预算)?总计/u),
  money('total_income_expense', /收[、,]?支(?:预算)?总计|收入[、,]?支出(?:预算)?总计|收[、,]?支总预算/u),
  money('agency_operating_cost', /机关运行经费/u),
  // Meeting and training costs are stated beside 三公 in budget narratives (Jiangsu); they are not the general budget.
  money('meeting_cost', /会议费/u),
  money('training_cost', /培训费/u),
  // “三公”: the parts before the total, the vehicle total before its two parts.
  money('three_public.vehicles', /公务(?:用)?车(?:辆)?购置及运行(?:维护|维修)?(?:费|经费)?/u),
  money('three_public.vehicles.purchase', /公务(?:用)?车(?:辆)?购置(?:费|支出|经费)?/u),
  money('three_public.vehicles.operation', /公务(?:用)?车(?:用车)?运行(?:维护|维修)?(?:费|经费)?/u),
  money('three_public.outbound', /因公出国(?:\(境\))?/u),
  money('three_public.reception', /公务接待/u),
  money('three_public.total', /三公/u),
  // Income by source.
  money('income.general_budget_grant', /一般公共预算(?:财政)?(?:拨款)?收入/u),
  money('income.gov_fund_grant', /政府性基金(?:预算)?(?:财政)?(?:拨款)?收入/u),
  money('income.state_capital_grant', /国有资本经营(?:预算)?(?:财政)?(?:拨款)?收入/u),
  money('income.fiscal_grant', /财政拨款收入/u),
  money('income.upper_subsidy', /上级补助收入/u),
  money('income.operating', /经营收入/u),
  money('income.affiliate_remit', /附属单位上缴收入/u),
  money('income.business', /事业收入/u),
  money('income.other', /^其他收入$/u),
  money('income.total', /^(?:本年)?收入(?:预算|决算)?(?:合计|总计)?$/u),
  // Expenditure by kind (the 支出决算 section), then the fiscal-grant sections.
  money('expenditure.basic', /^(?:本年)?基本支出$/u),
  money('expenditure.project', /^(?:本年)?项目支出$/u),
  money('expenditure.remit_upper', /上缴上级支出/u),
  money('expenditure.operating', /^经营支出$/u),
  money('expenditure.affiliate_subsidy', /对附属单位补助支出/u),
  money('basic_expenditure.total', /(?:财政拨款|一般公共预算).*基本支出/u),
  money('basic_expenditure.personnel', /^人员经费(?:支出)?$/u),
  money('basic_expenditure.public_use', /^(?:日常)?公用经费(?:支出)?$/u),
  money('gov_fund.expenditure', /政府性基金.*支出/u),
  money('state_capital.expenditure', /国有资本经营.*支出/u),
  money('general_budget.expenditure', /一般公共预算.*支出/u),
  money('fiscal_grant.expenditure', /财政拨款(?:预算)?支出/u),
  money('expenditure.total', /^(?:本年)?支出(?:预算|决算)?(?:合计|总计)?$/u),
  // Government procurement: the small-business parts and the kinds before the total.
  money('gov_procurement.small_micro', /小微企业|小型和微型企业/u),
  money('gov_procurement.sme', /中小企业/u),
  money('gov_procurement.goods', /货物/u),
  money('gov_procurement.works', /(?:采购|购买)工程|工程采购/u),
  money('gov_procurement.services', /(?:采购|购买)服务|服务采购/u),
  money('gov_procurement.total', /政府采购(?:支出|项目)?(?:预算)?(?:总额|金额|总计)?$/u),
  // Assets.
  { metric: 'assets.general_equipment_over_500k', pattern: /50万元(?:\(含\))?以上.*通用设备/u, quantity: 'items' },
  { metric: 'assets.special_equipment_over_1m', pattern: /100万元(?:\(含\))?以上.*专用设备/u, quantity: 'items' },
  { metric: 'assets.equipment_over_1m', pattern: /100万元(?:\(含\))?以上.*设备/u, quantity: 'items' },
  money('assets.current', /^流动资产$/u),
  money('assets.fixed', /^固定资产(?:原值|总额)?$/u),
  { metric: 'vehicles.count', pattern: /共有(?:公务用)?车辆?$|^车辆(?:总数)?$/u, quantity: 'vehicles' },
  // Staffing (单位概况 / 机构设置).
  { metric: 'staffing.quota', pattern: /编制(?:数)?$/u, quantity: 'persons' },
  { metric: 'staffing.leader_posts', pattern: /领导职数$/u, quantity: 'persons' },
  { metric: 'staffing.actual', pattern: /实有(?:人员|人数)$|在职(?:人员|职工)$/u, quantity: 'persons' },
];

/** Metrics that describe a state the organisation section narrates over time: the last statement is the current one. */
export const LAST_STATEMENT_WINS: ReadonlySet<string> = new Set(['staffing.quota', 'staffing.leader_posts', 'staffing.actual']);

/** Printed units after a number and what they count. */
export const UNITS: readonly { readonly pattern: RegExp; readonly unit: string; readonly quantity: Quantity | 'percent' }[] = [
  { pattern: /^亿元/u, unit: '亿元', quantity: 'money' },
  { pattern: /^万元/u, unit: '万元', quantity: 'money' },
  { pattern: /^元/u, unit: '元', quantity: 'money' },
  { pattern: /^%/u, unit: '%', quantity: 'percent' },
  { pattern: /^辆/u, unit: '辆', quantity: 'vehicles' },
  { pattern: /^[名人]/u, unit: '名', quantity: 'persons' },
  { pattern: /^台\(套\)|^台\/套|^台套|^台|^套/u, unit: '台(套)', quantity: 'items' },
];

/** Words that end a label and say the amount is a change: 减少611.78万元, 下降73.59%, 比2020年增加0万元. */
export const CHANGE_VERB = /(增加|增长|上升|提高|增核|减少|下降|降低|核减|节约|减|增)了?$/u;
export const DECREASE = /减|降|节约/u;

/** Which figure of a metric a label's closing words name. */
export type Qualifier = 'base' | 'budget' | 'budget_initial' | 'budget_adjusted' | 'prior_year';

/**
 * Cuts the measure words at the end of a label: "一般公共预算财政拨款支出年初预算为" → core
 * "一般公共预算财政拨款支出", qualifier budget_initial. In a budget report 预算数/预算安排 is the figure
 * itself; in a final report 预算数 is the budget beside the 决算 figure.
 */
export function splitQualifier(label: string, kind: 'budget' | 'final' | null): { core: string; qualifier: Qualifier | null } {
  const s = label.replace(/(?:为|是|达|共计)$/u, '');
  const table: readonly [RegExp, Qualifier][] = [
    [/年初预算(?:数)?$/u, 'budget_initial'],
    [/(?:全年|调整后?)预算(?:数)?$/u, 'budget_adjusted'],
    [/(?:当年|上年)?预算执行数$/u, 'prior_year'],
    [/预算安排(?:数)?$/u, 'base'],
    [/决算(?:数)?$/u, 'base'],
    [/预算(?:数)?$/u, kind === 'final' ? 'budget' : 'base'],
  ];
  for (const [re, q] of table) {
    const m = re.exec(s);
    if (m) return { core: s.slice(0, m.index), qualifier: q };
  }
  return { core: s === label ? label : s, qualifier: s === label ? null : 'base' };
}

/** The metric suffix of a qualifier ('' for the figure itself). */
export function qualifierSuffix(q: Qualifier): string {
  return q === 'base' ? '' : `.${q}`;
}
