/**
 * Finding the source files of an ingest: folders are walked recursively (hidden entries and files that are
 * evidently not reports are passed over), and zip archives of reports are opened with the safe reader of
 * extractors/zip.ts (limits on sizes, ratios and entry counts), each entry becoming a source named
 * `archive.zip!/inner/path.docx`. Whether a file is an archive is decided from its bytes, not its name: a
 * DOCX is a zip too, but one holding word/document.xml, and a workbook one holding xl/workbook.xml; both
 * are reports, never walked. A zip that is neither a report nor an archive of reports (a presentation, an
 * OpenDocument file, a zip of images) is one bad file with one error, not one per part.
 */
import { readFileSync, statSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { badInput, DisclosureError, systemFailure } from '../core/errors.ts';
import { limits, overLimit, type Limits } from '../core/limits.ts';
import { detectFormat, officePackage } from '../extractors/detect.ts';
import { readZip, type ArchiveBudget } from '../extractors/zip.ts';

/**
 * Extensions that are never reports (metadata, labels, logs, databases beside an archive). Any other
 * file is read and its format detected from the bytes; what is not a report is then quarantined.
 */
export const IGNORED_EXTENSIONS: ReadonlySet<string> = new Set([
  '.json', '.md', '.txt', '.csv', '.tsv', '.log', '.sqlite', '.sqlite-wal', '.sqlite-shm', '.db', '.lock', '.yml', '.yaml', '.js', '.ts',
]);

/** One source to ingest: its name and its bytes. */
export interface SourceBytes {
  readonly path: string;
  readonly bytes: Uint8Array;
}

const ignored = (name: string) => name.startsWith('.') || name.startsWith('~$') || IGNORED_EXTENSIONS.has(extname(name).toLowerCase());

/**
 * A file or folder name as shown and stored: UTF-8 where the bytes are UTF-8, else GB18030 (old Windows
 * archives from China name files in GBK, which a UTF-8 reading turns into replacement characters).
 */
export function displayName(raw: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return new TextDecoder('gb18030').decode(raw);
  }
}

/** The files of an ingest: their names as shown, and where each is on disk (the bytes of a non-UTF-8 name). */
export interface ListedFiles {
  readonly files: string[];
  /** The path to open for a listed name (a Buffer where the name on disk is not UTF-8). */
  onDisk(path: string): string | Buffer;
}

/**
 * Lists the files under the given paths (files given by name are never ignored), in a stable order.
 * Every entry that is not a folder is listed, symlinks and special files included, so that one that
 * cannot be read (a dangling link, a loop, a FIFO) is quarantined with its reason rather than passed over
 * in silence; symlinked folders are followed once (a cycle is not walked twice). Names are read as bytes,
 * so a GBK-named file is found and read, and shown decoded.
 */
export async function listSources(paths: readonly string[]): Promise<ListedFiles> {
  const out: string[] = [];
  const raw = new Map<string, Buffer>();
  const visited = new Set<string>();
  const slash = Buffer.from('/');
  const visit = async (dir: Buffer, shown: string): Promise<void> => {
    const real = await realpath(dir, { encoding: 'buffer' }).then((r) => r.toString('latin1'), () => dir.toString('latin1'));
    if (visited.has(real)) return;
    visited.add(real);
    const entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    entries.sort((a, b) => Buffer.compare(a.name, b.name));
    for (const e of entries) {
      const name = displayName(e.name);
      if (ignored(name)) continue;
      const full = Buffer.concat([dir, slash, e.name]);
      const fullShown = join(shown, name);
      if (e.isDirectory()) await visit(full, fullShown);
      else if (e.isSymbolicLink() && (await stat(full).catch(() => null))?.isDirectory()) await visit(full, fullShown);
      else {
        out.push(fullShown);
        if (full.toString('utf8') !== fullShown) raw.set(fullShown, full);
      }
    }
  };
  for (const p of paths) {
    let info;
    try {
      info = await stat(p);
    } catch {
      throw badInput('input/not-found', p, 'no such file or folder');
    }
    if (info.isDirectory()) await visit(Buffer.from(p.replace(/\/+$/, '') || '/'), p.replace(/\/+$/, '') || '/');
    else out.push(p);
  }
  return { files: out, onDisk: (path) => raw.get(path) ?? path };
}

/** The names of the files under the given paths (see listSources). */
export async function listFiles(paths: readonly string[]): Promise<string[]> {
  return (await listSources(paths)).files;
}

/**
 * Reads a file; unreadable files throw `input/unreadable` naming the file. Synchronous on purpose: reports
 * are small, and one blocking read is several times cheaper than the four thread-pool round trips of an
 * async readFile (open, stat, read, close), which dominated an unchanged rerun.
 */
export async function readSource(path: string, onDisk: string | Buffer = path): Promise<Uint8Array> {
  let regular: boolean;
  let size: number;
  try {
    const info = statSync(onDisk);
    regular = info.isFile();
    size = info.size;
  } catch (e) {
    throw systemFailure(e, path) ?? badInput('input/unreadable', path, `cannot read the file: ${e instanceof Error ? e.message : String(e)}`, e);
  }
  // Opening a FIFO would block the run forever; devices and sockets are no reports either.
  if (!regular) throw badInput('input/not-a-file', path, 'not a regular file (a FIFO, socket or device); it is not read');
  const maxBytes = limits().fileBytes;
  if (size > maxBytes) throw overLimit('bytes', path, `the file holds ${size} bytes, more than ${maxBytes}; it is not read`);
  try {
    const b = readFileSync(onDisk);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    throw systemFailure(e, path) ?? badInput('input/unreadable', path, `cannot read the file: ${e instanceof Error ? e.message : String(e)}`, e);
  }
}

/** True when the bytes are a zip archive that is not itself a DOCX. */
export function isArchive(bytes: Uint8Array): boolean {
  return detectFormat(bytes) === 'zip';
}

/**
 * The sources inside an archive (recursively), skipping folders and ignored names. A corrupt, encrypted
 * or oversized archive throws a typed `zip/*` error naming it; an archive whose nested archives together
 * pass the budget of bytes, entries or depth (core/limits.ts) throws `limit/archive` naming the outer one.
 */
export function expandArchive(source: SourceBytes, max: Limits = limits()): SourceBytes[] {
  const budget: ArchiveBudget = { bytes: max.archiveBytes, entries: max.archiveEntries, root: source.path };
  const expand = (archive: SourceBytes, depth: number): SourceBytes[] => {
    const office = officePackage(archive.bytes);
    if (office) throw badInput('format/office-package', archive.path, `${office}, not a report and not an archive of reports`);
    const entries = readZip(archive.bytes, archive.path, {
      wanted: (name) => !name.split('/').some((part) => ignored(part)) && !name.startsWith('__MACOSX/'),
      budget,
    });
    const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : 1));
    if (sorted.length > 0 && sorted.every(([, bytes]) => detectFormat(bytes) === 'unknown')) {
      const names = sorted.slice(0, 3).map(([name]) => name).join(', ');
      throw badInput('zip/no-reports', archive.path, `the archive holds no report in a format this pipeline reads (${sorted.length} files: ${names}${sorted.length > 3 ? ', …' : ''})`);
    }
    const out: SourceBytes[] = [];
    for (const [name, bytes] of sorted) {
      const inner = { path: `${archive.path}!/${name}`, bytes };
      if (bytes.length > 0 && isArchive(bytes)) {
        if (depth >= max.archiveDepth) {
          throw overLimit('archive', source.path, `archives nest more than ${max.archiveDepth} deep (${inner.path})`);
        }
        out.push(...expandInner(inner, () => expand(inner, depth + 1)));
      } else out.push(inner);
    }
    return out;
  };
  return expand(source, 1);
}

/** An archive inside an archive: expanded, or, when it holds no report, kept as one file that fails alone. */
function expandInner(inner: SourceBytes, expand: () => SourceBytes[]): SourceBytes[] {
  try {
    return expand();
  } catch (e) {
    if (e instanceof DisclosureError && (e.code === 'zip/no-reports' || e.code === 'format/office-package')) return [inner];
    throw e;
  }
}
