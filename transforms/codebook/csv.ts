/**
 * Reading codebook and crosswalk CSV text (papaparse; the file I/O is in loaders/codebook-files.ts).
 * Bad rows never throw: each becomes a message naming its line, and the row is left out.
 */
import { createRequire } from 'node:module';
import type PapaModule from 'papaparse';
import { message, result, warning } from '../../core/messages.ts';
import type { Message, Result } from '../../core/messages.ts';
import { classifyCode, normaliseCode, parentCode } from './codes.ts';
import type { CodebookScheme } from './codes.ts';
import type { ChangeKind, CodeChange, CodebookEntry, DeptGovLink, EntrySource } from './types.ts';

/**
 * papaparse is CommonJS: required, not imported, so that Node does not lex its source for named exports
 * on every start (about 30 ms of CPU, a twentieth of a one-off `parse`).
 */
const Papa = createRequire(import.meta.url)('papaparse') as typeof PapaModule;

type Row = Record<string, string | undefined>;

/** Header names accepted for each field: the English ones of data/ and the words of MoF 科目汇总表 exports. */
const HEADER_ALIASES: Readonly<Record<string, readonly string[]>> = {
  code: ['code', '编码', '科目编码', '代码', '科目代码'],
  name: ['name', '名称', '科目名称'],
  level: ['level', '级次', '层级', '级别'],
  parent: ['parent', 'parent_code', '上级编码', '上级代码'],
  source: ['source', '来源', 'note'],
};

const LEVEL_WORDS: Readonly<Record<string, number>> = { 类: 1, 款: 2, 项: 3, 目: 4 };

interface Parsed {
  /** Header names, trimmed and lower-cased. */
  readonly header: readonly string[];
  readonly rows: { readonly line: number; readonly row: Row }[];
  readonly messages: Message[];
}

/**
 * Parses CSV with a header; rows keep their line number (header = line 1), blank lines are skipped.
 * Headers are trimmed and lower-cased; a BOM is dropped.
 */
function parseRows(text: string, file: string | undefined): Parsed {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/u, ''), { header: false, skipEmptyLines: false, delimiter: ',' });
  const messages: Message[] = [];
  const [header, ...body] = parsed.data;
  const names = (header ?? []).map((h) => h.trim().toLowerCase());
  const rows: { line: number; row: Row }[] = [];
  body.forEach((cells, i) => {
    const line = i + 2;
    if (cells.every((c) => c.trim() === '')) return;
    if (cells.length !== names.length) {
      messages.push(warning('transform', 'codebook/bad-row', `line ${line}: ${cells.length} fields where the header has ${names.length}; row skipped`, loc(file, line)));
      return;
    }
    const row: Row = {};
    names.forEach((n, j) => (row[n] = cells[j]?.trim()));
    rows.push({ line, row });
  });
  for (const e of parsed.errors) {
    if (e.code === 'TooFewFields' || e.code === 'TooManyFields') continue; // reported above with the line
    messages.push(warning('transform', 'codebook/bad-csv', `${e.row === undefined ? '' : `line ${e.row + 1}: `}${e.message}`, file ? { file } : undefined));
  }
  return { header: names, rows, messages };
}

function loc(file: string | undefined, line: number): { file?: string; row: number } {
  return file ? { file, row: line } : { row: line };
}

function field(row: Row, name: string): string {
  for (const alias of HEADER_ALIASES[name] ?? [name]) {
    const v = row[alias.toLowerCase()];
    if (v !== undefined) return v;
  }
  return '';
}

function hasColumn(header: readonly string[], name: string): boolean {
  return (HEADER_ALIASES[name] ?? [name]).some((a) => header.includes(a.toLowerCase()));
}

export interface CodebookCsvOptions {
  /** Default `imported` (a user's list); the shipped files use `official` and `learned`. */
  readonly source?: EntrySource;
  /** Where the list comes from (file name, document); a row's own `source` column, when present, is added. */
  readonly note?: string;
  /** The file name for message locations. */
  readonly file?: string;
}

/**
 * Reads a code list for one scheme and edition: columns code,name[,level,parent][,source] (or 科目编码,
 * 科目名称, 级次, 上级编码). Level 1–4 or 类/款/项/目, derived from the digits when absent. Rows with a code
 * that is not of `scheme`, without a name, or repeating a code with another name are reported by line and
 * left out; a level or parent that disagrees with the digits is reported and the digits win.
 */
export function parseCodebookCsv(
  text: string,
  scheme: CodebookScheme,
  year: number,
  options: CodebookCsvOptions = {},
): Result<CodebookEntry[]> {
  const { header, rows, messages } = parseRows(text, options.file);
  const where = options.file ? { file: options.file } : undefined;
  if (!hasColumn(header, 'code') || !hasColumn(header, 'name')) {
    return result([], [message('error', 'transform', 'codebook/bad-header', 'the header must name the columns code and name (or 科目编码 and 科目名称); nothing imported', where)]);
  }
  const out: CodebookEntry[] = [];
  const byCode = new Map<string, CodebookEntry>();
  for (const { line, row } of rows) {
    const raw = field(row, 'code');
    const code = normaliseCode(raw);
    const name = field(row, 'name').replace(/\s+/gu, '');
    const cls = classifyCode(code, scheme);
    const bad = (why: string): void => {
      messages.push(warning('transform', 'codebook/bad-row', `line ${line}: ${why}; row skipped`, loc(options.file, line)));
    };
    if (!cls) {
      bad(`"${raw}" is not a classification code`);
      continue;
    }
    if (cls.scheme !== scheme) {
      bad(`${code} is a ${cls.scheme} code, not ${scheme}`);
      continue;
    }
    if (name === '') {
      bad(`${code} has no name`);
      continue;
    }
    const levelText = field(row, 'level');
    const printedLevel = LEVEL_WORDS[levelText] ?? (/^[1-4]$/u.test(levelText) ? Number(levelText) : null);
    if (levelText !== '' && printedLevel !== cls.level) {
      messages.push(warning('transform', 'codebook/level-mismatch', `line ${line}: level "${levelText}" disagrees with the ${code.length} digits of ${code}; level ${cls.level} used`, loc(options.file, line)));
    }
    const parentText = normaliseCode(field(row, 'parent'));
    const parent = parentCode(code);
    if (parentText !== '' && parentText !== parent) {
      messages.push(warning('transform', 'codebook/parent-mismatch', `line ${line}: parent ${parentText} disagrees with the digits of ${code}; ${parent ?? 'none'} used`, loc(options.file, line)));
    }
    const previous = byCode.get(code);
    if (previous) {
      if (previous.name !== name) bad(`${code} repeats with another name ("${name}", first "${previous.name}")`);
      continue;
    }
    const rowSource = field(row, 'source');
    const note = [options.note, rowSource].filter((s) => s !== undefined && s !== '').join('; ');
    const entry: CodebookEntry = {
      scheme,
      edition: year,
      code,
      name,
      level: cls.level,
      parent,
      canonicalCode: null,
      source: options.source ?? 'imported',
      ...(note ? { note } : {}),
    };
    byCode.set(code, entry);
    out.push(entry);
  }
  return result(out, messages);
}

const SCHEMES: Readonly<Record<string, CodebookScheme>> = {
  function: 'function',
  'economic-dept': 'economic-dept',
  economic_dept: 'economic-dept',
  'economic-gov': 'economic-gov',
  economic_gov: 'economic-gov',
  revenue: 'revenue',
};
const CHANGES: readonly ChangeKind[] = ['renamed', 'recoded', 'split', 'merged', 'removed', 'added'];

/**
 * Reads data/crosswalk changes: scheme,from_edition,to_edition,old_code,old_name,new_code,new_name,change,source
 * (new_code may list several codes separated by ";"). A rename without new_code keeps the old code.
 */
export function parseCrosswalkCsv(text: string, file?: string): Result<CodeChange[]> {
  const { rows, messages } = parseRows(text, file);
  const out: CodeChange[] = [];
  for (const { line, row } of rows) {
    const scheme = SCHEMES[row.scheme ?? ''];
    const change = CHANGES.find((c) => c === row.change);
    const toEdition = Number(row.to_edition);
    const fromText = row.from_edition ?? '';
    const oldCode = normaliseCode(row.old_code ?? '') || null;
    const newCodes = (row.new_code ?? '').split(';').map(normaliseCode).filter((c) => c !== '');
    if (!scheme || !change || !Number.isInteger(toEdition) || (fromText !== '' && !/^\d{4}$/u.test(fromText))) {
      messages.push(warning('transform', 'crosswalk/bad-row', `line ${line}: needs a known scheme, change kind and edition years; row skipped`, loc(file, line)));
      continue;
    }
    out.push({
      scheme,
      fromEdition: fromText === '' ? null : Number(fromText),
      toEdition,
      oldCode,
      oldName: row.old_name || null,
      newCodes: change === 'renamed' && newCodes.length === 0 && oldCode ? [oldCode] : newCodes,
      newName: row.new_name || null,
      change,
      source: row.source ?? '',
    });
  }
  return result(out, messages);
}

/** Reads the 部门/政府 economic crosswalk: gov_code,gov_name,dept_code,dept_name,source. */
export function parseDeptGovCsv(text: string, file?: string): Result<DeptGovLink[]> {
  const { rows, messages } = parseRows(text, file);
  const out: DeptGovLink[] = [];
  for (const { line, row } of rows) {
    const govCode = normaliseCode(row.gov_code ?? '');
    const deptCode = normaliseCode(row.dept_code ?? '');
    if (classifyCode(govCode)?.scheme !== 'economic-gov' || classifyCode(deptCode)?.scheme !== 'economic-dept') {
      messages.push(warning('transform', 'crosswalk/bad-row', `line ${line}: needs a 5xx gov_code and a 3xx dept_code; row skipped`, loc(file, line)));
      continue;
    }
    out.push({ govCode, govName: row.gov_name ?? '', deptCode, deptName: row.dept_name ?? '', source: row.source ?? '' });
  }
  return result(out, messages);
}
