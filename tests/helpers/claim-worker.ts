/**
 * A child-process ingest worker for the claim tests: opens the warehouse at argv[2] with its own pool,
 * claims items until none is left, "ingests" each (loads a fixture report whose seed is the item's key)
 * and prints one JSON line per item: {"key", "outcome", "worker"}. Once connected it prints "ready" and waits
 * for a line on stdin, so that the test can start both workers' claiming at the same moment.
 *
 * Usage: node --import tsx tests/helpers/claim-worker.ts URL WORKER_ID
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { claimNext, completeClaim } from '../../loaders/warehouse/claims.ts';
import { loadReport } from '../../loaders/warehouse/load.ts';
import { openWarehouse } from '../../loaders/warehouse/open.ts';
import { makeDocument, makeReport } from './reports.ts';

async function main(): Promise<void> {
  const [url, worker] = process.argv.slice(2);
  if (!url || !worker) throw new Error('usage: claim-worker URL WORKER_ID');
  const wh = await openWarehouse(url, { poolSize: 2 });
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  process.stdin.pause();
  try {
    for (;;) {
      const item = await claimNext(wh.db, worker, 30);
      if (!item) break;
      const report = makeReport({ unit: `单位${Number(item.key.replace(/\D/g, '')) % 5}`, seed: item.key, path: item.path });
      const loaded = await loadReport(wh.db, { report, document: makeDocument(report), runId: null });
      // A little work time, so that the two workers interleave.
      await sleep(5);
      const kept = await completeClaim(wh.db, item.id, worker, { status: 'done' });
      process.stdout.write(JSON.stringify({ key: item.key, outcome: loaded.outcome, kept, worker }) + '\n');
    }
  } finally {
    await wh.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
