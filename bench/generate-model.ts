/**
 * The content of synthetic budget (预算) and final-accounts (决算) reports, for the sample archive and the
 * ingest benchmark. Pure and deterministic: the same (unit, year, kind) always gives the same report.
 *
 * The reports follow the MoF template of docs/domain.md: a unit overview, a narrative that states the totals
 * (收支总计, 收入/支出 composition, 一般公共预算 by 类, 基本支出, “三公”经费) and the nine standard appendix
 * tables t01–t09 with function codes 类/款/项, economic codes for basic expenditure, two-sided summary
 * tables and empty tables with a note. Every amount is an integer number of 0.01 万元 (100 元), so that the
 * printed 万元 figures are exact and every 合计, 类 and 款 is the exact sum of its parts.
 */

export type SynthKind = 'budget' | 'final';

/** A header cell; body cells are plain strings. */
export interface SynthCell {
  readonly text: string;
  readonly colSpan?: number;
  readonly rowSpan?: number;
}

export interface SynthTable {
  /** The canonical table id this table should be recognised as (docs/domain.md). */
  readonly id: string;
  readonly title: string;
  /** The caption line printed above the table. */
  readonly unitCaption: string;
  readonly header: readonly (readonly SynthCell[])[];
  readonly body: readonly (readonly string[])[];
  /** A note printed instead of body rows (本单位无…), for tables declared empty. */
  readonly emptyNote?: string;
}

export interface SynthSection {
  readonly heading: string;
  /** 2 = 第X部分, 3 = 一、, 4 = （一）. */
  readonly level: 2 | 3 | 4;
  readonly paragraphs: readonly string[];
}

export interface SynthReport {
  readonly unit: string;
  readonly unitCode: string;
  readonly year: number;
  readonly kind: SynthKind;
  readonly title: string;
  readonly sections: readonly SynthSection[];
  readonly tables: readonly SynthTable[];
  /** A file name without extension: `<unit code>-<year>-<kind>`. */
  readonly stem: string;
  /** Body rows over all tables (a rough count of the line items a loader should see). */
  readonly bodyRows: number;
}

/** One 项-level function code with its 类 and 款. */
interface FunctionLeaf {
  readonly lei: readonly [string, string];
  readonly kuan: readonly [string, string];
  readonly xiang: readonly [string, string];
}

const L = (lei: [string, string], kuan: [string, string], xiang: [string, string]): FunctionLeaf => ({ lei, kuan, xiang });
const GEN: [string, string] = ['201', '一般公共服务支出'];
const CUL: [string, string] = ['207', '文化旅游体育与传媒支出'];
const SOC: [string, string] = ['208', '社会保障和就业支出'];
const HEA: [string, string] = ['210', '卫生健康支出'];
const URB: [string, string] = ['212', '城乡社区支出'];
const AGR: [string, string] = ['213', '农林水支出'];
const HOU: [string, string] = ['221', '住房保障支出'];

/** Function codes used by the synthetic units (names as in the 2021–2025 editions). */
const LEAVES = {
  govOffice: [
    L(GEN, ['20103', '政府办公厅（室）及相关机构事务'], ['2010301', '行政运行']),
    L(GEN, ['20103', '政府办公厅（室）及相关机构事务'], ['2010302', '一般行政管理事务']),
    L(GEN, ['20103', '政府办公厅（室）及相关机构事务'], ['2010350', '事业运行']),
  ],
  culture: [
    L(CUL, ['20701', '文化和旅游'], ['2070101', '行政运行']),
    L(CUL, ['20701', '文化和旅游'], ['2070109', '群众文化']),
    L(CUL, ['20701', '文化和旅游'], ['2070111', '文化和旅游市场管理']),
  ],
  pension: [
    L(SOC, ['20805', '行政事业单位养老支出'], ['2080505', '机关事业单位基本养老保险缴费支出']),
    L(SOC, ['20805', '行政事业单位养老支出'], ['2080506', '机关事业单位职业年金缴费支出']),
  ],
  medical: [
    L(HEA, ['21011', '行政事业单位医疗'], ['2101101', '行政单位医疗']),
    L(HEA, ['21011', '行政事业单位医疗'], ['2101102', '事业单位医疗']),
  ],
  urban: [
    L(URB, ['21201', '城乡社区管理事务'], ['2120101', '行政运行']),
    L(URB, ['21201', '城乡社区管理事务'], ['2120102', '一般行政管理事务']),
    L(URB, ['21201', '城乡社区管理事务'], ['2120199', '其他城乡社区管理事务支出']),
  ],
  farming: [
    L(AGR, ['21301', '农业农村'], ['2130101', '行政运行']),
    L(AGR, ['21301', '农业农村'], ['2130104', '事业运行']),
    L(AGR, ['21301', '农业农村'], ['2130108', '病虫害控制']),
  ],
  housing: [L(HOU, ['22102', '住房改革支出'], ['2210201', '住房公积金'])],
} as const;

/** A synthetic budget unit: fictional names, realistic shapes. */
export interface SynthUnit {
  readonly name: string;
  readonly code: string;
  readonly duties: string;
  readonly leaves: readonly FunctionLeaf[];
  /** Whether part of its projects is funded by 事业收入 (a 事业单位). */
  readonly businessIncome: boolean;
}

const COMMON = [...LEAVES.pension, ...LEAVES.medical, ...LEAVES.housing];

/** The units of the sample archive; the benchmark cycles through them under numbered names. */
export const UNITS: readonly SynthUnit[] = [
  { name: '青原市城市管理综合行政执法局', code: '801001', duties: '负责全市城市管理和综合行政执法工作，拟订城市管理政策并组织实施。', leaves: [...LEAVES.urban, ...COMMON], businessIncome: false },
  { name: '青原市数字化城市管理指挥中心', code: '801002', duties: '负责全市数字城管平台和12345热线的运行管理，采集、派遣、督办城市问题。', leaves: [LEAVES.urban[2]!, ...COMMON], businessIncome: true },
  { name: '临溪县文化广播电视和旅游局', code: '802001', duties: '负责全县文化、广播电视、旅游和文物工作，组织群众文化活动。', leaves: [...LEAVES.culture, ...COMMON], businessIncome: false },
  { name: '临溪县农业农村局', code: '803001', duties: '统筹研究和组织实施全县“三农”工作，负责种植业、畜牧业和农村经营管理。', leaves: [...LEAVES.farming, ...COMMON], businessIncome: true },
  { name: '青原市人民政府办公室', code: '804001', duties: '协助市政府领导处理政府日常工作，负责政务督查、政务公开和电子政务。', leaves: [...LEAVES.govOffice, ...COMMON], businessIncome: false },
];

/** Economic codes of basic expenditure: 人员经费 (301) and 公用经费 (302). */
const PERSONNEL: readonly [string, string][] = [
  ['30101', '基本工资'], ['30102', '津贴补贴'], ['30103', '奖金'], ['30107', '绩效工资'],
  ['30108', '机关事业单位基本养老保险缴费'], ['30110', '职工基本医疗保险缴费'], ['30113', '住房公积金'],
];
const PUBLIC_USE: readonly [string, string][] = [
  ['30201', '办公费'], ['30205', '水费'], ['30206', '电费'], ['30211', '差旅费'], ['30217', '公务接待费'],
  ['30228', '工会经费'], ['30231', '公务用车运行维护费'], ['30299', '其他商品和服务支出'],
];

/** mulberry32: a small deterministic PRNG, seeded from the report's identity. */
function rng(seedText: string): () => number {
  let seed = 2166136261;
  for (const ch of seedText) seed = Math.imul(seed ^ ch.codePointAt(0)!, 16777619) >>> 0;
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: () => number, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

/** Formats a count of 0.01 万元 as printed (219.59). */
export function wan(n: number): string {
  const sign = n < 0 ? '-' : '';
  const a = Math.abs(n);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** a / b as a percentage rounded to `digits` decimals, printed; "0" when b is 0. */
function pct(a: number, b: number, digits = 2): string {
  if (b === 0) return '0';
  const scale = 10 ** digits;
  const v = Math.round((a * 100 * scale) / b);
  return digits === 0 ? String(v) : (v / scale).toFixed(digits);
}

/** Per-leaf amounts, in 0.01 万元. */
interface LeafMoney {
  readonly leaf: FunctionLeaf;
  readonly basic: number;
  readonly project: number;
  /** Project spending funded by 事业收入 rather than a fiscal grant. */
  readonly other: number;
}

/** The money of one unit and year, drifting from year to year (so that the narrative can state changes). */
function unitMoney(unit: SynthUnit, year: number, kind: SynthKind): LeafMoney[] {
  const base = rng(`${unit.code}`);
  const drift = rng(`${unit.code}/${year}/${kind}`);
  const yearFactor = 1 + (year - 2020) * 0.06;
  return unit.leaves.map((leaf) => {
    const b = int(base, 2_000, 60_000);
    const p = int(base, 0, 80_000);
    const o = unit.businessIncome ? int(base, 0, 15_000) : 0;
    const f = yearFactor * (0.85 + drift() * 0.3);
    const isAdmin = leaf.xiang[1] === '行政运行' || leaf.kuan[0] === '20805' || leaf.kuan[0] === '21011' || leaf.kuan[0] === '22102';
    return {
      leaf,
      basic: Math.round(b * f),
      project: isAdmin ? 0 : Math.round(p * f),
      other: isAdmin ? 0 : Math.round(o * f),
    };
  });
}

/** Rows of a function-coded table: 合计, then each 类, its 款 and its 项, with values per column. */
function functionRows(
  money: readonly LeafMoney[],
  columns: readonly ((m: LeafMoney) => number)[],
  splitCodes: boolean,
): { rows: string[][]; byLei: Map<string, { name: string; values: number[] }> } {
  const sum = (ms: readonly LeafMoney[]) => columns.map((c) => ms.reduce((s, m) => s + c(m), 0));
  const rows: string[][] = [];
  const codeCells = (code: string): string[] =>
    splitCodes ? [code.slice(0, 3), code.slice(3, 5), code.slice(5, 7)] : [code];
  const blankCodes = splitCodes ? ['', '', ''] : [''];
  rows.push([...blankCodes, '合计', ...sum(money).map(wan)]);
  const byLei = new Map<string, { name: string; values: number[] }>();
  const leis = [...new Set(money.map((m) => m.leaf.lei[0]))];
  for (const lei of leis) {
    const inLei = money.filter((m) => m.leaf.lei[0] === lei);
    const leiName = inLei[0]!.leaf.lei[1];
    const leiValues = sum(inLei);
    byLei.set(lei, { name: leiName, values: leiValues });
    rows.push([...codeCells(lei), leiName, ...leiValues.map(wan)]);
    for (const kuan of [...new Set(inLei.map((m) => m.leaf.kuan[0]))]) {
      const inKuan = inLei.filter((m) => m.leaf.kuan[0] === kuan);
      rows.push([...codeCells(kuan), inKuan[0]!.leaf.kuan[1], ...sum(inKuan).map(wan)]);
      for (const m of inKuan) rows.push([...codeCells(m.leaf.xiang[0]), m.leaf.xiang[1], ...columns.map((c) => wan(c(m)))]);
    }
  }
  return { rows, byLei };
}

/**
 * The header of a function-coded table: 项目 over (科目编码 类/款/项 | 科目名称), then the measures; the
 * measures from `group.from` on sit under a group title (决算数 over 合计/基本支出/项目支出).
 */
function functionHeader(measures: readonly string[], splitCodes: boolean, group?: { title: string; from: number }): SynthCell[][] {
  const depth = splitCodes ? 3 : 2;
  const top: SynthCell[] = [{ text: '项目', colSpan: splitCodes ? 4 : 2 }];
  const second: SynthCell[] = splitCodes
    ? [{ text: '科目编码', colSpan: 3 }, { text: '科目名称', rowSpan: 2 }]
    : [{ text: '科目编码' }, { text: '科目名称' }];
  measures.forEach((m, i) => {
    if (group && i >= group.from) {
      if (i === group.from) top.push({ text: group.title, colSpan: measures.length - group.from });
      second.push({ text: m, rowSpan: depth - 1 });
    } else {
      top.push({ text: m, rowSpan: depth });
    }
  });
  return splitCodes ? [top, second, [{ text: '类' }, { text: '款' }, { text: '项' }]] : [top, second];
}

/** 栏次 row: the column numbers printed under the header. */
function columnNumbers(codeWidth: number, measures: number): string[] {
  return [...new Array<string>(codeWidth).fill(''), '栏次', ...Array.from({ length: measures }, (_, i) => String(i + 1))];
}

export { functionRows, functionHeader, columnNumbers, unitMoney, pct, rng, int, PERSONNEL, PUBLIC_USE };
export type { LeafMoney, FunctionLeaf };
