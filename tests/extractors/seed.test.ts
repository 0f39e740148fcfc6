import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractFile } from '../../extractors/index.ts';
import type { Document, TableBlock } from '../../extractors/model.ts';
import { documentText } from '../../extractors/model.ts';

const seed = (ext: string) => fileURLToPath(new URL(`../../../shared/seeds/panzhihua-szcg-2021-final.${ext}`, import.meta.url));
const FORMATS = ['docx', 'html', 'gbk.html', 'libreoffice.html'] as const;

/** Whitespace is layout (LibreOffice wraps lines at spaces), not content. */
const norm = (s: string) => s.replace(/\s+/g, '');

const headings = (d: Document) => d.blocks.flatMap((b) => (b.type === 'heading' ? [{ level: b.level, numbering: b.numbering, text: norm(b.text) }] : []));
const paragraphs = (d: Document) => d.blocks.flatMap((b) => (b.type === 'paragraph' ? [norm(b.text)] : []));
const tables = (d: Document) => d.blocks.filter((b): b is TableBlock => b.type === 'table');

describe('the seed report in its four formats', () => {
  const docs = new Map<string, Document>();
  beforeAll(async () => {
    for (const f of FORMATS) docs.set(f, await extractFile(seed(f)));
  });
  const html = () => docs.get('html')!;

  it('detects DOCX and HTML from the bytes, decoding the GBK copy as gb18030', () => {
    expect(FORMATS.map((f) => docs.get(f)!.source.format)).toEqual(['docx', 'html', 'html', 'html']);
    expect(docs.get('gbk.html')!.source.encoding).toBe('gb18030');
    expect(docs.get('html')!.source.encoding).toBe('utf-8');
    expect(docs.get('docx')!.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads the outline of the report: parts, sections and subsections with their printed numbering', () => {
    const h = headings(html());
    expect(h[0]).toEqual({ level: 1, numbering: null, text: norm('攀枝花市数字化城市联动指挥中心2021年度部门决算') });
    expect(h).toContainEqual({ level: 1, numbering: '第一部分', text: norm('第一部分 单位概况') });
    expect(h).toContainEqual({ level: 1, numbering: '第3部分', text: norm('第3部分 名词解释') });
    expect(h).toContainEqual({ level: 2, numbering: '一、', text: '一、职能简介' });
    // The seed prints "1、" where the template has "一、"; the <h3> it shares with 三、 decides its level.
    expect(h).toContainEqual({ level: 2, numbering: '1、', text: '1、收入支出决算总体情况说明' });
    expect(h).toContainEqual({ level: 3, numbering: '（一）', text: '（一）推进热线整合，实现一号受理' });
    // The appendix list of table titles is printed as numbered paragraphs: short numbered lines are headings.
    expect(h).toContainEqual({ level: 2, numbering: '十四、', text: '十四、国有资本经营预算财政拨款支出决算表' });
  });

  it('keeps numbered body text (glossary entries, numbered statements) as paragraphs', () => {
    const p = paragraphs(html());
    expect(p).toContain(norm('1.财政拨款收入：指单位从同级财政部门取得的财政预算资金。'));
    expect(p.some((t) => t.startsWith('3.住房保障支出（类）住房改革支出（款）住房公积金（项）'))).toBe(true);
  });

  it.each(FORMATS.filter((f) => f !== 'html'))('%s gives the same headings and paragraph texts as the UTF-8 HTML', (f) => {
    const doc = docs.get(f)!;
    expect(headings(doc)).toEqual(headings(html()));
    expect(paragraphs(doc)).toEqual(paragraphs(html()));
    expect(doc.blocks.map((b) => b.type)).toEqual(html().blocks.map((b) => b.type));
  });

  it.each(FORMATS)('%s gives the two performance tables, 16 rows by 7 columns after expansion', (f) => {
    const t = tables(docs.get(f)!);
    expect(t).toHaveLength(2);
    for (const table of t) {
      expect(table.rows).toHaveLength(16);
      expect(table.rows.every((r) => r.length === 7)).toBe(true);
      expect(table.title).toBe('2021年特定目标类部门预算项目绩效目标自评表');
    }
    expect(t[0]!.context).toEqual(['2021年特定目标类部门预算项目绩效目标自评表', '（市12345市民热线服务采购项目）']);
    expect(t[1]!.context[1]).toBe('（城管通运行及数据链路租赁项目）');
  });

  it.each(FORMATS.filter((f) => f !== 'html'))('%s gives the same table cells as the UTF-8 HTML', (f) => {
    const expected = tables(html()).map((t) => t.rows.map((r) => r.map(norm)));
    expect(tables(docs.get(f)!).map((t) => t.rows.map((r) => r.map(norm)))).toEqual(expected);
  });

  it('expands merged cells: a rowspan/colspan cell repeats its text over every position it covers', () => {
    const [first] = tables(html());
    const rows = first!.rows;
    // 项目预算执行情况（万元） spans 2 columns and 3 rows; its line breaks are kept as "\n".
    for (const r of [1, 2, 3]) expect(rows[r]!.slice(0, 2)).toEqual(['项目预算\n执行情况\n（万元）', '项目预算\n执行情况\n（万元）']);
    // 年度绩效指标完成情况 spans 10 rows in the first column.
    expect(rows.slice(6, 16).map((r) => r[0])).toEqual(new Array(10).fill('年度绩效指标完成情况'));
    expect(rows[15]).toEqual(['年度绩效指标完成情况', '满意度指标', '满意度指标', '全市市民满意度', '全市市民满意度', '不低于95%', '不低于95%']);
    expect(first!.grid[1]![0]).toBe(first!.grid[3]![1]);
  });

  it('gives every block its index and its span in the document text', () => {
    for (const doc of docs.values()) {
      const text = documentText(doc);
      doc.blocks.forEach((b, i) => {
        expect(b.index).toBe(i);
        if (b.type === 'heading' || b.type === 'paragraph') expect(text.slice(b.span.start, b.span.end)).toBe(b.text);
      });
    }
  });

  it('keeps images as placeholders and never inlines their bytes', () => {
    for (const doc of docs.values()) {
      expect(doc.blocks.filter((b) => b.type === 'image')).toHaveLength(6);
      expect(JSON.stringify(doc)).not.toContain('base64');
    }
  });

  it("carries mammoth's messages on the DOCX as warnings", () => {
    const messages = docs.get('docx')!.messages;
    expect(messages).toContainEqual(expect.objectContaining({ severity: 'warning', rule: 'docx/mammoth', stage: 'extract' }));
    expect(messages.find((m) => m.rule === 'docx/mammoth')!.reason).toContain('Unrecognised paragraph style');
    expect(docs.get('html')!.messages).toEqual([]);
  });
});
