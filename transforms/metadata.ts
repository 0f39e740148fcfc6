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
/** The year first: "2017 年度江苏省高级人民法院部门预算公开" (the Jiangsu court's titles, 2017–2018). */
const YEAR_FIRST = /^((?:19|20)\d{2})年度?(.+?)(?:[区市县省]级)?(部门|单位)?(预算|决算)/u;
/** A heading that names the year and kind: 第二部分 2021年度单位决算情况说明, 2023年部门预算编制说明. */
const YEAR_KIND = /((?:19|20)\d{2})年度?(?:[区市县省]级)?(部门|单位)?(预算|决算)/u;
/**
 * Labelled unit lines on covers and over tables: 预算主管部门：X (a 部门预算), 预算单位：X (a 单位预算),
 * 编制部门：X, 单位名称：X, 部门：X 单位：万元 (the Jiangsu tables).
 */
const UNIT_LINE = /^(预算主管部门|主管部门|预算单位|编制部门|编制单位|单位名称|部门名称|部门)[:]([^:]+?)(?:单位[:].*)?$/u;
/** A table title with its year: 2019年政府采购预算表, 2025年部门财务收支预算总表. */
const TABLE_TITLE_YEAR = /^(?:\d+[.．、]?)?((?:19|20)\d{2})年度?.{0,30}?(预算|决算)(?:总)?表/u;
/** A table title with its kind (收支预算总表, 一般公共预算财政拨款支出决算表). */
const TABLE_TITLE_KIND = /(预算|决算)(?:总)?表(?:[(（].*[)）])?$/u;

interface Title {
  readonly text: string;
  readonly blocks: number;
}

function blockLine(b: Block): string | null {
  return b.type === 'heading' || b.type === 'paragraph' ? b.text : null;
}

/**
 * The title: the leading heading/paragraph lines joined until one holds a year and a kind. A PDF cover prints
 * the title over several lines ("中共上海市普陀区委" / "社会工作部 2024 年度" / "部门决算"; "2018 年度江苏省高级" /
 * "人民法院预算公开").
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
    if (YEAR_KIND.test(text) || YEAR_FIRST.test(text)) return { text, blocks: count };
    if (text.length > 120) break;
  }
  return null;
}

/** Where each identity value came from, for the `meta/identity` message. */
type Sources = Record<'unit' | 'year' | 'kind' | 'scope', string | null>;

/** The title's parts, whichever order it prints them in. */
function titleParts(title: Title | null): { unit: string; year: number; scope: string | null; kind: ReportKind } | null {
  if (!title) return null;
  const t = TITLE.exec(title.text);
  if (t && t[1] !== undefined && !/^\d*$/u.test(t[1])) return { unit: t[1], year: Number(t[2]), scope: t[3] ?? null, kind: kindOf(t[4]!) };
  const f = YEAR_FIRST.exec(title.text);
  if (f) return { unit: f[2]!, year: Number(f[1]), scope: f[3] ?? null, kind: kindOf(f[4]!) };
  return t ? { unit: t[1] ?? '', year: Number(t[2]), scope: t[3] ?? null, kind: kindOf(t[4]!) } : null;
}

/** Reads the report metadata. Year and kind are null with a warning when the document does not state them. */
export function extractMeta(doc: Document): Result<ReportMeta> {
  const messages: Message[] = [];
  const lines = doc.blocks.map(blockLine).filter((l): l is string => l !== null).map(squash);
  const t = titleParts(findTitle(doc));
  const src: Sources = { unit: null, year: null, kind: null, scope: null };

  let year: number | null = t ? t.year : null;
  let kind: ReportKind | null = t ? t.kind : null;
  if (t) src.year = src.kind = 'the title';
  if (year === null || kind === null) {
    // No usable title: a part heading such as 第二部分 2021年度单位决算情况说明 states both.
    const heading = lines.map((l) => YEAR_KIND.exec(l)).find((m) => m !== null);
    if (heading) {
      if (year === null) [year, src.year] = [Number(heading[1]), `the heading "${heading[0]}"`];
      if (kind === null) [kind, src.kind] = [kindOf(heading[3]!), `the heading "${heading[0]}"`];
      messages.push(info('transform', 'meta/from-heading', `no title with year and kind; taken from the heading "${heading[0]}"`));
    }
  }
  if (year === null || kind === null) {
    // Tables-only files (公开01表 … with 部门：X over each table) print the year only in a table title such
    // as 2019年政府采购预算表, and the kind in every title (收支预算总表).
    const fromTables = tableTitles(doc);
    if (year === null && fromTables.year !== null) [year, src.year] = [fromTables.year, `the table title "${fromTables.yearTitle}"`];
    if (kind === null && fromTables.kind !== null) [kind, src.kind] = [fromTables.kind, `${fromTables.kindTitles} table titles`];
  }
  if (year === null || kind === null) {
    // The file or folder name (江苏省委办公厅2017年预算公开表格.pdf) is the last evidence, and a weaker one, so it warns.
    const named = fromFileName(doc.source.path);
    if (named.year !== null && year === null) {
      [year, src.year] = [named.year, 'the file name'];
      messages.push(warning('transform', 'meta/year-from-file-name', `no title or heading states the year; ${year} is taken from the file name`));
    }
    if (named.kind !== null && kind === null) {
      [kind, src.kind] = [named.kind, 'the file name'];
      messages.push(warning('transform', 'meta/kind-from-file-name', `no title or heading says 预算 or 决算; ${kind} is taken from the file name`));
    }
  }
  if (year === null) messages.push(warning('transform', 'meta/year-unknown', 'the report year is stated in no title, heading, table title or file name; it is left empty'));
  if (kind === null) messages.push(warning('transform', 'meta/kind-unknown', 'neither 预算 nor 决算 in the title, headings, table titles or file name; the report kind is left empty'));
  if (year !== null) {
    const other = lines.map((l) => YEAR_KIND.exec(l)).find((m) => m !== null && /情况说明|编制说明/u.test(m.input) && Number(m[1]) !== year);
    if (other) messages.push(warning('transform', 'meta/year-conflict', `the title says ${year} but a heading says "${other[0]}"; the title's year is kept`));
  }

  const label = unitLabel(doc, lines);
  const unit = unitName(t?.unit ?? '', label, doc.source.path, src);
  if (unit === null) messages.push(warning('transform', 'meta/unit-unknown', 'no unit name in the title, cover, table labels or folder name; the unit is left empty'));
  else if (src.unit === 'the folder name' || src.unit === 'the file name') {
    messages.push(warning('transform', 'meta/unit-from-path', `no unit printed in the document; "${unit}" is taken from ${src.unit}`));
  }
  const text = documentText(doc);
  const aliases = unit ? unitAliases(unit, text) : [];
  const codes = printedCodes(doc, unit, aliases);
  const scope = reportScope(t?.scope ?? null, label, lines, messages, src);
  const moneyUnit = narrativeMoneyUnit(doc);
  if (moneyUnit === null) messages.push(warning('transform', 'meta/money-unit-unknown', 'no amount with a money unit in the narrative; its money unit is left empty'));
  messages.push(info('transform', 'meta/identity', identityReason(src)));

  return result({ unit, unitAliases: aliases, ...codes, year, kind, scope, moneyUnit }, messages);
}

/** "unit from the cover label 预算单位; year from the title; …": where each value was read. */
function identityReason(src: Sources): string {
  return (['unit', 'year', 'kind', 'scope'] as const).map((k) => `${k} from ${src[k] ?? 'nowhere (left empty)'}`).join('; ');
}

/** The year (the one most table titles print) and kind (when every title that names one agrees) of the table titles. */
function tableTitles(doc: Document): { year: number | null; yearTitle: string; kind: ReportKind | null; kindTitles: number } {
  const titles = doc.blocks.flatMap((b) => (b.type === 'table' ? [b.title ?? ''] : b.type === 'heading' ? [b.text] : [])).map(squash).filter((x) => x !== '');
  const years = new Map<number, string>();
  const counts = new Map<number, number>();
  const kinds = new Set<ReportKind>();
  let kindTitles = 0;
  for (const title of titles) {
    const y = TABLE_TITLE_YEAR.exec(title);
    if (y) {
      const n = Number(y[1]);
      if (!years.has(n)) years.set(n, title);
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    const k = TABLE_TITLE_KIND.exec(title);
    if (k) {
      kinds.add(kindOf(k[1]!));
      kindTitles++;
    }
  }
  // Two years equally often decide nothing.
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const year = ranked.length > 0 && (ranked.length === 1 || ranked[0]![1] > ranked[1]![1]) ? ranked[0]![0] : null;
  return { year, yearTitle: year === null ? '' : years.get(year)!, kind: kinds.size === 1 ? [...kinds][0]! : null, kindTitles };
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

/** A labelled unit line: on the cover (first lines), else over a table (in its context lines). */
interface UnitLabel {
  readonly label: string;
  readonly name: string;
  readonly where: 'cover' | 'table';
}

function unitLabel(doc: Document, lines: readonly string[]): UnitLabel | null {
  for (const line of lines.slice(0, 12)) {
    const m = UNIT_LINE.exec(line);
    if (m?.[2]) return { label: m[1]!, name: m[2], where: 'cover' };
  }
  for (const b of doc.blocks) {
    const candidates = b.type === 'table' ? b.context : b.type === 'paragraph' ? [b.text] : [];
    for (const c of candidates) {
      const m = UNIT_LINE.exec(squash(c));
      if (m?.[2]) return { label: m[1]!, name: m[2], where: 'table' };
    }
  }
  return null;
}

/** A folder or file name that reads as a unit's name (ends in an organ's suffix; no year). */
const UNIT_SUFFIX = /(?:厅|局|委员会|委|院|办公室|办|部|处|中心|所|站|馆|队|会|街道|镇|乡)$/u;

/**
 * The unit: a labelled cover line (预算主管部门：X / 预算单位：X: the Shanghai title "上海市普陀区2023年区级部门预算"
 * names only the district), else the title's text around the year, else a 部门：X label over the tables,
 * else, as the last resort, the folder the file sits in (archives are organised by unit) or the file name.
 */
function unitName(titleUnit: string, label: UnitLabel | null, path: string, src: Sources): string | null {
  if (label?.where === 'cover') {
    src.unit = `the cover label ${label.label}`;
    return label.name;
  }
  const name = titleUnit.replace(/^关于/u, '').replace(/[(（][^)）]*[)）]$/u, '').replace(/公开$/u, '');
  // A title naming only a region (上海市普陀区2025年区级单位预算) is a collection's title, not the unit.
  if (name.length >= 2 && !(label && /^[\u4e00-\u9fff]{2,8}[省市区县]$/u.test(name))) {
    src.unit = 'the title';
    return name;
  }
  if (label) {
    src.unit = `the label ${label.label}： over the tables`;
    return label.name;
  }
  const parts = path.split(/[\\/!]/u).filter((p) => p !== '');
  const folder = parts.length >= 2 ? squash(parts[parts.length - 2]!) : '';
  if (folder.length >= 3 && !/\d/u.test(folder) && UNIT_SUFFIX.test(folder)) {
    src.unit = 'the folder name';
    return folder;
  }
  const file = squash(parts[parts.length - 1] ?? '').replace(/\.[a-z0-9]+$/iu, '');
  const stem = /^([\u4e00-\u9fff]{3,}?)(?:单位)?(?:\d{2,4}年|\d{4}|部门|预算|决算)/u.exec(file)?.[1] ?? '';
  if (stem.length >= 3 && UNIT_SUFFIX.test(stem)) {
    src.unit = 'the file name';
    return stem;
  }
  return null;
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
 * 部门 or 单位. A cover label decides first (预算主管部门：X heads a 部门预算, 预算单位：X a 单位预算: the Shanghai
 * district publishes both for one unit and year). Then the part headings (单位概况, 单位决算情况说明) decide
 * over the title, because "部门决算/部门预算" is also the name of the disclosure regime that units report under
 * (the seed's title says 部门决算 for a unit). A 部门：X label over tables is the weakest evidence.
 */
function reportScope(titleWord: string | null, label: UnitLabel | null, lines: readonly string[], messages: Message[], src: Sources): ReportScope | null {
  if (label?.where === 'cover' && /^(?:预算主管部门|主管部门|预算单位)$/u.test(label.label)) {
    src.scope = `the cover label ${label.label}`;
    return label.label === '预算单位' ? 'unit' : 'department';
  }
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
  let scope = fromBody ?? fromTitle;
  src.scope = fromBody ? 'the part headings' : fromTitle ? 'the title' : null;
  if (scope === null && label) {
    scope = label.label === '预算单位' ? 'unit' : 'department';
    src.scope = `the label ${label.label}： over the tables`;
  }
  if (scope === null) messages.push(warning('transform', 'meta/scope-unknown', 'neither 部门 nor 单位 in the title, headings or labels; the scope is left empty'));
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
