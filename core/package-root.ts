/**
 * The package's root folder, whatever the working directory and whichever layout runs: the nearest folder
 * up with a package.json: one level above the sources (core/), two above the compiled build (dist/core/) and
 * the bundle (dist/bundle/).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return dirname(from);
  }
}

export const PACKAGE_ROOT: string = findRoot(dirname(fileURLToPath(import.meta.url)));
