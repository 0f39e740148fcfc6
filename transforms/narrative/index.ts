/**
 * Narrative facts: the figures the 情况说明 states, in the metric vocabulary of the seed's expected.json
 * (docs/domain.md, "Narrative facts"): value as printed in its printed unit (a decrease negative), the exact 元
 * amount, share and completion percentages, changes as separate `<metric>.change` / `.change_pct` facts,
 * the stated reason, and the sentence with its span in the document text.
 *
 * The work is split by concern: narrative/runs.ts (text and offsets), narrative/metrics.ts (the rule
 * table), narrative/scan.ts (numbers → raw facts); this file assembles Facts, resolves 类/款/项 paths to
 * codes with the codebook when one is given, and reports what it could not do.
 */
import { info, result, type Message, type Result } from '../../core/messages.ts';
import { documentText, type Document } from '../../extractors/model.ts';
import type { Fact, ReportMeta } from '../model.ts';
import { LAST_STATEMENT_WINS } from './metrics.ts';
import { narrativeRuns, printed, sentences, type Run, type Sentence } from './runs.ts';
import { scanRun, type RawFact } from './scan.ts';

/**
 * The part of the codebook (transforms/codebook/codebook.ts) that fact extraction uses: the code of a narrative path of
 * names (类 first) for a year. Kept as a narrow interface so that a test can pass any resolver.
 */
export interface PathResolver {
  resolvePath(
    scheme: 'function',
    year: number,
    names: readonly string[],
  ): Result<{ readonly code: string; readonly complete: boolean } | null>;
}

const REASON = /主要(?:变动)?原因(?:是|为|如下)?:?/u;

/**
 * Extracts the facts stated in the narrative paragraphs of `doc`. `codebook`, when given, fills the `code`
 * of by_function and detail facts from their printed 类/款/项 names (for `meta.year`); otherwise, or where a
 * path does not resolve, `code` is null and an info message says so.
 */
export function extractFacts(doc: Document, meta: ReportMeta, codebook?: PathResolver): Result<Fact[]> {
  const messages: Message[] = [];
  const text = documentText(doc);
  const unitNames = [meta.unit, ...meta.unitAliases].filter((n): n is string => !!n).sort((a, b) => b.length - a.length);
  const ctx = { kind: meta.kind, moneyUnit: meta.moneyUnit, unitNames };
  const facts: Fact[] = [];
  const unclassified: string[] = [];
  let assumed = 0;
  let noCodebook = 0;
  // One resolution (and one set of messages) per printed path: a path is restated for budget, 决算 and change.
  const resolved = new Map<string, string | null>();

  for (const run of narrativeRuns(doc)) {
    const printedOf = (from: number, to: number): string => printed(text, run, from, to).replace(/\s+/gu, '');
    const scanned = scanRun(run, ctx, printedOf);
    unclassified.push(...scanned.unclassified);
    const sents = sentences(run);
    const reasons = findReasons(text, run, sents);
    for (const raw of scanned.facts) {
      if (raw.assumedUnit) assumed++;
      const key = raw.path?.join('/') ?? '';
      if (raw.path && !resolved.has(key)) resolved.set(key, resolveCode(raw, meta, codebook, messages, run));
      const code = raw.path ? (resolved.get(key) ?? null) : null;
      if (raw.path && !codebook) noCodebook++;
      const fact = toFact(raw, code, text, run, sents, reasons);
      facts.push(fact);
      // A completion stated for a total is also a fact of its own (expected.json: general_budget.expenditure.completion_pct).
      if (raw.base && raw.completionPct !== null && raw.path === null) {
        facts.push({ ...fact, metric: `${raw.metric}.completion_pct`, value: raw.completionPct, unit: '%', yuan: null, sharePct: null, completionPct: null });
      }
    }
  }

  if (assumed > 0) {
    messages.push(info('transform', 'narrative/unit-assumed', `${assumed} figure(s) printed without a unit were read in the narrative's unit (${meta.moneyUnit ?? '?'})`));
  }
  if (noCodebook > 0) {
    messages.push(info('transform', 'narrative/no-codebook', `${noCodebook} by-function/detail fact(s) keep a null code: no codebook was given to resolve their names`));
  }
  if (unclassified.length > 0) {
    const sample = [...new Set(unclassified)].slice(0, 8).map((l) => `"${l}"`).join(', ');
    messages.push(info('transform', 'narrative/unclassified', `${unclassified.length} amount(s) in the narrative match no metric and are not facts (labels: ${sample})`));
  }
  return result(keepLastStatements(facts, messages), messages);
}

function resolveCode(raw: RawFact, meta: ReportMeta, codebook: PathResolver | undefined, messages: Message[], run: Run): string | null {
  if (!codebook || !raw.path) return null;
  const where = { block: run.block[raw.at] ?? 0 };
  if (meta.year === null) {
    messages.push(info('transform', 'narrative/code-unresolved', `"${raw.path.join('/')}" is not resolved to a code: the report year is unknown`, where));
    return null;
  }
  const resolved = codebook.resolvePath('function', meta.year, raw.path);
  messages.push(...resolved.messages.map((m) => ({ ...m, location: { ...where, ...m.location } })));
  if (resolved.value && resolved.value.complete) return resolved.value.code;
  messages.push(info('transform', 'narrative/code-unresolved', `"${raw.path.join('/')}" does not resolve to a ${meta.year} function code; the fact keeps a null code`, where));
  return null;
}

interface Reason {
  readonly at: number;
  readonly sentence: number;
  readonly text: string;
}

/** The stated reasons of a run (主要原因是…, 主要变动原因是…, 决算数小于预算数的主要原因：…), up to the end of their sentence. */
function findReasons(text: string, run: Run, sents: readonly Sentence[]): Reason[] {
  const out: Reason[] = [];
  sents.forEach((s, i) => {
    const m = REASON.exec(run.clean.slice(s.from, s.to));
    if (!m) return;
    const from = s.from + m.index + m[0].length;
    const to = run.clean[s.to - 1] === '。' ? s.to - 1 : s.to;
    const reason = printed(text, run, from, to).replace(/^[：:，,\s]+/u, '');
    if (reason) out.push({ at: s.from + m.index, sentence: i, text: reason });
  });
  return out;
}

function toFact(raw: RawFact, code: string | null, text: string, run: Run, sents: readonly Sentence[], reasons: readonly Reason[]): Fact {
  const index = Math.max(0, sents.findIndex((s) => raw.at >= s.from && raw.at < s.to));
  const s = sents[index] ?? { from: 0, to: run.clean.length };
  // The reason given after a figure, in its sentence or within the next two, before another reason.
  const reason = reasons.find((r) => r.at > raw.at && r.sentence - index <= 2) ?? null;
  return {
    metric: raw.metric,
    code,
    name: raw.name,
    value: raw.value,
    unit: raw.unit,
    yuan: raw.yuan,
    sharePct: raw.sharePct,
    completionPct: raw.completionPct,
    reason: reason?.text ?? null,
    sentence: printed(text, run, s.from, s.to),
    prov: { block: run.block[s.from] ?? 0, start: run.start[s.from] ?? 0, end: run.end[s.to - 1] ?? 0 },
  };
}

/**
 * Staffing is narrated over time (核定事业编制15名 … 增加事业编制2名 … 调整后共有事业编制17名): the last
 * statement of such a metric is the current one; earlier ones are dropped with an info message.
 */
function keepLastStatements(facts: readonly Fact[], messages: Message[]): Fact[] {
  const last = new Map<string, Fact>();
  for (const f of facts) if (LAST_STATEMENT_WINS.has(f.metric)) last.set(f.metric, f);
  return facts.filter((f) => {
    const kept = last.get(f.metric);
    if (!kept || kept === f) return true;
    if (kept.value !== f.value) {
      messages.push(info('transform', 'narrative/superseded', `${f.metric} ${f.value}${f.unit ?? ''} is superseded by the later statement ${kept.value}${kept.unit ?? ''}`, { block: f.prov.block }));
    }
    return false;
  });
}
