import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadShippedCodebook } from '../../loaders/codebook-files.ts';

const bin = new URL('../../bin/disclosure.cjs', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [bin, 'codes', ...args], { encoding: 'utf8' });

describe('disclosure codes', () => {
  it('imports a list into the data directory, reporting bad rows by line, and the codebook reads it as imported', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codes-import-'));
    const csv = join(dir, 'mof-2023.csv');
    writeFileSync(csv, '科目编码,科目名称\n212,城乡社区支出\n21201,城乡社区管理事务\n2120104,城管执法\n30101,基本工资\n');
    const r = run('import', csv, '--scheme', 'function', '--year', '2023', '--data', dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/3 function codes of 2023 imported .*\(1 rows skipped\)/);
    expect(r.stderr).toMatch(/line 5: 30101 is a economic-dept code/);
    const file = join(dir, 'codebook', 'imported', 'function-2023.csv');
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('code,name,level,parent,source');
    const found = loadShippedCodebook(dir).lookup('function', 2023, '2120104');
    expect(found).toMatchObject({ exact: true, name: '城管执法', entry: { source: 'imported', parent: '21201', note: 'imported from mof-2023.csv' } });
    // Importing again replaces the list rather than adding to it.
    writeFileSync(csv, 'code,name\n212,城乡社区支出\n');
    expect(run('import', csv, '--scheme', 'function', '--year', '2023', '--data', dir).status).toBe(0);
    expect(loadShippedCodebook(dir).entries('function', 2023).map((e) => e.code)).toEqual(['212']);
  });

  it('writes nothing on --dry-run, and fails when nothing can be imported', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codes-dry-'));
    const csv = join(dir, 'list.csv');
    writeFileSync(csv, 'code,name\n208,社会保障和就业支出\n');
    expect(run('import', csv, '--scheme', 'function', '--year', '2023', '--data', dir, '--dry-run').stdout).toMatch(/would be imported/);
    expect(existsSync(join(dir, 'codebook', 'imported'))).toBe(false);
    writeFileSync(csv, 'code,name\n30101,基本工资\n');
    expect(run('import', csv, '--scheme', 'function', '--year', '2023', '--data', dir).status).toBe(1);
  });

  it('looks a code up in the edition of a year, naming the edition used', () => {
    const r = run('lookup', '210', '--year', '2017');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^210 医疗卫生与计划生育支出\n {2}edition \d{4} \(nearest to 2017\)/);
    expect(run('lookup', '2139999', '--year', '2021').status).toBe(1);
  });

  it('resolves a narrative path of the seed', () => {
    const r = run('resolve', '社会保障和就业（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）', '--year', '2021', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).value.code).toBe('2080505');
  });

  it('counts entries per scheme, edition and source', () => {
    const rows = JSON.parse(run('stats', '--json').stdout) as { scheme: string; edition: number; official: number; learned: number }[];
    expect(rows.find((r) => r.scheme === 'economic-dept' && r.edition === 2018)).toMatchObject({ official: 77, learned: 0 });
  });

  it('answers bad arguments with the usage and exit code 2', () => {
    const r = run('import', 'x.csv', '--scheme', 'functional', '--year', '2023');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--scheme must be one of/);
    expect(run('frob').status).toBe(2);
    expect(run('lookup', '208').status).toBe(2);
  });
});
