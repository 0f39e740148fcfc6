/**
 * Accuracy of the consistency checks against the labelled findings set (tests/fixtures/findings): every
 * report of ../shared/corpus/pdf and the seed, checked one by one as `disclosure check FILE` does.
 *
 *   npm run bench:findings [-- --verbose]
 *
 * Prints precision (true findings of those emitted) and recall (labelled true findings emitted) by rule
 * family and by severity, then every false finding (with the reason where the place is labelled right as
 * printed) and every miss. --verbose also lists the true findings.
 */
import { extractFile } from '../extractors/index.ts';
import { transformDocument } from '../pipelines/stages.ts';
import { REPO, loadLabels, scoreReport, type Judged } from '../tests/fixtures/findings/labels.ts';

const verbose = process.argv.includes('--verbose');

const pct = (n: number, d: number): string => (d === 0 ? '   —  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

async function main(): Promise<void> {
  const judged: Judged[] = [];
  let reports = 0;
  const misses: { file: string; label: { rule: string; severity: string | null; figures: readonly string[]; why: string } }[] = [];
  const t0 = performance.now();
  for (const labels of loadLabels()) {
    const document = await extractFile(`${REPO}${labels.file}`);
    const { findings } = await transformDocument(document);
    const scored = scoreReport(labels, findings);
    reports++;
    judged.push(...scored.judged);
    misses.push(...scored.misses);
  }
  const seconds = (performance.now() - t0) / 1000;

  const rows = (key: (j: Judged) => string, missKey: (m: (typeof misses)[number]) => string): void => {
    const keys = [...new Set([...judged.map(key), ...misses.map(missKey)])].sort();
    for (const k of keys) {
      const emitted = judged.filter((j) => key(j) === k);
      const tp = emitted.filter((j) => j.verdict === 'true').length;
      const missed = misses.filter((m) => missKey(m) === k).length;
      console.log(`  ${k.padEnd(22)} emitted ${String(emitted.length).padStart(3)}  true ${String(tp).padStart(3)}  false ${String(emitted.length - tp).padStart(3)}  missed ${String(missed).padStart(3)}  precision ${pct(tp, emitted.length)}  recall ${pct(tp, tp + missed)}`);
    }
  };
  const family = (rule: string): string => rule.split('/')[0] ?? rule;
  console.log(`findings of ${reports} reports checked in ${seconds.toFixed(1)} s`);
  console.log('by rule family:');
  rows((j) => family(j.finding.ruleId), (m) => family(m.label.rule));
  console.log('by severity (emitted; misses by the severity they deserve):');
  rows((j) => j.finding.severity, (m) => m.label.severity ?? 'none');
  const tp = judged.filter((j) => j.verdict === 'true').length;
  console.log(`all: precision ${pct(tp, judged.length)} (${tp}/${judged.length}), recall ${pct(tp, tp + misses.length)} (${tp}/${tp + misses.length})`);
  const errors = judged.filter((j) => j.finding.severity === 'error');
  const trueErrors = errors.filter((j) => j.verdict === 'true').length;
  console.log(`error findings: precision ${pct(trueErrors, errors.length)} (${trueErrors}/${errors.length})`);

  const show = (j: Judged): string =>
    `  ${j.finding.severity.padEnd(7)} ${j.file.split('/').pop()} ${j.finding.id ?? ''} ${j.finding.ruleId}: ${j.finding.message.slice(0, 220)}`;
  const falses = judged.filter((j) => j.verdict === 'false');
  console.log(`\nfalse findings (${falses.length}):`);
  for (const j of falses) console.log(`${show(j)}\n            ${j.label ? `right as printed: ${j.label.why}` : 'not labelled true: judge it and label it'}`);
  console.log(`\nmisses (${misses.length}):`);
  for (const m of misses) console.log(`  ${(m.label.severity ?? '').padEnd(7)} ${m.file.split('/').pop()} ${m.label.rule} [${m.label.figures.join(', ')}]: ${m.label.why}`);
  const wrongSeverity = judged.filter((j) => j.verdict === 'true' && j.label?.severity && j.label.severity !== j.finding.severity);
  if (wrongSeverity.length > 0) {
    console.log(`\ntrue findings at another severity than labelled (${wrongSeverity.length}):`);
    for (const j of wrongSeverity) console.log(`${show(j)}\n            labelled ${j.label!.severity}`);
  }
  if (verbose) {
    console.log('\ntrue findings:');
    for (const j of judged.filter((x) => x.verdict === 'true')) console.log(show(j));
  }
}

await main();
