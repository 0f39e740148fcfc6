/**
 * MHTML (a web page saved as one MIME file, also what Word writes for "single file web page", often named
 * ".doc"): find the text/html part, undo its transfer encoding and hand it to the HTML reader.
 */
import { badInput } from '../../core/errors.ts';
import { warning } from '../../core/messages.ts';
import { decodeHtml, extractHtmlText } from './index.ts';
import type { Document, SourceInfo } from '../model.ts';

interface Part {
  readonly headers: Map<string, string>;
  /** The body as a binary (latin1) string: one char per byte. */
  readonly body: string;
}

/** Splits a header block into lower-cased names and unfolded values. */
function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const m = /^([\w-]+)\s*:\s*(.*)$/.exec(line);
    if (m) headers.set(m[1]!.toLowerCase(), m[2]!.trim());
  }
  return headers;
}

function splitPart(raw: string): Part {
  const m = /\r?\n\r?\n/.exec(raw);
  if (!m) return { headers: parseHeaders(raw), body: '' };
  return { headers: parseHeaders(raw.slice(0, m.index)), body: raw.slice(m.index + m[0].length) };
}

/** A parameter of a header value: `boundary`, `charset`. */
function param(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const m = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return m ? (m[1] ?? m[2]) : undefined;
}

function decodeQuotedPrintable(body: string): Uint8Array {
  const joined = body.replace(/=\r?\n/g, '');
  const out: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const c = joined.charCodeAt(i);
    if (c === 0x3d && /^[0-9A-Fa-f]{2}$/.test(joined.slice(i + 1, i + 3))) {
      out.push(Number.parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(c & 0xff);
  }
  return Uint8Array.from(out);
}

function decodeBody(part: Part): Uint8Array {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body);
  return Buffer.from(part.body, 'latin1');
}

/** The parts of a MIME message, recursing into nested multiparts. */
function parts(message: Part): Part[] {
  const type = message.headers.get('content-type') ?? '';
  const boundary = param(type, 'boundary');
  if (!/^multipart\//i.test(type) || boundary === undefined) return [message];
  const delimiter = `--${boundary}`;
  const sections = message.body.split(delimiter).slice(1);
  const out: Part[] = [];
  for (const section of sections) {
    if (section.startsWith('--')) break; // the closing delimiter
    out.push(...parts(splitPart(section.replace(/^[ \t]*\r?\n/, ''))));
  }
  return out;
}

/** The HTML bytes of an MHTML file and the charset its part header declares. */
export function mhtmlHtmlPart(bytes: Uint8Array, file: string): { html: Uint8Array; charset: string | undefined } {
  const top = splitPart(Buffer.from(bytes).toString('latin1').replace(/^\s+/, ''));
  const html = parts(top).find((p) => /^text\/html/i.test(p.headers.get('content-type') ?? 'text/plain'));
  if (!html) throw badInput('mhtml/no-html', file, 'the MHTML file has no text/html part to read');
  return { html: decodeBody(html), charset: param(html.headers.get('content-type'), 'charset') };
}

/** Extracts a report saved as MHTML. */
export function extractMhtml(bytes: Uint8Array, source: SourceInfo): Document {
  const { html, charset } = mhtmlHtmlPart(bytes, source.path);
  const decoded = decodeHtml(html, charset === undefined ? { file: source.path } : { declared: charset, file: source.path });
  const messages = [...decoded.messages];
  if (html.length === 0) messages.push(warning('extract', 'mhtml/empty-html', 'the text/html part is empty', { file: source.path }));
  return extractHtmlText(decoded.text, { ...source, encoding: decoded.encoding }, messages);
}
