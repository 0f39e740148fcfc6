/**
 * Ruling lines of a PDF page, read from pdfjs's operator list: stroked path pieces, thin filled
 * rectangles (many generators draw table borders as 0.5pt-wide filled bars) and rectangular clip paths
 * (some generators clip every non-empty cell to its box). Pure: it takes the operator list and the page's
 * viewport transform and returns axis-aligned segments in viewport space (points, y growing downwards).
 */

/** A 2D affine matrix [a, b, c, d, e, f] as in PDF. */
export type Matrix = readonly [number, number, number, number, number, number];

/** Horizontal (`y` fixed, from `a` to `b` along x) or vertical (`x` fixed, from `a` to `b` along y). */
export interface Segment {
  readonly dir: 'h' | 'v';
  /** The fixed coordinate. */
  readonly at: number;
  /** Start and end along the other axis, a < b. */
  readonly a: number;
  readonly b: number;
}

/** An axis-aligned box in viewport space. */
export interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** The pdfjs OPS codes this reader needs (passed in so that this module has no pdfjs import). */
export interface OpCodes {
  readonly save: number;
  readonly restore: number;
  readonly transform: number;
  readonly constructPath: number;
  readonly paintFormXObjectBegin: number;
  readonly paintFormXObjectEnd: number;
  readonly clip: number;
  readonly eoClip: number;
  readonly stroke: number;
  readonly closeStroke: number;
  readonly fill: number;
  readonly eoFill: number;
  readonly fillStroke: number;
  readonly eoFillStroke: number;
  readonly closeFillStroke: number;
  readonly closeEOFillStroke: number;
  readonly endPath: number;
}

export interface Rulings {
  readonly segments: Segment[];
  /** Rectangular clip boxes smaller than the page: cell boxes where a generator clips cell text. */
  readonly clips: Box[];
}

/** pdfjs DrawOPS inside a constructPath buffer. */
const MOVE = 0;
const LINE = 1;
const CURVE = 2;
const QUAD = 3;
const CLOSE = 4;

/** A filled rectangle thinner than this (points) is a rule, not a shaded area. */
const MAX_RULE_THICKNESS = 2.5;
/** Pieces shorter than this are ticks or glyph-like marks, not table rulings. */
const MIN_SEGMENT = 2;
/** Tolerance for "axis-aligned". */
const SKEW = 0.5;

export function multiply(m: Matrix, n: Matrix): Matrix {
  // The PDF convention: applying m then n.
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** Reads the rulings of a page from its operator list (`fnArray`/`argsArray` of pdfjs). */
export function readRulings(
  fnArray: readonly number[],
  argsArray: readonly unknown[],
  ops: OpCodes,
  viewport: Matrix,
  pageBox: Box,
): Rulings {
  const segments: Segment[] = [];
  const clips: Box[] = [];
  const stack: Matrix[] = [];
  let ctm: Matrix = viewport;
  let clipPending = false;
  const pageW = pageBox.x1 - pageBox.x0;
  const pageH = pageBox.y1 - pageBox.y0;

  const addLine = (x0: number, y0: number, x1: number, y1: number): void => {
    if (Math.abs(y0 - y1) <= SKEW && Math.abs(x1 - x0) >= MIN_SEGMENT) {
      segments.push({ dir: 'h', at: (y0 + y1) / 2, a: Math.min(x0, x1), b: Math.max(x0, x1) });
    } else if (Math.abs(x0 - x1) <= SKEW && Math.abs(y1 - y0) >= MIN_SEGMENT) {
      segments.push({ dir: 'v', at: (x0 + x1) / 2, a: Math.min(y0, y1), b: Math.max(y0, y1) });
    }
  };

  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    if (fn === ops.save) {
      stack.push(ctm);
    } else if (fn === ops.restore) {
      ctm = stack.pop() ?? ctm;
    } else if (fn === ops.transform) {
      ctm = multiply(argsArray[i] as unknown as Matrix, ctm);
    } else if (fn === ops.paintFormXObjectBegin) {
      stack.push(ctm);
      const m = (argsArray[i] as [ArrayLike<number> | null])[0];
      if (m && m.length === 6) ctm = multiply(Array.from(m) as unknown as Matrix, ctm);
    } else if (fn === ops.paintFormXObjectEnd) {
      ctm = stack.pop() ?? ctm;
    } else if (fn === ops.clip || fn === ops.eoClip) {
      clipPending = true;
    } else if (fn === ops.constructPath) {
      const [paint, [buffer]] = argsArray[i] as [number, [ArrayLike<number> | null]];
      const isClip = clipPending;
      clipPending = false;
      if (!buffer) continue;
      const stroked =
        paint === ops.stroke ||
        paint === ops.closeStroke ||
        paint === ops.fillStroke ||
        paint === ops.eoFillStroke ||
        paint === ops.closeFillStroke ||
        paint === ops.closeEOFillStroke;
      const filled = paint === ops.fill || paint === ops.eoFill;
      if (!stroked && !filled && !isClip) continue;
      for (const poly of polylines(buffer, ctm)) {
        const rect = asRectangle(poly);
        if (stroked) {
          for (let k = 1; k < poly.length; k++) addLine(poly[k - 1]![0], poly[k - 1]![1], poly[k]![0], poly[k]![1]);
        } else if (rect && filled) {
          const w = rect.x1 - rect.x0;
          const h = rect.y1 - rect.y0;
          if (h <= MAX_RULE_THICKNESS && w >= MIN_SEGMENT) addLine(rect.x0, (rect.y0 + rect.y1) / 2, rect.x1, (rect.y0 + rect.y1) / 2);
          else if (w <= MAX_RULE_THICKNESS && h >= MIN_SEGMENT) addLine((rect.x0 + rect.x1) / 2, rect.y0, (rect.x0 + rect.x1) / 2, rect.y1);
        } else if (rect && isClip) {
          // A clip as large as the page is the generator's page clip, not a cell.
          const w = rect.x1 - rect.x0;
          const h = rect.y1 - rect.y0;
          if (w < pageW * 0.95 || h < pageH * 0.95) clips.push(rect);
        }
      }
    }
  }
  return { segments, clips };
}

/** Splits a constructPath buffer into polylines (curves flattened to their end points) in viewport space. */
function polylines(buffer: ArrayLike<number>, m: Matrix): [number, number][][] {
  const out: [number, number][][] = [];
  let current: [number, number][] = [];
  for (let k = 0; k < buffer.length; ) {
    const op = buffer[k++];
    if (op === MOVE) {
      if (current.length > 1) out.push(current);
      current = [apply(m, buffer[k]!, buffer[k + 1]!)];
      k += 2;
    } else if (op === LINE) {
      current.push(apply(m, buffer[k]!, buffer[k + 1]!));
      k += 2;
    } else if (op === CURVE) {
      // Curves are never table rulings; keep the end point so that the path stays connected.
      current.push(apply(m, buffer[k + 4]!, buffer[k + 5]!));
      k += 6;
    } else if (op === QUAD) {
      current.push(apply(m, buffer[k + 2]!, buffer[k + 3]!));
      k += 4;
    } else if (op === CLOSE) {
      if (current.length > 0) current.push(current[0]!);
    } else {
      break;
    }
  }
  if (current.length > 1) out.push(current);
  return out;
}

/** The box of a closed axis-aligned four-corner polyline, or null. */
function asRectangle(poly: readonly [number, number][]): Box | null {
  const pts = poly.length === 5 || (poly.length === 4 && !samePoint(poly[0]!, poly[3]!)) ? poly.slice(0, 4) : null;
  if (!pts || pts.length !== 4) return null;
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const y0 = Math.min(...ys);
  const y1 = Math.max(...ys);
  // Every corner must sit on the box's edges in both axes.
  for (const [x, y] of pts) {
    const onX = Math.abs(x - x0) <= SKEW || Math.abs(x - x1) <= SKEW;
    const onY = Math.abs(y - y0) <= SKEW || Math.abs(y - y1) <= SKEW;
    if (!onX || !onY) return null;
  }
  return { x0, y0, x1, y1 };
}

function samePoint(p: readonly [number, number], q: readonly [number, number]): boolean {
  return Math.abs(p[0] - q[0]) <= SKEW && Math.abs(p[1] - q[1]) <= SKEW;
}
