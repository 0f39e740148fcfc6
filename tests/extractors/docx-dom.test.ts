import { createRequire } from 'node:module';
import { load } from 'cheerio';
import type { AnyNode, Document } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { DOM_FORMAT, installDomWriter } from '../../extractors/docx/dom.ts';

interface Writer {
  open(tag: string, attrs?: Record<string, string>): void;
  close(tag: string): void;
  text(value: string): void;
  selfClosing(tag: string, attrs?: Record<string, string>): void;
  asString(): unknown;
}

installDomWriter();
const writers = createRequire(import.meta.url)('mammoth/lib/writers') as { writer(options?: { outputFormat?: string }): Writer };

type Call = [keyof Omit<Writer, 'asString'>, ...unknown[]];

/** A tree as plain data: elements as [name, attribs, children], text as strings. */
function shape(node: AnyNode): unknown {
  if (node.type === 'text') return node.data;
  if ('children' in node) {
    const children = node.children.map(shape);
    return 'name' in node ? [node.name, node.attribs, children] : children;
  }
  return node.type;
}

/** The tree the DOM writer builds, and the one htmlparser2 parses from mammoth's string for the same calls. */
function bothTrees(calls: readonly Call[]): { direct: unknown; parsed: unknown } {
  const dom = writers.writer({ outputFormat: DOM_FORMAT });
  const html = writers.writer({});
  for (const [method, ...args] of calls) {
    (dom[method] as (...a: unknown[]) => void)(...args);
    (html[method] as (...a: unknown[]) => void)(...args);
  }
  const direct = shape((dom.asString() as Document).children[0]!);
  const $ = load(`<body>${html.asString() as string}</body>`, { xml: { xmlMode: false, decodeEntities: true } });
  return { direct, parsed: shape($('body').get(0)!) };
}

describe("the DOCX DOM writer (mammoth's HTML without the string)", () => {
  it('builds the tree htmlparser2 parses from the same HTML, for tables, lists, links, entities and void elements', () => {
    const { direct, parsed } = bothTrees([
      ['open', 'h1', {}],
      ['text', '2023年 <部门> & “决算”'],
      ['close', 'h1'],
      ['open', 'table', {}],
      ['open', 'tr', {}],
      ['open', 'td', { colspan: '2', class: 'a&"b' }],
      ['open', 'p', {}],
      ['text', '科目'],
      ['text', '编码'],
      ['selfClosing', 'br', {}],
      ['text', '合计'],
      ['close', 'p'],
      ['close', 'td'],
      ['close', 'tr'],
      ['close', 'table'],
      ['open', 'ol', {}],
      ['open', 'li', {}],
      ['open', 'a', { href: '#footnote-ref-1' }],
      ['text', '↑'],
      ['close', 'a'],
      ['close', 'li'],
      ['close', 'ol'],
      ['selfClosing', 'img', { src: '' }],
      ['text', ''],
    ]);
    expect(direct).toEqual(parsed);
    expect(JSON.stringify(direct)).toContain('2023年 <部门> & “决算”');
  });

  it('closes and reopens as htmlparser2 does when mammoth nests a paragraph or a table inside a paragraph', () => {
    const { direct, parsed } = bothTrees([
      ['open', 'p', {}],
      ['text', 'outer'],
      ['open', 'p', {}],
      ['text', 'inner'],
      ['close', 'p'],
      ['text', 'tail'],
      ['close', 'p'],
      ['open', 'p', {}],
      ['open', 'table', {}],
      ['open', 'tr', {}],
      ['open', 'td', {}],
      ['text', 'x'],
      ['open', 'tr', {}],
      ['open', 'td', {}],
      ['text', 'y'],
      ['close', 'td'],
      ['close', 'tr'],
      ['close', 'table'],
      ['close', 'p'],
      ['close', 'br'],
    ]);
    expect(direct).toEqual(parsed);
    // htmlparser2 turns the stray </p> into an empty paragraph: the direct tree has it too.
    expect(JSON.stringify(direct)).toContain('["p",{},[]]');
  });
});
