/**
 * `disclosure codes …`: the codebook from the command line — import an official list, look a code up in
 * the edition of a year, resolve a narrative path, count what the codebook holds.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { formatMessage } from '../../core/messages.ts';
import { badInput } from '../../core/errors.ts';
import { DEFAULT_DATA_DIR, loadShippedCodebook, writeImportedList } from '../../loaders/codebook-files.ts';
import { parseCodebookCsv } from '../../transforms/codebook/codebook.ts';
import type { Codebook } from '../../transforms/codebook/codebook.ts';
import { CODEBOOK_SCHEMES, classifyCode } from '../../transforms/codebook/codes.ts';
import type { CodebookScheme } from '../../transforms/codebook/codes.ts';
import { parseCommandArgs, UsageError } from '../args.ts';
import { EXIT, type Command } from '../command.ts';

const usage = `Usage:
  disclosure codes import FILE.csv --scheme SCHEME --year YEAR [--data DIR] [--dry-run]
  disclosure codes lookup CODE --year YEAR [--scheme SCHEME] [--json]
  disclosure codes resolve "X（类）Y（款）Z（项）" --year YEAR [--scheme SCHEME] [--json]
  disclosure codes stats [--json]

SCHEME is function, economic-dept, economic-gov or revenue.

import   reads an official list (columns code,name[,level,parent][,source], or 科目编码,科目名称,级次,上级编码),
         reports bad rows by line, and stores the good ones as DIR/codebook/imported/SCHEME-YEAR.csv (DIR is the
         project's data/ by default), replacing an earlier import of the same scheme and year. Every later
         parse, ingest and check reads it with source "imported". --dry-run only reports.
lookup   the name of a code in the edition of YEAR (or the nearest edition, which is named), its source and
         its canonical code.
resolve  the code of a narrative path of names, with the editions used.
stats    entries per scheme, edition and source.`;

function scheme(value: string | undefined, fallback?: CodebookScheme): CodebookScheme {
  const s = CODEBOOK_SCHEMES.find((x) => x === value) ?? (value === undefined ? fallback : undefined);
  if (!s) throw new UsageError(`--scheme must be one of ${CODEBOOK_SCHEMES.join(', ')}`);
  return s;
}

function year(value: string | undefined): number {
  if (value === undefined || !/^\d{4}$/u.test(value)) throw new UsageError('--year YEAR (four digits) is required');
  return Number(value);
}

const print = (text: string): void => void process.stdout.write(text + '\n');

function importList(file: string, s: CodebookScheme, y: number, dataDir: string | undefined, dryRun: boolean): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw badInput('input/unreadable', file, 'cannot read the code list', e);
  }
  const parsed = parseCodebookCsv(text, s, y, { file: basename(file), note: `imported from ${basename(file)}` });
  for (const m of parsed.messages) process.stderr.write(formatMessage(m) + '\n');
  if (parsed.value.length === 0) {
    process.stderr.write(`nothing imported from ${file}\n`);
    return EXIT.failed;
  }
  const skipped = parsed.messages.filter((m) => m.rule === 'codebook/bad-row').length;
  if (dryRun) {
    print(`${parsed.value.length} ${s} codes of ${y} would be imported (${skipped} rows skipped)`);
    return EXIT.ok;
  }
  const written = writeImportedList(parsed.value, s, y, dataDir ?? DEFAULT_DATA_DIR);
  print(`${parsed.value.length} ${s} codes of ${y} imported into ${written} (${skipped} rows skipped)`);
  return EXIT.ok;
}

function lookup(book: Codebook, code: string, y: number, s: CodebookScheme | undefined, json: boolean): number {
  const sch = s ?? classifyCode(code)?.scheme;
  if (!sch) throw new UsageError(`${code} is not a classification code; give --scheme`);
  const found = book.lookup(sch, y, code);
  const canonical = book.canonical(sch, y, code);
  if (json) {
    print(JSON.stringify({ scheme: sch, code, year: y, found, canonical }, null, 2));
    return found ? EXIT.ok : EXIT.failed;
  }
  if (!found) {
    print(`${code}: not in the ${sch} codebook of any edition`);
    return EXIT.failed;
  }
  print(`${code} ${found.name}`);
  print(`  edition ${found.edition}${found.exact ? '' : ` (nearest to ${y})`}, ${found.entry.source}${found.entry.note ? `: ${found.entry.note}` : ''}`);
  print(`  canonical ${canonical.canonicalCode} (edition ${canonical.canonicalEdition ?? '?'})${canonical.warning ? ` — ${canonical.warning}` : ''}`);
  if (found.warning) print(`  warning: ${found.warning}`);
  return EXIT.ok;
}

function resolve(book: Codebook, text: string, y: number, s: CodebookScheme, json: boolean): number {
  const r = book.resolveNarrative(s, y, text);
  if (json) print(JSON.stringify(r, null, 2));
  else {
    print(r.value ? `${r.value.code}${r.value.complete ? '' : ' (partial)'} — editions ${r.value.editions.join(', ')}` : 'not resolved');
    for (const m of r.messages) print(`  ${formatMessage(m)}`);
  }
  return r.value?.complete ? EXIT.ok : EXIT.failed;
}

function stats(book: Codebook, json: boolean): number {
  const rows = CODEBOOK_SCHEMES.flatMap((s) =>
    book.editions(s).map((edition) => {
      const entries = book.entries(s, edition);
      const by = (src: string): number => entries.filter((e) => e.source === src).length;
      return { scheme: s, edition, official: by('official'), imported: by('imported'), learned: by('learned'), total: entries.length };
    }),
  );
  if (json) print(JSON.stringify(rows, null, 2));
  else {
    print('scheme         edition  official  imported  learned  total');
    for (const r of rows) {
      print(`${r.scheme.padEnd(15)}${String(r.edition).padEnd(9)}${String(r.official).padStart(8)}${String(r.imported).padStart(10)}${String(r.learned).padStart(9)}${String(r.total).padStart(7)}`);
    }
    print(`${book.crosswalk.changes.length} recorded changes between editions, ${book.crosswalk.deptToGov.length} 部门→政府 economic links`);
  }
  return EXIT.ok;
}

export const command: Command = {
  summary: 'Import, look up and resolve classification codes (the edition-aware codebook)',
  usage,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      scheme: { type: 'string' },
      year: { type: 'string' },
      data: { type: 'string' },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const [action, target] = positionals;
    const json = values.json === true;
    switch (action) {
      case 'import':
        if (!target) throw new UsageError('codes import needs a FILE.csv');
        return importList(target, scheme(values.scheme), year(values.year), values.data, values['dry-run'] === true);
      case 'lookup':
        if (!target) throw new UsageError('codes lookup needs a CODE');
        return lookup(loadShippedCodebook(values.data), target, year(values.year), values.scheme === undefined ? undefined : scheme(values.scheme), json);
      case 'resolve':
        if (!target) throw new UsageError('codes resolve needs the path text');
        return resolve(loadShippedCodebook(values.data), target, year(values.year), scheme(values.scheme, 'function'), json);
      case 'stats':
        return stats(loadShippedCodebook(values.data), json);
      default:
        throw new UsageError(action ? `unknown action '${action}'` : 'an action is required');
    }
  },
};
