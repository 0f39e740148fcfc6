import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = new URL('../../bin/disclosure.cjs', import.meta.url).pathname;
const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the command with a preload that reports, on exit, which of Node's ES-module loader internals were loaded. */
function esmInternalsLoadedBy(args: readonly string[]): string[] {
  const preload = join(mkdtempSync(join(tmpdir(), 'disclosure-cli-')), 'report.cjs');
  writeFileSync(preload, `process.on('exit', () => process.stderr.write('@@' + JSON.stringify(process.moduleLoadList.filter((m) => m.includes('modules/esm/'))) + '\\n'));`);
  const r = spawnSync(process.execPath, ['--require', preload, bin, ...args], { encoding: 'utf8' });
  const line = r.stderr.split('\n').find((l) => l.startsWith('@@'));
  if (!line) throw new Error(`no module list from ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(line.slice(2)) as string[];
}

describe('the disclosure command', () => {
  it('lists its subcommands with --help and exits 0', () => {
    const out = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(out).toContain('Usage: disclosure COMMAND');
    expect(out).toMatch(/^\s+extract\s/m);
  });

  it('rejects an unknown command with exit code 2 and names it', () => {
    const r = spawnSync(process.execPath, [bin, 'frobnicate'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });

  it('answers --help, --version and an unknown name without starting Node’s ES-module loader (start-up, issue 22)', () => {
    for (const args of [['--help'], ['--version'], ['frobnicate']]) {
      expect(esmInternalsLoadedBy(args), args.join(' ')).not.toContain('NativeModule internal/modules/esm/loader');
    }
    // The check itself can fail: a subcommand is ES modules, and loading one starts the loader.
    expect(esmInternalsLoadedBy(['status', '--help'])).toContain('NativeModule internal/modules/esm/loader');
  });

  it('turns a failure of the front itself into one diagnostic line and exit code 1', () => {
    // The build without its package.json around it: --version cannot read the version.
    const dir = mkdtempSync(join(tmpdir(), 'disclosure-no-package-'));
    cpSync(join(root, 'dist', 'bundle'), join(dir, 'dist', 'bundle'), { recursive: true });
    cpSync(bin, join(dir, 'bin', 'disclosure.cjs'));
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    const r = spawnSync(process.execPath, [join(dir, 'bin', 'disclosure.cjs'), '--version'], { encoding: 'utf8', env: { ...process.env, DISCLOSURE_DEBUG: '' } });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^disclosure: error internal\/enoent \(run\): .*package\.json/)]);
  });
});
