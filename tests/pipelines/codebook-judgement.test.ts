/**
 * Ingest and `disclosure check` judge a code against the codebook alike: both go through pipelines/stages.ts
 * (the shipped codebook, given whole to the checks). A second adapter that dropped a field of the lookup
 * (as one once dropped `exact`) or a second way to read the codebook would make these two lists differ.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { command as check } from '../../cli/commands/check.ts';
import { processBytes } from '../../pipelines/stages.ts';
import type { CheckOutcome } from '../../transforms/checks/model.ts';

// 2021 final accounts: 208 misnamed (the 2021 list names it 社会保障和就业支出), 212 cut short, and 20805,
// which the shipped lists give only in later editions under a later name (not a contradiction of 2021).
const html = `<html><head><meta charset="utf-8"><title>攀枝花市测试局2021年度部门决算</title></head><body>
<h1>攀枝花市测试局2021年度部门决算</h1>
<p>一般公共预算财政拨款支出决算表</p>
<p>单位：万元</p>
<table>
<tr><td>科目编码</td><td>科目名称</td><td>合计</td></tr>
<tr><td></td><td>合计</td><td>30.00</td></tr>
<tr><td>208</td><td>社会保障支出</td><td>10.00</td></tr>
<tr><td>20805</td><td>行政事业单位离退休</td><td>10.00</td></tr>
<tr><td>212</td><td>城乡社区</td><td>20.00</td></tr>
</table></body></html>`;

const dir = mkdtempSync(join(tmpdir(), 'codebook-judgement-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const codeOutcomes = (outcomes: readonly CheckOutcome[]) =>
  outcomes
    .filter((o) => o.ruleId === 'codebook/name')
    .map((o) => [o.values[0]?.code, o.outcome === 'finding' ? o.severity : o.outcome, o.outcome === 'finding' ? o.id : null]);

async function checkCommand(file: string): Promise<CheckOutcome[]> {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    expect(await check.run([file, '--json', '--all'])).toBe(0);
  } finally {
    write.mockRestore();
  }
  const [report] = JSON.parse(out) as { outcomes: CheckOutcome[] }[];
  return report?.outcomes ?? [];
}

describe('a code against the codebook', () => {
  it('is judged the same by ingest and by disclosure check', async () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, html);
    const ingested = await processBytes(new TextEncoder().encode(html), file);
    const checked = await checkCommand(file);
    // The code of another edition is undecided in check and therefore not stored by ingest.
    expect(codeOutcomes(checked).map(([code, outcome]) => [code, outcome])).toEqual([
      ['208', 'warning'],
      ['20805', 'insufficient'],
      ['212', 'info'],
    ]);
    expect(codeOutcomes(ingested.findings)).toEqual(codeOutcomes(checked.filter((o) => o.outcome === 'finding')));
  });
});
