/** Facts about processes of this machine. */
import { setFlagsFromString } from 'node:v8';

/** True while a process of this machine with that pid exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Tunes this process for reading one file and exiting (`parse`, `extract`): code stays as first compiled.
 * V8 otherwise recompiles hot JavaScript (TurboFan) and hot WebAssembly (the PDF engine) for speed on
 * background threads; a batch gains from that, one document does not. Over seven alternating one-off
 * parses of real PDFs: rendaban-2017 0.81 -> 0.55 s of CPU, wanli-street 2023 (35 pages, the largest)
 * 1.15 -> 0.87 s, and wall time no longer either. V8's flags are process-wide, so only a command that runs
 * no batch may call this, before its first file.
 */
export function tuneForOneFile(): void {
  setFlagsFromString('--liftoff-only');
  setFlagsFromString('--no-opt');
}
