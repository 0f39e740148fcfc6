/**
 * Safe zip reading (DOCX files and zip archives of reports). The central directory is parsed here so
 * that encryption, declared sizes and compression ratios are checked before anything is inflated, and
 * inflating is bounded by the declared size: a corrupt, encrypted or bomb archive is a typed error with
 * the file path, never a crash, a hang or an exhausted heap.
 */
import { inflateSync } from 'fflate';
import { badInput } from '../core/errors.ts';
import { overLimit } from '../core/limits.ts';

/** One entry of the central directory. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly encrypted: boolean;
  readonly compressedSize: number;
  /** Uncompressed size as declared by the archive. */
  readonly size: number;
  readonly localHeaderOffset: number;
}

export interface ZipLimits {
  /** Most uncompressed bytes the whole archive may declare and hold. */
  readonly maxTotalBytes: number;
  /** Highest compression ratio allowed for an entry larger than `ratioFloorBytes`. */
  readonly maxRatio: number;
  readonly ratioFloorBytes: number;
  readonly maxEntries: number;
}

/** Limits generous for real reports (a 300-page DOCX holds ~20 MB of XML at ratios below 30). */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalBytes: 256 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
  maxEntries: 20_000,
};

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** True when the bytes start like a zip archive (a local header, or the end record of an empty zip). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

/**
 * An entry name. Bit 11 marks UTF-8; without it, Windows tools in China write GBK and macOS writes
 * UTF-8 anyway, so a name that is valid UTF-8 is read as UTF-8 and anything else as GB18030.
 */
function entryName(raw: Uint8Array, utf8Flag: boolean): string {
  if (!utf8Flag) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      return new TextDecoder('gb18030').decode(raw);
    }
  }
  return new TextDecoder('utf-8').decode(raw);
}

/** Lists the entries of the central directory. Throws `zip/corrupt` when it cannot be read. */
export function listZip(bytes: Uint8Array, file: string): ZipEntry[] {
  const dv = view(bytes);
  const corrupt = (why: string) => badInput('zip/corrupt', file, `corrupt zip archive: ${why}`);
  // The end record is in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (dv.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt('no end of central directory record (truncated or not a zip)');
  const count = dv.getUint16(eocd + 10, true);
  const dirSize = dv.getUint32(eocd + 12, true);
  const dirOffset = dv.getUint32(eocd + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) throw corrupt('ZIP64 archives are not supported');
  if (dirOffset + dirSize > bytes.length) throw corrupt('the central directory lies past the end of the file');
  if (count > DEFAULT_ZIP_LIMITS.maxEntries) {
    throw badInput('zip/bomb', file, `the archive declares ${count} entries (limit ${DEFAULT_ZIP_LIMITS.maxEntries})`);
  }
  const entries: ZipEntry[] = [];
  let p = dirOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || dv.getUint32(p, true) !== CENTRAL) throw corrupt(`central directory entry ${n + 1} is damaged`);
    const flags = dv.getUint16(p + 8, true);
    const nameLength = dv.getUint16(p + 28, true);
    const extraLength = dv.getUint16(p + 30, true);
    const commentLength = dv.getUint16(p + 32, true);
    if (p + 46 + nameLength > bytes.length) throw corrupt(`central directory entry ${n + 1} is truncated`);
    const name = entryName(bytes.subarray(p + 46, p + 46 + nameLength), (flags & 0x800) !== 0);
    entries.push({
      name,
      method: dv.getUint16(p + 10, true),
      encrypted: (flags & 1) === 1,
      compressedSize: dv.getUint32(p + 20, true),
      size: dv.getUint32(p + 24, true),
      localHeaderOffset: dv.getUint32(p + 42, true),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Checks declared sizes, ratios and encryption of every entry before anything is inflated. */
export function checkZip(entries: readonly ZipEntry[], file: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): void {
  let total = 0;
  for (const e of entries) {
    if (e.encrypted) throw badInput('zip/encrypted', file, `the archive is encrypted (entry ${e.name}); save it without a password`);
    if (e.size === 0xffffffff || e.compressedSize === 0xffffffff) {
      throw badInput('zip/corrupt', file, `corrupt zip archive: entry ${e.name} uses ZIP64 sizes, which are not supported`);
    }
    total += e.size;
    if (total > limits.maxTotalBytes) {
      throw badInput('zip/bomb', file, `the archive declares more than ${limits.maxTotalBytes} uncompressed bytes; refusing to inflate it`);
    }
    if (e.size > limits.ratioFloorBytes && e.size > limits.maxRatio * Math.max(1, e.compressedSize)) {
      throw badInput(
        'zip/bomb',
        file,
        `entry ${e.name} inflates ${e.compressedSize} bytes to ${e.size} (ratio above ${limits.maxRatio}); refusing to inflate it`,
      );
    }
  }
}

/** Inflates one entry, never producing more than its declared size (+1 byte to notice a lie). */
export function readEntry(bytes: Uint8Array, entry: ZipEntry, file: string): Uint8Array {
  const dv = view(bytes);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || dv.getUint32(at, true) !== LOCAL) {
    throw badInput('zip/corrupt', file, `corrupt zip archive: the local header of ${entry.name} is missing`);
  }
  const start = at + 30 + dv.getUint16(at + 26, true) + dv.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw badInput('zip/corrupt', file, `corrupt zip archive: entry ${entry.name} is truncated`);
  const data = bytes.subarray(start, end);
  let out: Uint8Array;
  if (entry.method === 0) out = data;
  else if (entry.method === 8) {
    try {
      // fflate stops writing when the supplied buffer is full, so a lying size cannot blow up memory.
      out = inflateSync(data, { out: new Uint8Array(entry.size + 1) });
    } catch (e) {
      throw badInput('zip/corrupt', file, `corrupt zip archive: entry ${entry.name} does not inflate`, e);
    }
  } else {
    throw badInput('zip/unsupported', file, `entry ${entry.name} uses compression method ${entry.method}, which is not supported`);
  }
  if (out.length > entry.size) {
    throw badInput('zip/bomb', file, `entry ${entry.name} holds more than the ${entry.size} bytes it declares; refusing to inflate it`);
  }
  if (out.length < entry.size) {
    throw badInput('zip/corrupt', file, `corrupt zip archive: entry ${entry.name} holds ${out.length} of the ${entry.size} bytes it declares`);
  }
  return out;
}

/**
 * What is left of a budget shared by an archive and every archive inside it (issue 20: eight inner zips
 * each within the limits of one archive held 1.9 GB between them). `readZip` takes what it inflates from
 * it, by the declared sizes, before inflating anything.
 */
export interface ArchiveBudget {
  bytes: number;
  entries: number;
  /** The outermost archive, named in the error. */
  readonly root: string;
}

/**
 * Reads a zip archive safely: lists it, checks the limits, and inflates the entries `wanted` selects
 * (all by default). Returns the contents by entry name.
 */
export function readZip(
  bytes: Uint8Array,
  file: string,
  options: { wanted?: (name: string) => boolean; limits?: ZipLimits; budget?: ArchiveBudget } = {},
): Map<string, Uint8Array> {
  const entries = listZip(bytes, file);
  checkZip(entries, file, options.limits);
  const chosen = entries.filter((e) => !e.name.endsWith('/') && (!options.wanted || options.wanted(e.name)));
  const budget = options.budget;
  if (budget) {
    budget.bytes -= chosen.reduce((sum, e) => sum + e.size, 0);
    budget.entries -= chosen.length;
    if (budget.bytes < 0 || budget.entries < 0) {
      throw overLimit('archive', budget.root, `the archive and the archives inside it hold more than the budget of their entries and bytes (reached at ${file})`);
    }
  }
  const out = new Map<string, Uint8Array>();
  for (const e of chosen) out.set(e.name, readEntry(bytes, e, file));
  return out;
}
