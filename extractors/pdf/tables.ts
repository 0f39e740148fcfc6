/**
 * Tables of a PDF page rebuilt from its ruling lines: connected horizontal and vertical rules form a
 * grid; a missing rule between two grid boxes merges them (a spanned cell); the text items inside each
 * cell are laid out into lines joined by "\n". Pure functions on segments and placed items.
 */
import type { Box, Segment } from './rulings.ts';
import type { PdfItem } from './text.ts';
import { buildLines } from './text.ts';
import type { TableCell } from '../model.ts';

/** A table found on a page: its outline, its cells and the items it consumed. */
export interface PageTable {
  readonly box: Box;
  readonly cells: TableCell[];
  /** Indices (into the page's items) of the text placed in the table. */
  readonly items: ReadonlySet<number>;
}

/** Two rule positions closer than this (points) are one rule (double lines, rounding). */
const SNAP = 2;
/** Gap along a rule that still counts as one rule. */
const JOIN_GAP = 3;
/** How far a rule may miss another and still be taken as touching it. */
const TOUCH = 3;
/** Rows or columns narrower than this are artefacts of double rules. */
const MIN_TRACK = 4;

/** Merges collinear pieces: same direction, position within SNAP, ranges overlapping or nearly touching. */
export function mergeSegments(segments: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const dir of ['h', 'v'] as const) {
    const list = segments.filter((s) => s.dir === dir).sort((p, q) => p.at - q.at || p.a - q.a);
    // Cluster by position first, then merge ranges within each cluster.
    let cluster: Segment[] = [];
    const flushCluster = (): void => {
      if (cluster.length === 0) return;
      const at = cluster.reduce((s, c) => s + c.at, 0) / cluster.length;
      const ranges = cluster.map((c) => [c.a, c.b] as [number, number]).sort((p, q) => p[0] - q[0]);
      let [a, b] = ranges[0]!;
      for (const [ra, rb] of ranges.slice(1)) {
        if (ra <= b + JOIN_GAP) b = Math.max(b, rb);
        else {
          out.push({ dir, at, a, b });
          [a, b] = [ra, rb];
        }
      }
      out.push({ dir, at, a, b });
      cluster = [];
    };
    for (const s of list) {
      if (cluster.length > 0 && s.at - cluster[cluster.length - 1]!.at > SNAP) flushCluster();
      cluster.push(s);
    }
    flushCluster();
  }
  return out;
}

function touches(h: Segment, v: Segment): boolean {
  return v.at >= h.a - TOUCH && v.at <= h.b + TOUCH && h.at >= v.a - TOUCH && h.at <= v.b + TOUCH;
}

/** Groups rules into connected sets (each a candidate table). */
function connectedGroups(segments: readonly Segment[]): Segment[][] {
  const parent = segments.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const hs = segments.map((s, i) => [s, i] as const).filter(([s]) => s.dir === 'h');
  const vs = segments.map((s, i) => [s, i] as const).filter(([s]) => s.dir === 'v');
  for (const [h, i] of hs) for (const [v, j] of vs) if (touches(h, v)) parent[find(i)] = find(j);
  const groups = new Map<number, Segment[]>();
  segments.forEach((s, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), s]);
  });
  return [...groups.values()];
}

/** Distinct positions, snapped: positions within SNAP collapse to their mean. */
function snapPositions(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of sorted) {
    const last = out[out.length - 1];
    if (last && v - last[last.length - 1]! <= SNAP) last.push(v);
    else out.push([v]);
  }
  const means = out.map((g) => g.reduce((s, x) => s + x, 0) / g.length);
  // Drop tracks too thin to hold text: the rules of a double line.
  const kept: number[] = [];
  for (const m of means) if (kept.length === 0 || m - kept[kept.length - 1]! >= MIN_TRACK) kept.push(m);
  return kept;
}

/** True when some rule at `at` (± SNAP) covers `point` along its length. */
function covered(rules: readonly Segment[], at: number, point: number): boolean {
  return rules.some((r) => Math.abs(r.at - at) <= SNAP + 0.5 && r.a - TOUCH <= point && r.b + TOUCH >= point);
}

/** The index of the track [edges[k], edges[k+1]) holding `v`, or -1 outside. */
function trackOf(edges: readonly number[], v: number): number {
  if (v < edges[0]! || v > edges[edges.length - 1]!) return -1;
  for (let k = 0; k < edges.length - 1; k++) if (v <= edges[k + 1]!) return k;
  return edges.length - 2;
}

/** Width weight of a character: CJK and full-width forms are twice as wide as digits and Latin. */
function charWeight(ch: string): number {
  return /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]/.test(ch) ? 2 : 1;
}

/**
 * Splits an item that crosses column rules into one piece per column. A generator sometimes draws the text
 * of adjacent cells as one run; character positions are estimated from character widths.
 */
function splitAcross(item: PdfItem, xs: readonly number[]): PdfItem[] {
  const inner = xs.filter((x) => x > item.x0 + 1 && x < item.x1 - 1);
  if (inner.length === 0 || !item.upright) return [item];
  const chars = [...item.text];
  const weights = chars.map(charWeight);
  const total = weights.reduce((s, w) => s + w, 0);
  const unit = (item.x1 - item.x0) / total;
  const pieces: PdfItem[] = [];
  let x = item.x0;
  let text = '';
  let pieceStart = item.x0;
  let cut = 0;
  for (let k = 0; k < chars.length; k++) {
    const mid = x + (weights[k]! * unit) / 2;
    while (cut < inner.length && mid > inner[cut]!) {
      if (text.trim() !== '') pieces.push({ ...item, text: text.trim(), x0: pieceStart, x1: x });
      text = '';
      pieceStart = x;
      cut++;
    }
    text += chars[k];
    x += weights[k]! * unit;
  }
  if (text.trim() !== '') pieces.push({ ...item, text: text.trim(), x0: pieceStart, x1: item.x1 });
  return pieces.length > 0 ? pieces : [item];
}

/** Finds the ruled tables of a page and fills their cells with the page's items. */
export function findTables(segments: readonly Segment[], items: readonly PdfItem[]): PageTable[] {
  const merged = mergeSegments(segments);
  const tables: PageTable[] = [];
  for (const group of connectedGroups(merged)) {
    const hs = group.filter((s) => s.dir === 'h');
    const vs = group.filter((s) => s.dir === 'v');
    if (hs.length < 2 || vs.length < 2) continue;
    const ys = snapPositions(hs.map((s) => s.at));
    const xs = snapPositions(vs.map((s) => s.at));
    if (ys.length < 2 || xs.length < 2) continue;
    const box: Box = { x0: xs[0]!, y0: ys[0]!, x1: xs[xs.length - 1]!, y1: ys[ys.length - 1]! };
    const table = buildTable(hs, vs, xs, ys, items);
    if (table.cells.length < 2) continue;
    tables.push({ box, ...table });
  }
  return tables.sort((a, b) => a.box.y0 - b.box.y0);
}

function buildTable(
  hs: readonly Segment[],
  vs: readonly Segment[],
  xs: readonly number[],
  ys: readonly number[],
  items: readonly PdfItem[],
): { cells: TableCell[]; items: Set<number> } {
  const nr = ys.length - 1;
  const nc = xs.length - 1;
  // Union-find over grid boxes: neighbours with no rule between them belong to one cell.
  const parent = Array.from({ length: nr * nc }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let r = 0; r < nr; r++) {
    const ymid = (ys[r]! + ys[r + 1]!) / 2;
    for (let c = 0; c < nc; c++) {
      const xmid = (xs[c]! + xs[c + 1]!) / 2;
      if (c + 1 < nc && !covered(vs, xs[c + 1]!, ymid)) parent[find(r * nc + c)] = find(r * nc + c + 1);
      if (r + 1 < nr && !covered(hs, ys[r + 1]!, xmid)) parent[find(r * nc + c)] = find((r + 1) * nc + c);
    }
  }
  const regions = new Map<number, { r0: number; c0: number; r1: number; c1: number; parts: PdfItem[] }>();
  for (let r = 0; r < nr; r++) {
    for (let c = 0; c < nc; c++) {
      const root = find(r * nc + c);
      const reg = regions.get(root);
      if (!reg) regions.set(root, { r0: r, c0: c, r1: r, c1: c, parts: [] });
      else {
        reg.r0 = Math.min(reg.r0, r);
        reg.c0 = Math.min(reg.c0, c);
        reg.r1 = Math.max(reg.r1, r);
        reg.c1 = Math.max(reg.c1, c);
      }
    }
  }
  const used = new Set<number>();
  items.forEach((item, index) => {
    if (item.text === '') {
      // Blanked (clipped) text inside the table is consumed without being placed.
      if (trackOf(ys, (item.top + item.bottom) / 2) >= 0 && trackOf(xs, (item.x0 + item.x1) / 2) >= 0) used.add(index);
      return;
    }
    const cy = (item.top + item.bottom) / 2;
    const r = trackOf(ys, cy);
    if (r < 0) return;
    const cx = (item.x0 + item.x1) / 2;
    if (trackOf(xs, cx) < 0) return;
    used.add(index);
    for (const piece of splitAcross(item, xs)) {
      const c = trackOf(xs, (piece.x0 + piece.x1) / 2);
      if (c < 0) continue;
      regions.get(find(r * nc + c))!.parts.push(piece);
    }
  });
  const cells: TableCell[] = [...regions.values()]
    .sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0)
    .map((reg) => ({
      row: reg.r0,
      col: reg.c0,
      rowSpan: reg.r1 - reg.r0 + 1,
      colSpan: reg.c1 - reg.c0 + 1,
      text: buildLines(reg.parts)
        .map((l) => l.text)
        .join('\n'),
    }));
  return { cells, items: used };
}
