/**
 * An auditor's marks on findings, on both engines: a finding keeps its stable id through `reprocess` and
 * through a new version of the report in which the same places still disagree, and its mark (stored in the
 * warehouse by that id) shows in `export findings`.
 */
import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../../extractors/index.ts';
import { datasets } from '../../loaders/exports/datasets.ts';
import { findingMarks, markFinding } from '../../loaders/warehouse/finding-marks.ts';
import { loadReport, replaceFindings } from '../../loaders/warehouse/load.ts';
import { WarehouseMigrations } from '../../loaders/warehouse/migrations/index.ts';
import type { Warehouse } from '../../loaders/warehouse/open.ts';
import { transformDocument } from '../../pipelines/stages.ts';
import { ENGINES } from '../helpers/engines.ts';

const SEED = new URL('../../../shared/seeds/', import.meta.url).pathname;

async function processed(file: string) {
  const document = await extractFile(`${SEED}${file}`);
  return { document, ...(await transformDocument(document)) };
}

async function exported(w: Warehouse): Promise<{ rule_id: string; finding_key: string; mark: string; report_id: string }[]> {
  const out: Record<string, unknown>[] = [];
  for await (const page of datasets.findings.pages(w.db, {})) {
    for (const r of page) out.push(Object.fromEntries(datasets.findings.columns.map((c) => [c.name, c.value(r)])));
  }
  return out as never;
}

describe.each(ENGINES.map((e) => [e.name, e] as const))('finding marks on %s', (_name, engine) => {
  it('keep a dismissal with its finding through reprocess and a new version of the report', { timeout: 120_000 }, async () => {
    const w = await engine.open();
    try {
      const docx = await processed('panzhihua-szcg-2021-final.docx');
      const first = await loadReport(w.db, { report: docx.report, document: docx.document, runId: null, findings: docx.findings });
      const procurement = docx.findings.find((f) => f.ruleId === 'narrative-arithmetic/parts-sum' && f.severity === 'error')!;
      expect(procurement.id).toMatch(/^f-[0-9a-f]{16}$/);
      await markFinding(w.db, procurement.id!, 'dismissed', 'corrected in the republished version');

      let rows = await exported(w);
      expect(rows.find((r) => r.finding_key === procurement.id)?.mark).toBe('dismissed: corrected in the republished version');
      expect(rows.filter((r) => r.finding_key !== procurement.id).every((r) => r.mark === null)).toBe(true);

      // Reprocessing replaces the stored findings: the same finding comes back under the same id, with its mark.
      const again = await transformDocument(docx.document);
      await replaceFindings(w.db, first.reportId, again.findings);
      rows = await exported(w);
      expect(rows.filter((r) => r.finding_key === procurement.id).map((r) => r.mark)).toEqual(['dismissed: corrected in the republished version']);

      // Another file of the same report (unit, year, kind, scope) supersedes the first: the same places still
      // disagree, so the current version's finding has the same id and the mark.
      const html = await processed('panzhihua-szcg-2021-final.html');
      const second = await loadReport(w.db, { report: html.report, document: html.document, runId: null, findings: html.findings });
      expect(second.reportId).not.toBe(first.reportId);
      rows = await exported(w);
      const marked = rows.filter((r) => r.finding_key === procurement.id);
      expect(marked.map((r) => [Number(r.report_id), r.mark])).toEqual([[second.reportId, 'dismissed: corrected in the republished version']]);

      await markFinding(w.db, procurement.id!, 'confirmed', null);
      expect([...(await findingMarks(w.db)).values()].map((m) => [m.findingKey, m.mark, m.why])).toEqual([[procurement.id, 'confirmed', null]]);
    } finally {
      await w.close();
    }
  });

  it('come with migration 0006, which goes down without the marks and up again with the findings kept', async () => {
    const w = await engine.open();
    try {
      const docx = await processed('panzhihua-szcg-2021-final.docx');
      await loadReport(w.db, { report: docx.report, document: docx.document, runId: null, findings: docx.findings });
      const migrator = new Migrator({ db: w.db, provider: new WarehouseMigrations(engine.name) });
      const down = await migrator.migrateDown();
      expect(down.results?.map((r) => [r.migrationName, r.status])).toEqual([['0006_finding_marks', 'Success']]);
      expect(await w.db.selectFrom('findings').select('id').execute()).toHaveLength(docx.findings.length);
      const up = await migrator.migrateToLatest();
      expect(up.error).toBeUndefined();
      expect(await findingMarks(w.db)).toEqual(new Map());
    } finally {
      await w.close();
    }
  });
});
