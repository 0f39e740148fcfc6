import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileFilter, globToRegExp } from '../../pipelines/select-files.ts';

const bin = new URL('../../bin/disclosure.cjs', import.meta.url).pathname;
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('ingest --include/--exclude patterns', () => {
  it('reads * within a folder, ** across folders, ? [] and {} as globs do', () => {
    expect(globToRegExp('*.pdf').test('a.pdf')).toBe(true);
    expect(globToRegExp('*.pdf').test('x/a.pdf')).toBe(false);
    expect(globToRegExp('2021/**').test('2021/a/b.docx')).toBe(true);
    expect(globToRegExp('**/*.docx').test('a.docx')).toBe(true);
    expect(globToRegExp('report-?.{doc,docx}').test('report-1.docx')).toBe(true);
    expect(globToRegExp('[!a]*.html').test('a.html')).toBe(false);
  });

  it('matches a pattern without / against the file name, one with / against the end of the path', () => {
    const keep = fileFilter(['*决算*', '2021/*.html'], ['*草稿*']);
    expect(keep('/archive/801001/801001-2022-决算.docx')).toBe(true);
    expect(keep('/archive/801001/2021/x.html')).toBe(true);
    expect(keep('/archive/801001/2022/x.html')).toBe(false);
    expect(keep('/archive/决算草稿.docx')).toBe(false);
  });

  it('judges a zip entry by its name inside the archive, and by the archive', () => {
    expect(fileFilter(['*.docx'], [])('/a/bundle.zip!/inner/r.docx')).toBe(true);
    expect(fileFilter([], ['bundle.zip'])('/a/bundle.zip!/inner/r.docx')).toBe(false);
  });

  it('lists what would be loaded with --dry-run and loads nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'disclosure-dry-'));
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', 'a.html'), '<html><body><p>某单位2021年部门决算</p></body></html>');
    writeFileSync(join(dir, 'in', 'b.html'), '<html><body><p>x</p></body></html>');
    const db = join(dir, 'w.sqlite');
    const r = cli('ingest', join(dir, 'in'), '--db', db, '--dry-run', '--exclude', 'b.*');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([`new         ${join(dir, 'in', 'a.html')}`]);
    expect(r.stderr).toContain('nothing was loaded');
    const status = cli('status', '--db', db, '--json');
    expect(JSON.parse(status.stdout).counts.sourceFiles).toBe(0);
  });

  it('says so and exits 5 for an empty folder, or patterns that match nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'disclosure-empty-'));
    mkdirSync(join(dir, 'in'));
    const empty = cli('ingest', join(dir, 'in'), '--db', join(dir, 'w.sqlite'));
    expect(empty.status).toBe(5);
    expect(empty.stderr).toContain('nothing to ingest: no report files under');
    writeFileSync(join(dir, 'in', 'a.html'), '<html></html>');
    const none = cli('ingest', join(dir, 'in'), '--db', join(dir, 'w.sqlite'), '--include', '*.pdf');
    expect(none.status).toBe(5);
    expect(none.stderr).toContain('none of the 1 files');
  });
});
