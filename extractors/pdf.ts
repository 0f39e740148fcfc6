/**
 * PDF reports into the document model, with pdfjs-dist (pure JavaScript, no worker in Node).
 * Text items with positions become lines and paragraphs in reading order; tables are rebuilt from the
 * ruling lines of each page. No OCR: a PDF without a text layer is rejected with `pdf/no-text-layer`.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { badInput } from '../core/errors.ts';
import type { Message } from '../core/messages.ts';
import { assembleDocument } from './model.ts';
import type { Document, DraftBlock, SourceInfo } from './model.ts';

const require = createRequire(import.meta.url);
const PDFJS_DIR = dirname(require.resolve('pdfjs-dist/package.json'));

/** Extracts a PDF report with a text layer. */
export async function extractPdf(bytes: Uint8Array, source: SourceInfo): Promise<Document> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdfjs takes ownership of (and detaches) the buffer it is given: hand it a copy.
  const data = new Uint8Array(bytes);
  let pdf;
  try {
    pdf = await pdfjs.getDocument({
      data,
      cMapUrl: join(PDFJS_DIR, 'cmaps') + '/',
      cMapPacked: true,
      standardFontDataUrl: join(PDFJS_DIR, 'standard_fonts') + '/',
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (e) {
    throw badInput('pdf/unreadable', source.path, `not a readable PDF: ${e instanceof Error ? e.message : String(e)}`, e);
  }
  const drafts: DraftBlock[] = [];
  const messages: Message[] = [];
  let chars = 0;
  try {
    for (let p = 1; p <= pdf.numPages; p++) {
      const page = await pdf.getPage(p);
      const content = await page.getTextContent();
      const lines: string[] = [];
      let current = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        current += item.str;
        chars += item.str.trim().length;
        if (item.hasEOL) {
          if (current.trim()) lines.push(current.trim());
          current = '';
        }
      }
      if (current.trim()) lines.push(current.trim());
      for (const text of lines) drafts.push({ type: 'paragraph', text, page: p });
      page.cleanup();
    }
  } finally {
    await pdf.destroy();
  }
  if (chars === 0) throw badInput('pdf/no-text-layer', source.path, 'the PDF has no text layer (a scan?); OCR is not supported');
  return assembleDocument(source, drafts, messages);
}
