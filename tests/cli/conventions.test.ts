import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { argumentMessage, parseCommandArgs } from '../../cli/args.ts';
import { closest, editDistance } from '../../cli/suggest.ts';
import { takeLogFlags } from '../../cli/log.ts';
import { displayWidth, formatTable } from '../../cli/table.ts';

const bin = new URL('../../bin/disclosure.cjs', import.meta.url).pathname;
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('command-line conventions', () => {
  it('prints the help and exits 0 when called with no arguments', () => {
    const r = cli();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: disclosure COMMAND');
    expect(r.stdout).toContain('--quiet');
  });

  it('prints its name and version with --version', () => {
    const r = cli('--version');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^disclosure-etl \d+\.\d+\.\d+ \(node \d+/);
  });

  it('suggests the command that a typo was meant to be', () => {
    const r = cli('exprot');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown command 'exprot' (did you mean 'export'?)");
  });

  it('says in its own words which option it does not know, and which one was meant', () => {
    const r = cli('ingest', '--concurency', '3', 'somewhere');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown option --concurency (did you mean \'--concurrency\'?)');
    expect(r.stderr).not.toMatch(/To specify a positional argument/);
  });

  it('names an option that lacks its value, or that takes none', () => {
    const opts = { year: { type: 'string' as const }, json: { type: 'boolean' as const } };
    expect(() => parseCommandArgs(['--year'], opts)).toThrow('option --year needs a value');
    expect(() => parseCommandArgs(['--json=yes'], opts)).toThrow('option --json takes no value');
    expect(argumentMessage(new Error('odd'), opts)).toBe('odd');
  });

  it('offers a suggestion only when the word is close to a known one', () => {
    expect(editDistance('concurency', 'concurrency')).toBe(1);
    expect(editDistance('exprot', 'export')).toBe(1);
    expect(closest('stauts', ['status', 'coverage'])).toBe('status');
    expect(closest('zzz', ['status', 'coverage'])).toBeNull();
  });

  it('takes --quiet and --verbose wherever they stand, but not after --', () => {
    expect(takeLogFlags(['export', '--quiet', 'coverage'])).toEqual({ level: 'quiet', rest: ['export', 'coverage'] });
    expect(takeLogFlags(['--verbose', 'status'])).toEqual({ level: 'verbose', rest: ['status'] });
    expect(takeLogFlags(['query', '--', '--quiet'])).toEqual({ level: null, rest: ['query', '--', '--quiet'] });
  });

  it('keeps standard error to warnings and errors with --quiet, and adds detail with --verbose', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'disclosure-q-')), 'w.sqlite');
    const normal = cli('query', 'select 1 as one', '--db', db);
    expect(normal.stdout).toContain('one');
    expect(normal.stderr).toBe('1 row\n');
    expect(cli('query', 'select 1 as one', '--db', db, '--quiet').stderr).toBe('');
    expect(cli('--verbose', 'query', 'select 1 as one', '--db', db).stderr).toMatch(/query on sqlite: \d+ ms\n1 row/);
  });

  it('refuses a write and several statements in a query, and exits 5 when no row comes back', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'disclosure-q-')), 'w.sqlite');
    const write = cli('query', 'delete from units', '--db', db);
    expect(write.status).toBe(1);
    expect(write.stderr).toContain('query/failed');
    expect(cli('query', 'select 1; delete from units', '--db', db).stderr).toContain('one SQL statement');
    const none = cli('query', 'select * from units', '--db', db);
    expect(none.status).toBe(5);
    expect(none.stderr).toContain('no rows');
  });

  it('aligns table columns by display width, Chinese characters counting two', () => {
    expect(displayWidth('城管局a')).toBe(7);
    const t = formatTable(['unit', 'n'], [['城管局', '5'], ['x', '12']]).split('\n');
    expect(t[0]).toBe('unit     n');
    expect(t[2]).toBe('城管局   5');
    expect(t[3]).toBe('x       12');
  });
});
