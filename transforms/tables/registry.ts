/**
 * Recognises a standard table (docs/domain.md, "The standard tables") by its printed title, through the alias
 * registry in data/table-aliases.json. Titles vary by province, year and typist: numbering prefixes
 * (表1, 附表1-2, 一、, 1.), a unit name and year in front (中共…部2024年度收入支出决算总表), quote marks
 * around 三公 (“三公” / "三公" / ‘三公’ / none), ASCII or full-width brackets, spaces between characters, and
 * a trailing （续）on continued pages. Pure functions; the registry is static data.
 */
import registryData from '../../data/table-aliases.json' with { type: 'json' };
import type { ReportKind, TableId } from '../model.ts';

interface AliasEntry {
  readonly alias: string;
  readonly id: TableId | null;
  readonly kind: ReportKind | null;
  /** For a generic alias (no 预算/决算 in it): the id by report kind. */
  readonly byKind?: Readonly<Record<ReportKind, TableId>>;
}

const CN_NUM = '一二三四五六七八九十百零〇';

/**
 * Numbering printed before a title: 附表1-2、表一：, 一、, （一）, 1. or 1、. Matched before whitespace is
 * removed, because 表六 一般公共预算… needs the space to tell the numeral from the title.
 */
const NUMBERING_PREFIX = new RegExp(
  [
    `^(?:附表|表|附件)\\s*[0-9]+(?:[-.][0-9]+)*\\s*[.、:]?`,
    `^(?:附表|表|附件)\\s*[${CN_NUM}]+(?:[.、:]|\\s+)`,
    `^[${CN_NUM}]+\\s*[、.]`,
    `^\\(\\s*[${CN_NUM}0-9]+\\s*\\)`,
    `^[0-9]{1,2}\\s*(?:[、:]|\\.(?![0-9]))`,
  ].join('|'),
);

/** Quote marks of every style; titles print 三公 with any of them or none. */
const QUOTES = /["'“”‘’「」『』〝〞＂＇]/g;

/**
 * Normalises a title for matching: NFKC (full-width → ASCII), quotes removed, brackets folded and
 * bracketed remarks dropped ((收入), (续), (公开01表), (单位:万元)), numbering prefixes, whitespace and years
 * (2021年度) removed.
 */
export function normaliseTitle(title: string): string {
  let s = title
    .normalize('NFKC')
    .replace(QUOTES, '')
    .replace(/[（【[]/g, '(')
    .replace(/[）】\]]/g, ')')
    .replace(/[．。]/g, '.')
    .trim();
  for (let i = 0; i < 3; i++) {
    const before = s;
    s = s.replace(NUMBERING_PREFIX, '').trim();
    if (s === before) break;
  }
  return s
    .replace(/\([^()]{0,12}\)/g, '')
    .replace(/[\s\u3000]+/g, '')
    .replace(/续表$/, '表')
    .replace(/(?:19|20)\d{2}年度?/g, '');
}

/**
 * What may precede an alias in a title without making it another table: a unit name, 部门, 单位, a year.
 * A fund or expenditure word right before the alias means a different, longer title (项目支出决算表 is not
 * 支出决算表; 政府性基金预算财政拨款“三公”经费支出决算表 is not the 三公 table).
 */
const FORBIDDEN_PREFIX_END =
  /(?:项目|基本|财政拨款|预算|基金|经营|明细|专项|转移支付|机关运行|三公|经费|收入|支出|收支|功能分类|经济分类|政府采购|上年|本年|结转|结余|国有资本|一般公共)$/;

function buildEntries(): AliasEntry[] {
  const entries: AliasEntry[] = [];
  const tables = registryData.tables as Record<string, { kind: string | null; aliases: string[] }>;
  for (const [id, t] of Object.entries(tables)) {
    const kind = t.kind === 'final' || t.kind === 'budget' ? t.kind : null;
    for (const alias of t.aliases) entries.push({ alias: normaliseTitle(alias), id, kind });
  }
  for (const g of registryData.generic) {
    entries.push({ alias: normaliseTitle(g.alias), id: null, kind: null, byKind: { budget: g.budget, final: g.final } });
  }
  // Longest first: the most specific alias decides.
  return entries.sort((a, b) => b.alias.length - a.alias.length);
}

const ENTRIES: readonly AliasEntry[] = buildEntries();

/** Every canonical (non-`other.`) id of the registry, for the kind given or both. */
export function standardTableIds(kind?: ReportKind | null): TableId[] {
  const tables = registryData.tables as Record<string, { kind: string | null }>;
  return Object.entries(tables)
    .filter(([id, t]) => !id.startsWith('other.') && (kind == null || t.kind === kind))
    .map(([id]) => id);
}

/** True for the canonical ids of docs/domain.md (not `other.…`). */
export function isStandardTableId(id: TableId): boolean {
  return !id.startsWith('other.');
}

/** The ids whose tables hold projects and indicators rather than line items (transforms/performance.ts). */
export const PERFORMANCE_TABLE_IDS: ReadonlySet<TableId> = new Set([
  'final.performance_self_evaluation',
  'budget.t10_project_performance',
]);

function resolve(entry: AliasEntry, kind: ReportKind | null | undefined): TableId | null {
  if (entry.id !== null) return entry.id;
  return kind ? (entry.byKind?.[kind] ?? null) : null;
}

/**
 * The canonical id of the table a title names, or null when the title names no table in the registry.
 * `kind`, when known, resolves generic aliases (一般公共预算支出表 has no 预算/决算 word) and prefers the
 * aliases of that kind among equally long ones.
 */
export function recogniseTable(title: string, kind?: ReportKind | null): TableId | null {
  const t = normaliseTitle(title);
  if (t === '' || !t.endsWith('表')) return null;
  let bestLength = -1;
  let best: TableId | null = null;
  for (const entry of ENTRIES) {
    if (entry.alias.length < bestLength) break;
    if (!t.endsWith(entry.alias)) continue;
    const prefix = t.slice(0, t.length - entry.alias.length);
    // Performance tables carry a project class in front (特定目标类部门预算项目绩效目标自评表).
    const guarded = entry.id === null || !PERFORMANCE_TABLE_IDS.has(entry.id);
    if (guarded && FORBIDDEN_PREFIX_END.test(prefix)) {
      // The longest alias found is preceded by a word that makes this another table: no shorter alias
      // can be right either.
      if (bestLength < 0) return null;
      continue;
    }
    const id = resolve(entry, kind);
    if (id === null) continue;
    if (best === null || (kind && entry.kind === kind)) best = id;
    bestLength = entry.alias.length;
  }
  return best;
}

/**
 * The id of any table: the canonical id when recognised, else `other.<slug>` where the slug is the
 * normalised title (Chinese kept; punctuation dropped) or `untitled` for a table without a title.
 */
export function tableIdFor(title: string | null, kind?: ReportKind | null): TableId {
  if (title) {
    const id = recogniseTable(title, kind);
    if (id) return id;
  }
  const slug = (title ? normaliseTitle(title) : '')
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  return `other.${slug === '' ? 'untitled' : slug}`;
}
