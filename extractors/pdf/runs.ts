/**
 * Characters → runs of text. The PDF engine places each character (pdfium.ts); the layout code works on
 * runs, as a reader sees them: characters of one font size and direction, on one baseline, each close to
 * the previous. Within one text object, a gap wider than SPACE_MIN ems is kept as a space and a gap wider
 * than SPACE_MAX ems (a jump to the next cell or column) starts a new run; from one text object to the next,
 * any visible gap starts a new run (generators draw each cell's text with its own operation). Pure.
 */
import type { Matrix } from './rulings.ts';

/** A run of characters: text space → user space with the font size folded in, and the advance. */
export interface PdfRun {
  readonly text: string;
  /** Its matrix (a, b along the text, c, d up, e, f the origin of its first character), as in a PDF text matrix. */
  readonly transform: Matrix;
  /** Advance along the text direction, in user space units. */
  readonly width: number;
}

/**
 * A character as the engine reports it: its origin, its advance, and its text object (show-text operation)
 * with that object's matrix (linear part only, font size folded in; shared by the object's characters).
 */
export interface PdfChar {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly object: number;
  readonly frame: Matrix;
}

/** A gap wider than this share of the font size is a space (the tracking of justified text stays below it). */
const SPACE_MIN = 0.102;
/** A gap wider than this share of the font size ends the run: the next character belongs elsewhere. */
const SPACE_MAX = 0.6;
/** Characters drawn back over the run by more than this share of the font size start a new run. */
const OVERLAP_MAX = 0.5;

interface Open {
  chars: string[];
  object: number;
  readonly frame: Matrix;
  readonly transform: Matrix;
  readonly ux: number;
  readonly uy: number;
  readonly size: number;
  /** Where the run ends, along the text direction from its origin. */
  end: number;
}

/** Joins characters, in the order the content stream draws them, into runs. */
export function joinCharacters(chars: readonly PdfChar[]): PdfRun[] {
  const runs: PdfRun[] = [];
  let open: Open | null = null;
  const close = (): void => {
    if (open) runs.push({ text: open.chars.join(''), transform: open.transform, width: open.end });
    open = null;
  };
  for (const c of chars) {
    const t = c.frame;
    if (open && (t === open.frame || sameFrame(open.frame, t))) {
      const dx = c.x - open.transform[4];
      const dy = c.y - open.transform[5];
      const along = dx * open.ux + dy * open.uy;
      const across = dy * open.ux - dx * open.uy;
      const gap = along - open.end;
      // Within one text object a visible gap is a space; between two, it ends the run (the next cell).
      const widest = c.object === open.object ? SPACE_MAX : SPACE_MIN;
      if (Math.abs(across) < open.size * 0.1 && gap > -open.size * OVERLAP_MAX && gap <= open.size * widest) {
        if (gap > open.size * SPACE_MIN && open.chars.at(-1) !== ' ' && c.text !== ' ') open.chars.push(' ');
        open.chars.push(c.text);
        open.object = c.object;
        open.end = Math.max(open.end, along + c.width);
        continue;
      }
    }
    close();
    const length: number = Math.hypot(t[0], t[1]) || 1;
    open = { chars: [c.text], object: c.object, frame: t, transform: [t[0], t[1], t[2], t[3], c.x, c.y], ux: t[0] / length, uy: t[1] / length, size: Math.hypot(t[2], t[3]) || length, end: c.width };
  }
  close();
  return runs;
}

/** Same font size and direction: the linear parts of the two matrices agree. */
function sameFrame(a: Matrix, b: Matrix): boolean {
  const scale = Math.max(Math.abs(a[0]), Math.abs(a[1]), Math.abs(a[2]), Math.abs(a[3]));
  const eps = scale * 0.01;
  return Math.abs(a[0] - b[0]) <= eps && Math.abs(a[1] - b[1]) <= eps && Math.abs(a[2] - b[2]) <= eps && Math.abs(a[3] - b[3]) <= eps;
}
