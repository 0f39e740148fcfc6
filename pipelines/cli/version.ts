/** `disclosure --version`: the package's version, with the Node.js it runs on. */
import { readFileSync } from 'node:fs';

export function versionText(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
  return `${pkg.name} ${pkg.version} (node ${process.versions.node})`;
}
