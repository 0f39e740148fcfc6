/**
 * HTML reports: decode the bytes (BOM, <meta charset>, http-equiv, GB2312/GBK/GB18030, sniffing), find
 * the report body among a site page's navigation, and read it with the shared HTML → blocks code.
 */
import { load } from 'cheerio';
import type { Element } from 'domhandler';
import { checkDepth } from '../../core/limits.ts';
import type { Message } from '../../core/messages.ts';
import { info, warning } from '../../core/messages.ts';
import { htmlToDrafts, plainText } from './blocks.ts';
import { SKIPPED_TAGS, hasDescendant, isElement, isHidden, textOf, traverse } from './tables.ts';
import { assembleDocument } from '../model.ts';
import type { Document, SourceInfo } from '../model.ts';

/** The decoded text of an HTML file and how it was decoded. */
export interface DecodedHtml {
  readonly text: string;
  /** The WHATWG encoding name used (`utf-8`, `gb18030`, …). */
  readonly encoding: string;
  readonly messages: readonly Message[];
}

/** Labels of the Chinese national encodings: GB18030 is a superset of GBK, itself a superset of GB2312. */
const GB_LABELS = /^(gb2312|gbk|gb18030|gb_2312-80|gb_2312|x-gbk|cp936|ms936|windows-936|chinese|csgb2312|csiso58gb231280|iso-ir-58|euc-cn|x-euc-cn)$/;

/** The encoding a label names, or null when TextDecoder does not know it. */
export function canonicalEncoding(label: string): string | null {
  const l = label.trim().toLowerCase();
  if (GB_LABELS.test(l)) return 'gb18030';
  try {
    return new TextDecoder(l).encoding;
  } catch {
    return null;
  }
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function hasNonAscii(bytes: Uint8Array): boolean {
  return bytes.some((b) => b >= 0x80);
}

/** The charset declared in the first 4 KB: <meta charset>, http-equiv Content-Type, or an XML declaration. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const meta = /<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  if (meta) return meta[1]!;
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)/i.exec(head);
  return xml ? xml[1]! : null;
}

/**
 * Decodes HTML bytes. Order: BOM, then the declared charset (`declared` from an MHTML part header, else the
 * page's own declaration), then sniffing: valid UTF-8 is UTF-8, anything else GB18030. cheerio's own
 * fallback is windows-1252, which garbles Chinese pages, so decoding always happens here.
 */
export function decodeHtml(bytes: Uint8Array, options: { declared?: string; file?: string } = {}): DecodedHtml {
  const loc = options.file ? { file: options.file } : undefined;
  const messages: Message[] = [];
  const decode = (encoding: string): DecodedHtml => ({ text: new TextDecoder(encoding).decode(bytes), encoding, messages });
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decode('utf-8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode('utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decode('utf-16be');

  const label = options.declared ?? declaredCharset(bytes);
  const sniffed = isValidUtf8(bytes) ? 'utf-8' : 'gb18030';
  if (label === null) {
    if (hasNonAscii(bytes)) {
      messages.push(info('extract', 'html/charset-sniffed', `no charset declared; the bytes read as ${sniffed}`, loc));
    }
    return decode(sniffed);
  }
  const declared = canonicalEncoding(label);
  if (declared === null) {
    messages.push(warning('extract', 'html/charset-unknown', `unknown charset '${label}'; decoded as ${sniffed} instead`, loc));
    return decode(sniffed);
  }
  // Mislabelled pages are common: GBK bytes under a utf-8 meta tag, UTF-8 under gb2312 after a site
  // migration, or a Latin charset on a Chinese page. Valid UTF-8 with non-ASCII bytes is almost never GBK.
  const latin = declared === 'windows-1252' || declared.startsWith('iso-8859');
  const mismatch =
    (declared === 'utf-8' && sniffed !== 'utf-8') ||
    (declared === 'gb18030' && sniffed === 'utf-8' && hasNonAscii(bytes)) ||
    (latin && hasNonAscii(bytes));
  if (mismatch) {
    messages.push(
      warning('extract', 'html/charset-mismatch', `the page declares ${label} but its bytes read as ${sniffed}; decoded as ${sniffed}`, loc),
    );
    return decode(sniffed);
  }
  return decode(declared);
}

interface Stats {
  /** CJK characters outside links. */
  content: number;
  /** CJK characters inside links. */
  links: number;
  /** Tables without a table inside (data tables, not frames). */
  leafTables: number;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/g;

/** Stats of every element under `root` (and of `root`), gathered bottom-up without recursion. */
function gatherStats(root: Element, stats: Map<Element, Stats>): Stats {
  const zero = (): Stats => ({ content: 0, links: 0, leafTables: 0 });
  let linkDepth = 0;
  traverse(
    root,
    (node) => {
      if (!isElement(node)) return false;
      if (SKIPPED_TAGS.has(node.name) || isHidden(node)) {
        stats.set(node, zero());
        return false;
      }
      if (node.name === 'a') linkDepth++;
      return true;
    },
    (node) => {
      const el = node as Element;
      const sum = zero();
      for (const child of el.children) {
        if (child.type === 'text') {
          // Inside a link when this element or one of its ancestors is one.
          const n = (textOf(child).match(CJK) ?? []).length;
          if (linkDepth > 0) sum.links += n;
          else sum.content += n;
        } else if (isElement(child)) {
          const s = stats.get(child);
          if (s) {
            sum.content += s.content;
            sum.links += s.links;
            sum.leafTables += s.leafTables;
          }
        }
      }
      if (el.name === 'table' && sum.leafTables === 0) sum.leafTables = 1;
      stats.set(el, sum);
      if (el.name === 'a') linkDepth--;
    },
  );
  return stats.get(root) ?? zero();
}

/** Link text below this many CJK characters (首页 + one more link) means the page has no navigation. */
const MIN_NAVIGATION_CHARS = 4;
/** The report body holds at least this share of the page's non-link text. */
const BODY_SHARE = 0.8;

function describe(el: Element): string {
  const id = el.attribs['id'] ? `#${el.attribs['id']}` : '';
  const cls = el.attribs['class'] ? `.${el.attribs['class'].trim().split(/\s+/).join('.')}` : '';
  return `<${el.name}${id}${cls}>`;
}

/**
 * The report title printed above the body container on a site page (an <h1>–<h3> or a "title" box),
 * which the body alone would lose: the last such element before the body that names a year and a
 * budget or final account.
 */
function titleBefore(body: Element, target: Element): string | null {
  let found: string | null = null;
  let reached = false;
  traverse(body, (node) => {
    if (reached || !isElement(node)) return false;
    if (node === target) {
      reached = true;
      return false;
    }
    if (SKIPPED_TAGS.has(node.name) || isHidden(node)) return false;
    if (/^h[1-3]$/.test(node.name) || /title/i.test(node.attribs['class'] ?? '')) {
      const text = plainText(node).replace(/\n/g, ' ');
      if (text.length <= 80 && /(19|20)\d{2}\s*年/.test(text) && /预算|决算/.test(text)) {
        found = text;
        return false;
      }
    }
    return true;
  });
  return found;
}

/**
 * Finds the report body of a whole site page: the deepest element holding at least 80% of the page's
 * non-link Chinese text, provided every data table of the page is inside it, and the report title printed
 * above it, if any. Pages without navigation links are read whole, so a plain report never loses its
 * title or an appendix section.
 */
export function findReportBody(body: Element, file?: string): { root: Element; title: string | null; messages: Message[] } {
  const stats = new Map<Element, Stats>();
  const total = gatherStats(body, stats);
  if (total.links < MIN_NAVIGATION_CHARS || total.content === 0) return { root: body, title: null, messages: [] };
  let current = body;
  // Leaf tables that frame the candidate (a site's layout table) are around it, not beside it.
  let framing = 0;
  while (true) {
    if (current.name === 'table' && !hasDescendant(current, (d) => d.name === 'table')) framing++;
    const next = current.children.find((c): c is Element => {
      if (!isElement(c)) return false;
      const s = stats.get(c);
      return s !== undefined && s.content >= BODY_SHARE * total.content && total.leafTables - s.leafTables - framing === 0;
    });
    if (!next) break;
    current = next;
  }
  if (current === body) return { root: body, title: null, messages: [] };
  const kept = stats.get(current)!;
  const loc = file ? { file } : undefined;
  return {
    root: current,
    title: titleBefore(body, current),
    messages: [
      info(
        'extract',
        'html/body-found',
        `read the report body from ${describe(current)}; ${total.content - kept.content} characters of text and ${total.links} of links around it were left out as page furniture`,
        loc,
      ),
    ],
  };
}

/** Reads decoded HTML text into a document (used for HTML files and for the HTML part of MHTML). */
export function extractHtmlText(text: string, source: SourceInfo, messages: readonly Message[] = []): Document {
  // parse5 checks element scopes by walking the stack of open elements: deep nesting costs quadratic time.
  checkDepth(text, source.path);
  const $ = load(text);
  const body = $('body').get(0) ?? $.root().get(0);
  const found = body && isElement(body) ? findReportBody(body, source.path) : { root: $.root().get(0)!, title: null, messages: [] };
  const { drafts, messages: blockMessages } = htmlToDrafts(found.root, source.path);
  const squash = (t: string) => t.replace(/\s+/g, '');
  const title = found.title;
  const leading = drafts.slice(0, 3).flatMap((d) => (d.type === 'heading' || d.type === 'paragraph' ? [squash(d.text)] : []));
  if (title !== null && !leading.includes(squash(title))) {
    // Block messages carry block indexes: shift them past the title block.
    drafts.unshift({ type: 'heading', level: 1, numbering: null, text: title });
    const shifted = blockMessages.map((m) =>
      m.location?.block === undefined ? m : { ...m, location: { ...m.location, block: m.location.block + 1 } },
    );
    return assembleDocument(source, drafts, [...messages, ...found.messages, ...shifted]);
  }
  return assembleDocument(source, drafts, [...messages, ...found.messages, ...blockMessages]);
}

/** Extracts an HTML report (also a web page saved with a ".doc" name) from its bytes. */
export function extractHtml(bytes: Uint8Array, source: SourceInfo): Document {
  const decoded = decodeHtml(bytes, { file: source.path });
  return extractHtmlText(decoded.text, { ...source, encoding: decoded.encoding }, decoded.messages);
}
