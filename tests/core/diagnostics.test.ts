/**
 * One diagnostics convention (issue 19): a stage's message, a check's finding and a thrown error are each
 * a `Message` (rule, stage, severity, location, reason; an error also its action) and print through the
 * one formatter, `formatMessage`, with the same field order. An error's action decides the file's fate.
 */
import { describe, expect, it } from 'vitest';
import { badInput, DisclosureError } from '../../core/errors.ts';
import { formatMessage, inFile, warning } from '../../core/messages.ts';
import { environmentFailure } from '../../loaders/warehouse/open.ts';
import { failureOf } from '../../pipelines/events.ts';
import { reviveError, serialiseError } from '../../pipelines/pool.ts';
import { diagnosticOfOutcome, type FindingOutcome } from '../../transforms/checks/model.ts';

const finding: FindingOutcome = {
  outcome: 'finding', ruleId: 'table-sums/total', family: 'table-sums', subject: 'total = sum of rows',
  values: [
    { label: 'total', value: '300.00', printed: '300.00', tableId: 'final.t05_general_budget_expenditure', row: 2, column: '决算数/合计' },
    { label: 'part', value: '100.00', tableId: 'final.t05_general_budget_expenditure', row: 3, column: '决算数/合计' },
  ],
  severity: 'error', quantity: 'yuan', expected: '200.00', actual: '300.00', difference: '100.00',
  declared: '300.00', recomputed: '200.00', tolerance: '0.01', message: 'the rows add up to 200.00, the total prints 300.00',
};

/** severity rule (stage) place: reason [action] */
const SHAPE = /^(error|warning|info) [a-z-]+\/[a-z-]+ \((extract|transform|check|load|run)\)( [^:]+)?: .+?( \[(skippable|retriable|fatal)\])?$/u;

describe('one diagnostics convention', () => {
  it('prints an extract message, a finding and an error through the one formatter, in the same field order', () => {
    const extract = formatMessage(inFile(warning('extract', 'docx/ragged-grid', 'cell merging may be incorrect', { block: 3 }), 'a.docx'));
    const found = formatMessage(diagnosticOfOutcome(finding, 'a.docx'));
    const error = formatMessage(badInput('zip/corrupt', 'b.docx', 'the archive is truncated').diagnostic());
    expect(extract).toBe('warning docx/ragged-grid (extract) a.docx block 3: cell merging may be incorrect');
    // The finding's place is its first (declared) value's, the row counted from 1.
    expect(found).toBe('error table-sums/total (check) a.docx final.t05_general_budget_expenditure row 3 column 决算数/合计: the rows add up to 200.00, the total prints 300.00');
    expect(error).toBe('error zip/corrupt (extract) b.docx: the archive is truncated [skippable]');
    for (const line of [extract, found, error]) expect(line).toMatch(SHAPE);
  });

  it('makes an error a diagnostic with its code as the rule, its reason without the file, and its action', () => {
    const e = new DisclosureError('warehouse/not-found', 'no warehouse at x.sqlite', 'fatal', undefined, { stage: 'load' });
    expect(e.diagnostic()).toEqual({ severity: 'error', rule: 'warehouse/not-found', stage: 'load', reason: 'no warehouse at x.sqlite', action: 'fatal' });
    // Without a stage given, a bad input is the extractor's and anything else the run's.
    expect(badInput('input/empty', 'e.docx', 'the file is empty').stage).toBe('extract');
    expect(new DisclosureError('lock/held', 'held', 'retriable').stage).toBe('run');
    // The file being handled places an error that names none; an error's own file wins.
    expect(e.diagnostic('y.docx').location).toEqual({ file: 'y.docx' });
    expect(badInput('zip/corrupt', 'b.docx', 'bad').diagnostic('other.docx').location).toEqual({ file: 'b.docx' });
  });

  it('keeps an error whole through a worker thread: rule, stage, file, reason and action', () => {
    const sent = new DisclosureError('limit/grid', 'the table is too large', 'skippable', 'big.xlsx', { stage: 'transform' });
    const back = reviveError(JSON.parse(JSON.stringify(serialiseError(sent))) as ReturnType<typeof serialiseError>);
    expect(back.diagnostic()).toEqual(sent.diagnostic());
    expect(back.message).toBe('big.xlsx: the table is too large');
    // Anything else thrown in a worker is internal/unexpected, placed in the file being handled.
    expect(reviveError(serialiseError(new Error('boom'), 'c.pdf')).diagnostic()).toMatchObject({ rule: 'internal/unexpected', reason: 'boom', location: { file: 'c.pdf' } });
  });

  it('gives a failed file its event error once: the diagnostic with the keys code and message beside it', () => {
    expect(failureOf(badInput('format/legacy-doc', 'old.doc', 'a legacy binary .doc'), 'old.doc')).toEqual({
      severity: 'error', rule: 'format/legacy-doc', stage: 'extract', reason: 'a legacy binary .doc', location: { file: 'old.doc' }, action: 'skippable',
      code: 'format/legacy-doc', message: 'old.doc: a legacy binary .doc',
    });
  });

  it("lets an error's action decide: a skippable error is the file's fault, a retriable or fatal one stops the run", () => {
    // environmentFailure is what ingest asks before quarantining (pipelines/ingest.ts): null means "skip the file".
    expect(environmentFailure(badInput('zip/corrupt', 'b.docx', 'bad'))).toBeNull();
    const busy = new DisclosureError('warehouse/unreachable', 'busy', 'retriable');
    const full = new DisclosureError('env/disk-full', 'no space', 'fatal');
    expect(environmentFailure(busy)).toBe(busy);
    expect(environmentFailure(full)).toBe(full);
  });
});
