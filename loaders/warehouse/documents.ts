/**
 * The stored document model: JSON of extractors/model.ts `Document`, compressed, so that reprocessing never
 * needs the original files. Brotli at its fastest quality (1) compresses the repetitive JSON of table grids
 * to about a tenth, better than gzip -6 and in a third of its time (measured on bench/load.ts documents:
 * 0.45 ms for 32 KB; quality 5 saves another quarter of the bytes for five times the time, which made
 * compression the largest part of a load). gzip is read too, for rows written that way.
 *
 * Compression is pure CPU work: an ingest can run `compressDocument` in its worker threads and hand the
 * result to `loadReport` instead of the Document.
 */
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync } from 'node:zlib';
import type { Document } from '../../extractors/model.ts';
import type { DocumentEncoding } from './schema.ts';

const BROTLI_QUALITY = 1;

export interface StoredDocument {
  readonly encoding: DocumentEncoding;
  readonly body: Uint8Array;
  readonly rawBytes: number;
}

/** The document model as stored: brotli-compressed JSON. */
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

/** The document model back from its stored form. */
export function decompressDocument(encoding: string, body: Uint8Array): Document {
  const bytes = encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : null;
  if (bytes === null) throw new Error(`unknown document encoding ${encoding}`);
  return JSON.parse(bytes.toString('utf8')) as Document;
}
