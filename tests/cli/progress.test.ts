import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { badInput } from '../../core/errors.ts';
import { emptyCounts, failureOf } from '../../pipelines/events.ts';
import { formatDuration, jsonProgress, renderBar, terminalProgress } from '../../cli/renderers.ts';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('ingest progress', () => {
  it('writes one JSON line per file and a summary line when not on a terminal', () => {
    const out = capture();
    const p = jsonProgress(out.stream);
    p.addTotal(2);
    p.file({ path: 'a.docx', sha256: 'ab', outcome: 'inserted', lineItems: 12 });
    p.file({ path: 'b.docx', sha256: null, outcome: 'failed', error: failureOf(badInput('zip/corrupt', 'b.docx', 'bad'), 'b.docx') });
    p.done({ runId: 7, counts: { ...emptyCounts(), seen: 2, new: 1, failed: 1, lineItems: 12 }, seconds: 1.23456, exitCode: 3 });
    const lines = out.text().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ event: 'file', path: 'a.docx', outcome: 'inserted', lineItems: 12 });
    // The error in the diagnostics convention, with the keys the events have always had beside it.
    expect(lines[1]).toMatchObject({ event: 'file', outcome: 'failed', error: {
      rule: 'zip/corrupt', stage: 'extract', severity: 'error', location: { file: 'b.docx' }, reason: 'bad', action: 'skippable',
      code: 'zip/corrupt', message: 'b.docx: bad',
    } });
    expect(lines[2]).toMatchObject({ event: 'summary', runId: 7, seen: 2, new: 1, failed: 1, seconds: 1.235, exitCode: 3 });
  });

  it('draws a bar with files done of total, rate and ETA', () => {
    expect(renderBar(50, 200, 10, 0, 10)).toBe('[###-------]  50/200 files  5.0/s  ETA 30s');
    expect(renderBar(200, 200, 10, 2, 10)).toContain('failed 2');
    expect(formatDuration(3725)).toBe('1h02m');
    expect(formatDuration(Number.NaN)).toBe('?');
  });

  it('prints failures above the bar and a summary on stdout on a terminal', () => {
    const out = capture();
    const err = capture();
    let t = 0;
    const p = terminalProgress({ out: out.stream, err: err.stream }, () => (t += 1000));
    p.addTotal(1);
    p.file({ path: 'bad.docx', sha256: null, outcome: 'failed', error: failureOf(badInput('zip/corrupt', 'bad.docx', 'truncated'), 'bad.docx') });
    p.done({ runId: 1, counts: { ...emptyCounts(), seen: 1, failed: 1 }, seconds: 2, exitCode: 3 });
    expect(err.text()).toContain('error zip/corrupt (extract) bad.docx: truncated [skippable]\n');
    expect(err.text()).toContain('1/1 files');
    expect(out.text()).toMatch(/1 files seen.*1 failed.*exit code 3/);
  });
});
