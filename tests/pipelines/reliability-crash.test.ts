/**
 * Issue 8, crash safety, small: an ingest killed with SIGKILL after 10 of 40 files and run again leaves the
 * same warehouse as a clean run (the 500-file version is `npx tsx bench/crash.ts`).
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figures, lineItemsBySource, runIngest } from '../../bench/crash.ts';
import { generateArchive } from '../../bench/generate.ts';
import { crashCase, type CrashCommand } from '../../bench/crash-matrix.ts';
import { ENGINES } from '../helpers/engines.ts';

vi.setConfig({ testTimeout: 600_000, hookTimeout: 120_000 });

let root: string;
let archive: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'disclosure-crash-'));
  archive = join(root, 'archive');
  // 4 units × 5 years × budget + final = 40 reports, 2023 packed in a zip.
  await generateArchive(archive, { units: 4, years: [2019, 2020, 2021, 2022, 2023], zipYears: [2023] });
});

describe('an ingest killed with kill -9 mid-batch', () => {
  it('leaves only whole reports, and a rerun makes the warehouse of a clean run: every report once', async () => {
    const clean = await runIngest(archive, join(root, 'clean.sqlite'), 1);
    expect(clean.code).toBe(0);
    expect(clean.summary).toMatchObject({ new: 40, failed: 0 });

    const crashedDb = join(root, 'crashed.sqlite');
    const killed = await runIngest(archive, crashedDb, 1, 10);
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.summary).toBeNull();
    // What the killed run left: each report it reached whole (its line items all there), none half-loaded.
    const atKill = await figures(crashedDb);
    expect(atKill.reports).toBeGreaterThanOrEqual(10);
    expect(atKill.reports).toBeLessThan(40);
    expect(atKill.sourceFilesWithReports).toBe(atKill.reports);
    const whole = await lineItemsBySource(join(root, 'clean.sqlite'));
    for (const [sha, n] of await lineItemsBySource(crashedDb)) expect(n, sha).toBe(whole.get(sha));

    const rerun = await runIngest(archive, crashedDb, 1);
    expect(rerun.code).toBe(0);
    expect(rerun.summary).toMatchObject({ seen: 40, new: 40 - atKill.reports, unchanged: atKill.reports, failed: 0 });

    const a = await figures(join(root, 'clean.sqlite'));
    const b = await figures(crashedDb);
    expect(a).toMatchObject({ reports: 40, sourceFilesWithReports: 40, quarantined: 0 });
    expect(b).toEqual(a);
  });
});

/**
 * Issue 20: the other writing commands killed with kill -9 in the middle and run again match a clean run
 * (the three moments × four commands × two engines are `npx tsx bench/crash-matrix.ts`).
 */
describe.each(ENGINES.map((e) => e.name))('kill -9 in the middle of a command on %s, then a rerun', (engineName) => {
  const engine = ENGINES.find((e) => e.name === engineName)!;
  let small: string;
  beforeAll(async () => {
    small = join(root, `small-${engineName}`);
    // 1 unit × 3 years × budget + final = 6 reports, 2023 in a zip.
    await generateArchive(small, { units: 1, years: [2021, 2022, 2023], zipYears: [2023] });
  });
  // Two commands per engine keep CI short; the bench covers every command at every moment on both.
  const commands: CrashCommand[] = engineName === 'sqlite' ? ['reprocess', 'export'] : ['ingest', 'shared'];
  it.each(commands)('%s: matches a clean run checksum for checksum', async (command) => {
    const r = await crashCase(command, 'middle', small, 6, engine.create, root);
    expect(r.ok, r.detail).toBe(true);
  });
});
