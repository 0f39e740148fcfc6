/**
 * The narrative as runs of text that the fact scanner reads: consecutive paragraphs between headings (and
 * tables), with a clean form of their text for matching and a map back to document offsets for provenance.
 *
 * Why runs and not paragraphs: a PDF text layer gives one paragraph per printed line, so a sentence (and a
 * path such as 一般公共服务支出（类）…（项）) is cut over several blocks; a DOCX paragraph ending in 其中：
 * continues in the next one. Why a clean form: NFKC folds full-width digits, brackets and ％, and the spaces
 * a PDF puts around numbers ("307.82 万元", "截至 2024 年") are dropped, except between two ASCII
 * letters/digits, where they separate numbers ("22.91 0 1.35" on a table line).
 */
import { blockText, type Block, type Document } from '../../extractors/model.ts';

/** A run of narrative text. `start[i]`/`end[i]` are the document offsets of clean character i. */
export interface Run {
  /** Block index of each clean character (for the provenance's block). */
  readonly block: readonly number[];
  readonly clean: string;
  readonly start: readonly number[];
  readonly end: readonly number[];
  /** The heading the run stands under, as printed (clean), or "". */
  readonly heading: string;
}

/** A sentence of a run: clean offsets [from, to), ending after 。！？ or at the end of the run. */
export interface Sentence {
  readonly from: number;
  readonly to: number;
}

const ALNUM = /[0-9A-Za-z.]/u;

/**
 * A paragraph that is a heading printed as plain text (PDF): numbered (一、 （一） 1、 第三部分) and ending in a
 * heading word rather than sentence punctuation. Numbered list items that continue a path over the next
 * line ("3、一般公共服务支出（类）社会工作事务（款）其他社会工作") do not end in such a word.
 */
function looksLikeHeading(text: string): boolean {
  const t = text.normalize('NFKC').replace(/\s+/gu, '');
  if (t.length > 60 || /[。;:!?]$/u.test(t)) return false;
  const numbered = /^(?:第[一二三四五六七八九十\d]+部分|[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)、?|\d+[、.](?!\d))/u.test(t);
  return numbered && HEADING_END.test(t);
}

const HEADING_END = /(?:说明|情况|概况|解释|职能|构成|设置|附件|附表|目标|预算|决算|管理|支出|经费|\((?:类|款|项)\))$/u;

/**
 * A heading block that is really the first line of a numbered item whose 类/款/项 path goes on in the next
 * line: a PDF extractor sees "3、一般公共服务支出（类）社会工作事务（款）其他社会工作" as a level-4 heading.
 */
function isItemLine(text: string): boolean {
  const t = text.normalize('NFKC').replace(/\s+/gu, '');
  return /\((?:类|款)\)/u.test(t) && !HEADING_END.test(t);
}

interface Char {
  readonly ch: string;
  readonly start: number;
  readonly end: number;
  readonly block: number;
}

/** The characters of a block's text after NFKC, each with its document offsets. */
function foldedChars(b: Block): Char[] {
  const text = blockText(b);
  const out: Char[] = [];
  let offset = b.span.start;
  for (const cp of text) {
    const folded = cp.normalize('NFKC');
    for (const ch of folded) out.push({ ch, start: offset, end: offset + cp.length, block: b.index });
    offset += cp.length;
  }
  return out;
}

function toRun(chars: readonly Char[], heading: string): Run {
  const kept: Char[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (!/\s/u.test(c.ch)) {
      kept.push(c);
      continue;
    }
    // Keep one space only where it separates two numbers or words written in ASCII.
    const prev = kept[kept.length - 1];
    let j = i + 1;
    while (j < chars.length && /\s/u.test(chars[j]!.ch)) j++;
    const next = chars[j];
    if (prev && next && ALNUM.test(prev.ch) && ALNUM.test(next.ch) && prev.ch !== ' ') kept.push({ ...c, ch: ' ' });
  }
  return {
    clean: kept.map((c) => c.ch).join(''),
    start: kept.map((c) => c.start),
    end: kept.map((c) => c.end),
    block: kept.map((c) => c.block),
    heading,
  };
}

/** The narrative runs of a document, in order. */
export function narrativeRuns(doc: Document): Run[] {
  const runs: Run[] = [];
  let heading = '';
  let chars: Char[] = [];
  const close = (): void => {
    if (chars.length > 0) runs.push(toRun(chars, heading));
    chars = [];
  };
  for (const b of doc.blocks) {
    if (b.type === 'image') continue;
    if (b.type === 'table') {
      close();
      continue;
    }
    if ((b.type === 'heading' && !isItemLine(b.text)) || (b.type === 'paragraph' && looksLikeHeading(b.text))) {
      close();
      heading = b.text.normalize('NFKC').replace(/\s+/gu, '');
      continue;
    }
    if (chars.length > 0) {
      // The "\n" between blocks is whitespace: dropped unless it separates two ASCII numbers.
      const last = chars[chars.length - 1]!;
      chars.push({ ch: '\n', start: last.end, end: last.end + 1, block: b.index });
    }
    chars.push(...foldedChars(b));
  }
  close();
  return runs;
}

/** Splits a run into sentences after 。！？ (NFKC folds the full-width ！？). */
export function sentences(run: Run): Sentence[] {
  const out: Sentence[] = [];
  let from = 0;
  for (let i = 0; i < run.clean.length; i++) {
    if (/[。!?]/u.test(run.clean[i]!)) {
      out.push({ from, to: i + 1 });
      from = i + 1;
    }
  }
  if (from < run.clean.length) out.push({ from, to: run.clean.length });
  return out;
}

/** The document text of clean range [from, to), as printed with line breaks joined. */
export function printed(docText: string, run: Run, from: number, to: number): string {
  if (to <= from) return '';
  const raw = docText.slice(run.start[from]!, run.end[to - 1]!);
  return raw.replace(/\s*\n\s*/gu, (m, at: number) => {
    const before = raw[at - 1] ?? '';
    const after = raw[at + m.length] ?? '';
    return ALNUM.test(before) && ALNUM.test(after) ? ' ' : '';
  });
}
