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

/** Characters of a run being built, as parallel arrays (one object per character would be GC-heavy on long PDFs). */
class RunBuilder {
  readonly chars: string[] = [];
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly blocks: number[] = [];

  get length(): number {
    return this.chars.length;
  }

  push(ch: string, start: number, end: number, block: number): void {
    this.chars.push(ch);
    this.starts.push(start);
    this.ends.push(end);
    this.blocks.push(block);
  }

  /** Adds a block's text after NFKC, each character with its document offsets. */
  addBlock(b: Block): void {
    const text = blockText(b);
    let offset = b.span.start;
    for (const cp of text) {
      // ASCII and CJK ideographs are NFKC-stable: skip the normalisation call for them.
      const code = cp.codePointAt(0)!;
      const folded = code < 0x80 || (code >= 0x4e00 && code <= 0x9fff) ? cp : cp.normalize('NFKC');
      for (const ch of folded) this.push(ch, offset, offset + cp.length, b.index);
      offset += cp.length;
    }
  }

  toRun(heading: string): Run {
    const keep: number[] = [];
    const clean: string[] = [];
    const { chars } = this;
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i]!;
      if (!/\s/u.test(ch)) {
        keep.push(i);
        clean.push(ch);
        continue;
      }
      // Keep one space only where it separates two numbers or words written in ASCII.
      const prev = clean[clean.length - 1];
      let j = i + 1;
      while (j < chars.length && /\s/u.test(chars[j]!)) j++;
      const next = chars[j];
      if (prev && next && prev !== ' ' && ALNUM.test(prev) && ALNUM.test(next)) {
        keep.push(i);
        clean.push(' ');
      }
    }
    return {
      clean: clean.join(''),
      start: keep.map((i) => this.starts[i]!),
      end: keep.map((i) => this.ends[i]!),
      block: keep.map((i) => this.blocks[i]!),
      heading,
    };
  }
}

/** The narrative runs of a document, in order. */
export function narrativeRuns(doc: Document): Run[] {
  const runs: Run[] = [];
  let heading = '';
  let current = new RunBuilder();
  const close = (): void => {
    if (current.length > 0) runs.push(current.toRun(heading));
    current = new RunBuilder();
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
    if (current.length > 0) {
      // The "\n" between blocks is whitespace: dropped unless it separates two ASCII numbers.
      const end = current.ends[current.length - 1]!;
      current.push('\n', end, end + 1, b.index);
    }
    current.addBlock(b);
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
