/**
 * Progress of an ingest run, as a user sees it. On a terminal: one redrawn line with a bar, files done of
 * total, rate and ETA (on stderr, so that stdout stays clean). Elsewhere (cron, systemd, log collectors): one
 * JSON line per file on stdout and a summary line at the end, each a self-contained object with an `event`
 * field. The events themselves are pipelines/events.ts.
 */
import { formatMessage } from '../core/messages.ts';
import type { ProgressSink } from '../pipelines/events.ts';

/** Formats seconds as 1h02m, 3m05s or 12s. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** The terminal line: `[#####-----] 120/400 files  35.2/s  ETA 8s  failed 1`. */
export function renderBar(done: number, total: number, elapsedSeconds: number, failed: number, width = 28): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * width);
  const rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
  const eta = rate > 0 ? (total - done) / rate : Number.NaN;
  const parts = [`[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`, `${done}/${total} files`, `${rate.toFixed(1)}/s`, `ETA ${formatDuration(eta)}`];
  if (failed > 0) parts.push(`failed ${failed}`);
  return parts.join('  ');
}

interface Streams {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream & { isTTY?: boolean };
}

/** JSON lines: one per file, one summary. For non-terminals. */
export function jsonProgress(out: NodeJS.WritableStream = process.stdout): ProgressSink {
  return {
    addTotal() {},
    file(e) {
      out.write(JSON.stringify({ event: 'file', ...e }) + '\n');
    },
    done({ runId, counts, seconds, exitCode, extra }) {
      out.write(JSON.stringify({ event: 'summary', runId, ...counts, seconds: Number(seconds.toFixed(3)), exitCode, ...extra }) + '\n');
    },
  };
}

/** A redrawn bar on a terminal, failures printed above it as they happen, and a summary at the end. */
export function terminalProgress(streams: Streams = { out: process.stdout, err: process.stderr }, now = () => performance.now()): ProgressSink {
  const started = now();
  let total = 0;
  let done = 0;
  let failed = 0;
  let lastDraw = 0;
  const draw = (force: boolean) => {
    const t = now();
    if (!force && t - lastDraw < 100) return;
    lastDraw = t;
    streams.err.write(`\r${renderBar(done, total, (t - started) / 1000, failed)}\u001b[K`);
  };
  return {
    addTotal(n) {
      total += n;
      draw(false);
    },
    file(e) {
      done++;
      if (e.outcome === 'failed') {
        failed++;
        streams.err.write(`\r\u001b[K${e.error ? formatMessage(e.error) : `failed ${e.path}`}\n`);
      }
      draw(e.outcome === 'failed');
    },
    done({ runId, counts, seconds, exitCode }) {
      draw(true);
      streams.err.write('\n');
      const c = counts;
      streams.out.write(
        `run ${runId ?? '-'}: ${c.seen} files seen, ${c.new} new, ${c.updated} updated, ${c.unchanged} unchanged, ` +
          `${c.skipped} skipped, ${c.failed} failed; ${c.lineItems} line items; ${seconds.toFixed(1)}s` +
          (exitCode !== 0 ? ` (exit code ${exitCode}: see \`disclosure status\` for the quarantined files)` : '') + '\n',
      );
    },
  };
}

/** The bar on a terminal, JSON lines elsewhere (or when `json` is forced). */
export function chooseProgress(json?: boolean): ProgressSink {
  return json || !process.stderr.isTTY ? jsonProgress() : terminalProgress();
}
