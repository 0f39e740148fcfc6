/**
 * The checks against the labelled findings set (tests/fixtures/findings: every report of
 * ../shared/corpus/pdf and the seed, each finding judged against the document): no false error finding,
 * every true error finding of the set found, and the seed's two real findings as its only errors.
 * `npm run bench:findings` prints the full score (precision and recall by family and severity).
 */
import { describe, expect, it } from 'vitest';
import { extractFile } from '../../../extractors/index.ts';
import { transformDocument } from '../../../pipelines/stages.ts';
import { REPO, loadLabels, matches, scoreReport } from '../../fixtures/findings/labels.ts';

const labelled = loadLabels();

describe('the labelled findings set', () => {
  it('covers every report of the corpus and the seed', async () => {
    const { readdirSync } = await import('node:fs');
    const pdfs = readdirSync(`${REPO}../shared/corpus/pdf`).filter((f) => f.endsWith('.pdf'));
    const files = labelled.map((l) => l.file.split('/').pop());
    expect(files).toEqual(expect.arrayContaining([...pdfs, 'panzhihua-szcg-2021-final.docx']));
  });
});

describe.each(labelled.map((l) => [l.file.split('/').pop()!, l] as const))('the checks on %s', (_name, labels) => {
  it('emit no error finding that the labels do not hold true, and find every labelled error', { timeout: 120_000 }, async () => {
    const { findings } = await transformDocument(await extractFile(`${REPO}${labels.file}`));
    const { judged, misses } = scoreReport(labels, findings);
    const falseErrors = judged.filter((j) => j.verdict === 'false' && j.finding.severity === 'error').map((j) => j.finding.message);
    expect(falseErrors).toEqual([]);
    expect(misses.filter((m) => m.label.severity === 'error').map((m) => m.label.why)).toEqual([]);
    // One finding per true label: the same finding twice (a narrative printed twice in the file) is one.
    expect(labels.findings.map((l) => findings.filter((f) => matches(l, f)).length).filter((n) => n > 1)).toEqual([]);
    // A place labelled right as printed is never reported again, at any severity.
    const reopened = judged.filter((j) => j.verdict === 'false' && j.label !== null).map((j) => `${j.finding.ruleId}: ${j.finding.message}`);
    expect(reopened).toEqual([]);
    if (labels.file.endsWith('panzhihua-szcg-2021-final.docx')) {
      const errors = findings.filter((f) => f.severity === 'error');
      expect(errors.map((f) => f.ruleId)).toEqual(['narrative-arithmetic/parts-sum']);
      expect(findings.some((f) => labels.findings.some((l) => l.severity === 'warning' && l.rule === 'narrative-arithmetic/change-pct' && matches(l, f)))).toBe(true);
    }
  });
});
