/**
 * Automatic paragraph numbering of DOCX (ECMA-376 §17.9), written out as text. Chinese reports number
 * their headings with Word's list numbering (第一部分, 一、, （一）, 1.) far more often than by typing it;
 * mammoth turns such paragraphs into <ol><li> and the printed numbering is lost, so the heading reader
 * could not see it. Here the numbering is computed from numbering.xml and styles.xml and inserted into
 * each paragraph as a text run, and the paragraph's own list numbering is switched off (numId 0).
 */

/** One level of an abstract numbering definition. */
interface Level {
  start: number;
  format: string;
  text: string;
  /** "Legal" numbering shows every level in decimal. */
  legal: boolean;
  /** What follows the label: tab (default), space or nothing. */
  suffix: string;
  /** The paragraph style linked to this level, if any. */
  style: string | undefined;
}

interface Numbering {
  /** abstractNumId → ilvl → level. */
  readonly abstracts: Map<string, Map<number, Level>>;
  /** numId → abstractNumId and the start overrides of its levels. */
  readonly nums: Map<string, { abstract: string; starts: Map<number, number> }>;
}

interface StyleNumbering {
  numId?: string;
  ilvl?: number;
  basedOn?: string;
}

const attr = (xml: string, name: string): string | undefined => new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`).exec(xml)?.[1];
const childVal = (xml: string, tag: string): string | undefined => {
  const m = new RegExp(`<${tag}\\b([^>]*)/?>`).exec(xml);
  return m ? attr(m[1]!, 'w:val') : undefined;
};
const elements = (xml: string, tag: string): string[] => xml.match(new RegExp(`<${tag}\\b[\\s\\S]*?</${tag}>`, 'g')) ?? [];

function readNumbering(xml: string): Numbering {
  const abstracts = new Map<string, Map<number, Level>>();
  for (const abs of elements(xml, 'w:abstractNum')) {
    const id = attr(abs, 'w:abstractNumId');
    if (id === undefined) continue;
    const levels = new Map<number, Level>();
    for (const lvl of elements(abs, 'w:lvl')) {
      const ilvl = Number(attr(lvl, 'w:ilvl') ?? '0');
      levels.set(ilvl, {
        start: Number(childVal(lvl, 'w:start') ?? '1'),
        format: childVal(lvl, 'w:numFmt') ?? 'decimal',
        text: childVal(lvl, 'w:lvlText') ?? '',
        legal: /<w:isLgl\b(?![^>]*w:val="(0|false)")/.test(lvl),
        suffix: childVal(lvl, 'w:suff') ?? 'tab',
        style: childVal(lvl, 'w:pStyle'),
      });
    }
    abstracts.set(id, levels);
  }
  const nums = new Map<string, { abstract: string; starts: Map<number, number> }>();
  for (const num of elements(xml, 'w:num')) {
    const id = attr(num, 'w:numId');
    const abstract = childVal(num, 'w:abstractNumId');
    if (id === undefined || abstract === undefined) continue;
    const starts = new Map<number, number>();
    for (const o of elements(num, 'w:lvlOverride')) {
      const start = childVal(o, 'w:startOverride');
      if (start !== undefined) starts.set(Number(attr(o, 'w:ilvl') ?? '0'), Number(start));
    }
    nums.set(id, { abstract, starts });
  }
  return { abstracts, nums };
}

function readStyles(xml: string): { styles: Map<string, StyleNumbering>; defaultStyle: string | undefined } {
  const styles = new Map<string, StyleNumbering>();
  let defaultStyle: string | undefined;
  for (const style of elements(xml, 'w:style')) {
    const open = /<w:style\b[^>]*>/.exec(style)?.[0] ?? '';
    if (attr(open, 'w:type') !== 'paragraph') continue;
    const id = attr(open, 'w:styleId');
    if (id === undefined) continue;
    if (/w:default="(1|true)"/.test(open)) defaultStyle = id;
    const numPr = /<w:numPr>([\s\S]*?)<\/w:numPr>/.exec(style)?.[1];
    const ilvl = numPr ? childVal(numPr, 'w:ilvl') : undefined;
    styles.set(id, {
      ...(numPr && childVal(numPr, 'w:numId') !== undefined ? { numId: childVal(numPr, 'w:numId') } : {}),
      ...(ilvl !== undefined ? { ilvl: Number(ilvl) } : {}),
      ...(childVal(style, 'w:basedOn') !== undefined ? { basedOn: childVal(style, 'w:basedOn') } : {}),
    });
  }
  return { styles, defaultStyle };
}

const CN_DIGITS = '零一二三四五六七八九';

/** 1 → 一, 10 → 十, 11 → 十一, 21 → 二十一, 105 → 一百零五 (Word's chineseCounting). */
export function chineseCounting(n: number): string {
  if (n <= 0 || n >= 10000) return String(n);
  const units = ['', '十', '百', '千'];
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i]!;
    if (d === 0) zero = out !== '';
    else {
      if (zero) out += '零';
      zero = false;
      out += CN_DIGITS[d] + unit;
    }
  });
  return out.startsWith('一十') ? out.slice(1) : out;
}

const letters = (n: number, upper: boolean): string => {
  const c = String.fromCharCode((upper ? 65 : 97) + ((n - 1) % 26));
  return c.repeat(Math.floor((n - 1) / 26) + 1);
};

function roman(n: number): string {
  const table: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [v, s] of table) {
    while (n >= v) {
      out += s;
      n -= v;
    }
  }
  return out;
}

/** A counter value in a level's number format. */
export function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'chineseLegalSimplified':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
    case 'japaneseCounting':
    case 'ideographDigital':
      return chineseCounting(n);
    case 'ideographTraditional':
      return '甲乙丙丁戊己庚辛壬癸'[(n - 1) % 10] ?? String(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2460 + n - 1) : String(n);
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'upperLetter':
      return letters(n, true);
    case 'lowerLetter':
      return letters(n, false);
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'none':
      return '';
    default:
      return String(n);
  }
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Writes the automatic numbering of every numbered paragraph into its text. Bullets are left to mammoth
 * (they carry no numbering). Returns the new document XML and how many labels were inserted.
 */
export function inlineNumbering(documentXml: string, numberingXml: string | undefined, stylesXml: string | undefined): { xml: string; labelled: number } {
  if (numberingXml === undefined) return { xml: documentXml, labelled: 0 };
  const { abstracts, nums } = readNumbering(numberingXml);
  const { styles, defaultStyle } = stylesXml ? readStyles(stylesXml) : { styles: new Map<string, StyleNumbering>(), defaultStyle: undefined };
  /** The numbering a style gives, following basedOn. */
  const styleNumbering = (id: string | undefined): { numId?: string; ilvl?: number } => {
    for (let s = id, guard = 0; s !== undefined && guard < 20; guard++) {
      const st = styles.get(s);
      if (!st) break;
      if (st.numId !== undefined) return st;
      s = st.basedOn;
    }
    return {};
  };
  // Counters per abstract numbering (list instances sharing one continue it, as Word does).
  const counters = new Map<string, number[]>();
  const startedNums = new Set<string>();
  const out: string[] = [];
  let from = 0;
  let labelled = 0;
  const P = /<w:p(?=[\s>/])[^>]*?(\/?)>/g;
  for (let m = P.exec(documentXml); m; m = P.exec(documentXml)) {
    if (m[1]) continue;
    const bodyStart = m.index + m[0].length;
    const pPrMatch = /^<w:pPr>([\s\S]*?)<\/w:pPr>|^<w:pPr\/>/.exec(documentXml.slice(bodyStart, bodyStart + 20000));
    const pPr = pPrMatch?.[1] ?? '';
    const style = childVal(pPr, 'w:pStyle') ?? defaultStyle;
    const ownNumPr = /<w:numPr>([\s\S]*?)<\/w:numPr>/.exec(pPr)?.[1];
    const inherited = styleNumbering(style);
    const numId = (ownNumPr && childVal(ownNumPr, 'w:numId')) ?? inherited.numId;
    if (numId === undefined || numId === '0') continue;
    const num = nums.get(numId);
    const levels = num ? abstracts.get(num.abstract) : undefined;
    if (!num || !levels) continue;
    const ownLevel = ownNumPr ? childVal(ownNumPr, 'w:ilvl') : undefined;
    const linked = [...levels.entries()].find(([, l]) => l.style !== undefined && l.style === style)?.[0];
    const ilvl = ownLevel !== undefined ? Number(ownLevel) : (inherited.ilvl ?? linked ?? 0);
    const level = levels.get(ilvl);
    if (!level || level.format === 'bullet') continue;
    const count = counters.get(num.abstract) ?? [];
    if (!startedNums.has(numId)) {
      startedNums.add(numId);
      // A list instance with start overrides restarts those levels.
      for (const [l, start] of num.starts) count[l] = start - 1;
    }
    count[ilvl] = (count[ilvl] ?? (levels.get(ilvl)?.start ?? 1) - 1) + 1;
    count.length = ilvl + 1; // deeper levels restart
    counters.set(num.abstract, count);
    const label = level.text.replace(/%([1-9])/g, (_, d: string) => {
      const l = Number(d) - 1;
      const lv = levels.get(l);
      const value = count[l] ?? lv?.start ?? 1;
      return formatNumber(value, level.legal || !lv ? 'decimal' : lv.format);
    });
    // A tab or space after 一、 or （一） is layout; after 1. or 第一部分 it separates words.
    const separator = level.suffix === 'nothing' || /[、，．）)]$/.test(label) ? '' : ' ';
    const run = `<w:r><w:t xml:space="preserve">${escapeXml(label + separator)}</w:t></w:r>`;
    const noList = '<w:numPr><w:numId w:val="0"/></w:numPr>';
    const newPPr = pPrMatch ? `<w:pPr>${noList}${pPr.replace(/<w:numPr>[\s\S]*?<\/w:numPr>/, '')}</w:pPr>` : `<w:pPr>${noList}</w:pPr>`;
    out.push(documentXml.slice(from, bodyStart), newPPr, run);
    from = bodyStart + (pPrMatch?.[0].length ?? 0);
    labelled++;
  }
  out.push(documentXml.slice(from));
  return { xml: out.join(''), labelled };
}
