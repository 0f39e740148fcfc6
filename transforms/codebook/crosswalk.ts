/**
 * Following recorded changes between editions (data/crosswalk): renames under the same code, recodings,
 * splits and removals, so that a code of any edition can be carried to one canonical edition. Pure.
 */
import type { CodebookScheme, CodeChange, Crosswalk } from './types.ts';

/** The outcome of walking the crosswalk forward from (edition, code) up to a target edition. */
export interface CrosswalkWalk {
  readonly code: string;
  readonly followed: readonly CodeChange[];
  /** True when a change moved the code (recoded or merged), i.e. a mapping is known. */
  readonly mapped: boolean;
  /** Set when the walk stopped at a change without a one-to-one mapping (split, removal). */
  readonly stop?: string;
}

function sortedChanges(crosswalk: Crosswalk, scheme: CodebookScheme): CodeChange[] {
  return crosswalk.changes.filter((c) => c.scheme === scheme).sort((a, b) => a.toEdition - b.toEdition);
}

/**
 * Walks the recorded changes of `scheme` that take effect after `edition` and no later than `target`
 * (null: no limit), starting from `code`.
 */
export function walkForward(
  crosswalk: Crosswalk,
  scheme: CodebookScheme,
  edition: number,
  code: string,
  target: number | null,
): CrosswalkWalk {
  let current = code;
  let mapped = false;
  const followed: CodeChange[] = [];
  for (const c of sortedChanges(crosswalk, scheme)) {
    if (c.oldCode !== current || c.toEdition <= edition || (target !== null && c.toEdition > target)) continue;
    followed.push(c);
    switch (c.change) {
      case 'renamed':
        break;
      case 'recoded':
      case 'merged': {
        const next = c.newCodes[0];
        if (next !== undefined) {
          current = next;
          mapped = true;
        }
        break;
      }
      case 'split':
        return {
          code: current,
          followed,
          mapped,
          stop: `${current} was split into ${c.newCodes.join(', ')} in edition ${c.toEdition}: no one-to-one mapping, series cannot be aligned below its parent`,
        };
      case 'removed':
        return {
          code: current,
          followed,
          mapped,
          stop: `${current} (${c.oldName ?? 'name unknown'}) was removed in edition ${c.toEdition} and no successor is recorded`,
        };
      case 'added':
        break;
    }
  }
  return { code: current, followed, mapped };
}

/**
 * The name of `code` valid in `year`, given a name known from edition `knownEdition`: crosses the recorded
 * renames between the two editions in either direction. Returns the known name when none lies between.
 */
export function nameInYear(
  crosswalk: Crosswalk,
  scheme: CodebookScheme,
  code: string,
  knownName: string,
  knownEdition: number,
  year: number,
): string {
  let name = knownName;
  const renames = sortedChanges(crosswalk, scheme).filter((c) => c.change === 'renamed' && c.oldCode === code);
  if (year > knownEdition) {
    for (const c of renames) {
      if (c.toEdition > knownEdition && c.toEdition <= year && c.newName) name = c.newName;
    }
  } else if (year < knownEdition) {
    for (const c of [...renames].reverse()) {
      if (c.toEdition <= knownEdition && c.toEdition > year && c.oldName) name = c.oldName;
    }
  }
  return name;
}

/**
 * Changes other than renames that lie between edition `a` and year `b` for `code` (either direction): they
 * make a nearest-edition answer doubtful (a split, removal or addition in between).
 */
export function changesBetween(
  crosswalk: Crosswalk,
  scheme: CodebookScheme,
  code: string,
  a: number,
  b: number,
): CodeChange[] {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  return sortedChanges(crosswalk, scheme).filter(
    (c) =>
      c.change !== 'renamed' &&
      (c.oldCode === code || c.newCodes.includes(code)) &&
      c.toEdition > lo &&
      c.toEdition <= hi,
  );
}

/** All names a code is recorded under in renames, with the edition each is valid in. */
export function renamedNames(
  crosswalk: Crosswalk,
  scheme: CodebookScheme,
  code: string,
): { name: string; edition: number }[] {
  const out: { name: string; edition: number }[] = [];
  for (const c of crosswalk.changes) {
    if (c.scheme !== scheme || c.change !== 'renamed' || c.oldCode !== code) continue;
    if (c.oldName) out.push({ name: c.oldName, edition: c.fromEdition ?? c.toEdition - 1 });
    if (c.newName) out.push({ name: c.newName, edition: c.toEdition });
  }
  return out;
}
