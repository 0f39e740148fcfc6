/**
 * Heading numbering as printed in Chinese reports (第一部分, 一、, （一）, 1、/1., （1）) and the
 * caption lines printed above tables (titles, 单位：万元). Pure functions on text.
 */

const CN = '一二三四五六七八九十百零〇两';

/** Numbering patterns, outermost first; `level` is the outline level the MoF template gives them. */
const NUMBERINGS: readonly { readonly re: RegExp; readonly level: number }[] = [
  // the PDF text layer has a space between Arabic digits and CJK text printed in another font: 第 3 部分.
  { re: new RegExp(`^第\\s*[${CN}\\d]+\\s*(部分|章|篇)`), level: 1 },
  { re: new RegExp(`^[${CN}]+\\s*[、.．]`), level: 2 },
  { re: new RegExp(`^[（(]\\s*[${CN}]+\\s*[)）]`), level: 3 },
  // "1.5万元" is an amount, not a numbering: the dot must not be followed by a digit.
  { re: /^\d{1,2}\s*(、|[.．](?!\d))/, level: 4 },
  { re: /^[（(]\s*\d{1,2}\s*[)）]/, level: 5 },
];

/** The numbering printed at the start of `text` and the level it implies, or null. */
export function parseNumbering(text: string): { numbering: string; level: number } | null {
  for (const { re, level } of NUMBERINGS) {
    const m = re.exec(text);
    if (m) return { numbering: m[0].replace(/\s+/g, ''), level };
  }
  return null;
}

/** Longest paragraph still read as a numbered heading; longer numbered lines are body text. */
const MAX_HEADING_CHARS = 40;

/**
 * True when a plain paragraph is a numbered heading: numbered, short, and not a sentence. Numbered
 * glossary entries (1.财政拨款收入：指…。) and numbered statements (1.…支出决算为13.17万元。) stay paragraphs:
 * a colon, a sentence stop or an amount inside marks body text.
 */
export function isNumberedHeading(text: string): { numbering: string; level: number } | null {
  const n = parseNumbering(text);
  if (!n) return null;
  if (text.length > MAX_HEADING_CHARS) return null;
  const rest = text.slice(n.numbering.length).trim();
  if (rest === '') return null;
  const body = rest.endsWith('。') ? rest.slice(0, -1) : rest;
  // Commas occur in headings (（一）推进热线整合，实现一号受理); sentence stops, colons and amounts do not.
  if (/[。；;：:！？!?]/.test(body)) return null;
  if (/\d\s*(万元|亿元|元|%|％)/.test(body)) return null;
  // A trailing full stop is tolerated only on short titles such as （六）创文工作。
  if (rest.endsWith('。') && text.length > 20) return null;
  return n;
}

/** A unit line above a table: 单位：万元, 金额单位：元, 编制单位：某局 单位：元. */
export function isUnitLine(text: string): boolean {
  return /^(金额|计量)?单位\s*[：:]/.test(text) || /单位\s*[：:]\s*(人民币)?\s*(亿元|万元|千元|元)\s*$/.test(text);
}

/** Longest paragraph that can be a caption above a table. */
const MAX_CAPTION_CHARS = 60;

/** A caption-like paragraph: short, not a sentence (a title, 单位：万元, 表1, （项目名）). */
export function isCaptionLike(text: string): boolean {
  if (text === '' || text.length > MAX_CAPTION_CHARS) return false;
  if (isUnitLine(text)) return true;
  return !/[。！？!?]/.test(text) && !/[：:]$/.test(text);
}

/** A line wholly in brackets, such as （市12345市民热线服务采购项目）: a subtitle, not the title. */
export function isBracketedLine(text: string): boolean {
  return /^[（(【[].*[)）】\]]$/.test(text);
}

/** A bare table label such as 表1 or 附表3-1, which names no table by itself. */
export function isTableLabel(text: string): boolean {
  return /^(附)?表\s*[\d一二三四五六七八九十-]+[.．、:：]?$/.test(text);
}

/**
 * The title among the caption lines above a table, nearest first: the nearest that is not a unit line, a
 * bracketed subtitle or a bare label; else the nearest that is not a label; else the nearest. The HTML,
 * DOCX and workbook readers take it as it is; the PDF reader tries its layout rules (a line ending in 表,
 * the line printed largest) first.
 */
export function titleAmong(captions: readonly string[]): string | null {
  const candidates = [...captions].reverse().filter((t) => !isUnitLine(t));
  return candidates.find((t) => !isBracketedLine(t) && !isTableLabel(t)) ?? candidates.find((t) => !isTableLabel(t)) ?? candidates[0] ?? null;
}
