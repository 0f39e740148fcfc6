/**
 * Resource limits on every input (issue 20): a file over one fails alone with a `limit/*` error naming the
 * file and the limit, never the process or the batch. The defaults are far above anything a real report
 * reaches (the largest file of ../shared/corpus is 1.2 MB; real tables are a few hundred rows by at most a
 * few dozen columns; real pages nest fewer than 40 elements deep); each one can be changed through its
 * environment variable, which worker threads inherit.
 */
import { DisclosureError } from './errors.ts';

export interface Limits {
  /** Bytes of one file (or one archive entry) read at all. */
  readonly fileBytes: number;
  /** Element nesting depth of an HTML page or a DOCX's XML. */
  readonly depth: number;
  /** Rows, columns and positions of one table grid. */
  readonly gridRows: number;
  readonly gridCols: number;
  readonly gridCells: number;
  /** Milliseconds one file may spend in extraction and transforms; the worker is ended past it (0: none). */
  readonly parseMs: number;
  /** Totals over an archive and every archive inside it. */
  readonly archiveBytes: number;
  readonly archiveEntries: number;
  readonly archiveDepth: number;
}

/** Each limit's environment variable, its unit and its default (in that unit). */
export const LIMIT_SETTINGS = {
  fileBytes: { env: 'DISCLOSURE_MAX_FILE_MB', scale: 1024 * 1024, fallback: 64 },
  depth: { env: 'DISCLOSURE_MAX_DEPTH', scale: 1, fallback: 5_000 },
  gridRows: { env: 'DISCLOSURE_MAX_GRID_ROWS', scale: 1, fallback: 20_000 },
  gridCols: { env: 'DISCLOSURE_MAX_GRID_COLS', scale: 1, fallback: 1_000 },
  gridCells: { env: 'DISCLOSURE_MAX_GRID_CELLS', scale: 1, fallback: 2_000_000 },
  parseMs: { env: 'DISCLOSURE_PARSE_TIMEOUT_S', scale: 1000, fallback: 60 },
  archiveBytes: { env: 'DISCLOSURE_MAX_ARCHIVE_MB', scale: 1024 * 1024, fallback: 256 },
  archiveEntries: { env: 'DISCLOSURE_MAX_ARCHIVE_ENTRIES', scale: 1, fallback: 20_000 },
  archiveDepth: { env: 'DISCLOSURE_MAX_ARCHIVE_DEPTH', scale: 1, fallback: 2 },
} as const satisfies Record<keyof Limits, { env: string; scale: number; fallback: number }>;

/** The limits in force: the environment's values where set to a number ≥ 0, else the defaults. */
export function limits(env: NodeJS.ProcessEnv = process.env): Limits {
  const out = {} as Record<keyof Limits, number>;
  for (const [key, s] of Object.entries(LIMIT_SETTINGS) as [keyof Limits, (typeof LIMIT_SETTINGS)[keyof Limits]][]) {
    const raw = env[s.env]?.trim();
    const n = raw ? Number(raw) : NaN;
    out[key] = Math.round((Number.isFinite(n) && n >= 0 ? n : s.fallback) * s.scale);
  }
  return out;
}

/** The error of an input over a limit: skippable (the file is bad, the batch goes on). */
export function overLimit(kind: 'bytes' | 'depth' | 'grid' | 'time' | 'memory' | 'archive', file: string | undefined, message: string): DisclosureError {
  const setting = { bytes: 'DISCLOSURE_MAX_FILE_MB', depth: 'DISCLOSURE_MAX_DEPTH', grid: 'DISCLOSURE_MAX_GRID_*', time: 'DISCLOSURE_PARSE_TIMEOUT_S', memory: 'DISCLOSURE_WORKER_HEAP_MB', archive: 'DISCLOSURE_MAX_ARCHIVE_*' }[kind];
  return new DisclosureError(`limit/${kind}`, `${message} (limit set by ${setting})`, 'skippable', file);
}

/**
 * The deepest element nesting of an HTML or XML text, counted from its tags without parsing it (parsers
 * and tree walks take quadratic time or deep recursion on pathological nesting, so this runs first).
 * Void elements, self-closed tags and elements whose end tag HTML lets a page omit are not counted, so
 * that unclosed <p> and <td> do not add up; stops counting as soon as `stopAt` is passed.
 */
export function nestingDepth(text: string, stopAt = Infinity): number {
  const TAG = /<(\/?)([a-zA-Z][\w:.-]*)[^>]*?(\/?)>/g;
  let depth = 0;
  let max = 0;
  for (let m = TAG.exec(text); m; m = TAG.exec(text)) {
    const name = m[2]!.toLowerCase();
    if (m[3] === '/' || UNCOUNTED.has(name)) continue;
    if (m[1] === '/') depth = Math.max(0, depth - 1);
    else if (++depth > max) {
      max = depth;
      if (max > stopAt) return max;
    }
  }
  return max;
}

const UNCOUNTED = new Set([
  // void elements
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'param', 'keygen',
  // optional end tags
  'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'colgroup', 'option', 'optgroup', 'rb', 'rt', 'rp', 'html', 'head', 'body',
]);

/** Throws `limit/depth` when the text nests deeper than the limit. */
export function checkDepth(text: string, file: string, limit = limits().depth): void {
  const depth = nestingDepth(text, limit);
  if (depth > limit) throw overLimit('depth', file, `elements nest more than ${limit} deep; the file is not parsed`);
}
