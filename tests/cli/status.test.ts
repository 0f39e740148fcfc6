import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadReport } from '../../loaders/warehouse/load.ts';
import type { Warehouse } from '../../loaders/warehouse/open.ts';
import type { NormalisedReport } from '../../transforms/model.ts';
import { warehouseStatus } from '../../cli/commands/status.ts';
import { ENGINES } from '../helpers/engines.ts';
import { makeDocument, makeReport } from '../helpers/reports.ts';

const load = (wh: Warehouse, report: NormalisedReport) => loadReport(wh.db, { report, document: makeDocument(report), runId: null });

describe.each(ENGINES)('disclosure status on $name', (engine) => {
  let wh: Warehouse;
  beforeEach(async () => {
    wh = await engine.open();
  });
  afterEach(async () => {
    await wh.close();
  });

  it('counts the rows of current reports apart from those of every version, superseded ones included', async () => {
    await load(wh, makeReport({ year: 2021 }));
    await load(wh, makeReport({ year: 2021, seed: 'corrected' }));
    const { counts } = await warehouseStatus(wh.db);
    expect(counts).toMatchObject({ reportsCurrent: 1, reportsSuperseded: 1, sourceFiles: 2, facts: 1 });
    expect(counts.factsAllVersions).toBe(2);
    expect(counts.lineItems).toBe(8);
    expect(counts.lineItemsAllVersions).toBe(16);
  });
});
