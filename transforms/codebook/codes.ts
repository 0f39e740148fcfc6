/**
 * Classification codes of 《政府收支分类科目》 as printed in tables and narratives: which scheme and level a
 * code belongs to, how split 类/款/项 columns join, how a narrative path "X（类）Y（款）Z（项）" splits, and
 * how printed names compare. Pure functions.
 */
import type { CodeScheme } from '../model.ts';

/** The schemes a codebook knows (every CodeScheme except 'none'). */
export type CodebookScheme = Exclude<CodeScheme, 'none'>;

export const CODEBOOK_SCHEMES: readonly CodebookScheme[] = ['function', 'economic-dept', 'economic-gov', 'revenue'];

/** A code's scheme and level: 1 = 类, 2 = 款, 3 = 项 (4 = 目, revenue only). */
export interface CodeClass {
  readonly scheme: CodebookScheme;
  readonly level: number;
  /** Set when the hint named another family than the digits: the digits win, the caller may report it. */
  readonly conflict?: string;
}

type Family = 'function' | 'economic' | 'revenue';

/** Folds full-width digits and removes whitespace: "２０８ ０５" → "20805". */
export function normaliseCode(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}

/**
 * Reads a hint (a table id, a column header, a caption, or a scheme name) into a code family.
 * 功能分类 / 经济分类 / 收入分类 are the words the MoF templates print in 科目编码 headers; t06 is the
 * basic-expenditure table, which is by economic classification (docs/domain.md). A 基本支出 column header is no
 * hint: t03 prints one beside function codes.
 */
function hintFamily(hint: string): { family: Family; scheme?: CodebookScheme } | null {
  const h = hint.normalize('NFKC');
  if (h === 'economic-dept' || /部门预算支出经济分类/u.test(h)) return { family: 'economic', scheme: 'economic-dept' };
  if (h === 'economic-gov' || /政府预算支出经济分类/u.test(h)) return { family: 'economic', scheme: 'economic-gov' };
  if (/economic|经济分类|basic_expenditure/u.test(h)) return { family: 'economic' };
  if (/revenue|收入分类/u.test(h)) return { family: 'revenue' };
  if (/function|功能分类/u.test(h)) return { family: 'function' };
  return null;
}

/**
 * The scheme and level of a code from its digits, with a hint where one is known (table id or header).
 * Digits decide: revenue 1xx (3/5/7/9 digits: 类/款/项/目), function 2xx (3/5/7), 部门 economic 3xx (3/5),
 * 政府 economic 5xx (3/5). Returns null for text that is no code. A hint naming another family is reported
 * in `conflict` rather than obeyed, because a code's first digit is its family in every edition.
 */
export function classifyCode(code: string, hint?: string): CodeClass | null {
  const c = normaliseCode(code);
  if (!/^\d+$/u.test(c)) return null;
  let scheme: CodebookScheme;
  let family: Family;
  let maxLength: number;
  switch (c[0]) {
    case '1':
      scheme = 'revenue';
      family = 'revenue';
      maxLength = 9;
      break;
    case '2':
      scheme = 'function';
      family = 'function';
      maxLength = 7;
      break;
    case '3':
      scheme = 'economic-dept';
      family = 'economic';
      maxLength = 5;
      break;
    case '5':
      scheme = 'economic-gov';
      family = 'economic';
      maxLength = 5;
      break;
    default:
      return null;
  }
  if (c.length < 3 || c.length > maxLength || c.length % 2 === 0) return null;
  const level = (c.length - 1) / 2;
  const h = hint === undefined ? null : hintFamily(hint);
  if (h && h.family !== family) {
    return { scheme, level, conflict: `the hint says ${h.family} classification but ${c} is a ${scheme} code` };
  }
  if (h?.scheme && h.scheme !== scheme) {
    return { scheme, level, conflict: `the hint says ${h.scheme} but ${c} is a ${scheme} code` };
  }
  return { scheme, level };
}

/** The parent of a code by its digits ("2080505" → "20805", "208" → null). */
export function parentCode(code: string): string | null {
  return code.length > 3 ? code.slice(0, -2) : null;
}

/**
 * Joins a code printed over 类 | 款 | 项 columns ("208", "05", "05" → "2080505"). Empty trailing parts are
 * allowed ("208", "", "" → "208"); a gap ("208", "", "05") or a part of the wrong width gives null.
 * Carrying the 类/款 down from rows above is the table reader's job; this only joins what it is given.
 */
export function joinCodeParts(parts: readonly string[]): string | null {
  const cleaned = parts.map(normaliseCode);
  let code = '';
  let ended = false;
  for (const [i, p] of cleaned.entries()) {
    if (p === '') {
      ended = true;
      continue;
    }
    if (ended || !/^\d+$/u.test(p)) return null;
    // A part may already hold the full prefix (some templates repeat it: 208 | 20805 | 2080505).
    if (p.length === 3 + 2 * i && p.startsWith(code)) code = p;
    else if (p.length === (i === 0 ? 3 : 2)) code += p;
    else return null;
  }
  return code === '' ? null : code;
}

/** One step of a narrative path: "社会保障和就业（类）" → { name: "社会保障和就业", level: 1 }. */
export interface NarrativePathPart {
  readonly name: string;
  /** 1 = 类, 2 = 款, 3 = 项. */
  readonly level: number;
  /** Digits printed inside the marker ("住房保障支出（221类）" → "221", "（02款）" → "02"), else null. */
  readonly code: string | null;
  /** Character span of this part (name and marker) in the text. */
  readonly start: number;
  readonly end: number;
}

const LEVEL_OF_MARKER: Readonly<Record<string, number>> = { 类: 1, 款: 2, 项: 3 };

/**
 * Splits "X（类）Y（款）Z（项）" into its parts; full-width and ASCII brackets, codes inside the marker
 * ("（221类）") and list numbering before the first name ("1." / "3. ") are handled. Text before the first
 * name that is not numbering stays in the first name (the caller, or `resolvePath`, cuts it).
 * Null when the text has no marker.
 */
export function parseNarrativePath(text: string): NarrativePathPart[] | null {
  const marker = /[（(]\s*(\d*)\s*(类|款|项)\s*[）)]/gu;
  const parts: NarrativePathPart[] = [];
  let from = 0;
  for (const m of text.matchAll(marker)) {
    const level = LEVEL_OF_MARKER[m[2] ?? ''] ?? 0;
    const previous = parts[parts.length - 1];
    // A path descends 类 → 款 → 项; a marker at the same or a higher level starts another path.
    if (previous && level <= previous.level) break;
    const raw = text.slice(from, m.index);
    // Before the first name, list numbering ("1." / "3. ") is skipped too; later only separators.
    const lead = (parts.length === 0 ? /^[\s\d.．、:：;；,，]*/u : /^[\s:：;；,，、]*/u).exec(raw)?.[0] ?? '';
    const name = raw.slice(lead.length).replace(/\s+/gu, '');
    if (name === '') break;
    parts.push({ name, level, code: m[1] ? m[1] : null, start: from + lead.length, end: m.index + m[0].length });
    from = m.index + m[0].length;
    // A path ends where punctuation follows its marker ("（项）：支出决算为…").
    if (/^\s*[:：,，。;；、]/u.test(text.slice(from))) break;
  }
  return parts.length > 0 ? parts : null;
}

/**
 * Name normalisation for comparison: NFKC (full-width brackets and letters), no whitespace, no quotes.
 * "因公出国（境）费用" and "因公出国(境)费用" compare equal.
 */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').replace(/[\s"'“”‘’「」『』]/gu, '');
}

/** The narrative drops the trailing 支出 of class names ("社会保障和就业（类）"), and some tables do too. */
function stem(name: string): string {
  const n = normaliseName(name);
  return n.endsWith('支出') && n.length > 2 ? n.slice(0, -2) : n;
}

/** Whether two printed names are the same name, tolerant of spacing, bracket width and a trailing 支出. */
export function sameName(a: string, b: string): boolean {
  return normaliseName(a) === normaliseName(b) || stem(a) === stem(b);
}

/**
 * Whether `text` ends with `name` (tolerant as `sameName`): used for the first name of a narrative path,
 * which may carry words before it ("主要用于社会保障和就业"). Returns the length of the matched tail, or 0.
 */
export function endsWithName(text: string, name: string): number {
  const t = normaliseName(text);
  for (const candidate of new Set([normaliseName(name), stem(name)])) {
    if (candidate === '') continue;
    if (t.endsWith(candidate)) return candidate.length;
    if (t.endsWith('支出') && t.slice(0, -2).endsWith(candidate)) return candidate.length + 2;
  }
  return 0;
}
