/**
 * DOCX reports: mammoth turns the document into an HTML tree (built directly, never written out as a string
 * and parsed back: dom.ts), which the shared HTML → blocks reader reads, so DOCX and HTML give one
 * model. Around mammoth: the zip is checked first (encryption, bombs), images
 * become placeholders (never inlined), mammoth's messages become warnings, and each table's rows are
 * checked against its w:tblGrid because mammoth ignores gridBefore/gridAfter and hMerge: where the HTML
 * rows pair with the XML rows, the cells are placed as the grid says, and a warning names the table.
 */
import type { Document as HtmlDocument } from 'domhandler';
import { zipSync } from 'fflate';
import mammoth from 'mammoth';
import { badInput } from '../../core/errors.ts';
import { checkDepth } from '../../core/limits.ts';
import type { Message } from '../../core/messages.ts';
import { info, warning } from '../../core/messages.ts';
import { DOM_FORMAT, bodyOf, installDomWriter } from './dom.ts';
import { gridMessages, readDocxTables, rowHints } from './grid.ts';
import { inlineNumbering } from './numbering.ts';
import { removeRowBookmarks } from './repair.ts';
import { htmlToDrafts } from '../html/blocks.ts';
import { assembleDocument } from '../model.ts';
import type { Document, SourceInfo } from '../model.ts';
import { readZip } from '../zip.ts';

/** mammoth's image hook: an empty source, so no image is ever read or inlined as base64. */
const placeholderImages = mammoth.images.imgElement(async () => ({ src: '' }));

installDomWriter();

/**
 * The parts mammoth reads: XML and relationships. Images (read only through the image hook, which never
 * reads them), embedded workbooks and fonts are left compressed.
 */
const readByMammoth = (name: string): boolean => name.endsWith('.xml') || name.endsWith('.rels');

/** Decodes an XML part: UTF-8 unless a UTF-16 byte order mark says otherwise. */
function decodeXml(bytes: Uint8Array): { text: string; encoding: string } {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  return { text: new TextDecoder(encoding).decode(bytes), encoding };
}

/** The path of the part the document relates to with this relationship type (numbering, styles), if any. */
function relatedPart(parts: ReadonlyMap<string, Uint8Array>, type: string): string | undefined {
  const rels = parts.get('word/_rels/document.xml.rels');
  if (!rels) return undefined;
  for (const rel of new TextDecoder('utf-8').decode(rels).match(/<Relationship\b[^>]*>/g) ?? []) {
    if (!new RegExp(`Type="[^"]*/${type}"`).test(rel)) continue;
    const target = /Target="([^"]*)"/.exec(rel)?.[1];
    if (target) return target.startsWith('/') ? target.slice(1) : `word/${target}`;
  }
  return undefined;
}

/** Extracts a DOCX report from its bytes. */
export async function extractDocx(bytes: Uint8Array, source: SourceInfo): Promise<Document> {
  // Inflates the parts mammoth reads, within the zip limits, before mammoth (JSZip) sees the archive.
  const parts = readZip(bytes, source.path, { wanted: readByMammoth });
  const documentXml = parts.get('word/document.xml');
  if (!documentXml) throw badInput('docx/no-document', source.path, 'the zip has no word/document.xml, so it is not a Word document');
  const loc = { file: source.path };
  const xml = decodeXml(documentXml);
  checkDepth(xml.text, source.path);
  const part = (type: string, fallback: string): string | undefined => {
    const bytes = parts.get(relatedPart(parts, type) ?? fallback);
    return bytes ? decodeXml(bytes).text : undefined;
  };
  const numbered = inlineNumbering(xml.text, part('numbering', 'word/numbering.xml'), part('styles', 'word/styles.xml'));
  const repaired = removeRowBookmarks(numbered.xml);
  const repairMessages: Message[] = [];
  if (numbered.labelled > 0) {
    repairMessages.push(
      info('extract', 'docx/numbering-inlined', `the automatic numbering of ${numbered.labelled} paragraph(s) was written into their text, as Word prints it`, loc),
    );
  }
  if (repaired.removed > 0) {
    repairMessages.push(
      info('extract', 'docx/row-bookmarks-removed', `${repaired.removed} bookmark(s) between table cells were removed so that mammoth keeps the cell merging of their tables`, loc),
    );
  }
  // mammoth gets the parts already inflated within the zip limits, re-zipped without compression (with the
  // rewritten document part, if any): storing costs ~0.6 ms against ~6 ms for deflating, and mammoth's own
  // unzip of stored parts is ~4 ms faster per report than inflating the original.
  const documentPart =
    repaired.xml === xml.text ? documentXml : new TextEncoder().encode(repaired.xml.replace(/^(<\?xml[^>]*encoding=")[^"]*/, '$1UTF-8'));
  const input = zipSync({ ...Object.fromEntries(parts), 'word/document.xml': documentPart }, { level: 0 });
  let converted: Awaited<ReturnType<typeof mammoth.convertToHtml>>;
  try {
    // `outputFormat` is passed through to mammoth's writer factory, which installDomWriter wraps.
    const options = { convertImage: placeholderImages, externalFileAccess: false, outputFormat: DOM_FORMAT };
    converted = await mammoth.convertToHtml({ buffer: Buffer.from(input.buffer, input.byteOffset, input.byteLength) }, options);
  } catch (e) {
    throw badInput('docx/unreadable', source.path, `mammoth cannot read the document: ${e instanceof Error ? e.message : String(e)}`, e);
  }
  const messages: Message[] = converted.messages.map((m) =>
    warning('extract', m.type === 'error' ? 'docx/mammoth-error' : 'docx/mammoth', m.message, loc),
  );
  messages.push(...repairMessages);
  // With DOM_FORMAT the value is the tree, not a string. mammoth links each footnote back to its
  // reference with a "↑" anchor: navigation, not text, so bodyOf leaves those out.
  const root = bodyOf(converted.value as unknown as HtmlDocument);
  // mammoth writes one top-level <table> per top-level w:tbl, in order, so ordinals pair them.
  const docxTables = readDocxTables(repaired.xml);
  const { drafts, messages: blockMessages, tables } = htmlToDrafts(root, source.path, {
    rowHints: (ordinal) => {
      const table = docxTables[ordinal];
      return table ? rowHints(table) : undefined;
    },
  });
  return assembleDocument(source, drafts, [...messages, ...blockMessages, ...gridMessages(docxTables, source.path, tables)]);
}
