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
 * Tunes this process for reading one file and exiting (`parse`, `extract`): WebAssembly code (the PDF
 * engine) stays as first compiled and is not recompiled for speed in the background. A batch gains from
 * that recompilation; one document does not (a one-off `parse` of a real PDF: about 12% less CPU). V8's
 * flags are process-wide, so only a command that runs no batch may call this, before its first PDF.
 */
export function tuneForOneFile(): void {
  setFlagsFromString('--liftoff-only');
}
