/**
 * The layout's rules, checked on the source tree (docs/architecture.md): imports run only from a later
 * stage to an earlier one (core ← extractors ← transforms ← loaders ← pipelines ← cli), there is no import
 * cycle, nothing outside loaders/engines/ branches on the database engine, and no source file grows past
 * 400 lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const STAGES = ['core', 'extractors', 'transforms', 'loaders', 'pipelines', 'cli'] as const;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.(ts|mjs)$/.test(e.name) ? [path] : [];
  });
}

const files = STAGES.flatMap((s) => sources(s));
const text = new Map(files.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]));

/** The source files a file imports (static, type-only and dynamic imports alike). */
function importsOf(file: string): string[] {
  const specs = [...text.get(file)!.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1]!);
  return specs.map((s) => normalize(join(dirname(file), s.replace(/\.js$/, '.ts')))).filter((f) => text.has(f));
}

const graph = new Map(files.map((f) => [f, importsOf(f)]));
const stageOf = (f: string) => STAGES.indexOf(f.split('/')[0] as (typeof STAGES)[number]);

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)!.includes(v)) found.push(component.sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return found;
}

describe('the source layout', () => {
  it('finds the source files of every stage', () => {
    for (const stage of STAGES) expect(files.some((f) => f.startsWith(`${stage}/`)), stage).toBe(true);
  });

  it('imports only from the same or an earlier stage', () => {
    const backwards = [...graph].flatMap(([f, deps]) => deps.filter((d) => stageOf(d) > stageOf(f)).map((d) => `${f} → ${d}`));
    expect(backwards).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cycles().map((c) => c.join(' ↔ '))).toEqual([]);
  });

  it('branches on the engine only inside loaders/engines/', () => {
    const outside = files.filter((f) => !f.startsWith('loaders/engines/'));
    const named = outside.filter((f) => /['"`](postgres|postgresql|sqlite)['"`]/i.test(text.get(f)!));
    const reaching = outside.flatMap((f) => graph.get(f)!.filter((d) => /^loaders\/engines\/(sqlite|postgres)\//.test(d)).map((d) => `${f} → ${d}`));
    expect({ named, reaching }).toEqual({ named: [], reaching: [] });
  });

  it('keeps every source file under 400 lines', () => {
    const long = files.filter((f) => text.get(f)!.split('\n').length > 400).map((f) => relative(ROOT, join(ROOT, f)));
    expect(long).toEqual([]);
  });
});
