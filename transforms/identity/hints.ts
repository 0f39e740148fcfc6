/**
 * The user's identity hints: "the files under this folder (or matching this file pattern) are unit X"
 * (optionally also year, kind, scope). A hint is an explicit correction, so it wins over what the document
 * prints, and says so in a message; it is how an unidentified file (meta/unidentified) gets loaded.
 *
 * Patterns are globs on the file's path: `*` within one folder or file name, `**` across folders, `?` one
 * character. A pattern matches the whole path or its tail after a `/` (`江苏省人民检察院/**` matches
 * `/crawl/jszwfw/江苏省人民检察院/2019年度部门预算公开.pdf`). Where several match, the longest pattern wins.
 */
import { info, type Message, type Result } from '../../core/messages.ts';
import type { ReportKind, ReportMeta, ReportScope } from '../model.ts';

/** One hint. Null fields leave the document's value alone. */
export interface IdentityHint {
  readonly pattern: string;
  readonly unit: string | null;
  readonly year: number | null;
  readonly kind: ReportKind | null;
  readonly scope: ReportScope | null;
}

function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
      if (pattern[i + 1] === '/') i++;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/gu, '\\$&');
  }
  return new RegExp(`(?:^|/)${re}$`, 'u');
}

/** Whether a hint's pattern matches a path (zip members, `archive.zip!/member`, count as below the archive). */
export function hintMatches(pattern: string, path: string): boolean {
  return globToRegExp(pattern.replace(/\\/gu, '/')).test(path.replace(/\\/gu, '/').replace(/!\//gu, '/'));
}

/** The hint for a path: the longest matching pattern, or null. */
export function hintFor(hints: readonly IdentityHint[], path: string): IdentityHint | null {
  let best: IdentityHint | null = null;
  for (const h of hints) if (hintMatches(h.pattern, path) && (best === null || h.pattern.length > best.pattern.length)) best = h;
  return best;
}

/** The meta with the matching hint's values in place of the document's, with a message naming the hint. */
export function applyHints(meta: ReportMeta, path: string, hints: readonly IdentityHint[]): Result<ReportMeta> {
  const hint = hintFor(hints, path);
  if (!hint) return { value: meta, messages: [] };
  const changed: string[] = [];
  const pick = <T>(field: string, hinted: T | null, printed: T): T => {
    if (hinted === null || hinted === printed) return printed;
    changed.push(`${field} ${String(printed ?? '(none)')} → ${String(hinted)}`);
    return hinted;
  };
  const unit = pick('unit', hint.unit, meta.unit);
  const value: ReportMeta = {
    ...meta,
    unit,
    // The document's other names for its unit belong to the printed unit, not the hinted one.
    unitAliases: unit === meta.unit ? meta.unitAliases : [],
    unitCode: unit === meta.unit ? meta.unitCode : null,
    year: pick('year', hint.year, meta.year),
    kind: pick('kind', hint.kind, meta.kind),
    scope: pick('scope', hint.scope, meta.scope),
  };
  const messages: Message[] = [
    info('transform', 'meta/hint', `the hint "${hint.pattern}" names this file: ${changed.length > 0 ? changed.join(', ') : 'it agrees with the document'}`),
  ];
  return { value, messages };
}

/** Parses a hints file: CSV with a header `pattern,unit,year,kind,scope` (the last three optional), or a JSON array. */
export function parseHints(text: string, name: string): Result<IdentityHint[]> {
  const messages: Message[] = [];
  const body = text.replace(/^\uFEFF/u, '').trim();
  let records: Record<string, unknown>[];
  if (body.startsWith('[')) {
    records = JSON.parse(body) as Record<string, unknown>[];
  } else {
    const [header, ...lines] = body.split(/\r?\n/u).filter((l) => l.trim() !== '' && !l.startsWith('#'));
    const cols = (header ?? '').split(',').map((c) => c.trim());
    records = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i] ?? `c${i}`, v.trim()])));
  }
  const hints: IdentityHint[] = [];
  for (const [i, r] of records.entries()) {
    const str = (k: string) => (typeof r[k] === 'string' && r[k] !== '' ? (r[k] as string) : typeof r[k] === 'number' ? String(r[k]) : null);
    const pattern = str('pattern');
    const year = str('year') === null ? null : Number(str('year'));
    const kind = str('kind');
    const scope = str('scope');
    const bad = !pattern ? 'no pattern' : year !== null && !(Number.isInteger(year) && year > 1900 && year < 3000) ? `year "${str('year')}" is not a year`
      : kind !== null && kind !== 'budget' && kind !== 'final' ? `kind "${kind}" is not budget or final`
        : scope !== null && scope !== 'department' && scope !== 'unit' ? `scope "${scope}" is not department or unit`
          : str('unit') === null && year === null && kind === null && scope === null ? 'it names nothing' : null;
    if (bad) {
      messages.push(info('transform', 'meta/hint-invalid', `${name}: hint ${i + 1} is left out: ${bad}`));
      continue;
    }
    hints.push({ pattern: pattern!, unit: str('unit'), year, kind: kind as ReportKind | null, scope: scope as ReportScope | null });
  }
  return { value: hints, messages };
}
