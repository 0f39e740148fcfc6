/**
 * `disclosure report` end to end in a real browser: the sample archive is ingested into a temporary SQLite
 * warehouse, the report is written, and Debian's Chromium (driven by playwright-core, no browser download)
 * opens index.html from file:// and checks that every chart was drawn. Locally the test is skipped when
 * /usr/bin/chromium is missing; under CI=true it fails instead (.ci/run installs the `chromium` package).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openWarehouse } from '../../loaders/warehouse/open.ts';
import { wanText } from '../../cli/report-html.ts';

const execFileP = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'bin/disclosure.cjs');
const CHROMIUM = '/usr/bin/chromium';
const IN_CI = process.env.CI === 'true';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function cli(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return execFileP(process.execPath, [bin, ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
}

interface ChartInfo {
  id: string; rendered: string | undefined; series: number; mark: string; svg: boolean; fills: string[]; bars: number; zeroWidthBars: number;
  legend: string[]; svgWidth: number; boxWidth: number; fonts: string[];
}

/** Opens a report and waits for every chart to settle; collects console errors and non-file requests. */
async function open(browser: Browser, dir: string): Promise<{ page: Page; errors: string[]; remote: string[]; charts: ChartInfo[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  const remote: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { if (!r.url().startsWith('file:')) remote.push(r.url()); });
  await page.goto(pathToFileURL(join(dir, 'index.html')).href);
  // A string: the project compiles without the DOM library.
  await page.waitForFunction("[...document.querySelectorAll('.chart')].every((e) => e.dataset.rendered)", undefined, { timeout: 30_000 });
  const charts = await page.$$eval('.chart', (els) => els.map((el) => {
    const rects = [...el.querySelectorAll('.mark-rect.role-mark path')];
    const svg = el.querySelector('svg');
    return {
      id: el.id,
      rendered: el.getAttribute('data-rendered') ?? undefined,
      series: Number(el.getAttribute('data-series')),
      mark: el.getAttribute('data-mark') ?? '',
      svg: svg !== null,
      fills: [...new Set(rects.map((r) => r.getAttribute('fill') ?? ''))].sort(),
      bars: rects.length,
      zeroWidthBars: rects.filter((r) => r.getBoundingClientRect().width < 1).length,
      legend: [...new Set([...el.querySelectorAll('.role-legend-symbol path')].map((p) => p.getAttribute('fill') ?? ''))].sort(),
      svgWidth: svg?.getBoundingClientRect().width ?? 0,
      boxWidth: el.getBoundingClientRect().width,
      fonts: [...new Set([...el.querySelectorAll('svg text')].map((t) => t.getAttribute('font-family') ?? ''))],
    };
  }));
  return { page, errors, remote, charts };
}

// Counted as a failed test (not only a failed hook) so that CI's pass/fail summary shows it.
it.runIf(IN_CI)('finds Debian’s Chromium under CI', () => {
  expect(HAVE_CHROMIUM, `${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)`).toBe(true);
});

describe.skipIf(!HAVE_CHROMIUM && !IN_CI)('disclosure report in headless Chromium', () => {
  let work = '';
  let db = '';
  let browser: Browser | null = null;
  let buildMs = 0;

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`CI=true but ${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)`);
    work = await mkdtemp(join(tmpdir(), 'disclosure-report-'));
    db = join(work, 'warehouse.sqlite');
    await cli('ingest', 'data/samples', '--db', db, '--workers', '0');
    const started = performance.now();
    await cli('report', '--db', db, '--out', join(work, 'all'));
    buildMs = performance.now() - started;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('draws every chart of every unit from file://, with the expected series, no console error and no network', async () => {
    const { page, errors, remote, charts } = await open(browser!, join(work, 'all'));
    try {
      expect(errors).toEqual([]);
      expect(remote).toEqual([]);
      // Three generated units × four charts, and three for the unit of the sample workbook (one 2023 budget;
      // its 三公 合计 sits under 2023年“三公”经费预算数/合计, a path the chart's series does not take);
      // the seed report has no line items to draw.
      expect(charts).toHaveLength(15);
      for (const c of charts) {
        expect(c.rendered, c.id).toBe('true');
        expect(c.svg, c.id).toBe(true);
        expect(c.fills, c.id).toHaveLength(c.series);
        expect(c.bars, c.id).toBeGreaterThan(0);
        // Every bar is visible (none drawn over another at zero width), and the legend's swatches are the bars' colours.
        expect(c.zeroWidthBars, c.id).toBe(0);
        expect(c.legend, c.id).toEqual(c.fills);
        // The chart fills its card: in a 1400 px window, over a thousand pixels wide, not 200.
        expect(c.svgWidth, c.id).toBeGreaterThan(1000);
        expect(c.svgWidth / c.boxWidth, c.id).toBeGreaterThan(0.95);
        expect(c.fonts.join(), c.id).toContain('Noto Sans CJK SC');
      }
      // Totals: income and expenditure, each budget and final, side by side; 三公: budget and final.
      // The workbook's unit has a budget only: income and expenditure, two bars.
      expect(charts.filter((c) => c.id.endsWith('-totals')).map((c) => c.fills.length)).toEqual([4, 4, 4, 2]);
      expect(charts.filter((c) => c.id.endsWith('-three')).map((c) => c.fills.length)).toEqual([2, 2, 2]);
      expect(charts.filter((c) => c.id.endsWith('-basic')).map((c) => c.fills.length)).toEqual([2, 2, 2, 2]);
      // The README's screenshot is refreshed on request only, so that a test run leaves the clone clean.
      if (process.env.UPDATE_SCREENSHOT === '1') {
        await mkdir(join(root, 'docs'), { recursive: true });
        await page.screenshot({ path: join(root, 'docs/report-screenshot.png') });
      } else {
        expect((await page.screenshot()).length).toBeGreaterThan(10_000);
      }
    } finally {
      await page.close();
    }
  });

  it('renders Chinese text as glyphs, not boxes, and shows no English rule id or fallback', async () => {
    const { page } = await open(browser!, join(work, 'all'));
    try {
      // Drawn in the page's own font: Chinese characters against private-use code points, which every font
      // lacks and draws as the same box. Without a CJK font both are boxes and the pixels are identical.
      const drawn = await page.evaluate(`(() => {
        const font = getComputedStyle(document.body).fontFamily;
        const c = document.createElement('canvas'); c.width = 240; c.height = 60;
        const g = c.getContext('2d');
        const draw = (t) => { g.clearRect(0, 0, 240, 60); g.font = '40px ' + font; g.fillText(t, 0, 45); return Array.from(g.getImageData(0, 0, 240, 60).data).join(','); };
        return { cjk: draw('预算决算'), tofu: draw('\\uE000\\uE001\\uE002\\uE003'), blank: draw('') };
      })()`) as { cjk: string; tofu: string; blank: string };
      expect(drawn.cjk).not.toBe(drawn.blank);
      expect(drawn.cjk).not.toBe(drawn.tofu);
      const text = await page.evaluate('document.body.innerText') as string;
      for (const english of ['the warehouse holds', 'no findings', 'unknown unit', 'unknown file', 'source:', 'expected ', '(unknown']) expect(text).not.toContain(english);
      const rules = await page.$$eval('[data-rule]', (els) => [...new Set(els.map((e) => e.getAttribute('data-rule') ?? ''))]);
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) expect(text).not.toContain(rule);
    } finally {
      await page.close();
    }
  });

  it('prints beside the chart the exact warehouse amount, in 万元', async () => {
    const w = await openWarehouse(db);
    let expected: bigint;
    try {
      const row = await w.db.selectFrom('v_line_items').select(['unit', 'amount_fen'])
        .where('table_id', '=', 'final.t03_expenditure').where('row_order', '=', 0).where('measure', '=', 'total')
        .where('year', '=', 2022).where('unit', '=', '青原市数字化城市管理指挥中心').executeTakeFirstOrThrow();
      expected = row.amount_fen!;
    } finally {
      await w.close();
    }
    const { page } = await open(browser!, join(work, 'all'));
    try {
      const cells = await page.$$eval('section.unit', (sections) => sections
        .filter((s) => s.querySelector('h2')?.textContent === '青原市数字化城市管理指挥中心')
        .flatMap((s) => [...s.querySelectorAll('table.numbers tr')])
        .filter((tr) => tr.querySelector('th')?.textContent === '支出合计' && tr.querySelectorAll('td')[0]?.textContent === '决算')
        .map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      const years = await page.$eval('section.unit table.numbers thead', (head) => [...head.querySelectorAll('th')].map((t) => t.textContent));
      expect(years.slice(2)).toEqual(['2021', '2022', '2023']);
      expect(cells).toHaveLength(1);
      expect(cells[0]![2]).toBe(wanText(expected));
    } finally {
      await page.close();
    }
  });

  it('marks the gaps of the coverage matrix and groups the findings by rule with their source', async () => {
    const { page } = await open(browser!, join(work, 'all'));
    try {
      const seedRow = await page.$$eval('table.coverage tbody tr', (trs) => trs
        .filter((tr) => tr.querySelector('th')?.textContent === '攀枝花市数字化城市联动指挥中心')
        .map((tr) => [...tr.querySelectorAll('td')].map((td) => td.className)));
      // The seed unit publishes 2021 only: its 2021 budget is missing, 2022 and 2023 are outside its span.
      expect(seedRow).toEqual([['span', 'gap', 'have', 'out', 'out', 'out', 'out']]);
      const rules = await page.$$eval('#findings details.rule', (els) => els.map((e) => e.getAttribute('data-rule') ?? ''));
      expect(rules).toContain('narrative-arithmetic/parts-sum');
      expect(rules).toEqual([...rules].sort());
      // A unit with no line items (the seed report has no appendix tables) is still linked.
      const nav = await page.$$eval('nav a', (as) => as.map((a) => a.textContent));
      expect(nav).toContain('攀枝花市数字化城市联动指挥中心');
      const sources = await page.$$eval('#findings li.finding p.file code', (els) => els.map((e) => e.textContent ?? ''));
      expect(sources.length).toBeGreaterThan(0);
      expect(sources.every((s) => s.startsWith('data/samples/') || s.includes('/'))).toBe(true);
      const sentence = await page.$$eval('#findings li.finding q', (els) => els.map((e) => e.textContent ?? ''));
      expect(sentence.some((s) => s.includes('政府采购支出总额37.17万元'))).toBe(true);
      const changes = await page.$$eval('table.changes tbody tr', (trs) => trs.length);
      expect(changes).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  });

  it('narrows to one unit and one year with --unit and --year', async () => {
    const out = join(work, 'one');
    const { stderr } = await cli('report', '--db', db, '--out', out, '--unit', '临溪县文化广播电视和旅游局', '--year', '2022');
    expect(stderr).toMatch(/1 units, 4 charts/);
    expect((await readdir(join(out, 'assets'))).sort()).toEqual(['vega-embed.min.js', 'vega-lite.min.js', 'vega.min.js']);
    const { page, errors, charts } = await open(browser!, out);
    try {
      expect(errors).toEqual([]);
      expect(charts.map((c) => c.rendered)).toEqual(['true', 'true', 'true', 'true']);
      expect(await page.$$eval('section.unit h2', (hs) => hs.map((h) => h.textContent))).toEqual(['临溪县文化广播电视和旅游局']);
      expect(await page.$$eval('table.coverage thead th[colspan]', (ths) => ths.map((t) => t.textContent))).toEqual(['2022']);
    } finally {
      await page.close();
    }
  });

  it('builds the sample report in seconds', () => {
    // The whole CLI process (tsx start-up included); the queries and HTML take well under a second.
    expect(buildMs).toBeLessThan(30_000);
  });
});
