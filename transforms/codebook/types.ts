/**
 * Types of the edition-aware codebook (docs/domain.md, "Classification codes"): entries per scheme and edition
 * year, each marked with where it came from, and the crosswalk of known changes between editions.
 */
import type { CodebookScheme } from './codes.ts';

export type { CodebookScheme } from './codes.ts';

/**
 * Where an entry came from: `official` — a published classification list shipped in data/ (its `note`
 * names the document or says when the fact is general knowledge); `learned` — a code printed beside a name
 * in a report's table; `imported` — a list a user imported (`disclosure codes import`).
 */
export type EntrySource = 'official' | 'learned' | 'imported';

/** One (scheme, edition, code) with its name. */
export interface CodebookEntry {
  readonly scheme: CodebookScheme;
  /** Edition year of 《政府收支分类科目》 the pair belongs to (for a report: its fiscal year). */
  readonly edition: number;
  readonly code: string;
  readonly name: string;
  /** 1 = 类, 2 = 款, 3 = 项, 4 = 目 (revenue). */
  readonly level: number;
  readonly parent: string | null;
  /** The code in the canonical edition (filled by the Codebook; null where none is known). */
  readonly canonicalCode: string | null;
  readonly source: EntrySource;
  /** Where the fact comes from: a source key of data/codebook/SOURCES.md, a report, an imported file. */
  readonly note?: string;
}

/** An entry as given to `Codebook.from` or `learn`: the canonical code is computed, level/parent derived. */
export type CodebookEntryInput = Omit<CodebookEntry, 'canonicalCode' | 'level' | 'parent'> & {
  readonly canonicalCode?: string | null;
  readonly level?: number;
  readonly parent?: string | null;
};

export type ChangeKind = 'renamed' | 'recoded' | 'split' | 'merged' | 'removed' | 'added';

/**
 * A change between editions. `fromEdition` is the last edition with the old state (null when unknown),
 * `toEdition` the first with the new one. A rename keeps the code (newCodes = [oldCode]); a split has
 * several new codes; a removal none.
 */
export interface CodeChange {
  readonly scheme: CodebookScheme;
  readonly fromEdition: number | null;
  readonly toEdition: number;
  readonly oldCode: string | null;
  readonly oldName: string | null;
  readonly newCodes: readonly string[];
  readonly newName: string | null;
  readonly change: ChangeKind;
  /** The evidence, as in data/crosswalk. */
  readonly source: string;
}

/** A row of the official 两套支出经济分类科目对照表: a 部门 economic code and the 政府 economic code it maps to. */
export interface DeptGovLink {
  readonly govCode: string;
  readonly govName: string;
  readonly deptCode: string;
  readonly deptName: string;
  readonly source: string;
}

export interface Crosswalk {
  readonly changes: readonly CodeChange[];
  readonly deptToGov: readonly DeptGovLink[];
}

export const EMPTY_CROSSWALK: Crosswalk = { changes: [], deptToGov: [] };

/** What `lookup` found. */
export interface LookupResult {
  readonly entry: CodebookEntry;
  /** The edition whose entry was used. */
  readonly edition: number;
  /** True when the entry is of the requested year itself. */
  readonly exact: boolean;
  /** The name valid in the requested year: the entry's, or the other side of a recorded rename. */
  readonly name: string;
  /** Set when a recorded change lies between the entry's edition and the requested year. */
  readonly warning?: string;
}

/** One resolved step of a narrative path. */
export interface PathStep {
  readonly name: string;
  readonly code: string;
  readonly edition: number;
  /** True when the printed name matched; false when the step was bridged by its child (see resolvePath). */
  readonly matched: boolean;
}

export interface PathResolution {
  /** The deepest code resolved. */
  readonly code: string;
  readonly level: number;
  /** True when every name of the path was resolved. */
  readonly complete: boolean;
  /** The editions whose entries were used, ascending. */
  readonly editions: readonly number[];
  readonly steps: readonly PathStep[];
}

export interface CanonicalResult {
  readonly canonicalCode: string;
  readonly canonicalEdition: number | null;
  /** The recorded changes followed. */
  readonly changes: readonly CodeChange[];
  /** True when the code is listed in the canonical edition itself (not only presumed unchanged). */
  readonly confirmed: boolean;
  /** Where no mapping is known and the code is not listed in the canonical edition, or the mapping is not one-to-one. */
  readonly warning?: string;
}

export interface CodebookOptions {
  /** The edition every series is aligned to, per scheme; default: the latest edition of the scheme in the codebook. */
  readonly canonicalEdition?: Partial<Record<CodebookScheme, number>>;
}
