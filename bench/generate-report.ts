/**
 * Builds one synthetic report (narrative and the nine standard tables) from the primitives of
 * generate-model.ts. The budget report of a year gives the 年初预算 column of that year's final accounts,
 * and the previous year's report gives the changes the narrative states, so that the cross-year and
 * budget-against-final checks have something true to find.
 */
import {
  columnNumbers, functionHeader, functionRows, int, pct, rng, unitMoney, wan, PERSONNEL, PUBLIC_USE,
  type LeafMoney, type SynthCell, type SynthKind, type SynthReport, type SynthSection, type SynthTable, type SynthUnit,
} from './generate-model.ts';

const sumOf = (ms: readonly LeafMoney[], f: (m: LeafMoney) => number) => ms.reduce((s, m) => s + f(m), 0);
const grant = (m: LeafMoney) => m.basic + m.project;
const all = (m: LeafMoney) => m.basic + m.project + m.other;

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/** Splits `total` over `weights` exactly (the last part takes the rounding remainder). */
function split(total: number, weights: readonly number[]): number[] {
  const w = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((x) => Math.floor((total * x) / w));
  parts[parts.length - 1]! += total - parts.reduce((a, b) => a + b, 0);
  return parts;
}

function change(now: number, before: number, word: 'increase' | 'plain'): string {
  const d = now - before;
  if (d === 0) return '与上年持平';
  const up = d > 0;
  const verb = word === 'increase' ? (up ? '增加' : '减少') : up ? '增加' : '减少';
  return `${verb}${wan(Math.abs(d))}万元，${up ? '增长' : '下降'}${pct(Math.abs(d), before)}%`;
}

/** Two lists of (name, value) side by side, padded, then their closing total rows aligned. */
function twoSided(
  left: readonly (readonly string[])[],
  right: readonly (readonly string[])[],
  leftTail: readonly (readonly string[])[],
  rightTail: readonly (readonly string[])[],
  leftWidth: number,
  rightWidth: number,
): string[][] {
  const n = Math.max(left.length, right.length);
  const blank = (w: number) => new Array<string>(w).fill('');
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) rows.push([...(left[i] ?? blank(leftWidth)), ...(right[i] ?? blank(rightWidth))]);
  for (let i = 0; i < Math.max(leftTail.length, rightTail.length); i++)
    rows.push([...(leftTail[i] ?? blank(leftWidth)), ...(rightTail[i] ?? blank(rightWidth))]);
  return rows;
}

/** The report of `unit` for `year` and `kind`. `splitCodes`: print codes over 类|款|项 columns. */
export function buildReport(unit: SynthUnit, year: number, kind: SynthKind): SynthReport {
  const r = rng(`${unit.code}/${year}/${kind}/detail`);
  const splitCodes = Number(unit.code) % 2 === 1;
  const money = unitMoney(unit, year, kind);
  const prior = unitMoney(unit, year - 1, kind);
  const budget = kind === 'final' ? unitMoney(unit, year, 'budget') : money;
  const w = (n: number) => wan(n);
  const fin = kind === 'final';
  const word = fin ? '决算' : '预算';
  const amountCol = fin ? '决算数' : '预算数';
  const caption = `编制单位：${unit.name}\u3000\u3000\u3000\u3000单位：万元`;
  const codeWidth = splitCodes ? 3 : 1;

  const total = sumOf(money, all);
  const grantTotal = sumOf(money, grant);
  const other = sumOf(money, (m) => m.other);
  const basic = sumOf(money, (m) => m.basic);
  const project = sumOf(money, (m) => m.project + m.other);
  const grantBasic = basic;
  const priorTotal = sumOf(prior, all);
  const priorGrant = sumOf(prior, grant);

  // Basic expenditure by economic code: about 85% personnel (301), the rest public use (302).
  const personnel = Math.round(grantBasic * (0.8 + r() * 0.1));
  const publicUse = grantBasic - personnel;
  const personnelParts = split(personnel, PERSONNEL.map(() => int(r, 5, 40)));
  const publicParts = split(publicUse, PUBLIC_USE.map(() => int(r, 2, 20)));
  const reception = publicParts[PUBLIC_USE.findIndex(([c]) => c === '30217')]!;
  const carRunning = publicParts[PUBLIC_USE.findIndex(([c]) => c === '30231')]!;
  const carPurchase = 0;
  const abroad = 0;
  const threeBudget = [abroad + carPurchase + carRunning + reception + int(r, 0, 200), 0, carRunning + int(r, 0, 100), 0, carRunning + int(r, 0, 100), reception + int(r, 0, 100)];
  threeBudget[2] = threeBudget[3]! + threeBudget[4]!;
  threeBudget[0] = threeBudget[1]! + threeBudget[2]! + threeBudget[5]!;
  const threeFinal = [abroad + carPurchase + carRunning + reception, abroad, carPurchase + carRunning, carPurchase, carRunning, reception];
  const threeTotal = threeFinal[0]!;

  const leis = functionRows(money, [all], false).byLei;
  const tables: SynthTable[] = [];
  const titles = fin
    ? ['收入支出决算总表', '收入决算表', '支出决算表', '财政拨款收入支出决算总表', '一般公共预算财政拨款支出决算表', '一般公共预算财政拨款基本支出决算表', '一般公共预算财政拨款“三公”经费支出决算表', '政府性基金预算财政拨款收入支出决算表', '国有资本经营预算财政拨款支出决算表']
    : ['收支预算总表', '收入预算表', '支出预算表', '财政拨款收支预算总表', '一般公共预算支出预算表', '一般公共预算基本支出预算表', '一般公共预算“三公”经费支出预算表', '政府性基金预算支出预算表', '国有资本经营预算支出预算表'];
  const ids = fin
    ? ['final.t01_income_expenditure_summary', 'final.t02_income', 'final.t03_expenditure', 'final.t04_fiscal_grant_summary', 'final.t05_general_budget_expenditure', 'final.t06_general_budget_basic_expenditure', 'final.t07_three_public', 'final.t08_gov_fund', 'final.t09_state_capital']
    : ['budget.t01_summary', 'budget.t02_income', 'budget.t03_expenditure', 'budget.t04_fiscal_grant_summary', 'budget.t05_general_budget_expenditure', 'budget.t06_general_budget_basic_expenditure', 'budget.t07_three_public', 'budget.t08_gov_fund', 'budget.t09_state_capital'];
  const add = (i: number, header: SynthCell[][], body: string[][], emptyNote?: string) =>
    tables.push({ id: ids[i]!, title: `${year}年度${titles[i]!}`, unitCaption: caption, header, body, ...(emptyNote ? { emptyNote } : {}) });

  // t01: income items on the left, expenditure by 类 on the right.
  const incomeItems: [string, number][] = [
    ['一、一般公共预算财政拨款收入', grantTotal], ['二、政府性基金预算财政拨款收入', 0], ['三、国有资本经营预算财政拨款收入', 0],
    ['四、上级补助收入', 0], ['五、事业收入', other], ['六、经营收入', 0], ['七、附属单位上缴收入', 0], ['八、其他收入', 0],
  ];
  const leiItems = [...leis.entries()].map(([, v], i) => [`${CN[i]}、${v.name}`, v.values[0]!] as [string, number]);
  let line = 0;
  const withLine = (items: readonly [string, number][]) =>
    items.map(([n, v]) => (fin ? [n, String(++line), w(v)] : [n, w(v)]));
  const lw = fin ? 3 : 2;
  const t01Left = withLine(incomeItems);
  const t01Right = withLine(leiItems);
  const t01LeftTail = withLine([['本年收入合计', total], ['使用非财政拨款结余', 0], ['年初结转和结余', 0], ['总计', total]]);
  const t01RightTail = withLine([['本年支出合计', total], ['结余分配', 0], ['年末结转和结余', 0], ['总计', total]]);
  add(0,
    [[{ text: '收入', colSpan: lw }, { text: '支出', colSpan: lw }], fin ? ['项目', '行次', amountCol, '项目', '行次', amountCol].map((text) => ({ text })) : ['项目', amountCol, '项目', amountCol].map((text) => ({ text }))],
    twoSided(t01Left, t01Right, t01LeftTail, t01RightTail, lw, lw));

  // t02 / t03: by function code, with the 栏次 row.
  const incomeCols = ['本年收入合计', '财政拨款收入', '上级补助收入', '事业收入', '经营收入', '附属单位上缴收入', '其他收入'];
  const t02 = functionRows(money, [all, grant, () => 0, (m) => m.other, () => 0, () => 0, () => 0], splitCodes);
  add(1, functionHeader(incomeCols, splitCodes), [columnNumbers(codeWidth, incomeCols.length), ...t02.rows]);
  const expCols = ['本年支出合计', '基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出'];
  const t03 = functionRows(money, [all, (m) => m.basic, (m) => m.project + m.other, () => 0, () => 0, () => 0], splitCodes);
  add(2, functionHeader(expCols, splitCodes), [columnNumbers(codeWidth, expCols.length), ...t03.rows]);

  // t04: fiscal grants, the right side split by the three budgets.
  const t04Left = withLine([['一、一般公共预算财政拨款', grantTotal], ['二、政府性基金预算财政拨款', 0], ['三、国有资本经营预算财政拨款', 0]]).map((x) => x);
  const grantLeis = [...functionRows(money, [grant], false).byLei.values()];
  const t04Right = grantLeis.map((v, i) => { const [n, l] = [`${CN[i]}、${v.name}`, ++line]; return fin ? [n, String(l), w(v.values[0]!), w(v.values[0]!), '0.00', '0.00'] : [n, w(v.values[0]!), w(v.values[0]!), '0.00', '0.00']; });
  const t04LeftTail = withLine([['本年收入合计', grantTotal], ['年初财政拨款结转和结余', 0], ['总计', grantTotal]]);
  const tailRight = (n: string, v: number) => (fin ? [n, String(++line), w(v), w(v), '0.00', '0.00'] : [n, w(v), w(v), '0.00', '0.00']);
  const t04RightTail = [tailRight('本年支出合计', grantTotal), tailRight('年末财政拨款结转和结余', 0), tailRight('总计', grantTotal)];
  const sub = ['合计', '一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款'];
  add(3,
    [[{ text: '收入', colSpan: lw }, { text: '支出', colSpan: lw + 3 }], [...(fin ? ['项目', '行次', '金额', '项目', '行次'] : ['项目', '金额', '项目']), ...sub].map((text) => ({ text }))],
    twoSided(t04Left, t04Right, t04LeftTail, t04RightTail, lw, lw + 3));

  // t05: general budget by function; the final accounts add the initial budget.
  const budgetByXiang = new Map(budget.map((m) => [m.leaf.xiang[0], m]));
  const budgetOf = (m: LeafMoney) => { const b = budgetByXiang.get(m.leaf.xiang[0]); return b ? grant(b) : 0; };
  const t05 = fin
    ? functionRows(money, [budgetOf, grant, (m) => m.basic, (m) => m.project], splitCodes)
    : functionRows(money, [grant, (m) => m.basic, (m) => m.project], splitCodes);
  add(4, fin ? functionHeader(['年初预算数', '合计', '基本支出', '项目支出'], splitCodes, { title: '决算数', from: 1 }) : functionHeader(['合计', '基本支出', '项目支出'], splitCodes),
    t05.rows);

  // t06: basic expenditure by economic code, 人员经费 | 公用经费.
  const left6 = [['301', '工资福利支出', w(personnel)], ...PERSONNEL.map(([c, n], i) => [c, n, w(personnelParts[i]!)])];
  const right6 = [['302', '商品和服务支出', w(publicUse)], ...PUBLIC_USE.map(([c, n], i) => [c, n, w(publicParts[i]!)])];
  add(5,
    [[{ text: '人员经费', colSpan: 3 }, { text: '公用经费', colSpan: 3 }], ['科目编码', '科目名称', amountCol, '科目编码', '科目名称', amountCol].map((text) => ({ text }))],
    twoSided(left6, right6, [['', '人员经费合计', w(personnel)]], [['', '公用经费合计', w(publicUse)]], 3, 3));

  // t07: 三公 经费, budget and (for final accounts) actual.
  const threeHead = (title: string): SynthCell[][] => [
    [{ text: title, colSpan: 6 }],
    [{ text: '合计', rowSpan: 2 }, { text: '因公出国（境）费', rowSpan: 2 }, { text: '公务用车购置及运行费', colSpan: 3 }, { text: '公务接待费', rowSpan: 2 }],
    [{ text: '小计' }, { text: '公务用车购置费' }, { text: '公务用车运行费' }],
  ];
  if (fin) {
    const [a, b] = [threeHead('预算数'), threeHead('决算数')];
    add(6, [[...a[0]!, ...b[0]!], [...a[1]!, ...b[1]!], [...a[2]!, ...b[2]!]], [[...threeBudget.map(w), ...threeFinal.map(w)]]);
  } else {
    add(6, threeHead('预算数'), [threeBudget.map(w)]);
  }

  // t08 / t09: published empty, with the template's note.
  const fundCols = ['年初结转和结余', '本年收入', '本年支出', '年末结转和结余'];
  const emptyHeader = functionHeader(fundCols, false);
  add(7, emptyHeader, [], `本单位${year}年度无政府性基金预算财政拨款收入、支出及结转结余，故本表为空表。`);
  add(8, emptyHeader, [], `本单位${year}年度无国有资本经营预算财政拨款支出，故本表为空表。`);

  // The narrative's structure by 类 is of the general budget (fiscal grants), not of all spending.
  const grantByLei = functionRows(money, [grant], false).byLei;
  const sections = narrative({ unit, year, kind, word, total, priorTotal, grantTotal, priorGrant, other, basic, project, personnel, publicUse, threeTotal, threeBudgetTotal: threeBudget[0]!, leis: grantByLei, money, budgetOf });
  const bodyRows = tables.reduce((s, t) => s + t.body.length, 0);
  return {
    unit: unit.name, unitCode: unit.code, year, kind,
    title: `${unit.name}${year}年度部门${word}`,
    sections, tables, stem: `${unit.code}-${year}-${kind}`, bodyRows,
  };
}

interface NarrativeInput {
  unit: SynthUnit; year: number; kind: SynthKind; word: string;
  total: number; priorTotal: number; grantTotal: number; priorGrant: number; other: number;
  basic: number; project: number; personnel: number; publicUse: number; threeTotal: number; threeBudgetTotal: number;
  leis: Map<string, { name: string; values: number[] }>; money: readonly LeafMoney[]; budgetOf: (m: LeafMoney) => number;
}

function narrative(n: NarrativeInput): SynthSection[] {
  const { year, word, total } = n;
  const fin = n.kind === 'final';
  const s = (heading: string, level: 2 | 3 | 4, ...paragraphs: string[]): SynthSection => ({ heading, level, paragraphs });
  const zeroes = (names: string[]) => names.map((x) => `${x}0万元，占0%`).join('；');
  const out: SynthSection[] = [
    s('第一部分 单位概况', 2),
    s('一、职能简介', 3, n.unit.duties),
    s('二、机构设置', 3, `${n.unit.name}为一级预算单位，内设机构${3 + (Number(n.unit.code) % 5)}个，${fin ? '决算' : '预算'}单位1个。`),
    s(`第二部分 ${year}年度单位${word}情况说明`, 2),
    s(`一、收入支出${word}总体情况说明`, 3,
      `${year}年度收、支总计${wan(total)}万元。与${year - 1}年相比，收、支总计各${change(total, n.priorTotal, 'increase')}。主要变动原因是${total >= n.priorTotal ? '业务工作量增加，项目经费相应增加' : '项目经费减少'}。`),
    s(`二、收入${word}情况说明`, 3,
      `${year}年本年收入合计${wan(total)}万元，其中：一般公共预算财政拨款收入${wan(n.grantTotal)}万元，占${pct(n.grantTotal, total, 0)}%；${zeroes(['政府性基金预算财政拨款收入', '国有资本经营预算财政拨款收入', '上级补助收入'])}；事业收入${wan(n.other)}万元，占${pct(n.other, total, 0)}%；${zeroes(['经营收入', '附属单位上缴收入', '其他收入'])}。`),
    s(`三、支出${word}情况说明`, 3,
      `${year}年本年支出合计${wan(total)}万元，其中：基本支出${wan(n.basic)}万元，占${pct(n.basic, total, 0)}%；项目支出${wan(n.project)}万元，占${pct(n.project, total, 0)}%；${zeroes(['上缴上级支出', '经营支出', '对附属单位补助支出'])}。`),
    s(`四、财政拨款收入支出${word}总体情况说明`, 3,
      `${year}年财政拨款收、支总计${wan(n.grantTotal)}万元。与${year - 1}年相比，财政拨款收、支总计各${change(n.grantTotal, n.priorGrant, 'increase')}。`),
    s(`五、一般公共预算财政拨款支出${word}情况说明`, 3),
    s(`（一）一般公共预算财政拨款支出${word}总体情况`, 4,
      `${year}年一般公共预算财政拨款支出${wan(n.grantTotal)}万元，占本年支出合计的${pct(n.grantTotal, total, 0)}%。与${year - 1}年相比，一般公共预算财政拨款支出${change(n.grantTotal, n.priorGrant, 'plain')}。`),
  ];
  const grantLeis = [...n.leis.values()];
  out.push(s(`（二）一般公共预算财政拨款支出${word}结构情况`, 4,
    `${year}年一般公共预算财政拨款支出${wan(n.grantTotal)}万元，主要用于以下方面：` +
      grantLeis.map((v) => `${v.name.replace(/支出$/, '')}（类）支出${wan(v.values[0]!)}万元，占${pct(v.values[0]!, n.grantTotal, 0)}%`).join('；') + '。'));
  if (fin) {
    const budgetTotal = n.money.reduce((a, m) => a + n.budgetOf(m), 0);
    out.push(s('（三）一般公共预算财政拨款支出决算具体情况', 4,
      `${year}年一般公共预算支出决算数为${wan(n.grantTotal)}万元，完成预算${pct(n.grantTotal, budgetTotal, 0)}%。其中：`,
      ...n.money.map((m, i) => `${i + 1}.${m.leaf.lei[1]}（类）${m.leaf.kuan[1]}（款）${m.leaf.xiang[1]}（项）：支出决算为${wan(m.basic + m.project)}万元，完成预算${pct(m.basic + m.project, n.budgetOf(m), 0)}%。`)));
  }
  out.push(
    s(`六、一般公共预算财政拨款基本支出${word}情况说明`, 3,
      `${year}年一般公共预算财政拨款基本支出${wan(n.basic)}万元，其中：`,
      `人员经费${wan(n.personnel)}万元，主要包括：基本工资、津贴补贴、奖金、绩效工资、机关事业单位基本养老保险缴费、职工基本医疗保险缴费、住房公积金。`,
      `公用经费${wan(n.publicUse)}万元，主要包括：办公费、水费、电费、差旅费、公务接待费、工会经费、公务用车运行维护费、其他商品和服务支出。`),
    s(`七、“三公”经费财政拨款支出${word}情况说明`, 3,
      fin
        ? `${year}年“三公”经费财政拨款支出决算为${wan(n.threeTotal)}万元，完成预算${pct(n.threeTotal, n.threeBudgetTotal, 0)}%，决算数小于预算数，主要原因是厉行节约，严格控制公务接待和公务用车支出。`
        : `${year}年“三公”经费财政拨款预算为${wan(n.threeBudgetTotal)}万元。`),
    s(`八、政府性基金预算支出${word}情况说明`, 3, `${year}年政府性基金预算财政拨款支出0万元。`),
    s(`九、国有资本经营预算支出${word}情况说明`, 3, `${year}年国有资本经营预算财政拨款支出0万元。`),
    s('第三部分 名词解释', 2,
      '1.财政拨款收入：指单位从同级财政部门取得的财政预算资金。',
      '2.基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。',
      '3.项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。',
      '4.“三公”经费：指部门用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。'),
    s('第四部分 附表', 2),
  );
  return out;
}
