import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractFile } from '../../../extractors/index.ts';
import { documentText, type Document } from '../../../extractors/model.ts';
import { loadShippedCodebook } from '../../../loaders/codebook-files.ts';
import { extractMeta } from '../../../transforms/metadata.ts';
import type { Fact } from '../../../transforms/model.ts';
import { extractFacts } from '../../../transforms/narrative/index.ts';

const seed = (ext: string) => fileURLToPath(new URL(`../../../../shared/seeds/panzhihua-szcg-2021-final.${ext}`, import.meta.url));
const FORMATS = ['docx', 'html', 'gbk.html', 'libreoffice.html'] as const;

interface ExpectedFact {
  metric: string;
  value: string;
  code?: string;
  name?: string;
  share_pct?: string;
  completion_pct?: string;
}
const expected = JSON.parse(readFileSync(seed('expected.json'), 'utf8')) as { facts: ExpectedFact[] };

/**
 * Why an expected fact is not matched, or null when it is: every fact of its metric (and code) must carry its
 * value, at least one its share and completion, and none a different share or completion.
 */
function mismatch(e: ExpectedFact, facts: readonly Fact[]): string | null {
  const found = facts.filter((f) => f.metric === e.metric && (e.code === undefined || f.code === e.code));
  const id = `${e.metric}${e.code ? ` ${e.code}` : ''}`;
  if (found.length === 0) return `${id}: missing`;
  const wrong = found.filter((f) => f.value !== e.value);
  if (wrong.length > 0) return `${id}: value ${wrong.map((f) => f.value).join('/')} instead of ${e.value}`;
  for (const [key, attr] of [['share_pct', 'sharePct'], ['completion_pct', 'completionPct']] as const) {
    const want = e[key];
    if (want === undefined) continue;
    if (!found.some((f) => f[attr] === want)) return `${id}: no fact with ${key} ${want}`;
    const other = found.find((f) => f[attr] !== null && f[attr] !== want);
    if (other) return `${id}: ${key} ${other[attr]} instead of ${want}`;
  }
  return null;
}

describe('narrative facts of the seed report, from each of its four formats', () => {
  const docs = new Map<string, Document>();
  const facts = new Map<string, Fact[]>();
  beforeAll(async () => {
    const codebook = loadShippedCodebook();
    for (const f of FORMATS) {
      const doc = await extractFile(seed(f));
      docs.set(f, doc);
      facts.set(f, extractFacts(doc, extractMeta(doc).value, codebook).value);
    }
  });

  it.each(FORMATS)('every fact of expected.json comes out with its value, code, share and completion (%s)', (format) => {
    const got = facts.get(format)!;
    const failures = expected.facts.map((e) => mismatch(e, got)).filter((m): m is string => m !== null);
    const recall = (expected.facts.length - failures.length) / expected.facts.length;
    console.log(`narrative recall ${format}: ${expected.facts.length - failures.length}/${expected.facts.length} = ${(recall * 100).toFixed(1)}%`);
    expect(failures).toEqual([]);
  });

  it.each(FORMATS)('amounts are exact 元 and every fact points at its sentence in the document text (%s)', (format) => {
    const got = facts.get(format)!;
    const text = documentText(docs.get(format)!);
    const total = got.find((f) => f.metric === 'total_income_expense')!;
    expect(total).toMatchObject({ value: '219.59', unit: '万元', yuan: '2195900.00' });
    expect(got.find((f) => f.metric === 'three_public.total.change')).toMatchObject({ value: '-0.32', yuan: '-3200.00' });
    expect(got.find((f) => f.metric === 'vehicles.count')).toMatchObject({ value: '1', unit: '辆', yuan: null });
    for (const f of got) {
      const printed = text.slice(f.prov.start, f.prov.end).replace(/\s+/g, '');
      expect(printed).toBe(f.sentence.replace(/\s+/g, ''));
      const span = docs.get(format)!.blocks[f.prov.block]!.span;
      expect(f.prov.start).toBeGreaterThanOrEqual(span.start);
      expect(f.prov.start).toBeLessThan(span.end);
      expect(printed).toContain(f.value.replace(/^-/, ''));
    }
  });

  it('adds beyond expected.json only what the text states, and says what it could not read', () => {
    const codebook = loadShippedCodebook();
    const doc = docs.get('docx')!;
    const { value, messages } = extractFacts(doc, extractMeta(doc).value, codebook);
    const labelled = new Set(expected.facts.map((e) => e.metric));
    // 增加事业编制2名, 完成预算42%/0%/49%/0% as facts of their own, 比2020年增加0万元，增长0%, 授予小微企业合同金额0万元.
    expect(value.filter((f) => !labelled.has(f.metric)).map((f) => `${f.metric} ${f.value}`)).toEqual([
      'staffing.quota.change 2',
      'three_public.total.completion_pct 42',
      'three_public.outbound.completion_pct 0',
      'three_public.outbound.change 0',
      'three_public.outbound.change_pct 0',
      'three_public.vehicles.completion_pct 49',
      'three_public.reception.completion_pct 0',
      'gov_procurement.small_micro 0',
    ]);
    // 决算数为219.59 has no unit; 金额0万元 names no metric; 核定事业编制15名 / 党政领导职数2名 were adjusted later.
    expect(messages.filter((m) => m.rule.startsWith('narrative/')).map((m) => m.rule)).toEqual([
      'narrative/unit-assumed',
      'narrative/unclassified',
      'narrative/superseded',
      'narrative/superseded',
    ]);
  });

  it('keeps the stated reason with the totals and their changes', () => {
    const got = facts.get('docx')!;
    const reason = '2021年数字城管信息采集等项目服务外包费减少';
    for (const metric of ['total_income_expense', 'total_income_expense.change', 'total_income_expense.change_pct']) {
      expect(got.find((f) => f.metric === metric)?.reason).toBe(reason);
    }
    expect(got.find((f) => f.metric === 'three_public.reception.change')?.reason).toBe('2021年我单位无公务接待');
    expect(got.find((f) => f.metric === 'income.total')?.reason).toBeNull();
  });

  it('prints the class and detail names as the narrative does, and never reads a year or a code as an amount', () => {
    const got = facts.get('html')!;
    const detail = got.filter((f) => f.metric === 'general_budget.expenditure.detail');
    expect(detail.map((f) => f.name)).toEqual(expected.facts.filter((e) => e.metric === 'general_budget.expenditure.detail').map((e) => e.name));
    expect(got.filter((f) => f.metric === 'general_budget.expenditure.by_function').map((f) => f.name)).toEqual(['社会保障和就业', '城乡社区', '住房保障']);
    expect(got.some((f) => /^(?:19|20)\d\d$/.test(f.value) || f.value === '802008' || f.value === '12345')).toBe(false);
  });
});
