/**
 * What the pipeline reads from every real report of ../shared/corpus/pdf and from the seed, written out as
 * text beside the tests (tests/golden/readings/): identity, every standard table row by row, the narrative's
 * facts and the findings. A change in extraction or the transforms shows up here as a diff to review.
 * After an intended change, regenerate with `UPDATE=1 npx vitest run tests/pipelines/corpus-readings.test.ts`
 * (or `UPDATE=1 npm test`) and read the diff before committing it.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../../extractors/index.ts';
import type { NormalisedReport, ReportTable } from '../../transforms/model.ts';
import type { FindingOutcome } from '../../transforms/checks/model.ts';
import { transformDocument } from '../../pipelines/stages.ts';

const CORPUS = new URL('../../../shared/corpus/pdf/', import.meta.url).pathname;
const SEED = new URL('../../../shared/seeds/panzhihua-szcg-2021-final.docx', import.meta.url).pathname;
const files = [...readdirSync(CORPUS).filter((f) => f.endsWith('.pdf')).sort().map((f) => CORPUS + f), SEED];

function table(t: ReportTable): string[] {
  const head = `## ${t.tableId} ${JSON.stringify(t.title)} ${t.moneyUnit ?? '-'} (${t.rows.length} rows)`;
  const rows = t.rows.map((r) => {
    const values = r.values.map((v) => v.text).join(' | ');
    return `${r.side ? `${r.side} ` : ''}${r.code ?? '-'} ${r.name} : ${values}`;
  });
  return [head, ...(t.emptyNote ? [`(empty: ${t.emptyNote})`] : []), ...rows];
}

/** The reading of one report as lines of text, in document order. */
function reading(report: NormalisedReport, findings: readonly FindingOutcome[]): string {
  const m = report.meta;
  return [
    `unit: ${m.unit ?? '-'} | year: ${m.year ?? '-'} | kind: ${m.kind ?? '-'} | scope: ${m.scope ?? '-'} | part: ${m.part ?? '-'} | money unit: ${m.moneyUnit ?? '-'}`,
    `listed tables: ${report.listedTables.join(', ') || '-'}`,
    '',
    ...report.tables.flatMap((t) => [...table(t), '']),
    `# facts (${report.facts.length})`,
    ...report.facts.map((f) => `${f.metric}${f.name ? ` [${f.name}]` : ''} = ${f.value} ${f.unit ?? ''}${f.sharePct ? ` share ${f.sharePct}%` : ''}${f.completionPct ? ` completion ${f.completionPct}%` : ''}`),
    '',
    `# findings (${findings.length})`,
    ...findings.map((f) => `${f.severity} ${f.ruleId}: ${f.message}`),
    '',
  ].join('\n');
}

describe('the readings of the real reports', () => {
  it.each(files.map((f) => [f.split('/').pop()!, f]))('%s reads as its golden text', { timeout: 120_000 }, async (name, file) => {
    const { report, findings } = await transformDocument(await extractFile(file));
    await expect(reading(report, findings)).toMatchFileSnapshot(`../golden/readings/${name}.txt`);
  });
});
