/**
 * Repairs of word/document.xml made before mammoth reads it. mammoth turns cell merging off for a whole
 * table when a row (or the table) holds an element other than cells (rows): Word puts bookmarks there,
 * e.g. around a table a cross-reference points at. Such bookmarks carry no content, so they are removed.
 */

const TAG = /<(\/?)(w:tbl|w:tr|w:tc|w:bookmarkStart|w:bookmarkEnd)(?=[\s/>])[^>]*?(\/?)>/g;

/** Removes bookmarks that sit directly in a w:tr or w:tbl; returns the new XML and how many went. */
export function removeRowBookmarks(xml: string): { xml: string; removed: number } {
  const stack: string[] = [];
  const cuts: [number, number][] = [];
  TAG.lastIndex = 0;
  for (let m = TAG.exec(xml); m; m = TAG.exec(xml)) {
    const [whole, closing, tag, selfClosing] = m;
    if (tag === 'w:bookmarkStart' || tag === 'w:bookmarkEnd') {
      const parent = stack[stack.length - 1];
      // Bookmarks are empty elements; a non-self-closing one is left alone rather than cut badly.
      if ((parent === 'w:tr' || parent === 'w:tbl') && selfClosing) cuts.push([m.index, m.index + whole.length]);
      continue;
    }
    if (selfClosing) continue;
    if (closing) {
      const at = stack.lastIndexOf(tag!);
      if (at >= 0) stack.length = at;
    } else stack.push(tag!);
  }
  if (cuts.length === 0) return { xml, removed: 0 };
  let out = '';
  let from = 0;
  for (const [start, end] of cuts) {
    out += xml.slice(from, start);
    from = end;
  }
  return { xml: out + xml.slice(from), removed: cuts.length };
}
