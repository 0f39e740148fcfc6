/**
 * Which printed line is a table's title (one home: the table reader, the empty-table and listed-table
 * finders all ask here). The extractor gives each table block its captions (the lines just above it on its
 * page) and a first guess (`TableBlock.title`); here the registry decides (transforms/tables/registry.ts):
 * the nearest caption that names a standard table, a title wrapped over two lines joined, a title run into
 * its unit line cut off, and a title left at the foot of the previous page. Pure functions.
 */
import type { Block, Document, TableBlock } from '../../extractors/model.ts';
import type { ReportMeta, TableId } from '../model.ts';
import { recogniseTable } from './registry.ts';

/**
 * The title of a table block and the id it names: the first candidate (nearest first) the registry knows.
 * `before` are the title-like lines printed before a block without a title on its own page: a title left at
 * the foot of the previous page (Jiangsu 2017: 财政拨款基本支出预算表 on p.12, its grid on p.13).
 */
export function titleOf(
  block: TableBlock,
  kind: ReportMeta['kind'],
  captions: readonly string[],
  before: readonly string[] = [],
): { title: string | null; id: TableId | null } {
  // A title wrapped over two lines ("公开 09 表：一般公共预算“三公”经费、会议费、培训费" / "支出预算表", Jiangsu
  // 2018) is tried whole before its last line alone, which names another table (支出预算表 is t03).
  const lines = [...before, ...block.context];
  const joined = wrappedPairs(lines).reverse();
  const candidates = [...joined, block.title, ...[...lines].reverse(), ...captions].filter((x): x is string => !!x && x.trim() !== '');
  for (const c of candidates) {
    for (const text of [c, titlePart(c)]) {
      const id = text === null ? null : recogniseTable(text, kind);
      if (id) return { title: text, id };
    }
  }
  return { title: block.title, id: null };
}

/**
 * The title in a line that runs it into the publisher and unit line ("一般公共预算机关运行经费支出预算表部门：
 * 江苏省人大常委会办公厅 单位：万元", Jiangsu 2017 p.18), or null when the line holds no such label.
 */
export function titlePart(line: string): string | null {
  const m = /^(.+?表)\s*(?:编制|填报)?(?:部门|单位)(?:名称)?\s*[：:]/u.exec(line.trim());
  return m ? m[1]! : null;
}

/** The title-like lines printed right before a block, after the block before it (nearest last, at most four). */
export function linesBefore(blocks: readonly Block[], index: number): string[] {
  const out: string[] = [];
  for (let i = index - 1; i >= 0 && out.length < 4; i--) {
    const b = blocks[i]!;
    if (b.type === 'image') continue;
    if (b.type === 'table' || b.text.length > 80 || /[。；;]/.test(b.text)) break;
    out.unshift(b.text);
  }
  return out;
}

/**
 * Two consecutive lines joined, where the second is a short tail ending in 表: a title wrapped over two
 * lines ("十一、一般公共预算“三公”经费、会议费、培训费支" / "出预算表", Jiangsu 2017 目录).
 */
export function wrappedPairs(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const tail = lines[i]!.replace(/\s+/g, '');
    if (tail.length <= 12 && /表$/.test(tail) && !/表$/.test(lines[i - 1]!.trim())) out.push(`${lines[i - 1]!.trim()}${tail}`);
  }
  return out;
}

/** Title-like lines: headings and short paragraphs that are not sentences, and wrapped titles joined. */
export function titleLines(doc: Document): { index: number; text: string }[] {
  const lines = doc.blocks.flatMap((b) =>
    (b.type === 'heading' || b.type === 'paragraph') && b.text.length <= 60 && !/[。；;]/.test(b.text) ? [{ index: b.index, text: b.text }] : [],
  );
  const joined = lines.flatMap((l, i) => {
    const next = lines[i + 1];
    if (!next || next.index !== l.index + 1) return [];
    const [pair] = wrappedPairs([l.text, next.text]);
    return pair ? [{ index: next.index, text: pair }] : [];
  });
  return [...lines, ...joined];
}
