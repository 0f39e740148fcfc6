/**
 * Reads the shipped codebook (data/codebook/{official,learned,imported}/<scheme>-<edition>.csv) and crosswalk
 * (data/crosswalk/changes.csv, data/crosswalk/economic-gov-dept.csv) into a Codebook. The file I/O of the
 * codebook lives here; parsing and everything after are the pure functions of transforms/.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { DisclosureError } from '../core/errors.ts';
import type { Message } from '../core/messages.ts';
import { formatMessage } from '../core/messages.ts';
import { Codebook, parseCodebookCsv, parseCrosswalkCsv, parseDeptGovCsv } from '../transforms/codebook/codebook.ts';
import type { CodebookEntry, CodebookOptions, EntrySource } from '../transforms/codebook/codebook.ts';
import { CODEBOOK_SCHEMES } from '../transforms/codebook/codes.ts';
import type { CodebookScheme } from '../transforms/codebook/codes.ts';
import { PACKAGE_ROOT } from '../core/package-root.ts';

/** data/ at the package root, whatever the working directory and layout. */
export const DEFAULT_DATA_DIR = join(PACKAGE_ROOT, 'data') + '/';

/** Folders of data/codebook and the source each gives its entries. */
const FOLDERS: readonly (readonly [string, EntrySource])[] = [
  ['official', 'official'],
  ['learned', 'learned'],
  ['imported', 'imported'],
];

/** `<scheme>-<edition>.csv`, e.g. function-2025.csv, economic-dept-2018.csv. */
function schemeAndEdition(fileName: string): { scheme: CodebookScheme; edition: number } | null {
  const m = /^([a-z-]+)-(\d{4})\.csv$/u.exec(fileName);
  const scheme = CODEBOOK_SCHEMES.find((s) => s === m?.[1]);
  return m && scheme ? { scheme, edition: Number(m[2]) } : null;
}

/**
 * Shipped data is part of the program: a bad row there is a defect to fix, not input to skip, so it
 * stops the load (fatal) with every message listed.
 */
function failOn(messages: readonly Message[], file: string): void {
  const bad = messages.filter((m) => m.severity !== 'info');
  if (bad.length > 0) {
    throw new DisclosureError('codebook/bad-data', bad.map(formatMessage).join('\n'), 'fatal', file, { stage: 'load' });
  }
}

/** Reads every codebook CSV of `dataDir`/codebook; entries carry the folder's source and each row's citation. */
export function readCodebookEntries(dataDir: string = DEFAULT_DATA_DIR): CodebookEntry[] {
  const entries: CodebookEntry[] = [];
  for (const [folder, source] of FOLDERS) {
    const dir = join(dataDir, 'codebook', folder);
    if (!existsSync(dir)) continue;
    for (const fileName of readdirSync(dir).sort()) {
      if (!fileName.endsWith('.csv')) continue;
      const file = join(dir, fileName);
      const id = schemeAndEdition(fileName);
      if (!id) {
        throw new DisclosureError('codebook/bad-file-name', 'codebook files are named <scheme>-<edition>.csv', 'fatal', file, { stage: 'load' });
      }
      const parsed = parseCodebookCsv(readFileSync(file, 'utf8'), id.scheme, id.edition, { source, file: `codebook/${folder}/${fileName}` });
      failOn(parsed.messages, file);
      entries.push(...parsed.value);
    }
  }
  return entries;
}

/** The shipped codebook: data/codebook entries with the data/crosswalk changes and 部门/政府 links. */
export function loadShippedCodebook(dataDir: string = DEFAULT_DATA_DIR, options: CodebookOptions = {}): Codebook {
  const changesFile = join(dataDir, 'crosswalk', 'changes.csv');
  const linksFile = join(dataDir, 'crosswalk', 'economic-gov-dept.csv');
  const changes = existsSync(changesFile) ? parseCrosswalkCsv(readFileSync(changesFile, 'utf8'), 'crosswalk/changes.csv') : null;
  if (changes) failOn(changes.messages, changesFile);
  const links = existsSync(linksFile) ? parseDeptGovCsv(readFileSync(linksFile, 'utf8'), 'crosswalk/economic-gov-dept.csv') : null;
  if (links) failOn(links.messages, linksFile);
  return Codebook.from(
    readCodebookEntries(dataDir),
    { changes: changes?.value ?? [], deptToGov: links?.value ?? [] },
    options,
  );
}

/**
 * Writes a user's imported list as data/codebook/imported/<scheme>-<edition>.csv, replacing an earlier
 * import of the same scheme and edition (an import is a whole list: importing again is idempotent).
 * `loadShippedCodebook` reads it back with source `imported`. Returns the file written.
 */
export function writeImportedList(
  entries: readonly CodebookEntry[],
  scheme: CodebookScheme,
  edition: number,
  dataDir: string = DEFAULT_DATA_DIR,
): string {
  const dir = join(dataDir, 'codebook', 'imported');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${scheme}-${edition}.csv`);
  const rows = entries.map((e) => ({ code: e.code, name: e.name, level: e.level, parent: e.parent ?? '', source: e.note ?? '' }));
  const text = Papa.unparse({ fields: ['code', 'name', 'level', 'parent', 'source'], data: rows.map((r) => [r.code, r.name, r.level, r.parent, r.source]) }, { newline: '\n' });
  // Written whole to a temporary name, then renamed: a crash never leaves half a list to be read.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text + '\n', 'utf8');
  renameSync(tmp, file);
  return file;
}
