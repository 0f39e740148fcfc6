/**
 * Issue 8, security: HTML input never executes or fetches anything. The other promises are tested where
 * their code lives: SQL parameterised (a unit named `'; DROP TABLE x; --` round-trips) in
 * warehouse.test.ts; spreadsheet formulas escaped in export-csv.test.ts and export-datasets.test.ts;
 * an output path cannot escape its folder (`--out ../../escape.csv` refused with export/path-escape) in
 * export-datasets.test.ts.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { documentText } from '../../extractors/model.ts';
import { extractBytes } from '../../extractors/index.ts';
import { processBytes } from '../../pipelines/stages.ts';

const page = `<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="http://127.0.0.1:9/style.css"><script src="http://127.0.0.1:9/app.js"></script>
<meta http-equiv="refresh" content="0; url=http://127.0.0.1:9/elsewhere"><base href="http://127.0.0.1:9/">
<title>某某局2023年部门预算</title></head>
<body onload="fetch('http://127.0.0.1:9/onload')"><div class="article">
<h1>某某局2023年部门预算</h1>
<script>globalThis.__disclosureScriptRan = true; fetch('http://127.0.0.1:9/inline');</script>
<img src="http://127.0.0.1:9/a.png" onerror="globalThis.__disclosureScriptRan = true">
<iframe src="http://127.0.0.1:9/frame"></iframe><object data="http://127.0.0.1:9/o.swf"></object>
<svg><image href="http://127.0.0.1:9/i.svg"/><script>globalThis.__disclosureScriptRan = true</script></svg>
<h2>第一部分 部门概况</h2><p>本部门2023年收入预算合计1,234.56万元。</p>
<p style="background:url(http://127.0.0.1:9/bg.png)">单位：万元</p>
<table><tr><td>项目</td><td>金额</td></tr><tr><td>财政拨款收入</td><td>1,234.56</td></tr></table>
</div></body></html>`;

/** Every way out of the process the extractors could take, made to throw and counted. */
function forbidNetwork(): { calls: string[] } {
  const calls: string[] = [];
  const refuse = (what: string) => () => {
    calls.push(what);
    throw new Error(`network access attempted: ${what}`);
  };
  vi.spyOn(globalThis, 'fetch').mockImplementation(refuse('fetch'));
  vi.spyOn(http, 'request').mockImplementation(refuse('http.request'));
  vi.spyOn(http, 'get').mockImplementation(refuse('http.get'));
  vi.spyOn(https, 'request').mockImplementation(refuse('https.request'));
  vi.spyOn(https, 'get').mockImplementation(refuse('https.get'));
  vi.spyOn(net, 'connect').mockImplementation(refuse('net.connect'));
  vi.spyOn(net, 'createConnection').mockImplementation(refuse('net.createConnection'));
  vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(refuse('net.Socket#connect'));
  vi.spyOn(dns, 'lookup').mockImplementation(refuse('dns.lookup'));
  return { calls };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('HTML input is read as inert text', () => {
  it('extracts a page full of scripts, remote images, styles, frames and a refresh without any network access', async () => {
    const net = forbidNetwork();
    const doc = await extractBytes(new TextEncoder().encode(page), 'active.html');
    // Give any stray timer or promise a reader may have scheduled a chance to run before checking.
    await new Promise((r) => setTimeout(r, 50));
    expect(net.calls).toEqual([]);
    expect((globalThis as { __disclosureScriptRan?: boolean }).__disclosureScriptRan).toBeUndefined();
    const text = documentText(doc);
    expect(text).toContain('本部门2023年收入预算合计1,234.56万元。');
    expect(text).not.toMatch(/fetch\(|__disclosureScriptRan|127\.0\.0\.1/);
  });

  it('runs the whole file pipeline (extract, normalise, checks) on it without any network access', async () => {
    const net = forbidNetwork();
    const processed = await processBytes(new TextEncoder().encode(page), 'active.html');
    await new Promise((r) => setTimeout(r, 50));
    expect(net.calls).toEqual([]);
    expect((globalThis as { __disclosureScriptRan?: boolean }).__disclosureScriptRan).toBeUndefined();
    expect(processed.report.meta).toMatchObject({ year: 2023, kind: 'budget' });
  });
});
