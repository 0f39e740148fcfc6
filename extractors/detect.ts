/**
 * Format detection from the bytes, never from the file name: sites publish web pages named ".doc",
 * DOCX named ".doc" and binary Word files named ".docx".
 */
import type { DetectedFormat } from './model.ts';
import { listZip, looksLikeZip } from './zip.ts';

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  return magic.every((b, i) => bytes[at + i] === b);
}

function indexOfAscii(bytes: Uint8Array, needle: string, limit = bytes.length): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(limit, bytes.length)).indexOf(needle, 0, 'latin1');
}

/** Whether a zip holds a part, by the central directory (else, where that is damaged, the local headers). */
function zipNames(bytes: Uint8Array): (name: string) => boolean {
  try {
    const names = new Set(listZip(bytes, '').map((e) => e.name));
    return (name) => names.has(name);
  } catch {
    // A damaged central directory: the local headers still name the parts, and extraction reports the damage.
    return (name) => indexOfAscii(bytes, name) >= 0;
  }
}

/** A zip is a DOCX when it holds word/document.xml, an Excel workbook when it holds xl/workbook.xml. */
function zipFormat(bytes: Uint8Array): 'docx' | 'xlsx' | 'zip' {
  const has = zipNames(bytes);
  if (has('word/document.xml')) return 'docx';
  if (has('xl/workbook.xml')) return 'xlsx';
  return 'zip';
}

/**
 * What an OLE compound file holds: a legacy Excel workbook (a Workbook or Book stream and no WordDocument
 * stream; stream names are UTF-16 in the directory) or anything else (Word, or an encrypted OOXML file).
 */
function oleFormat(bytes: Uint8Array): 'xls' | 'doc' {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const names = (name: string) => buffer.indexOf(Buffer.from(name, 'utf16le')) >= 0;
  return !names('WordDocument') && (names('Workbook') || names('Book')) ? 'xls' : 'doc';
}

/**
 * A zip that is an office document of a kind that holds no report (a presentation, an OpenDocument file, a
 * macro-free package of another kind): its description, or null for a plain zip archive. Such a file is
 * one file, never an archive whose parts are walked.
 */
export function officePackage(bytes: Uint8Array): string | null {
  if (!looksLikeZip(bytes)) return null;
  const has = zipNames(bytes);
  if (has('ppt/presentation.xml')) return 'a PowerPoint presentation (.pptx)';
  if (has('mimetype') && has('content.xml')) return 'an OpenDocument file (.odt/.ods/.odp)';
  if (has('[Content_Types].xml')) return 'an Office Open XML package that is neither a Word document nor a workbook';
  return null;
}

/** The start of a text file as characters, decoding UTF-16 when a BOM says so. */
function textHead(bytes: Uint8Array, length = 4096): string {
  const head = bytes.subarray(0, length);
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder('utf-16le').decode(head);
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder('utf-16be').decode(head);
  return Buffer.from(head).toString('latin1');
}

/** MIME headers at the top of the file naming an HTML or multipart/related body: MHTML. */
function looksLikeMhtml(head: string): boolean {
  const headerBlock = head.replace(/^\s+/, '').split(/\r?\n\r?\n/)[0] ?? '';
  if (!/^[\w-]+:/.test(headerBlock)) return false;
  return /^(mime-version|content-type)\s*:/im.test(headerBlock) && /multipart\/related|text\/html/i.test(headerBlock);
}

function looksLikeHtml(head: string): boolean {
  if (head.includes('\u0000')) return false;
  const body = head.replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '').replace(/^\s+/, '');
  if (/^<(!doctype\s+html|html|head|body|\?xml[^>]*>\s*<(!doctype\s+)?html)/i.test(body)) return true;
  if (/^<!--/.test(body) && /<(html|body|head)\b/i.test(head)) return true;
  // A fragment without <html>: many tags and no binary content.
  return /^</.test(body) && /<(p|div|table|h[1-6]|meta|title|span)\b/i.test(body);
}

/** Detects the format of a file from its bytes. An empty input is `unknown`. */
export function detectFormat(bytes: Uint8Array): DetectedFormat {
  if (bytes.length === 0) return 'unknown';
  if (looksLikeZip(bytes)) return zipFormat(bytes);
  if (startsWith(bytes, OLE_MAGIC)) return oleFormat(bytes);
  // PDF readers accept the header anywhere in the first 1 KB (some servers prepend junk).
  if (indexOfAscii(bytes, '%PDF-', 1024) >= 0) return 'pdf';
  const head = textHead(bytes);
  if (looksLikeMhtml(head)) return 'mhtml';
  if (looksLikeHtml(head)) return 'html';
  return 'unknown';
}

/** True when an OLE compound file is an encrypted OOXML document (a password-protected DOCX). */
export function isEncryptedOoxml(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(Buffer.from('EncryptedPackage', 'utf16le')) >= 0;
}
