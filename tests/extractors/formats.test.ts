import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { DisclosureError } from '../../core/errors.ts';
import { detectFormat } from '../../extractors/detect.ts';
import { decodeHtml } from '../../extractors/html/index.ts';
import { extractBytes, extractFile } from '../../extractors/index.ts';
import type { Document, TableBlock } from '../../extractors/model.ts';
import { corruptZip, docxWithTable, oleDoc, zipBomb } from '../fixtures/extract/build.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/extract/${name}`, import.meta.url));
const seed = (ext: string) => fileURLToPath(new URL(`../../../shared/seeds/panzhihua-szcg-2021-final.${ext}`, import.meta.url));
const bytesOf = (s: string) => new TextEncoder().encode(s);
const texts = (d: Document) => d.blocks.flatMap((b) => (b.type === 'heading' || b.type === 'paragraph' ? [b.text] : []));
const tables = (d: Document) => d.blocks.filter((b): b is TableBlock => b.type === 'table');

/** The DisclosureError an extraction rejects with. */
async function failure(bytes: Uint8Array, path = 'input.bin'): Promise<DisclosureError> {
  try {
    await extractBytes(bytes, path);
  } catch (e) {
    return e as DisclosureError;
  }
  throw new Error('extraction did not fail');
}

describe('format detection from bytes', () => {
  it('recognises DOCX by word/document.xml inside the zip, and a zip without it as a plain zip', async () => {
    expect(detectFormat(readFileSync(seed('docx')))).toBe('docx');
    expect(detectFormat(zipSync({ 'report.html': bytesOf('<p>x</p>') }))).toBe('zip');
  });

  it('recognises HTML, MHTML, legacy OLE .doc and PDF whatever the file is called', () => {
    expect(detectFormat(readFileSync(seed('gbk.html')))).toBe('html');
    expect(detectFormat(bytesOf('\n\n<HTML><body><p>正文</p></body></HTML>'))).toBe('html');
    expect(detectFormat(bytesOf('\uFEFF<!DOCTYPE html><html></html>'))).toBe('html');
    expect(detectFormat(readFileSync(fixture('word-single-file.mhtml')))).toBe('mhtml');
    expect(detectFormat(oleDoc())).toBe('doc');
    expect(detectFormat(bytesOf('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toBe('pdf');
  });

  it('calls anything else unknown', () => {
    expect(detectFormat(bytesOf('科目编码,科目名称\n201,一般公共服务支出\n'))).toBe('unknown');
    expect(detectFormat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]))).toBe('unknown');
    expect(detectFormat(new Uint8Array())).toBe('unknown');
  });
});

describe('decoding HTML', () => {
  it('decodes a GBK page without any charset declaration as GB18030, with an info message', async () => {
    const doc = await extractFile(fixture('gbk-no-meta.html'));
    expect(doc.source.encoding).toBe('gb18030');
    expect(texts(doc)).toEqual(['一、部门基本情况', '本部门2023年收入预算合计1,234.56万元。', '单位：万元']);
    expect(doc.messages).toContainEqual(expect.objectContaining({ rule: 'html/charset-sniffed', severity: 'info' }));
    expect(tables(doc)[0]!.rows).toEqual([['项目', '金额'], ['财政拨款收入', '1,234.56']]);
  });

  it('follows <meta charset>, http-equiv Content-Type and the BOM, reading GB2312 as GB18030', () => {
    const gbBytes = readFileSync(seed('gbk.html'));
    expect(decodeHtml(gbBytes).encoding).toBe('gb18030');
    expect(decodeHtml(gbBytes).text).toContain('攀枝花市数字化城市联动指挥中心');
    const httpEquiv = bytesOf('<html><head><meta http-equiv="Content-Type" content="text/html; charset=GBK"></head><body>abc</body></html>');
    expect(decodeHtml(httpEquiv).encoding).toBe('gb18030');
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytesOf('<meta charset="gb2312"><p>预算</p>')]);
    expect(decodeHtml(bom)).toMatchObject({ encoding: 'utf-8', messages: [] });
    expect(decodeHtml(bom).text).toContain('预算');
  });

  it('reads a page whose bytes contradict its declared charset by its bytes, with a warning', () => {
    const gbk = readFileSync(fixture('gbk-no-meta.html'));
    const mislabelled = new Uint8Array([...bytesOf('<meta charset="utf-8">'), ...gbk]);
    const decoded = decodeHtml(mislabelled);
    expect(decoded.encoding).toBe('gb18030');
    expect(decoded.text).toContain('部门基本情况');
    expect(decoded.messages).toContainEqual(expect.objectContaining({ rule: 'html/charset-mismatch', severity: 'warning' }));
  });
});

describe('reading HTML variants', () => {
  it('reads the text/html part of MHTML (quoted-printable GB2312), ignoring the image part', async () => {
    const doc = await extractFile(fixture('word-single-file.mhtml'));
    expect(doc.source).toMatchObject({ format: 'mhtml', encoding: 'gb18030' });
    expect(texts(doc)).toEqual(['某某局2022年部门决算', '1、收入支出决算总体情况', '2022年度收、支总计100.00万元。']);
    expect(doc.blocks[1]).toMatchObject({ type: 'heading', level: 4, numbering: '1、' });
  });

  it('reads MHTML saved by a browser: folded headers, a base64 HTML part whose charset is in its meta tag', async () => {
    const html = Buffer.from('<html><head><meta charset="utf-8"></head><body><h2>二、收入决算情况说明</h2><p>本年收入合计219.59万元。</p></body></html>').toString('base64');
    const mhtml = [
      'From: <Saved by Blink>',
      'Snapshot-Content-Location: http://czj.example.gov.cn/art/2022/9/1/art_1.html',
      'MIME-Version: 1.0',
      'Content-Type: multipart/related;',
      '\ttype="text/html";',
      '\tboundary="----MultipartBoundary--abc----"',
      '',
      '',
      '------MultipartBoundary--abc----',
      'Content-Type: text/html',
      'Content-Transfer-Encoding: base64',
      '',
      html.replace(/(.{76})/g, '$1\r\n'),
      '------MultipartBoundary--abc------',
      '',
    ].join('\r\n');
    const doc = await extractBytes(bytesOf(mhtml), 'page.mhtml');
    expect(doc.source.format).toBe('mhtml');
    expect(texts(doc)).toEqual(['二、收入决算情况说明', '本年收入合计219.59万元。']);
  });

  it('reads Word "save as web page" markup: mso list numbers kept, <o:p> and hidden text dropped', async () => {
    const doc = await extractFile(fixture('word-save-as-web-page.html'));
    expect(texts(doc)).toEqual([
      '某某中心2022年度部门决算',
      '第一部分 单位概况',
      '一、 职能简介',
      '本中心为公益一类事业单位，主要负责城市运行管理和热线服务。',
      '收入支出决算总表',
      '单位：万元',
    ]);
    expect(doc.blocks[2]).toMatchObject({ type: 'heading', level: 2, numbering: '一、' });
    const [table] = tables(doc);
    expect(table!.title).toBe('收入支出决算总表');
    expect(table!.context).toEqual(['收入支出决算总表', '单位：万元']);
    expect(table!.rows).toEqual([
      ['项目', '金额', '金额'],
      ['项目', '本年', '上年'],
      ['财政拨款\n收入', '219.59', '831.37'],
    ]);
  });

  it('finds the report body of a site page among its navigation, header and footer', async () => {
    const doc = await extractFile(fixture('site-page.html'));
    const t = texts(doc);
    expect(t[0]).toBe('某某区财政局2023年部门预算');
    expect(t).toContain('2023年收支预算总计856.20万元，与上年相比增加12.30万元，增长1.46%。');
    for (const furniture of ['首页', '当前位置', '部门决算', '备案号', '不应出现的脚本文字']) {
      expect(t.join('\n')).not.toContain(furniture);
    }
    expect(doc.messages).toContainEqual(expect.objectContaining({ rule: 'html/body-found', severity: 'info' }));
    expect(doc.messages.find((m) => m.rule === 'html/body-found')!.reason).toContain('<div#zoom.TRS_Editor>');
    const [table] = tables(doc);
    expect(table).toMatchObject({ title: '表1 收支预算总表', context: ['表1 收支预算总表', '单位：万元'] });
    expect(table!.rows[1]).toEqual(['一般公共预算拨款收入', '856.20', '一般公共服务支出', '856.20']);
  });

  it('keeps the report title printed above the body container of a site page, and drops a short breadcrumb', async () => {
    const page = `<html><body><div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 财政预决算</div>
      <div class="detail"><h1 class="article-title">某某局2023年部门决算</h1><div class="info">发布时间：2023-09-01</div>
      <div class="content"><p>第一部分 部门概况</p><p>${'本部门主要职责是负责全市某某工作，年度决算支出合计100.00万元。'.repeat(3)}</p></div></div></body></html>`;
    const doc = await extractBytes(bytesOf(page), 'page.html');
    expect(doc.blocks[0]).toMatchObject({ type: 'heading', level: 1, numbering: null, text: '某某局2023年部门决算' });
    expect(texts(doc).slice(1, 2)).toEqual(['第一部分 部门概况']);
    expect(texts(doc).join('\n')).not.toMatch(/首页|发布时间/);
  });

  it('reads a web page saved with a .doc name as HTML', async () => {
    const doc = await extractBytes(bytesOf('<html><body><h2>一、概况</h2><p>正文。</p></body></html>'), 'report.doc');
    expect(doc.source.format).toBe('html');
    expect(texts(doc)).toEqual(['一、概况', '正文。']);
  });
});

describe('bad input is a typed error naming the file, never a crash or a hang', () => {
  it('rejects an empty file with input/empty', async () => {
    const e = await failure(new Uint8Array(), 'empty.docx');
    expect(e).toMatchObject({ name: 'DisclosureError', code: 'input/empty', file: 'empty.docx', action: 'skippable' });
    expect(e.message).toContain('empty.docx');
  });

  it('rejects a missing file with input/unreadable', async () => {
    await expect(extractFile('/nonexistent/report.docx')).rejects.toMatchObject({ code: 'input/unreadable', file: '/nonexistent/report.docx' });
  });

  it('rejects a legacy binary .doc with a message saying how to convert it', async () => {
    const e = await failure(oleDoc(), 'old.doc');
    expect(e.code).toBe('format/legacy-doc');
    expect(e.message).toContain('soffice --headless --convert-to docx old.doc');
  });

  it('rejects an RTF file named .doc with format/rtf and the conversion command', async () => {
    const e = await failure(bytesOf('{\\rtf1\\ansi\\ansicpg936 {\\fonttbl}}'), 'report.doc');
    expect(e.code).toBe('format/rtf');
    expect(e.message).toContain('soffice --headless --convert-to docx report.doc');
  });

  it('tells a legacy .xls and an .xlsx workbook from a Word file, and names a broken one as a broken workbook', async () => {
    const xls = oleDoc();
    xls.fill(0, 1024);
    xls.set(new Uint8Array(Buffer.from('Workbook', 'utf16le')), 1024);
    expect(detectFormat(xls)).toBe('xls');
    expect(await failure(xls, 'tables.xls')).toMatchObject({ code: 'xls/corrupt', file: 'tables.xls' });
    const xlsx = zipSync({ 'xl/workbook.xml': bytesOf('<workbook/>') });
    expect(detectFormat(xlsx)).toBe('xlsx');
    expect(await failure(xlsx, 'tables.xlsx')).toMatchObject({ code: 'xlsx/corrupt', file: 'tables.xlsx' });
  });

  it('rejects a presentation or an OpenDocument file with one format/office-package error', async () => {
    const pptx = zipSync({ '[Content_Types].xml': bytesOf('<Types/>'), 'ppt/presentation.xml': bytesOf('<p/>') });
    expect((await failure(pptx, 'slides.pptx')).message).toContain('PowerPoint');
    const odt = zipSync({ mimetype: bytesOf('application/vnd.oasis.opendocument.text'), 'content.xml': bytesOf('<c/>') });
    expect((await failure(odt, 'report.odt')).code).toBe('format/office-package');
  });

  it('rejects unknown bytes with format/unknown', async () => {
    expect((await failure(bytesOf('just some text'), 'notes.txt')).code).toBe('format/unknown');
  });

  it('rejects a zip that is not a DOCX with format/zip-archive', async () => {
    expect((await failure(zipSync({ 'a.txt': bytesOf('x') }), 'batch.zip')).code).toBe('format/zip-archive');
  });

  it('rejects a truncated DOCX with zip/corrupt', async () => {
    const e = await failure(await corruptZip(), 'cut.docx');
    expect(e).toMatchObject({ code: 'zip/corrupt', file: 'cut.docx' });
  });

  it('rejects an encrypted zip entry with zip/encrypted', async () => {
    const zip = await docxWithTable([['a']], 1);
    const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    for (let i = 0; i + 4 <= zip.length; i++) if (dv.getUint32(i, true) === 0x02014b50) dv.setUint16(i + 8, dv.getUint16(i + 8, true) | 1, true);
    expect((await failure(zip, 'locked.docx')).code).toBe('zip/encrypted');
  });

  it('rejects a zip bomb by its declared ratio before inflating it', async () => {
    const started = Date.now();
    const e = await failure(zipBomb(false), 'bomb.docx');
    expect(e.code).toBe('zip/bomb');
    expect(e.message).toContain('word/document.xml');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('rejects a zip bomb that lies about its size: inflating stops at the declared size', async () => {
    const e = await failure(zipBomb(true), 'liar.docx');
    expect(e.code).toBe('zip/bomb');
    expect(e.message).toContain('holds more than the 1000 bytes it declares');
  });
});

describe('zip entry names', () => {
  it('reads names without the UTF-8 flag as UTF-8 when they are valid UTF-8, else as GBK', async () => {
    const { listZip } = await import('../../extractors/zip.ts');
    const utf8 = zipSync({ '部门预算.html': bytesOf('<p>x</p>') });
    expect(listZip(utf8, 'a.zip').map((e) => e.name)).toEqual(['部门预算.html']);
    // Rewrite the name bytes in place as GBK (same length: 4 CJK characters are 12 bytes in UTF-8, 8 in GBK + "xxxx").
    const gbkName = new Uint8Array([0xb2, 0xbf, 0xc3, 0xc5, 0xd4, 0xa4, 0xcb, 0xe3, 0x78, 0x78, 0x78, 0x78]);
    const dv = new DataView(utf8.buffer, utf8.byteOffset, utf8.byteLength);
    for (let i = 0; i + 4 <= utf8.length; i++) {
      const sig = dv.getUint32(i, true);
      if (sig === 0x02014b50) {
        dv.setUint16(i + 8, dv.getUint16(i + 8, true) & ~0x800, true);
        utf8.set(gbkName, i + 46);
      }
    }
    expect(listZip(utf8, 'a.zip').map((e) => e.name)).toEqual(['部门预算xxxx.html']);
  });
});

describe('damaged input', () => {
  it('turns every damaged copy of the seed DOCX and HTML into a document or a typed error, never anything else', async () => {
    const { isDisclosureError } = await import('../../core/errors.ts');
    let state = 7;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const outcomes = new Set<string>();
    for (const ext of ['docx', 'gbk.html']) {
      const original = new Uint8Array(readFileSync(seed(ext)));
      for (let i = 0; i < 20; i++) {
        // Every third copy is also truncated; each gets a few random bytes overwritten.
        const copy = original.slice(0, i % 3 === 0 ? Math.floor(random() * original.length) : original.length);
        for (let k = 0; k < 1 + Math.floor(random() * 6); k++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
        try {
          const doc = await extractBytes(copy, `damaged-${i}.${ext}`);
          expect(doc.source.path).toBe(`damaged-${i}.${ext}`);
          outcomes.add('ok');
        } catch (e) {
          expect(isDisclosureError(e), String(e)).toBe(true);
          outcomes.add((e as DisclosureError).code);
        }
      }
    }
    expect(outcomes).toContain('ok');
    expect(outcomes).toContain('zip/corrupt');
  });
});
