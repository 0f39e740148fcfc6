import { describe, expect, it } from 'vitest';
import { expandGrid } from '../../extractors/model.ts';
import { mayHoldTable } from '../../extractors/pdf/index.ts';
import { readRulings } from '../../extractors/pdf/rulings.ts';
import type { Matrix, PdfShape, Segment } from '../../extractors/pdf/rulings.ts';
import { viewportOf } from '../../extractors/pdf/rulings.ts';
import { joinCharacters } from '../../extractors/pdf/runs.ts';
import type { PdfChar } from '../../extractors/pdf/runs.ts';
import { findTables, mergeSegments } from '../../extractors/pdf/tables.ts';
import { buildLines, linesToBlocks, openEnds, placeItem } from '../../extractors/pdf/text.ts';
import type { PdfItem } from '../../extractors/pdf/text.ts';

/** A portrait A4 page: PDF space (y up) to viewport space (y down). */
const VIEWPORT: Matrix = [1, 0, 0, -1, 0, 842];
const PAGE = { x0: 0, y0: 0, x1: 595, y1: 842 };

const item = (text: string, x0: number, x1: number, top: number, size = 10): PdfItem => ({
  text,
  x0,
  x1,
  top,
  bottom: top + size,
  size,
  upright: true,
});
const h = (at: number, a: number, b: number): Segment => ({ dir: 'h', at, a, b });
const v = (at: number, a: number, b: number): Segment => ({ dir: 'v', at, a, b });

const rect = (x: number, y: number, w: number, hh: number): [number, number][] => [
  [x, y],
  [x + w, y],
  [x + w, y + hh],
  [x, y + hh],
  [x, y],
];

describe('ruling lines from the drawn paths', () => {
  it('places stroked paths through the viewport and turns thin filled rectangles into rules', () => {
    const shapes: PdfShape[] = [
      { paint: 'stroke', polylines: [[[100, 800], [300, 800]]] },
      // A 0.5pt-high filled bar is a horizontal rule; a 50pt square is shading.
      { paint: 'fill', polylines: [rect(100, 700, 200, 0.5)] },
      { paint: 'fill', polylines: [rect(10, 10, 50, 50)] },
    ];
    const { segments } = readRulings(shapes, VIEWPORT, PAGE);
    expect(segments).toHaveLength(2);
    expect(segments[0]).toEqual({ dir: 'h', at: 42, a: 100, b: 300 });
    expect(segments[1]!.dir).toBe('h');
    expect(segments[1]!.at).toBeCloseTo(141.75, 1);
  });

  it('keeps rectangular clip paths smaller than the page as cell boxes', () => {
    const shapes: PdfShape[] = [
      { paint: 'clip', polylines: [rect(0, 0, 595, 842)] },
      { paint: 'clip', polylines: [rect(50, 800, 100, 20)] },
    ];
    const { clips, segments } = readRulings(shapes, VIEWPORT, PAGE);
    expect(segments).toEqual([]);
    expect(clips).toEqual([{ x0: 50, y0: 22, x1: 150, y1: 42 }]);
  });
});

describe('the page viewport', () => {
  it('turns user space upside down from the view box corner, and rotates by /Rotate clockwise', () => {
    const view = [10, 20, 610, 820] as const;
    const at = (m: Matrix, x: number, y: number) => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
    const upright = viewportOf(view, 0);
    expect([upright.width, upright.height]).toEqual([600, 800]);
    // The view box's top-left corner is the viewport's origin.
    expect(at(upright.transform, 10, 820)).toEqual([0, 0]);
    for (const rotate of [90, 180, 270]) {
      const { transform, width, height } = viewportOf(view, rotate);
      const corners = [at(transform, 10, 20), at(transform, 610, 20), at(transform, 10, 820), at(transform, 610, 820)];
      // Every corner of the view box lands on a corner of the rotated viewport.
      for (const [x, y] of corners) {
        expect([0, width]).toContain(x! + 0);
        expect([0, height]).toContain(y! + 0);
      }
      expect(rotate === 180 ? [width, height] : [height, width]).toEqual([600, 800]);
    }
    // /Rotate 90: the view box's bottom-left corner is shown top-left.
    expect(at(viewportOf(view, 90).transform, 10, 20)).toEqual([0, 0]);
  });
});

describe('characters into runs', () => {
  const ch = (text: string, x: number, object = 1, y = 100, size = 10): PdfChar => ({ text, x, y, width: size, object, frame: [size, 0, 0, size, 0, 0] });

  it('joins the characters of one text object, keeping a visible gap as a space and splitting at a wide one', () => {
    const runs = joinCharacters([ch('收', 0), ch('入', 10), ch('合', 22), ch('计', 32), ch('5', 60), ch('0', 70)]);
    expect(runs.map((r) => r.text)).toEqual(['收入 合计', '50']);
    expect(runs[0]!.width).toBe(42);
    expect(runs[1]!.transform[4]).toBe(60);
  });

  it('starts a new run at another text object unless it continues without a gap', () => {
    const runs = joinCharacters([ch('1', 0, 1), ch('2', 10, 2), ch('一', 22, 3), ch('、', 32, 3)]);
    expect(runs.map((r) => r.text)).toEqual(['12', '一、']);
  });

  it('starts a new run on another baseline, font size or direction', () => {
    const vertical: PdfChar = { text: '合', x: 20, y: 100, width: 10, object: 1, frame: [0, 10, -10, 0, 0, 0] };
    const runs = joinCharacters([ch('甲', 0), ch('乙', 10, 1, 120), ch('丙', 20, 1, 120, 12), vertical]);
    expect(runs.map((r) => r.text)).toEqual(['甲', '乙', '丙', '合']);
  });
});

describe('tables from rulings', () => {
  it('merges collinear pieces of one rule', () => {
    expect(mergeSegments([h(10, 0, 50), h(10.5, 51, 100), h(30, 0, 100)])).toEqual([h(10.25, 0, 100), h(30, 0, 100)]);
  });

  it('spans a cell over the grid boxes that no rule separates, and joins wrapped text with a line break', () => {
    // Two columns, three rows; the top row has no rule between its two boxes (a header spanning both).
    const rules = [h(0, 0, 200), h(20, 0, 200), h(40, 0, 200), h(70, 0, 200), v(0, 0, 70), v(200, 0, 70), v(100, 20, 70)];
    const items = [
      item('收入', 80, 120, 5),
      item('项目', 10, 30, 25),
      item('决算数', 110, 140, 25),
      item('一般公共预算', 10, 70, 42),
      item('财政拨款', 10, 50, 55),
      item('307.82', 110, 140, 48),
    ];
    const [table] = findTables(rules, items);
    expect(table).toBeDefined();
    expect(table!.cells[0]).toEqual({ row: 0, col: 0, rowSpan: 1, colSpan: 2, text: '收入' });
    expect(expandGrid(table!.cells).rows).toEqual([
      ['收入', '收入'],
      ['项目', '决算数'],
      ['一般公共预算\n财政拨款', '307.82'],
    ]);
    expect(table!.items.size).toBe(items.length);
  });

  it('splits a run of text that crosses a column rule between the two cells', () => {
    const rules = [h(0, 0, 200), h(20, 0, 200), v(0, 0, 20), v(30, 0, 20), v(200, 0, 20)];
    // "201 一般公共服务支出" reported as one run from x=10, 5pt per unit: 3 digits and a space (1 unit
    // each) end at x=30, where the rule is; the 8 CJK characters (2 units each) follow.
    const [table] = findTables(rules, [item('201 一般公共服务支出', 10, 10 + 20 * 5, 5)]);
    expect(expandGrid(table!.cells).rows).toEqual([['201', '一般公共服务支出']]);
  });

  it('finds no table in a lone frame around a paragraph', () => {
    const rules = [h(0, 0, 200), h(50, 0, 200), v(0, 0, 50), v(200, 0, 50)];
    expect(findTables(rules, [item('注：本表无数据。', 10, 100, 10)])).toEqual([]);
  });
});

describe('text layout', () => {
  it('places text of a page rotated by 90° upright in viewport space', () => {
    // A landscape page stored portrait with /Rotate 90: viewport transform [0,1,1,0,0,0].
    const rotated: Matrix = [0, 1, 1, 0, 0, 0];
    const placed = placeItem('合计', [0, 10, -10, 0, 300, 100], 20, rotated)!;
    expect(placed.upright).toBe(true);
    expect(placed.x0).toBeCloseTo(100, 5);
    expect(placed.x1).toBeCloseTo(120, 5);
    expect(placed.bottom).toBeGreaterThan(placed.top);
  });

  it('drops whitespace-only runs and the spaces of justified CJK text', () => {
    expect(placeItem(' ', [10, 0, 0, 10, 0, 0], 4000, VIEWPORT)).toBeNull();
    expect(placeItem('行 政 事 业 单 位', [10, 0, 0, 10, 0, 0], 60, VIEWPORT)!.text).toBe('行政事业单位');
    expect(placeItem('2024 年度', [10, 0, 0, 10, 0, 0], 40, VIEWPORT)!.text).toBe('2024 年度');
  });

  it('joins the lines of a paragraph and starts a new one at an indent or a numbered heading', () => {
    const lines = buildLines([
      item('一、收入支出决算总体情况说明', 50, 250, 100),
      item('2024年度收入总计307.82万元。与上年相比，收入增', 70, 500, 120),
      item('加10.5万元。', 50, 120, 135),
      item('二、收入决算情况说明', 50, 200, 160),
    ]);
    const blocks = linesToBlocks(lines, { bodySize: 10, left: 50, right: 500 }, 3);
    expect(blocks).toEqual([
      { type: 'heading', level: 2, numbering: '一、', text: '一、收入支出决算总体情况说明', page: 3 },
      { type: 'paragraph', text: '2024年度收入总计307.82万元。与上年相比，收入增加10.5万元。', page: 3 },
      { type: 'heading', level: 2, numbering: '二、', text: '二、收入决算情况说明', page: 3 },
    ]);
  });

  it('joins a line that ends short because the next line starts with a number and its % or a bracketed group', () => {
    const flow = { bodySize: 10, left: 50, right: 500 };
    const lines = buildLines([
      // 100%； cannot be broken and is about 28pt wide: it did not fit in the 30pt left at the line end.
      item('其中：一般公共预算财政拨款收入219.59万元，占', 50, 470, 100),
      item('100%；政府性基金预算财政拨款收入0万元。', 50, 300, 115),
      item('1.社会保障和就业（类）机关事业单位基本养老保险缴费支出', 50, 475, 140),
      item('（项）:支出决算为13.17万元。', 50, 200, 155),
      // A short last line followed by text that would have fitted is the end of the paragraph.
      item('公务用车运行维护费支出0.8万元，主要用于公务用车燃料费、维修费', 50, 470, 180),
      item('等支出。', 50, 90, 195),
      item('其中：公务用车购置支出0万元。', 50, 200, 220),
    ]);
    expect(linesToBlocks(lines, flow, 1).map((b) => (b.type === 'paragraph' ? b.text : b.type))).toEqual([
      '其中：一般公共预算财政拨款收入219.59万元，占 100%；政府性基金预算财政拨款收入0万元。',
      '1.社会保障和就业（类）机关事业单位基本养老保险缴费支出（项）:支出决算为13.17万元。',
      '公务用车运行维护费支出0.8万元，主要用于公务用车燃料费、维修费',
      '等支出。',
      '其中：公务用车购置支出0万元。',
    ]);
  });

  it('reads the numbering of a part heading whose Arabic number the text layer spaces off (第 3 部分)', () => {
    const lines = buildLines([item('第 3 部分 名词解释', 50, 200, 100, 16), item('1.财政拨款收入：指单位从同级财政部门取得的财政预算资金。', 50, 400, 130)]);
    expect(linesToBlocks(lines, { bodySize: 10, left: 50, right: 500 }, 9)[0]).toEqual({
      type: 'heading',
      level: 1,
      numbering: '第3部分',
      text: '第 3 部分 名词解释',
      page: 9,
    });
  });

  it('tells whether a page ends inside a paragraph and whether the next one starts inside it', () => {
    const flow = { bodySize: 10, left: 50, right: 500 };
    const end = buildLines([item('二、收入情况', 50, 120, 700), item('本年收入合计307.82万元，比上年增加10万元，主要原因是人员', 50, 500, 720)]);
    expect(openEnds(end, flow)).toEqual({ start: false, end: true });
    const next = buildLines([item('增加。', 50, 80, 60), item('三、支出情况', 50, 120, 80)]);
    expect(openEnds(next, flow)).toEqual({ start: true, end: false });
  });

  it('reads the drawn paths only on pages whose lines have cells side by side', () => {
    const prose = [item('本部门2024年度收入总计307.82万元。', 50, 400, 100), item('主要原因是人员增加。', 50, 200, 115)];
    expect(mayHoldTable(prose)).toBe(false);
    const grid = [item('项目', 50, 70, 100), item('决算数', 300, 330, 100), item('合计', 50, 70, 120), item('307.82', 300, 330, 120)];
    expect(mayHoldTable(grid)).toBe(true);
  });
});
