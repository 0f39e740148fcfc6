/**
 * Workbooks in an ingest: a folder mixing workbooks (.xlsx and .xls rendered from the golden reports, and
 * the district's template), a PDF and a DOCX loads one report per file, on both engines; no part of a
 * workbook is walked or quarantined; the template is kept unidentified (no unit) and never
 * becomes a unit's current report; a zip that is neither a report nor an archive of reports fails once.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { ingest } from '../../pipelines/ingest.ts';
import type { FileEvent, ProgressSink } from '../../pipelines/events.ts';
import { readGolden } from '../fixtures/tables/golden-docs.ts';
import { goldenWorkbook } from '../fixtures/workbook/render.ts';
import { ENGINES } from '../helpers/engines.ts';

vi.setConfig({ testTimeout: 300_000 });

const shared = (path: string) => new URL(`../../../shared/${path}`, import.meta.url).pathname;
const seedPdf = new URL('../fixtures/pdf/panzhihua-szcg-2021-final.pdf', import.meta.url).pathname;

function collect(): ProgressSink & { events: FileEvent[] } {
  const events: FileEvent[] = [];
  return { events, addTotal() {}, file: (e) => events.push(e), done() {} };
}

function mixedFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'disclosure-workbooks-'));
  writeFileSync(join(dir, 'wanli-2023-budget.xlsx'), goldenWorkbook(readGolden('shanghai-putuo-wanli-street-2023-budget.json'), 'xlsx'));
  // A workbook whose name says nothing: the bytes decide.
  writeFileSync(join(dir, 'shehuigongzuobu-2024-final.dat'), goldenWorkbook(readGolden('shanghai-putuo-shehuigongzuobu-2024-final.json'), 'xls'));
  cpSync(shared('corpus/xlsx/shanghai-putuo-2026-budget-template-department.xlsx'), join(dir, 'template.xlsx'));
  cpSync(seedPdf, join(dir, 'seed.pdf'));
  cpSync(shared('seeds/panzhihua-szcg-2021-final.docx'), join(dir, 'seed.docx'));
  return dir;
}

describe.each(ENGINES)('ingesting workbooks on $name', (engine) => {
  it('loads one report per workbook beside a PDF and a DOCX, quarantines nothing, and keeps the template apart', async () => {
    const dir = mixedFolder();
    const w = await engine.open();
    try {
      const progress = collect();
      const r = await ingest({ paths: [dir], warehouse: w, workers: 0, concurrency: 2, progress, args: [dir] });
      expect(progress.events.filter((e) => e.outcome === 'failed')).toEqual([]);
      expect(r.counts).toMatchObject({ seen: 5, new: 4, updated: 1, failed: 0 });
      expect(progress.events.every((e) => !e.path.includes('!/'))).toBe(true);
      expect(await w.db.selectFrom('quarantine').selectAll().execute()).toEqual([]);

      const reports = await w.db
        .selectFrom('reports')
        .innerJoin('source_files', 'source_files.id', 'reports.source_file_id')
        .select(['reports.unit_name', 'reports.unit_id', 'reports.year', 'reports.kind', 'reports.status', 'source_files.format'])
        .orderBy('reports.id')
        .execute();
      expect(reports.map((x) => x.format).sort()).toEqual(['docx', 'pdf', 'xls', 'xlsx', 'xlsx']);
      const template = reports.find((x) => x.unit_name?.includes('XX'));
      expect(template).toMatchObject({ status: 'unidentified', unit_id: null, year: 2026, kind: 'budget' });
      // The seed PDF and DOCX are one report in two files: the later one supersedes the other.
      expect(reports.map((x) => x.status).sort()).toEqual(['current', 'current', 'current', 'superseded', 'unidentified']);
      const current = reports.filter((x) => x.status === 'current').map((x) => `${x.unit_name} ${x.year} ${x.kind}`);
      expect(current).toEqual(expect.arrayContaining(['上海市普陀区人民政府万里街道办事处 2023 budget', '中共上海市普陀区委社会工作部 2024 final']));
      expect(current.some((c) => c.endsWith('2021 final'))).toBe(true);

      // No unit row for the template, none of its rows in the analysts' line items; the workbooks' amounts are there.
      const units = await w.db.selectFrom('units').select('name').execute();
      expect(units.map((u) => u.name).some((n) => n.includes('XX'))).toBe(false);
      const coverage = await w.db.selectFrom('v_coverage').selectAll().execute();
      // The coverage view leaves unidentified files out: the template is in no unit's row.
      expect(coverage.filter((c) => String(c.unit_name).includes('XX'))).toEqual([]);
      const wanli = await w.db.selectFrom('v_line_items').select(['amount_fen']).where('unit', '=', '上海市普陀区人民政府万里街道办事处').execute();
      expect(wanli.length).toBeGreaterThan(500);
    } finally {
      await w.close();
    }
  });
});

describe('a zip that is neither a report nor an archive of reports', () => {
  it('fails once with one clear error naming it, not once per part', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'disclosure-not-reports-'));
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    writeFileSync(join(dir, 'slides.pptx'), zipSync({ '[Content_Types].xml': new TextEncoder().encode('<Types/>'), 'ppt/presentation.xml': new Uint8Array([60]), 'ppt/media/image1.png': png }));
    writeFileSync(join(dir, 'pictures.zip'), zipSync({ 'a.png': png, 'b.png': png, 'c.png': png, 'd.png': png }));
    const w = await ENGINES[0]!.open();
    try {
      const progress = collect();
      const r = await ingest({ paths: [dir], warehouse: w, workers: 0, concurrency: 1, progress, args: [dir] });
      expect(r.counts).toMatchObject({ seen: 2, failed: 2 });
      const rows = await w.db.selectFrom('quarantine').select(['path', 'error_class']).orderBy('path').execute();
      expect(rows).toEqual([
        { path: join(dir, 'pictures.zip'), error_class: 'zip/no-reports' },
        { path: join(dir, 'slides.pptx'), error_class: 'format/office-package' },
      ]);
    } finally {
      await w.close();
    }
  });
});
