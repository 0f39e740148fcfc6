/**
 * The PDF engine: PDFium (the PDF library of Chromium) compiled to WebAssembly, as published in
 * @embedpdf/pdfium (MIT; PDFium itself is BSD-3-Clause/Apache-2.0). This file is the only one that talks
 * to it: it opens a document and hands out, per page, what the layout code needs in PDF user space:
 * the text runs (runs.ts: characters from PDFium's text page, joined) and the drawn paths (stroked,
 * filled, or clipping), with form XObjects expanded. Everything else in extractors/pdf is pure.
 *
 * The module's raw exports are called directly (numbers in, numbers out) rather than through its string
 * wrappers: a real report calls them some 50,000 times.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Matrix, PdfShape } from './rulings.ts';
import { apply, multiply } from './rulings.ts';
import { joinCharacters } from './runs.ts';
import type { PdfChar, PdfRun } from './runs.ts';

export interface PdfPageData {
  /** The visible page box in user space (crop box within media box) and its /Rotate in degrees. */
  readonly view: readonly [number, number, number, number];
  readonly rotate: number;
  readonly runs: readonly PdfRun[];
  /** The page's paths and clip paths (read on demand: only pages that may hold a table need them). */
  shapes(): PdfShape[];
  /** Releases the page's PDFium objects. */
  close(): void;
}

export interface PdfDocumentData {
  readonly pages: number;
  /** Opens page `index` (0-based) and reads its text; close it before the next. */
  page(index: number): PdfPageData;
  close(): void;
}

/** Why a document did not open (FPDF_GetLastError). */
export class PdfOpenError extends Error {
  constructor(readonly reason: 'password' | 'format' | 'security' | 'unknown') {
    super(OPEN_ERRORS[reason]);
  }
}

const OPEN_ERRORS = {
  password: 'the PDF is password-protected',
  format: 'not a PDF, or its structure is damaged beyond repair',
  security: 'the PDF uses an unsupported security handler',
  unknown: 'PDFium could not open it',
} as const;

/** The PDFium functions used here, as the WebAssembly module exports them (pointers are numbers). */
interface Pdfium {
  readonly memory: { readonly buffer: ArrayBuffer };
  malloc(size: number): number;
  free(ptr: number): void;
  PDFiumExt_Init(): void;
  FPDF_LoadMemDocument(data: number, size: number, password: number): number;
  FPDF_GetLastError(): number;
  FPDF_CloseDocument(doc: number): void;
  FPDF_GetPageCount(doc: number): number;
  FPDF_LoadPage(doc: number, index: number): number;
  FPDF_ClosePage(page: number): void;
  FPDF_GetPageBoundingBox(page: number, rect: number): number;
  FPDFPage_GetRotation(page: number): number;
  FPDFPage_CountObjects(page: number): number;
  FPDFPage_GetObject(page: number, index: number): number;
  FPDFText_LoadPage(page: number): number;
  FPDFText_ClosePage(textPage: number): void;
  FPDFText_CountChars(textPage: number): number;
  FPDFText_GetUnicode(textPage: number, index: number): number;
  FPDFText_IsGenerated(textPage: number, index: number): number;
  FPDFText_GetTextObject(textPage: number, index: number): number;
  FPDFText_GetMatrix(textPage: number, index: number, matrix: number): number;
  FPDFText_GetFontSize(textPage: number, index: number): number;
  FPDFText_GetCharOrigin(textPage: number, index: number, x: number, y: number): number;
  FPDFText_GetLooseCharBox(textPage: number, index: number, rect: number): number;
  FPDFPageObj_GetType(obj: number): number;
  FPDFPageObj_GetMatrix(obj: number, matrix: number): number;
  FPDFPageObj_GetClipPath(obj: number): number;
  FPDFFormObj_CountObjects(form: number): number;
  FPDFFormObj_GetObject(form: number, index: number): number;
  FPDFPath_CountSegments(path: number): number;
  FPDFPath_GetPathSegment(path: number, index: number): number;
  FPDFPath_GetDrawMode(path: number, fillMode: number, stroke: number): number;
  FPDFPathSegment_GetPoint(segment: number, x: number, y: number): number;
  FPDFPathSegment_GetType(segment: number): number;
  FPDFPathSegment_GetClose(segment: number): number;
  FPDFClipPath_CountPaths(clip: number): number;
  FPDFClipPath_CountPathSegments(clip: number, path: number): number;
  FPDFClipPath_GetPathSegment(clip: number, path: number, index: number): number;
}

const OBJ_PATH = 2;
const OBJ_FORM = 5;
const SEG_LINETO = 0;
const SEG_BEZIERTO = 1;
const SEG_MOVETO = 2;

/** Cache: the PDFium module of this thread, instantiated on the first PDF (most runs never see one). */
let engine: Promise<Engine> | null = null;

/**
 * A module whose memory grew past this is retired after its document: WebAssembly memory never shrinks,
 * and one huge PDF would otherwise keep the thread's RSS at its peak for the rest of the run.
 */
const RETIRE_BYTES = 256 * 1024 * 1024;

function loadPdfium(): Promise<Engine> {
  engine ??= (async () => {
    const { init } = await import('@embedpdf/pdfium');
    const require = createRequire(import.meta.url);
    const wasmBinary = readFileSync(require.resolve('@embedpdf/pdfium/pdfium.wasm'));
    const wrapped = await init({ wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) });
    const raw = wrapped.pdfium.wasmExports as unknown as Pdfium;
    raw.PDFiumExt_Init();
    return new Engine(raw);
  })();
  return engine;
}

/** A trap or abort inside the WebAssembly module (WebAssembly.RuntimeError), as opposed to our own errors. */
export function isEngineFailure(e: unknown): e is Error {
  return e instanceof Error && e.name === 'RuntimeError';
}

/**
 * Opens a PDF, hands it to `use`, and closes it. A failure inside the WebAssembly module (an abort, memory
 * exhausted) leaves that instance unusable, so it is dropped and the next PDF gets a fresh one.
 */
export async function withPdf<T>(bytes: Uint8Array, use: (pdf: PdfDocumentData) => T): Promise<T> {
  const current = await loadPdfium();
  try {
    const pdf = current.open(bytes);
    try {
      return use(pdf);
    } finally {
      if (!closed(pdf)) engine = null;
    }
  } catch (e) {
    if (isEngineFailure(e)) engine = null;
    throw e;
  } finally {
    if (current.memoryBytes() > RETIRE_BYTES) engine = null;
  }
}

/** Closes a document; false when the module traps doing so (a module that trapped before cannot close it). */
function closed(pdf: PdfDocumentData): boolean {
  try {
    pdf.close();
    return true;
  } catch (e) {
    if (isEngineFailure(e)) return false;
    throw e;
  }
}

function samePolylines(a: readonly (readonly [number, number])[][], b: readonly (readonly [number, number])[][]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!;
    const q = b[i]!;
    if (p.length !== q.length) return false;
    for (let j = 0; j < p.length; j++) {
      if (Math.abs(p[j]![0] - q[j]![0]) > 0.005 || Math.abs(p[j]![1] - q[j]![1]) > 0.005) return false;
    }
  }
  return true;
}

/** One PDFium instance with a scratch area for out-parameters. */
class Engine {
  /** 32 bytes of out-parameters (a matrix is 6 floats, an origin two doubles). */
  private readonly scratch: number;
  private f32 = new Float32Array(0);
  private f64 = new Float64Array(0);
  private i32 = new Int32Array(0);

  constructor(private readonly p: Pdfium) {
    this.scratch = p.malloc(32);
  }

  /** The size of the module's memory (it grows with the largest document read, and never shrinks). */
  memoryBytes(): number {
    return this.p.memory.buffer.byteLength;
  }

  /** Opens a document from bytes (copied into the module's memory, freed on close). */
  open(bytes: Uint8Array): PdfDocumentData {
    const p = this.p;
    const data = p.malloc(bytes.length);
    if (!data) throw new PdfOpenError('unknown');
    new Uint8Array(p.memory.buffer, data, bytes.length).set(bytes);
    const doc = p.FPDF_LoadMemDocument(data, bytes.length, 0);
    if (!doc) {
      const code = p.FPDF_GetLastError();
      p.free(data);
      throw new PdfOpenError(code === 4 ? 'password' : code === 3 ? 'format' : code === 5 ? 'security' : 'unknown');
    }
    let open = true;
    return {
      pages: p.FPDF_GetPageCount(doc),
      page: (index) => this.readPage(doc, index),
      close: () => {
        if (!open) return;
        open = false;
        p.FPDF_CloseDocument(doc);
        p.free(data);
      },
    };
  }

  private readPage(doc: number, index: number): PdfPageData {
    const p = this.p;
    const page = p.FPDF_LoadPage(doc, index);
    if (!page) return { view: [0, 0, 0, 0], rotate: 0, runs: [], shapes: () => [], close: () => undefined };
    const textPage = p.FPDFText_LoadPage(page);
    const close = (): void => {
      if (textPage) p.FPDFText_ClosePage(textPage);
      p.FPDF_ClosePage(page);
    };
    try {
      p.FPDF_GetPageBoundingBox(page, this.scratch);
      // FS_RECTF: left, top, right, bottom.
      const [left, top, right, bottom] = this.quad(this.scratch);
      const view = [Math.min(left, right), Math.min(top, bottom), Math.max(left, right), Math.max(top, bottom)] as const;
      const rotate = (p.FPDFPage_GetRotation(page) & 3) * 90;
      const runs = textPage ? joinCharacters(this.charactersOf(textPage)) : [];
      return { view, rotate, runs, shapes: () => this.shapesOf(this.objectsOf(page)), close };
    } catch (e) {
      close();
      throw e;
    }
  }

  /** Every object of the page with form XObjects expanded, each with the matrix of the forms around it. */
  private objectsOf(page: number): { obj: number; outer: Matrix | null }[] {
    const p = this.p;
    const out: { obj: number; outer: Matrix | null }[] = [];
    const visit = (obj: number, outer: Matrix | null, depth: number): void => {
      if (p.FPDFPageObj_GetType(obj) !== OBJ_FORM) {
        out.push({ obj, outer });
        return;
      }
      if (depth > 12) return;
      const own = this.matrixOf(obj);
      const inner = outer ? multiply(own, outer) : own;
      const n = p.FPDFFormObj_CountObjects(obj);
      for (let i = 0; i < n; i++) visit(p.FPDFFormObj_GetObject(obj, i), inner, depth + 1);
    };
    const n = p.FPDFPage_CountObjects(page);
    for (let i = 0; i < n; i++) visit(p.FPDFPage_GetObject(page, i), null, 0);
    return out;
  }

  /**
   * The characters of the page's text layer in drawing order, each placed in user space: its origin,
   * its object's matrix scaled by the font size, and its advance (from its loose box, which spans the
   * glyph's advance width). The spaces and line breaks PDFium adds for its own reading order are left out.
   */
  private charactersOf(textPage: number): PdfChar[] {
    const p = this.p;
    const s = this.scratch;
    const out: PdfChar[] = [];
    let object = -1;
    let frame: Matrix = [1, 0, 0, 1, 0, 0];
    let ux = 1;
    let uy = 0;
    const count = p.FPDFText_CountChars(textPage);
    for (let i = 0; i < count; i++) {
      if (p.FPDFText_IsGenerated(textPage, i)) continue;
      const code = p.FPDFText_GetUnicode(textPage, i);
      if (code === 0 || code > 0x10ffff) continue;
      const obj = p.FPDFText_GetTextObject(textPage, i);
      if (obj !== object) {
        object = obj;
        const size = p.FPDFText_GetFontSize(textPage, i) || 1;
        const [a, b, c, d] = p.FPDFText_GetMatrix(textPage, i, s) ? this.quad(s) : [1, 0, 0, 1];
        frame = [a * size, b * size, c * size, d * size, 0, 0];
        const length = Math.hypot(frame[0], frame[1]) || 1;
        ux = frame[0] / length;
        uy = frame[1] / length;
      }
      p.FPDFText_GetCharOrigin(textPage, i, s, s + 8);
      const f64 = this.heap64();
      const x = f64[s >> 3]!;
      const y = f64[(s >> 3) + 1]!;
      p.FPDFText_GetLooseCharBox(textPage, i, s);
      // FS_RECTF: left, top, right, bottom.
      const [l, t, r, b] = this.quad(s);
      const width = Math.max(0, (l - x) * ux + (t - y) * uy, (r - x) * ux + (t - y) * uy, (l - x) * ux + (b - y) * uy, (r - x) * ux + (b - y) * uy);
      out.push({ text: String.fromCodePoint(code), x, y, width, object, frame });
    }
    return out;
  }

  /** The page's stroked and filled paths and every distinct clip path, in user space. */
  private shapesOf(objects: readonly { obj: number; outer: Matrix | null }[]): PdfShape[] {
    const p = this.p;
    const shapes: PdfShape[] = [];
    // Every object carries its own copy of the clip in force: a generator that clips each cell repeats one
    // box for every character of the cell. Each distinct clip path is kept once.
    const clips = new Set<string>();
    const previous: [number, number][][][] = [];
    for (const { obj, outer } of objects) {
      const type = p.FPDFPageObj_GetType(obj);
      const clip = p.FPDFPageObj_GetClipPath(obj);
      const count = clip ? p.FPDFClipPath_CountPaths(clip) : 0;
      for (let k = 0; k < count; k++) {
        const polylines = this.polylines(p.FPDFClipPath_CountPathSegments(clip, k), (i) => p.FPDFClipPath_GetPathSegment(clip, k, i), outer);
        // Most repeats follow each other (the characters of one cell): compared as numbers before any key is made.
        if (polylines.length === 0 || samePolylines(polylines, previous[k] ?? [])) continue;
        previous[k] = polylines;
        const key = polylines.map((line) => line.map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).join(' ')).join('|');
        if (clips.has(key)) continue;
        clips.add(key);
        shapes.push({ paint: 'clip', polylines });
      }
      if (type !== OBJ_PATH) continue;
      const s = this.scratch;
      p.FPDFPath_GetDrawMode(obj, s, s + 4);
      const i32 = this.heap32();
      const fillMode = i32[s >> 2];
      const stroke = i32[(s >> 2) + 1];
      if (!fillMode && !stroke) continue;
      const own = this.matrixOf(obj);
      const m = outer ? multiply(own, outer) : own;
      const polylines = this.polylines(p.FPDFPath_CountSegments(obj), (i) => p.FPDFPath_GetPathSegment(obj, i), m);
      if (polylines.length) shapes.push({ paint: stroke ? 'stroke' : 'fill', polylines });
    }
    return shapes;
  }

  /** Subpaths of a path as point lists, through `m` when given; a Bézier curve keeps its end point. */
  private polylines(count: number, segment: (i: number) => number, m: Matrix | null): [number, number][][] {
    const p = this.p;
    const out: [number, number][][] = [];
    let current: [number, number][] = [];
    let bezier = 0;
    const s = this.scratch;
    for (let i = 0; i < count; i++) {
      const seg = segment(i);
      const type = p.FPDFPathSegment_GetType(seg);
      p.FPDFPathSegment_GetPoint(seg, s, s + 4);
      const f32 = this.heapF32();
      const x = f32[s >> 2]!;
      const y = f32[(s >> 2) + 1]!;
      const point: [number, number] = m ? apply(m, x, y) : [x, y];
      if (type === SEG_MOVETO) {
        if (current.length > 1) out.push(current);
        current = [point];
        bezier = 0;
      } else if (type === SEG_LINETO) {
        current.push(point);
      } else if (type === SEG_BEZIERTO) {
        // Three points per curve: two control points, then the end point.
        if (++bezier % 3 === 0) current.push(point);
      }
      if (p.FPDFPathSegment_GetClose(seg) && current.length > 1) {
        const [x0, y0] = current[0]!;
        const [xn, yn] = current[current.length - 1]!;
        if (x0 !== xn || y0 !== yn) current.push(current[0]!);
      }
    }
    if (current.length > 1) out.push(current);
    return out;
  }

  private matrixOf(obj: number): Matrix {
    if (!this.p.FPDFPageObj_GetMatrix(obj, this.scratch)) return [1, 0, 0, 1, 0, 0];
    const f32 = this.heapF32();
    const k = this.scratch >> 2;
    return [f32[k]!, f32[k + 1]!, f32[k + 2]!, f32[k + 3]!, f32[k + 4]!, f32[k + 5]!];
  }

  // Views on the module's memory, renewed when it grows.
  private heapF32(): Float32Array {
    if (this.f32.buffer !== this.p.memory.buffer) this.f32 = new Float32Array(this.p.memory.buffer);
    return this.f32;
  }

  private heap64(): Float64Array {
    if (this.f64.buffer !== this.p.memory.buffer) this.f64 = new Float64Array(this.p.memory.buffer);
    return this.f64;
  }

  private heap32(): Int32Array {
    if (this.i32.buffer !== this.p.memory.buffer) this.i32 = new Int32Array(this.p.memory.buffer);
    return this.i32;
  }

  /** Four floats at `ptr` (a rectangle, or a matrix's linear part). */
  private quad(ptr: number): [number, number, number, number] {
    const f32 = this.heapF32();
    const k = ptr >> 2;
    return [f32[k]!, f32[k + 1]!, f32[k + 2]!, f32[k + 3]!];
  }
}
