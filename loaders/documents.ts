/**
 * The stored document model: JSON of extractors/model.ts `Document`, compressed, so that reprocessing never
 * needs the original files. Brotli at a low quality (3) compresses the repetitive JSON of table grids about
 * within 10% of its middle qualities at half their time (a load must not be dominated by it); gzip is
 * read too, for rows written that way.
 */
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync } from 'node:zlib';
import type { Document } from '../extractors/model.ts';
import type { DocumentEncoding } from './schema.ts';

const BROTLI_QUALITY = 3;

export interface StoredDocument {
  readonly encoding: DocumentEncoding;
  readonly body: Uint8Array;
  readonly rawBytes: number;
}

export function compressDocument(doc: Document): StoredDocument {
  const raw = Buffer.from(JSON.stringify(doc), 'utf8');
  const body = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
  return { encoding: 'br', body, rawBytes: raw.length };
}

export function decompressDocument(encoding: string, body: Uint8Array): Document {
  const bytes = encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : null;
  if (bytes === null) throw new Error(`unknown document encoding ${encoding}`);
  return JSON.parse(bytes.toString('utf8')) as Document;
}
