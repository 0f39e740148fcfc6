/**
 * mammoth's HTML as a DOM tree, without the HTML string. mammoth builds an HTML tree from the document,
 * then walks it with a writer (open, close, text, selfClosing) that appends strings; the extractor used to
 * parse that string straight back into a tree with htmlparser2. Here the writer builds the tree itself:
 * it feeds a domhandler DomHandler the events htmlparser2 would have sent for that string (HTML mode:
 * lower-case names, void elements closed at once, the implied closes of `openImpliesClose`, a stray </p>
 * made an empty <p>), so the tree is the one the string gave, node for node, at no string and no parse.
 *
 * mammoth has no public writer option: its conversion calls `writers.writer({ outputFormat })` of its
 * module lib/writers at run time, so that one function is wrapped to return this writer when the output
 * format is DOM_FORMAT and mammoth's own writer otherwise.
 */
import { createRequire } from 'node:module';
import { DomHandler } from 'domhandler';
import type { Document, Element } from 'domhandler';
import { removeElement } from 'domutils';
import { traverse, isElement } from '../html/tables.ts';

/** The output format that selects the DOM writer in `mammoth.convertToHtml` options. */
export const DOM_FORMAT = 'disclosure-dom';

/** htmlparser2's void elements: closed as soon as opened, a </br> becomes a <br>. */
const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

const P = new Set(['p']);
const FORM = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
/** htmlparser2's openImpliesClose: opening the key closes the innermost open element while it is in the set. */
const IMPLIES_CLOSE = new Map<string, ReadonlySet<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((t): [string, ReadonlySet<string>] => [t, P]),
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((t): [string, ReadonlySet<string>] => [t, FORM]),
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', new Set(['dd', 'dt'])],
  ['dt', new Set(['dd', 'dt'])],
  ...['address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'].map(
    (t): [string, ReadonlySet<string>] => [t, P],
  ),
  ['rt', new Set(['rt', 'rp'])],
  ['rp', new Set(['rt', 'rp'])],
  ['tbody', new Set(['thead', 'tbody'])],
  ['tfoot', new Set(['thead', 'tbody'])],
]);

/** The writer interface mammoth's HTML serialiser calls. */
interface MammothWriter {
  open(tagName: string, attributes?: Record<string, unknown>): void;
  close(tagName: string): void;
  text(value: string): void;
  selfClosing(tagName: string, attributes?: Record<string, unknown>): void;
  asString(): unknown;
}

/** Builds, under one <body>, the tree htmlparser2 would build from the HTML the calls describe. */
class DomWriter implements MammothWriter {
  private readonly handler = new DomHandler(null, { xmlMode: false });
  /** Open element names, innermost last (htmlparser2's stack). */
  private readonly stack: string[] = [];

  constructor() {
    this.openTag('body', {});
  }

  private openTag(name: string, attribs: Record<string, string>): void {
    const closes = IMPLIES_CLOSE.get(name);
    if (closes) {
      while (this.stack.length > 0 && closes.has(this.stack[this.stack.length - 1]!)) this.pop();
    }
    this.handler.onopentag(name, attribs);
    if (VOID.has(name)) this.handler.onclosetag();
    else this.stack.push(name);
  }

  private pop(): void {
    this.stack.pop();
    this.handler.onclosetag();
  }

  open(tagName: string, attributes: Record<string, unknown> = {}): void {
    const attribs: Record<string, string> = {};
    for (const [k, v] of Object.entries(attributes)) attribs[k.toLowerCase()] = String(v);
    this.openTag(tagName.toLowerCase(), attribs);
  }

  /** In HTML mode htmlparser2 ignores the slash: a void element closes anyway, any other stays open. */
  selfClosing(tagName: string, attributes?: Record<string, unknown>): void {
    this.open(tagName, attributes);
  }

  close(tagName: string): void {
    const name = tagName.toLowerCase();
    if (VOID.has(name)) {
      if (name === 'br') this.openTag('br', {});
      return;
    }
    const at = this.stack.lastIndexOf(name);
    if (at >= 0) {
      while (this.stack.length > at) this.pop();
    } else if (name === 'p') {
      this.openTag('p', {});
      this.pop();
    }
  }

  text(value: string): void {
    if (value !== '') this.handler.ontext(value);
  }

  /** The finished tree (mammoth stores whatever this returns as the conversion's value). */
  asString(): Document {
    while (this.stack.length > 0) this.pop();
    this.handler.onend();
    return this.handler.root;
  }
}

/** Whether mammoth's writer factory is wrapped yet (once per thread; see installDomWriter). */
let installed = false;

/** Wraps mammoth's writer factory once so that DOM_FORMAT selects the DOM writer. */
export function installDomWriter(): void {
  if (installed) return;
  const writers = createRequire(import.meta.url)('mammoth/lib/writers') as { writer: (options?: { outputFormat?: string }) => MammothWriter };
  const original = writers.writer;
  writers.writer = (options) => (options?.outputFormat === DOM_FORMAT ? new DomWriter() : original(options));
  installed = true;
}

/** The <body> of a tree the DOM writer built, without mammoth's "↑" links from notes back to their references. */
export function bodyOf(root: Document): Element {
  const body = root.children.find((c): c is Element => isElement(c) && c.name === 'body')!;
  const backLinks: Element[] = [];
  traverse(body, (node) => {
    if (!isElement(node)) return false;
    const href = node.attribs['href'];
    if (node.name === 'a' && href !== undefined && (href.startsWith('#footnote-ref-') || href.startsWith('#endnote-ref-'))) backLinks.push(node);
    return true;
  });
  for (const a of backLinks) removeElement(a);
  return body;
}
