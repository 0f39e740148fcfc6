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
import { badInput, DisclosureError } from '../core/errors.ts';
import { detectFormat, officePackage } from '../extractors/detect.ts';
import { readZip } from '../extractors/zip.ts';

/**
 * Extensions that are never reports (metadata, labels, logs, databases beside an archive). Any other
 * file is read and its format detected from the bytes; what is not a report is then quarantined.
 */
export const IGNORED_EXTENSIONS: ReadonlySet<string> = new Set([
  '.json', '.md', '.txt', '.csv', '.tsv', '.log', '.sqlite', '.sqlite-wal', '.sqlite-shm', '.db', '.lock', '.yml', '.yaml', '.js', '.ts',
]);

/** How deep archives inside archives are opened. */
const MAX_ARCHIVE_DEPTH = 2;

/** One source to ingest: its name and its bytes. */
export interface SourceBytes {
  readonly path: string;
  readonly bytes: Uint8Array;
}

const ignored = (name: string) => name.startsWith('.') || name.startsWith('~$') || IGNORED_EXTENSIONS.has(extname(name).toLowerCase());

/**
 * Lists the files under the given paths (files given by name are never ignored), in a stable order.
 * Every entry that is not a folder is listed, symlinks and special files included, so that one that
 * cannot be read (a dangling link, a loop, a FIFO) is quarantined with its reason rather than passed over
 * in silence; symlinked folders are followed once (a cycle is not walked twice).
 */
export async function listFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const visited = new Set<string>();
  const visit = async (dir: string): Promise<void> => {
    const real = await realpath(dir).catch(() => dir);
    if (visited.has(real)) return;
    visited.add(real);
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (ignored(e.name)) continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) await visit(full);
      else if (e.isSymbolicLink() && (await stat(full).catch(() => null))?.isDirectory()) await visit(full);
      else out.push(full);
    }
  };
  for (const p of paths) {
    let info;
    try {
      info = await stat(p);
    } catch {
      throw badInput('input/not-found', p, 'no such file or folder');
    }
    if (info.isDirectory()) await visit(p);
    else out.push(p);
  }
  return out;
}

/**
 * Reads a file; unreadable files throw `input/unreadable` naming the file. Synchronous on purpose: reports
 * are small, and one blocking read is several times cheaper than the four thread-pool round trips of an
 * async readFile (open, stat, read, close), which dominated an unchanged rerun.
 */
export async function readSource(path: string): Promise<Uint8Array> {
  let regular: boolean;
  try {
    regular = statSync(path).isFile();
  } catch (e) {
    throw badInput('input/unreadable', path, `cannot read the file: ${e instanceof Error ? e.message : String(e)}`, e);
  }
  // Opening a FIFO would block the run forever; devices and sockets are no reports either.
  if (!regular) throw badInput('input/not-a-file', path, 'not a regular file (a FIFO, socket or device); it is not read');
  try {
    const b = readFileSync(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    throw badInput('input/unreadable', path, `cannot read the file: ${e instanceof Error ? e.message : String(e)}`, e);
  }
}

/** True when the bytes are a zip archive that is not itself a DOCX. */
export function isArchive(bytes: Uint8Array): boolean {
  return detectFormat(bytes) === 'zip';
}

/**
 * The sources inside an archive (recursively up to a small depth), skipping folders and ignored names.
 * A corrupt, encrypted or oversized archive throws a typed `zip/*` error naming it.
 */
export function expandArchive(source: SourceBytes, depth = 1): SourceBytes[] {
  const office = officePackage(source.bytes);
  if (office) throw badInput('format/office-package', source.path, `${office}, not a report and not an archive of reports`);
  const entries = readZip(source.bytes, source.path, {
    wanted: (name) => !name.split('/').some((part) => ignored(part)) && !name.startsWith('__MACOSX/'),
  });
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : 1));
  if (sorted.length > 0 && sorted.every(([, bytes]) => detectFormat(bytes) === 'unknown')) {
    const names = sorted.slice(0, 3).map(([name]) => name).join(', ');
    throw badInput('zip/no-reports', source.path, `the archive holds no report in a format this pipeline reads (${sorted.length} files: ${names}${sorted.length > 3 ? ', …' : ''})`);
  }
  const out: SourceBytes[] = [];
  for (const [name, bytes] of sorted) {
    const inner = { path: `${source.path}!/${name}`, bytes };
    if (depth < MAX_ARCHIVE_DEPTH && bytes.length > 0 && isArchive(bytes)) out.push(...expandInner(inner, depth + 1));
    else out.push(inner);
  }
  return out;
}

/** An archive inside an archive: expanded, or, when it holds no report, kept as one file that fails alone. */
function expandInner(inner: SourceBytes, depth: number): SourceBytes[] {
  try {
    return expandArchive(inner, depth);
  } catch (e) {
    if (e instanceof DisclosureError && (e.code === 'zip/no-reports' || e.code === 'format/office-package')) return [inner];
    throw e;
  }
}
