/**
 * The edition-aware codebook of 《政府收支分类科目》 (docs/domain.md, "Classification codes"; issue 3 "Codebook").
 *
 * Built from three sources, each entry marked: lists shipped in data/ (`official`), code–name pairs printed in
 * the tables of reports (`learned`, via `learn`), and lists a user imports (`imported`). It answers: the name
 * of a code in a year (exact or nearest edition, saying which), the code of a narrative path of names, and
 * the canonical code of any (edition, code) so that multi-year series line up across renames and the 2018
 * economic reform. Immutable and pure: `learn` returns a new codebook; contradictions become messages.
 */
import { info, result, warning } from '../../core/messages.ts';
import type { Message, Result } from '../../core/messages.ts';
import { classifyCode, normaliseCode, normaliseName, parentCode, parseNarrativePath, sameName } from './codes.ts';
import type { CodebookScheme } from './codes.ts';
import type { NormalisedReport } from '../model.ts';
import { changesBetween, nameInYear, walkForward } from './crosswalk.ts';
import { resolveNames } from './paths.ts';
import type {
  CanonicalResult,
  CodebookEntry,
  CodebookEntryInput,
  CodebookOptions,
  Crosswalk,
  DeptGovLink,
  EntrySource,
  LookupResult,
  PathResolution,
} from './types.ts';
import { EMPTY_CROSSWALK } from './types.ts';

export type * from './types.ts';
export { EMPTY_CROSSWALK } from './types.ts';
export { parseCodebookCsv, parseCrosswalkCsv, parseDeptGovCsv } from './csv.ts';

/**
 * When one edition has several entries for a code: the shipped official lists (cited), then a user's import,
 * then what reports taught — the same order as the warehouse views (loaders/warehouse/migrations/0002_views.ts), so
 * that a name looked up here and one read from the warehouse agree.
 */
const PRIORITY: Readonly<Record<EntrySource, number>> = { official: 0, imported: 1, learned: 2 };

const key = (scheme: CodebookScheme, code: string): string => `${scheme}|${code}`;

/** Completes an input entry: normalised code, level and parent from the digits where not given. */
function complete(input: CodebookEntryInput): CodebookEntry {
  const code = normaliseCode(input.code);
  return {
    scheme: input.scheme,
    edition: input.edition,
    code,
    name: input.name.trim(),
    level: input.level ?? (code.length - 1) / 2,
    parent: input.parent === undefined || input.parent === null || input.parent === '' ? parentCode(code) : input.parent,
    canonicalCode: input.canonicalCode ?? null,
    source: input.source,
    ...(input.note ? { note: input.note } : {}),
  };
}

function nearestFirst(year: number): (a: CodebookEntry, b: CodebookEntry) => number {
  // Nearest edition first; at equal distance the earlier edition (the one already in force), then by source.
  return (a, b) =>
    Math.abs(a.edition - year) - Math.abs(b.edition - year) || a.edition - b.edition || PRIORITY[a.source] - PRIORITY[b.source];
}

export class Codebook {
  private readonly byCode = new Map<string, CodebookEntry[]>();
  /** Entries by scheme and parent by digits ('' for 类), for path resolution. */
  private readonly byParent = new Map<string, CodebookEntry[]>();
  /** Entries by scheme and the code two levels up, so a 项 is found under its 类 even when its 款 is not listed. */
  private readonly byGrandparent = new Map<string, CodebookEntry[]>();
  private readonly latest = new Map<CodebookScheme, number>();

  private constructor(
    private readonly list: readonly CodebookEntry[],
    /** The recorded changes between editions and the 部门/政府 economic crosswalk. */
    readonly crosswalk: Crosswalk,
    private readonly options: CodebookOptions,
  ) {
    for (const e of list) {
      const k = key(e.scheme, e.code);
      const bucket = this.byCode.get(k);
      if (bucket) bucket.push(e);
      else this.byCode.set(k, [e]);
      if (e.edition > (this.latest.get(e.scheme) ?? -Infinity)) this.latest.set(e.scheme, e.edition);
      const p = key(e.scheme, parentCode(e.code) ?? '');
      const siblings = this.byParent.get(p);
      if (siblings) siblings.push(e);
      else this.byParent.set(p, [e]);
      if (e.code.length > 5) {
        const g = key(e.scheme, e.code.slice(0, -4));
        const cousins = this.byGrandparent.get(g);
        if (cousins) cousins.push(e);
        else this.byGrandparent.set(g, [e]);
      }
    }
  }

  /** A codebook of the given entries; each entry's canonical code is computed from the crosswalk. */
  static from(
    entries: readonly CodebookEntryInput[],
    crosswalk: Crosswalk = EMPTY_CROSSWALK,
    options: CodebookOptions = {},
  ): Codebook {
    const draft = new Codebook(entries.map(complete), crosswalk, options);
    return draft.withCanonicalCodes();
  }

  private withCanonicalCodes(): Codebook {
    const list = this.list.map((e) =>
      e.canonicalCode !== null ? e : { ...e, canonicalCode: this.canonical(e.scheme, e.edition, e.code).canonicalCode },
    );
    return new Codebook(list, this.crosswalk, this.options);
  }

  /** All entries, or those of one scheme (and edition). */
  entries(scheme?: CodebookScheme, edition?: number): readonly CodebookEntry[] {
    return this.list.filter((e) => (scheme === undefined || e.scheme === scheme) && (edition === undefined || e.edition === edition));
  }

  /** The editions present for a scheme, ascending. */
  editions(scheme: CodebookScheme): number[] {
    return [...new Set(this.entries(scheme).map((e) => e.edition))].sort((a, b) => a - b);
  }

  /** The edition series are aligned to: the option, else the latest edition of the scheme, else null. */
  canonicalEdition(scheme: CodebookScheme): number | null {
    return this.options.canonicalEdition?.[scheme] ?? this.latest.get(scheme) ?? null;
  }

  /** The entries one (or two) levels under `parent` by digits (the 类 when parent is null), all editions. */
  children(scheme: CodebookScheme, parent: string | null, depth: 1 | 2 = 1): readonly CodebookEntry[] {
    if (depth === 1 || parent === null) return this.byParent.get(key(scheme, parent ?? '')) ?? [];
    return this.byGrandparent.get(key(scheme, parent)) ?? [];
  }

  /** Every entry of one code across editions and sources. */
  entriesOf(scheme: CodebookScheme, code: string): readonly CodebookEntry[] {
    return this.byCode.get(key(scheme, normaliseCode(code))) ?? [];
  }

  /**
   * The entry of `code` for `year`: the exact edition, else the nearest one (ties: the earlier). The result
   * says which edition was used, gives the name valid in `year` across recorded renames (a 2017 lookup of
   * 210 answers 医疗卫生与计划生育支出 even from the 2025 list), and warns when a split, removal or addition
   * lies between the edition used and the year.
   */
  lookup(scheme: CodebookScheme, year: number, code: string): LookupResult | null {
    const c = normaliseCode(code);
    const entry = [...this.entriesOf(scheme, c)].sort(nearestFirst(year))[0];
    if (!entry) return null;
    const name = nameInYear(this.crosswalk, scheme, c, entry.name, entry.edition, year);
    const between = changesBetween(this.crosswalk, scheme, c, entry.edition, year);
    const base = { entry, edition: entry.edition, exact: entry.edition === year, name };
    if (between.length === 0) return base;
    const what = between.map((ch) => `${ch.change} in edition ${ch.toEdition}`).join('; ');
    return { ...base, warning: `${c} changed between edition ${entry.edition} (used) and ${year}: ${what}` };
  }

  /**
   * Adds code–name pairs printed in a report's tables (`edition` = the report's year). A pair that
   * contradicts an official or imported entry of the same edition is reported (`code/name-mismatch`) and kept
   * as learned, never written over the official one; a name cut short by the table (a proper prefix of the
   * official name) is noted (`code/name-truncated`) and not added; two reports teaching different names for
   * one edition keep the first (`code/learned-conflict`); a name that differs from the nearest other edition
   * without a recorded rename is noted (`code/name-differs-across-editions`), as it may be an unrecorded rename.
   */
  learn(inputs: readonly Omit<CodebookEntryInput, 'source'>[]): Result<Codebook> {
    const messages: Message[] = [];
    const added: CodebookEntry[] = [];
    const seen = new Map<string, CodebookEntry[]>();
    const inEdition = (e: CodebookEntry): CodebookEntry[] => [
      ...this.entriesOf(e.scheme, e.code).filter((x) => x.edition === e.edition),
      ...(seen.get(`${key(e.scheme, e.code)}|${e.edition}`) ?? []),
    ];
    for (const input of inputs) {
      const e = complete({ ...input, source: 'learned' });
      const from = e.note ? ` (from ${e.note})` : '';
      const cls = classifyCode(e.code);
      if (!cls || cls.scheme !== e.scheme || e.name === '') {
        messages.push(warning('transform', 'code/not-learned', `"${e.code} ${e.name}"${from} is not a ${e.scheme} code with a name; it does not teach the codebook`));
        continue;
      }
      const same = inEdition(e);
      const authority = same.filter((x) => x.source !== 'learned').sort((a, b) => PRIORITY[a.source] - PRIORITY[b.source])[0];
      const learnedBefore = same.find((x) => x.source === 'learned');
      if (authority) {
        if (sameName(authority.name, e.name)) continue;
        if (normaliseName(authority.name).startsWith(normaliseName(e.name))) {
          messages.push(info('transform', 'code/name-truncated', `${e.code} is printed as "${e.name}"${from}, a cut-short form of the ${authority.source} name "${authority.name}" (${e.edition}); the ${authority.source} name is kept`));
          continue;
        }
        messages.push(warning('transform', 'code/name-mismatch', `${e.code} is printed as "${e.name}"${from} but the ${authority.source} ${e.edition} list names it "${authority.name}"${authority.note ? ` (${authority.note})` : ''}; kept as a learned finding, the ${authority.source} name stays in use`));
      } else if (learnedBefore) {
        if (!sameName(learnedBefore.name, e.name)) {
          messages.push(warning('transform', 'code/learned-conflict', `${e.code} is printed as "${e.name}"${from} but was learned for ${e.edition} as "${learnedBefore.name}"${learnedBefore.note ? ` (from ${learnedBefore.note})` : ''}; the first is kept`));
        }
        continue;
      } else {
        const other = this.lookup(e.scheme, e.edition, e.code);
        if (other && !other.exact && !sameName(other.name, e.name)) {
          messages.push(info('transform', 'code/name-differs-across-editions', `${e.code} is printed as "${e.name}" for ${e.edition}${from} but as "${other.name}" in edition ${other.edition}, and no rename is recorded between them`));
        }
      }
      added.push(e);
      const k = `${key(e.scheme, e.code)}|${e.edition}`;
      seen.set(k, [...(seen.get(k) ?? []), e]);
    }
    const next = added.length === 0 ? this : new Codebook([...this.list, ...added], this.crosswalk, this.options).withCanonicalCodes();
    return result(next, messages);
  }

  /** Adds entries without checks (an imported official list, or another codebook's entries). */
  withEntries(entries: readonly CodebookEntryInput[]): Codebook {
    return new Codebook([...this.list, ...entries.map(complete)], this.crosswalk, this.options).withCanonicalCodes();
  }

  /**
   * The code of a narrative path of names, 类 first ("社会保障和就业", "行政事业单位养老支出",
   * "机关事业单位基本养老保险缴费支出" → 2080505), with the codebook of `year` or the nearest edition that
   * has each name; the editions used are recorded. See `resolveNames` for the tolerances.
   */
  resolvePath(scheme: CodebookScheme, year: number, names: readonly string[]): Result<PathResolution | null> {
    return resolveNames(this, scheme, year, names);
  }

  /**
   * Resolves a path as printed in a narrative ("X（类）Y（款）Z（项）"). Codes printed inside the markers
   * ("住房保障支出（221类）住房改革支出（02款）购房补贴（03项）") are used when complete, and the names are
   * checked against them; otherwise the names are resolved.
   */
  resolveNarrative(scheme: CodebookScheme, year: number, text: string): Result<PathResolution | null> {
    const parts = parseNarrativePath(text);
    if (!parts) return result(null, [warning('transform', 'code/path-unresolved', `no （类）/（款）/（项） path in "${text}"`)]);
    const printed = parts.map((p) => p.code ?? '').join('');
    const byName = this.resolvePath(scheme, year, parts.map((p) => p.name));
    if (parts.every((p) => p.code !== null) && classifyCode(printed)?.scheme === scheme) {
      const found = this.lookup(scheme, year, printed);
      const messages = [...byName.messages];
      if (byName.value && byName.value.code !== printed) {
        messages.push(warning('transform', 'code/path-code-mismatch', `the path prints code ${printed} but its names resolve to ${byName.value.code}; the printed code is used`));
      }
      return result(
        {
          code: printed,
          level: parts.length,
          complete: true,
          editions: found ? [found.edition] : [],
          steps: parts.map((p, i) => ({ name: p.name, code: printed.slice(0, 3 + 2 * i), edition: found?.edition ?? year, matched: found !== null })),
        },
        messages,
      );
    }
    return byName;
  }

  /**
   * The canonical code of (edition, code): the recorded changes after `edition` are followed up to the
   * canonical edition. A warning where the mapping is not one-to-one (split, removal), or where no mapping
   * is known and the code is not in the canonical edition (it is then kept as is).
   *
   * Every shipped list is partial, so "in the canonical edition" is read as: listed there (`confirmed`), or
   * listed in any edition with no recorded change after it up to the canonical edition. Codes are stable
   * unless a change is recorded; a code the codebook has never seen gets the warning.
   */
  canonical(scheme: CodebookScheme, edition: number, code: string): CanonicalResult {
    const target = this.canonicalEdition(scheme);
    const walk = walkForward(this.crosswalk, scheme, edition, normaliseCode(code), target);
    const known = this.entriesOf(scheme, walk.code);
    const confirmed = target !== null && known.some((e) => e.edition === target);
    const base = { canonicalCode: walk.code, canonicalEdition: target, changes: walk.followed, confirmed };
    if (walk.stop) return { ...base, warning: walk.stop };
    if (walk.mapped || confirmed || target === null) return base;
    // The latest edition listing the code is the best evidence: it survives if only renames follow it.
    const lastSeen = Math.max(...known.map((e) => e.edition));
    const survives =
      known.length > 0 && walkForward(this.crosswalk, scheme, lastSeen, walk.code, target).followed.every((c) => c.change === 'renamed');
    if (survives) return base;
    return {
      ...base,
      warning: `${walk.code} is not in the canonical ${scheme} edition ${target} (not listed there nor in any edition without a later recorded change) and no mapping is known; kept as ${walk.code}`,
    };
  }

  /** The 政府预算支出经济分类 code a 部门 economic code maps to (official 对照表), or null. */
  deptToGov(deptCode: string): DeptGovLink | null {
    const c = normaliseCode(deptCode);
    return this.crosswalk.deptToGov.find((l) => l.deptCode === c) ?? null;
  }
}

/** A code–name pair to teach the codebook (`Codebook.learn` marks it learned). */
export type LearnedPair = Omit<CodebookEntryInput, 'source'>;

/**
 * The code–name pairs a report's tables teach: every coded row of a known scheme, for the report's year
 * (docs/domain.md: every report teaches the codebook of its year). Nothing when the year is unknown — a pair
 * without an edition would teach the wrong year. Each pair notes the file, table and row it was printed in.
 */
export function pairsFromReport(report: Pick<NormalisedReport, 'source' | 'meta' | 'tables'>): LearnedPair[] {
  const year = report.meta.year;
  if (year === null) return [];
  const seen = new Set<string>();
  const pairs: LearnedPair[] = [];
  for (const table of report.tables) {
    for (const row of table.rows) {
      if (row.code === null || row.codeScheme === 'none' || row.name.trim() === '') continue;
      const k = `${row.codeScheme}|${row.code}|${row.name}`;
      if (seen.has(k)) continue;
      seen.add(k);
      pairs.push({
        scheme: row.codeScheme,
        edition: year,
        code: row.code,
        name: row.name,
        note: `${report.source.path} ${table.tableId} row ${row.order}`,
      });
    }
  }
  return pairs;
}
