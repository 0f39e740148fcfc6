/**
 * Report metadata: unit (and the aliases the report itself gives it), unit and parent codes where printed,
 * fiscal year, kind (预算 / 决算), scope (部门 / 单位) and the money unit of the narrative.
 *
 * Nothing is defaulted silently (issue 3): a year or kind the document does not state is null with a
 * warning. The report year is the one in the title (or a part heading such as 第二部分 2021年度单位决算情况说明),
 * never the first year seen: a 2021 决算 also mentions 2020 (the comparison) and 2022 (later documents).
 */
import { info, result, warning, type Message, type Result } from '../core/messages.ts';
import { documentText, type Block, type Document } from '../extractors/model.ts';
import type { MoneyUnit, ReportKind, ReportMeta, ReportScope } from './model.ts';

const squash = (s: string): string => s.normalize('NFKC').replace(/\s+/gu, '');

/** "<unit><year>年度<scope?><kind>": the title of every template in the seed and the corpus. */
const TITLE = /^(.*?)((?:19|20)\d{2})年度?(?:[区市县省]级)?(部门|单位)?(预算|决算)/u;
/** A heading that names the year and kind: 第二部分 2021年度单位决算情况说明, 2023年部门预算编制说明. */
const YEAR_KIND = /((?:19|20)\d{2})年度?(?:[区市县省]级)?(部门|单位)?(预算|决算)/u;
/** Labelled unit lines on covers and over tables: 预算主管部门：X, 编制部门：X, 单位名称：X, 部门：X 单位：万元. */
const UNIT_LINE = /^(?:预算)?(?:主管部门|编制部门|编制单位|单位名称|部门名称|部门)[:]([^:]+?)(?:单位[:].*)?$/u;

interface Title {
  readonly text: string;
  readonly blocks: number;
}

function blockLine(b: Block): string | null {
  return b.type === 'heading' || b.type === 'paragraph' ? b.text : null;
}

/**
 * The title: the leading heading/paragraph lines joined until one holds a year and a kind. A PDF cover prints
 * the title over several lines ("中共上海市普陀区委" / "社会工作部 2024 年度" / "部门决算").
 */
function findTitle(doc: Document): Title | null {
  let text = '';
  let count = 0;
  for (const b of doc.blocks.slice(0, 8)) {
    const line = blockLine(b);
    if (line === null) continue;
    // The cover ends where the contents or the numbered parts begin (目录, 第一部分, 一、).
    if (/^目录$|^第[一二三四五六七八九十\d]+部分|^[一二三四五六七八九十]+、|^[(（][一二三四五六七八九十]+[)）]/u.test(squash(line))) break;
    text += squash(line);
    count++;
    if (YEAR_KIND.test(text)) return { text, blocks: count };
    if (text.length > 120) break;
  }
  return null;
}

/** Reads the report metadata. Year and kind are null with a warning when the document does not state them. */
export function extractMeta(doc: Document): Result<ReportMeta> {
  const messages: Message[] = [];
  const lines = doc.blocks.map(blockLine).filter((l): l is string => l !== null).map(squash);
  const title = findTitle(doc);
  const t = title ? TITLE.exec(title.text) : null;

  let year: number | null = t ? Number(t[2]) : null;
  let kind: ReportKind | null = t ? kindOf(t[4]!) : null;
  if (year === null || kind === null) {
    // No usable title: a part heading such as 第二部分 2021年度单位决算情况说明 states both.
    const heading = lines.map((l) => YEAR_KIND.exec(l)).find((m) => m !== null);
    if (heading) {
      year ??= Number(heading[1]);
      kind ??= kindOf(heading[3]!);
      messages.push(info('transform', 'meta/from-heading', `no title with year and kind; taken from the heading "${heading[0]}"`));
    }
  }
  if (year === null || kind === null) {
    // Tables-only files (Jiangsu publishes the appendix tables apart) may print neither: the file name
    // (江苏省委办公厅2017年预算公开表格.pdf) is the last evidence, and a weaker one, so it warns.
    const named = fromFileName(doc.source.path);
    if (named.year !== null && year === null) {
      year = named.year;
      messages.push(warning('transform', 'meta/year-from-file-name', `no title or heading states the year; ${year} is taken from the file name`));
    }
    if (named.kind !== null && kind === null) {
      kind = named.kind;
      messages.push(warning('transform', 'meta/kind-from-file-name', `no title or heading says 预算 or 决算; ${kind} is taken from the file name`));
    }
  }
  if (year === null) messages.push(warning('transform', 'meta/year-unknown', 'the report year is stated in no title or heading; it is left empty'));
  if (kind === null) messages.push(warning('transform', 'meta/kind-unknown', 'neither 预算 nor 决算 in the title or headings; the report kind is left empty'));
  if (year !== null) {
    const other = lines.map((l) => YEAR_KIND.exec(l)).find((m) => m !== null && /情况说明|编制说明/u.test(m.input) && Number(m[1]) !== year);
    if (other) messages.push(warning('transform', 'meta/year-conflict', `the title says ${year} but a heading says "${other[0]}"; the title's year is kept`));
  }

  const unit = unitName(t?.[1] ?? '', lines);
  if (unit === null) messages.push(warning('transform', 'meta/unit-unknown', 'no unit name in the title or cover lines; the unit is left empty'));
  const text = documentText(doc);
  const aliases = unit ? unitAliases(unit, text) : [];
  const codes = printedCodes(doc, unit, aliases);
  const scope = reportScope(t?.[3] ?? null, lines, messages);
  const moneyUnit = narrativeMoneyUnit(doc);
  if (moneyUnit === null) messages.push(warning('transform', 'meta/money-unit-unknown', 'no amount with a money unit in the narrative; its money unit is left empty'));

  return result({ unit, unitAliases: aliases, ...codes, year, kind, scope, moneyUnit }, messages);
}

/** Year and kind in a file name: 2017年预算 / 2019年度部门决算, or 2017 and budget/final as separate words. */
function fromFileName(path: string): { year: number | null; kind: ReportKind | null } {
  const name = squash(path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('!')) + 1));
  const years = [...name.matchAll(/(?<!\d)((?:19|20)\d{2})(?!\d)/gu)].map((m) => Number(m[1]));
  const kinds = [...name.matchAll(/预算|决算|(?<![a-z])(?:budget|final)(?![a-z])/giu)].map((m) => (/预算|budget/iu.test(m[0]) ? 'budget' : 'final'));
  // Two different years or both kinds in one name decide nothing.
  return {
    year: new Set(years).size === 1 ? years[0]! : null,
    kind: new Set(kinds).size === 1 ? kinds[0]! : null,
  };
}

function kindOf(word: string): ReportKind {
  return word === '预算' ? 'budget' : 'final';
}

/**
 * The unit: the title's text before the year, unless a labelled cover line names it (the Shanghai budget's
 * title "上海市普陀区2023年区级部门预算" names the district; "预算主管部门：…万里街道办事处" the unit).
 */
function unitName(titlePrefix: string, lines: readonly string[]): string | null {
  for (const line of lines.slice(0, 12)) {
    const m = UNIT_LINE.exec(line);
    if (m?.[1]) return m[1];
  }
  const name = titlePrefix.replace(/^关于/u, '').replace(/[(（][^)）]*[)）]$/u, '');
  return name.length >= 2 ? name : null;
}

/**
 * Other names the report gives its unit: a second plaque (加挂“X”牌子) and the short form without the city
 * (攀枝花市X → 市X), the latter only where the document uses it.
 */
function unitAliases(unit: string, text: string): string[] {
  const aliases: string[] = [];
  const flat = text.replace(/\s+/gu, '');
  for (const m of flat.matchAll(/加挂[“"「]([^”"」]+)[”"」]牌子/gu)) {
    if (m[1] && !aliases.includes(m[1]) && m[1] !== unit) aliases.push(m[1]);
  }
  const short = /^[\u4e00-\u9fff]{2,4}?([市县区].+)$/u.exec(unit);
  // The short form counts only where it is printed on its own, not as the tail of the full name.
  const elsewhere = flat.split(unit).join('');
  if (short?.[1] && short[1] !== unit && elsewhere.includes(short[1]) && !aliases.includes(short[1])) aliases.push(short[1]);
  return aliases;
}

/**
 * Unit and parent codes where a table prints them beside the names: the Sichuan performance tables'
 * 主管部门及代码 | 市城管执法局802001 and 实施单位 | 市数字化城市联动指挥中心802008.
 */
function printedCodes(
  doc: Document,
  unit: string | null,
  aliases: readonly string[],
): Pick<ReportMeta, 'unitCode' | 'parentUnit' | 'parentUnitCode'> {
  const names = unit ? [unit, ...aliases] : [];
  let parent: { name: string; code: string } | null = null;
  let own: { name: string; code: string } | null = null;
  for (const b of doc.blocks) {
    if (b.type !== 'table') continue;
    for (const row of b.rows) {
      const cells = row.map(squash);
      for (let c = 0; c < cells.length; c++) {
        const label = cells[c]!;
        if (!/^(?:主管部门(?:及代码)?|实施单位(?:及代码)?|单位名称及代码)$/u.test(label)) continue;
        const value = cells.slice(c + 1).find((v) => v !== '' && v !== label);
        const m = value ? /^(.+?)[（(]?(\d{6,})[)）]?$/u.exec(value) : null;
        if (!m) continue;
        const entry = { name: m[1]!, code: m[2]! };
        if (label.startsWith('主管部门')) parent ??= entry;
        else own ??= entry;
      }
    }
  }
  const isOwn = (e: { name: string } | null): boolean => e !== null && names.includes(e.name);
  // A department's own report prints itself as 主管部门: then it is the unit, not its parent.
  if (parent && isOwn(parent) && !own) return { unitCode: parent.code, parentUnit: null, parentUnitCode: null };
  return {
    unitCode: own && (isOwn(own) || names.length === 0) ? own.code : null,
    parentUnit: parent && !isOwn(parent) ? parent.name : null,
    parentUnitCode: parent && !isOwn(parent) ? parent.code : null,
  };
}

/**
 * 部门 or 单位. The part headings (单位概况, 单位决算情况说明) decide over the title, because "部门决算/部门预算" is
 * also the name of the disclosure regime that units report under (the seed's title says 部门决算 for a unit).
 */
function reportScope(titleWord: string | null, lines: readonly string[], messages: Message[]): ReportScope | null {
  const fromTitle: ReportScope | null = titleWord === '单位' ? 'unit' : titleWord === '部门' ? 'department' : null;
  let unitVotes = 0;
  let deptVotes = 0;
  for (const l of lines) {
    if (/单位概况|单位(?:预算|决算)(?:情况说明|编制说明)|单位主要职能/u.test(l)) unitVotes++;
    if (/部门概况|部门(?:预算|决算)(?:情况说明|编制说明)|部门主要职能|部门(?:预算|决算)单位构成/u.test(l)) deptVotes++;
  }
  const fromBody: ReportScope | null = unitVotes > deptVotes ? 'unit' : deptVotes > unitVotes ? 'department' : null;
  if (fromBody && fromTitle && fromBody !== fromTitle) {
    messages.push(info('transform', 'meta/scope-conflict', `the title says ${titleWord} but the part headings say ${fromBody === 'unit' ? '单位' : '部门'}; the headings are followed`));
  }
  const scope = fromBody ?? fromTitle;
  if (scope === null) messages.push(warning('transform', 'meta/scope-unknown', 'neither 部门 nor 单位 in the title or headings; the scope is left empty'));
  return scope;
}

/** The money unit most amounts of the narrative paragraphs are printed in. */
function narrativeMoneyUnit(doc: Document): MoneyUnit | null {
  const counts = new Map<MoneyUnit, number>();
  for (const b of doc.blocks) {
    if (b.type !== 'paragraph') continue;
    for (const m of squash(b.text).matchAll(/\d(亿元|万元|元)/gu)) {
      const u = m[1] as MoneyUnit;
      counts.set(u, (counts.get(u) ?? 0) + 1);
    }
  }
  let best: MoneyUnit | null = null;
  for (const [u, n] of counts) if (best === null || n > (counts.get(best) ?? 0)) best = u;
  return best;
}
