/**
 * Ruling lines of a PDF page, read from its drawn paths: stroked path pieces, thin filled rectangles (many
 * generators draw table borders as 0.5pt-wide filled bars) and rectangular clip paths (some generators
 * clip every non-empty cell to its box). Pure: it takes the paths in user space and the page's viewport
 * transform, and returns axis-aligned segments in viewport space (points, y growing downwards).
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

/** A drawn path in PDF user space: its subpaths as point lists (curves reduced to their end points). */
export interface PdfShape {
  readonly paint: 'stroke' | 'fill' | 'clip';
  readonly polylines: readonly (readonly (readonly [number, number])[])[];
}

export interface Rulings {
  readonly segments: Segment[];
  /** Rectangular clip boxes smaller than the page: cell boxes where a generator clips cell text. */
  readonly clips: Box[];
}

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

/**
 * The page's viewport at scale 1: PDF user space (y up, origin at the view box's corner, /Rotate not
 * applied) to the page as displayed (points, origin top-left, y down, rotated by /Rotate clockwise).
 */
export function viewportOf(view: readonly [number, number, number, number], rotate: number): { transform: Matrix; width: number; height: number } {
  const [x0, y0, x1, y1] = view;
  const w = x1 - x0;
  const h = y1 - y0;
  switch (((rotate % 360) + 360) % 360) {
    case 90:
      return { transform: [0, 1, 1, 0, -y0, -x0], width: h, height: w };
    case 180:
      return { transform: [-1, 0, 0, 1, x1, -y0], width: w, height: h };
    case 270:
      return { transform: [0, -1, -1, 0, y1, x1], width: h, height: w };
    default:
      return { transform: [1, 0, 0, -1, -x0, y1], width: w, height: h };
  }
}

/** The point (x, y) through m. */
export function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** Reads the rulings of a page from its paths (user space), placed through the page's viewport transform. */
export function readRulings(shapes: readonly PdfShape[], viewport: Matrix, pageBox: Box): Rulings {
  const segments: Segment[] = [];
  const clips: Box[] = [];
  const pageW = pageBox.x1 - pageBox.x0;
  const pageH = pageBox.y1 - pageBox.y0;

  const addLine = (x0: number, y0: number, x1: number, y1: number): void => {
    if (Math.abs(y0 - y1) <= SKEW && Math.abs(x1 - x0) >= MIN_SEGMENT) {
      segments.push({ dir: 'h', at: (y0 + y1) / 2, a: Math.min(x0, x1), b: Math.max(x0, x1) });
    } else if (Math.abs(x0 - x1) <= SKEW && Math.abs(y1 - y0) >= MIN_SEGMENT) {
      segments.push({ dir: 'v', at: (x0 + x1) / 2, a: Math.min(y0, y1), b: Math.max(y0, y1) });
    }
  };

  for (const shape of shapes) {
    for (const points of shape.polylines) {
      const poly = points.map(([x, y]) => apply(viewport, x, y));
      const rect = asRectangle(poly);
      if (shape.paint === 'stroke') {
        for (let k = 1; k < poly.length; k++) addLine(poly[k - 1]![0], poly[k - 1]![1], poly[k]![0], poly[k]![1]);
      } else if (rect && shape.paint === 'fill') {
        const w = rect.x1 - rect.x0;
        const h = rect.y1 - rect.y0;
        if (h <= MAX_RULE_THICKNESS && w >= MIN_SEGMENT) addLine(rect.x0, (rect.y0 + rect.y1) / 2, rect.x1, (rect.y0 + rect.y1) / 2);
        else if (w <= MAX_RULE_THICKNESS && h >= MIN_SEGMENT) addLine((rect.x0 + rect.x1) / 2, rect.y0, (rect.x0 + rect.x1) / 2, rect.y1);
      } else if (rect && shape.paint === 'clip') {
        // A clip as large as the page is the generator's page clip, not a cell.
        const w = rect.x1 - rect.x0;
        const h = rect.y1 - rect.y0;
        if (w < pageW * 0.95 || h < pageH * 0.95) clips.push(rect);
      }
    }
  }
  return { segments, clips };
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
