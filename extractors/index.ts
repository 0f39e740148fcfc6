/**
 * The extraction stage's entry points: a file (or the bytes of one, e.g. from inside a zip archive or in
 * a worker thread) becomes a Document. The format is detected from the bytes; bad input throws a
 * `badInput` DisclosureError naming the file, so a batch can record it and carry on.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { badInput, DisclosureError } from '../core/errors.ts';
import { limits, overLimit } from '../core/limits.ts';
import { detectFormat, isEncryptedOoxml, officePackage } from './detect.ts';
import type { Document, SourceInfo } from './model.ts';

export { detectFormat } from './detect.ts';

/** Reads a file and extracts it. Unreadable files throw `input/unreadable`. */
export async function extractFile(path: string): Promise<Document> {
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e);
    throw badInput('input/unreadable', path, `cannot read the file: ${reason}`, e);
  }
  return extractBytes(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), path);
}

/** The sha256 of the bytes, hex: the content key of a source. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function convertCommand(path: string): string {
  return `soffice --headless --convert-to docx ${path}`;
}

/** The error for an OLE compound file that is no workbook: a legacy Word file or a password-protected DOCX. */
function oleError(bytes: Uint8Array, path: string): Error {
  if (isEncryptedOoxml(bytes)) {
    return badInput('docx/encrypted', path, 'the Word document is password-protected; save an unprotected copy and extract that');
  }
  return badInput(
    'format/legacy-doc',
    path,
    `a legacy binary Word (.doc) file, which is not read directly; convert it first, e.g. \`${convertCommand(path)}\``,
  );
}

/** Extracts a document from bytes; `path` names it in the source and in errors. */
export async function extractBytes(bytes: Uint8Array, path: string): Promise<Document> {
  try {
    return await extractChecked(bytes, path);
  } catch (e) {
    // Errors raised deep inside (a grid past its limits) do not know the file: name it here.
    if (e instanceof DisclosureError && !e.file) throw new DisclosureError(e.code, e.reason, e.action, path, { cause: e, stage: e.stage });
    throw e;
  }
}

async function extractChecked(bytes: Uint8Array, path: string): Promise<Document> {
  if (bytes.length === 0) throw badInput('input/empty', path, 'the file is empty');
  const maxBytes = limits().fileBytes;
  if (bytes.length > maxBytes) throw overLimit('bytes', path, `the file holds ${bytes.length} bytes, more than ${maxBytes}; it is not read`);
  const format = detectFormat(bytes);
  const source: SourceInfo = { path, sha256: sha256(bytes), format, bytes: bytes.length };
  // Each format's reader (and its library) is loaded on the format's first file: a one-off `parse` of a PDF
  // loads neither mammoth nor cheerio nor SheetJS. Once loaded, `import()` returns the cached module.
  switch (format) {
    case 'docx':
      return (await import('./docx/index.ts')).extractDocx(bytes, source);
    case 'html':
      return (await import('./html/index.ts')).extractHtml(bytes, source);
    case 'mhtml':
      return (await import('./html/mhtml.ts')).extractMhtml(bytes, source);
    case 'pdf':
      return (await import('./pdf/index.ts')).extractPdf(bytes, source);
    case 'doc':
      throw oleError(bytes, path);
    case 'xlsx':
    case 'xls':
      return (await import('./xlsx/index.ts')).extractWorkbook(bytes, source);
    case 'zip': {
      const office = officePackage(bytes);
      if (office) throw badInput('format/office-package', path, `${office}, not a report and not an archive of reports`);
      throw badInput('format/zip-archive', path, 'a zip archive without word/document.xml, not a DOCX report; unpack it and extract its files');
    }
    case 'unknown':
      if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '{\\rtf') {
        throw badInput('format/rtf', path, `an RTF file (often named .doc), which is not read directly; convert it first, e.g. \`${convertCommand(path)}\``);
      }
      throw badInput('format/unknown', path, 'not a DOCX, HTML, MHTML, PDF or workbook report (format not recognised from its bytes)');
  }
}
