/**
 * `ingest --include/--exclude` and `--dry-run`: which of the listed files an ingest takes, and what it
 * would do with each, without loading anything.
 *
 * Glob patterns: `*` any characters but `/`, `**` any characters across folders, `?` one character,
 * `[abc]` one of a set, `{a,b}` either. A pattern without `/` is matched against the file name (as in
 * .gitignore: `*.pdf`, `*2019*`); one with `/` against the end of the path (`2021/**`, `预算/*.docx`).
 * Inside a zip archive the entry's name counts (`archive.zip!/inner/a.docx` is matched as `inner/a.docx`
 * and as `archive.zip`).
 */
import { sha256 } from '../extractors/index.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../loaders/warehouse/schema.ts';
import { SourceLookup } from './known.ts';
import { expandArchive, isArchive, readSource } from './walk.ts';

/** A glob as a regular expression over a path with `/` separators. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '{') {
      const end = glob.indexOf('}', i + 1);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${glob.slice(i + 1, end).split(',').map((alt) => globToRegExp(alt).source.slice(1, -1)).join('|')})`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'u');
}

/** A test for one pattern: against the file name, or (with `/`) against any tail of the path. */
function matcher(glob: string): (path: string) => boolean {
  const re = globToRegExp(glob.replace(/^\.\//, ''));
  if (!glob.includes('/')) return (path) => re.test(path.split('/').pop() ?? path);
  return (path) => {
    const parts = path.split('/');
    for (let k = 0; k < parts.length; k++) if (re.test(parts.slice(k).join('/'))) return true;
    return false;
  };
}

/**
 * A file filter from --include and --exclude patterns: a file is taken when it matches some include (or
 * none is given) and no exclude. Paths are compared with `/` separators.
 */
export function fileFilter(include: readonly string[], exclude: readonly string[]): (path: string) => boolean {
  const inc = include.map(matcher);
  const exc = exclude.map(matcher);
  return (raw) => {
    const path = raw.replace(/\\/g, '/');
    // An archive entry is judged by its own name inside the archive, and by the archive's path.
    const views = path.includes('!/') ? [path.split('!/').pop()!, path.split('!/')[0]!] : [path];
    if (inc.length > 0 && !views.some((p) => inc.some((m) => m(p)))) return false;
    return !views.some((p) => exc.some((m) => m(p)));
  };
}

/** What an ingest would do with one source. */
export interface PlannedSource {
  readonly path: string;
  readonly sha256: string | null;
  /** new: not in the warehouse; unchanged: loaded before; quarantined: failed before (skipped unless --retry-failed); unreadable. */
  readonly action: 'new' | 'unchanged' | 'quarantined' | 'unreadable';
  readonly reason?: string;
}

/** The sources under `files` (archives opened) and what an ingest would do with each; loads nothing. */
export async function planIngest(db: Kysely<Database>, files: readonly string[], keep: (path: string) => boolean): Promise<PlannedSource[]> {
  const lookup = new SourceLookup(db);
  const out: PlannedSource[] = [];
  const classify = async (path: string, bytes: Uint8Array) => {
    const sha = sha256(bytes);
    const known = await lookup.get(sha);
    const action = known?.status === 'loaded' ? 'unchanged' : known?.status === 'quarantined' ? 'quarantined' : 'new';
    out.push({ path, sha256: sha, action });
  };
  for (const path of files) {
    try {
      const bytes = await readSource(path);
      if (!isArchive(bytes)) {
        await classify(path, bytes);
        continue;
      }
      for (const entry of expandArchive({ path, bytes })) if (keep(entry.path)) await classify(entry.path, entry.bytes);
    } catch (e) {
      out.push({ path, sha256: null, action: 'unreadable', reason: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}
