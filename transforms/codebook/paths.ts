/**
 * Resolving a narrative path of names (类, 款, 项) to a code with the codebook. Separate from codebook.ts
 * because the tolerances need room to be explained. Pure.
 */
import { result, warning } from '../../core/messages.ts';
import type { Message, Result } from '../../core/messages.ts';
import { endsWithName, sameName } from './codes.ts';
import type { CodebookScheme } from './codes.ts';
import { renamedNames } from './crosswalk.ts';
import type { CodebookEntry, Crosswalk, PathResolution, PathStep } from './types.ts';

/** The part of a Codebook this module needs (kept narrow so the two files do not import each other's class). */
export interface PathCodebook {
  readonly crosswalk: Crosswalk;
  /** Entries one level under `parent` by digits (the 类 when null), all editions. */
  children(scheme: CodebookScheme, parent: string | null, depth?: 1 | 2): readonly CodebookEntry[];
}

interface Match {
  readonly code: string;
  readonly edition: number;
  /** Length of the matched name; longer is better where the first name carries words before it. */
  readonly length: number;
  readonly distance: number;
}

/** Codes one level under `parent` (or the 类 when parent is null), with every name each is known by. */
function candidates(
  book: PathCodebook,
  scheme: CodebookScheme,
  parent: string | null,
  depth = 1,
): Map<string, { name: string; edition: number }[]> {
  // Depth 2 gives the grandchildren, for bridging a name that matches no child.
  const level = book.children(scheme, parent, depth === 2 ? 2 : 1);
  const out = new Map<string, { name: string; edition: number }[]>();
  for (const e of level) {
    const names = out.get(e.code) ?? [];
    names.push({ name: e.name, edition: e.edition });
    out.set(e.code, names);
  }
  // A renamed code answers to its old and new names (a 2017 narrative says 医疗卫生与计划生育（类）).
  for (const [code, names] of out) names.push(...renamedNames(book.crosswalk, scheme, code));
  return out;
}

/**
 * The best code among `pool` for `name`. The first name of a path may carry words before it
 * ("主要用于社会保障和就业"), so it matches by its tail; later names match whole. Both tolerate a dropped
 * trailing 支出, bracket width and spacing (`sameName`). Returns 'ambiguous' when two codes match equally.
 */
function best(
  pool: Map<string, { name: string; edition: number }[]>,
  name: string,
  year: number,
  first: boolean,
): Match | 'ambiguous' | null {
  const matches: Match[] = [];
  for (const [code, names] of pool) {
    let found: Match | null = null;
    for (const n of names) {
      const length = first ? endsWithName(name, n.name) : sameName(name, n.name) ? n.name.length : 0;
      if (length === 0) continue;
      const m = { code, edition: n.edition, length, distance: Math.abs(n.edition - year) };
      if (!found || m.length > found.length || (m.length === found.length && m.distance < found.distance)) found = m;
    }
    if (found) matches.push(found);
  }
  matches.sort((a, b) => b.length - a.length || a.distance - b.distance || a.edition - b.edition);
  const [top, second] = matches;
  if (!top) return null;
  if (second && second.length === top.length && second.distance === top.distance) return 'ambiguous';
  return top;
}

/**
 * Resolves names 类 first. Tolerances, each reported where it changes the answer:
 * - the first name may carry leading words and may drop the trailing 支出 of the class name;
 * - a name that matches no child of the code resolved so far is bridged by the next name when that one
 *   matches exactly one grandchild (the seed prints 城乡社区管理服务（款） where the list says
 *   城乡社区管理事务; its 项 其他城乡社区管理事务支出 still identifies 2120199) — `code/path-name-mismatch`;
 * - where a name cannot be resolved the deeper names are dropped and the resolution is partial
 *   (`complete: false`, `code/path-unresolved`); when even the 类 is unknown the value is null.
 */
export function resolveNames(
  book: PathCodebook,
  scheme: CodebookScheme,
  year: number,
  names: readonly string[],
): Result<PathResolution | null> {
  const messages: Message[] = [];
  const steps: PathStep[] = [];
  let parent: string | null = null;
  for (let i = 0; i < names.length; i++) {
    const name = names[i] ?? '';
    const found = best(candidates(book, scheme, parent), name, year, i === 0);
    if (found === 'ambiguous') {
      messages.push(warning('transform', 'code/path-ambiguous', `"${name}" matches several ${scheme} codes${parent ? ` under ${parent}` : ''}; the path is resolved only down to ${parent ?? 'nothing'}`));
      break;
    }
    if (found) {
      steps.push({ name, code: found.code, edition: found.edition, matched: true });
      parent = found.code;
      continue;
    }
    const next = names[i + 1];
    const bridge: Match | 'ambiguous' | null = next !== undefined && parent !== null && i > 0 ? best(candidates(book, scheme, parent, 2), next, year, false) : null;
    if (bridge && bridge !== 'ambiguous') {
      const middle = bridge.code.slice(0, -2);
      const known = candidates(book, scheme, parent).get(middle)?.map((n) => n.name) ?? [];
      messages.push(warning('transform', 'code/path-name-mismatch', `"${name}" is not a name of ${middle}${known.length ? ` (known as ${[...new Set(known)].join(' / ')})` : ''}; resolved through the next name "${next}" → ${bridge.code}`));
      steps.push({ name, code: middle, edition: bridge.edition, matched: false });
      steps.push({ name: next ?? '', code: bridge.code, edition: bridge.edition, matched: true });
      parent = bridge.code;
      i += 1;
      continue;
    }
    messages.push(warning('transform', 'code/path-unresolved', `"${name}" is not known ${parent ? `under ${parent}` : `as a ${scheme} 类`} in any edition near ${year}; ${parent ? `the path is resolved only down to ${parent}` : 'the path is not resolved'}`));
    break;
  }
  const last = steps[steps.length - 1];
  if (!last) return result(null, messages);
  return result(
    {
      code: last.code,
      level: steps.length,
      complete: steps.length === names.length,
      editions: [...new Set(steps.map((s) => s.edition))].sort((a, b) => a - b),
      steps,
    },
    messages,
  );
}
