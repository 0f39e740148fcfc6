import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import { expandArchive, isArchive, listFiles, listSources, readSource } from '../../pipelines/walk.ts';
import { DisclosureError } from '../../core/errors.ts';

const html = new TextEncoder().encode('<!DOCTYPE html><html><body><p>x</p></body></html>');

describe('walking an archive of reports', () => {
  it('lists report files recursively in a stable order, passing over hidden and non-report files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'disclosure-walk-'));
    mkdirSync(join(dir, 'b', 'c'), { recursive: true });
    writeFileSync(join(dir, 'b', 'c', 'r2.docx'), 'x');
    writeFileSync(join(dir, 'a.html'), html);
    writeFileSync(join(dir, '.DS_Store'), 'x');
    writeFileSync(join(dir, 'labels.expected.json'), '{}');
    writeFileSync(join(dir, 'b', '~$r2.docx'), 'x');
    const files = (await listFiles([dir])).map((f) => relative(dir, f));
    expect(files).toEqual(['a.html', join('b', 'c', 'r2.docx')]);
  });

  it('reads a file whose name on disk is GBK (an old Windows archive) and shows the name decoded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'disclosure-walk-'));
    // 部门预算 in GBK bytes, in a folder 年度 also in GBK: not UTF-8, so a string path could never open them.
    const folder = Buffer.concat([Buffer.from(`${dir}/`), Buffer.from([0xc4, 0xea, 0xb6, 0xc8])]);
    mkdirSync(folder);
    writeFileSync(Buffer.concat([folder, Buffer.from('/'), Buffer.from([0xb2, 0xbf, 0xc3, 0xc5, 0xd4, 0xa4, 0xcb, 0xe3]), Buffer.from('.html')]), html);
    const listed = await listSources([dir]);
    expect(listed.files.map((f) => relative(dir, f))).toEqual([join('年度', '部门预算.html')]);
    const bytes = await readSource(listed.files[0]!, listed.onDisk(listed.files[0]!));
    expect(Buffer.from(bytes).equals(Buffer.from(html))).toBe(true);
  });

  it('lists links and special files so that unreadable ones are quarantined, and never opens a FIFO', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'disclosure-walk-'));
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'r.html'), html);
    symlinkSync(join(dir, 'real'), join(dir, 'linked'));
    symlinkSync(join(dir, 'missing.docx'), join(dir, 'dangling.docx'));
    execFileSync('mkfifo', [join(dir, 'fifo.html')]);
    const files = (await listFiles([dir])).map((f) => relative(dir, f));
    expect(files).toEqual(['dangling.docx', 'fifo.html', join('linked', 'r.html')]);
    await expect(readSource(join(dir, 'fifo.html'))).rejects.toMatchObject({ code: 'input/not-a-file' });
    await expect(readSource(join(dir, 'dangling.docx'))).rejects.toMatchObject({ code: 'input/unreadable' });
  });

  it('opens zip archives of reports, naming each entry after its archive, and tells them from DOCX files', () => {
    const inner = zipSync({ 'deep/r3.html': html });
    const zip = zipSync({ 'u1/r1.html': html, 'u1/.hidden': html, 'nested.zip': inner, '__MACOSX/u1/r1.html': html });
    expect(isArchive(zip)).toBe(true);
    const docxLike = zipSync({ '[Content_Types].xml': new Uint8Array([60]), 'word/document.xml': new Uint8Array([60]) });
    expect(isArchive(docxLike)).toBe(false);
    const sources = expandArchive({ path: 'reports.zip', bytes: zip }).map((s) => s.path);
    expect(sources).toEqual(['reports.zip!/nested.zip!/deep/r3.html', 'reports.zip!/u1/r1.html']);
  });

  it('never walks a workbook as an archive, and fails a zip of no reports once, naming it', () => {
    const xlsx = zipSync({ '[Content_Types].xml': new Uint8Array([60]), 'xl/workbook.xml': new Uint8Array([60]), 'xl/media/image1.png': new Uint8Array([1]) });
    expect(isArchive(xlsx)).toBe(false);
    const pictures = zipSync({ 'a.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47]), 'b.bin': new Uint8Array([0, 1, 2]) });
    expect(() => expandArchive({ path: 'pictures.zip', bytes: pictures })).toThrow(expect.objectContaining({ code: 'zip/no-reports', file: 'pictures.zip' }));
    // Inside an archive of reports, such a zip stays one file (which then fails alone).
    const outer = zipSync({ 'r1.html': html, 'scans.zip': pictures });
    expect(expandArchive({ path: 'reports.zip', bytes: outer }).map((s) => s.path)).toEqual(['reports.zip!/r1.html', 'reports.zip!/scans.zip']);
  });

  it('reports a corrupt archive as a typed error naming the file', () => {
    const zip = zipSync({ 'a.html': html });
    const broken = zip.slice(0, zip.length - 30);
    expect(() => expandArchive({ path: 'broken.zip', bytes: broken })).toThrow(DisclosureError);
    try {
      expandArchive({ path: 'broken.zip', bytes: broken });
    } catch (e) {
      expect((e as DisclosureError).code).toBe('zip/corrupt');
      expect((e as DisclosureError).file).toBe('broken.zip');
    }
  });
});
