/**
 * The HTML report opened in headless Chromium, for the four cases a QA lead
 * opens: a passing run, a failing run, 200 iterations of the same failures, and
 * a security matrix with holes. Self-contained (no request leaves the page),
 * nothing blocked by its strict CSP (the filter script runs by its hash), and
 * 200 iterations stay about the size of two. UPDATE_SCREENSHOT=1 writes the
 * screenshots the README shows to docs/.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { Report } from '../../src/model/report.js';
import type { Simulator } from '../../src/sim/server.js';
import { chromiumAvailable, launchChromium } from '../helpers/browser.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { startSim } from '../helpers/sim.js';

const describeBrowser = chromiumAvailable('test/cli/html-report.test.ts') ? describe : describe.skip;

describeBrowser('HTML report in Chromium', () => {
  let sim: Simulator;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    // One at a time, so whatever started is closed in afterAll even when the next part fails.
    sim = await startSim();
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'gatecheck-html-'));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await sim?.close();
  });

  /** Runs gatecheck with -r json,html into dir/<name>.{json,html}; returns the report. */
  async function report(
    name: string,
    files: string[],
    extra: string[] = [],
    env: NodeJS.ProcessEnv = {},
  ): Promise<Report> {
    const r = await runCli(
      [
        'run',
        ...files,
        '-e',
        'environments/local.yaml',
        '--var',
        `baseUrl=${sim.url}`,
        '-r',
        'json,html',
        '--reporter-json-export',
        join(dir, `${name}.json`),
        '--reporter-html-export',
        join(dir, `${name}.html`),
        ...extra,
      ],
      { env },
    );
    expect(r.stderr).toContain('reports written');
    return JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Report;
  }

  /** Opens a report; fails on any request the page makes or anything it logs (a CSP violation is logged). */
  async function open(name: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const url = pathToFileURL(join(dir, `${name}.html`)).href;
    const requests: string[] = [];
    const logged: string[] = [];
    page.on('request', (req) => {
      if (req.url() !== url) requests.push(req.url());
    });
    page.on('console', (m) => logged.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => logged.push(`error: ${e.message}`));
    await page.goto(url);
    expect(requests).toEqual([]);
    expect(logged).toEqual([]);
    // The script ran (allowed by its hash): it shows the controls it drives.
    expect(await page.locator('.controls').isVisible()).toBe(true);
    return page;
  }

  async function screenshot(page: Page, file: string): Promise<void> {
    await page.evaluate('window.scrollTo(0, 0)'); // the sticky filter bar belongs at the top
    const png = await page.screenshot({ fullPage: true });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1100); // width from the IHDR chunk
    if (process.env.UPDATE_SCREENSHOT) {
      mkdirSync(join(ROOT, 'docs'), { recursive: true });
      writeFileSync(join(ROOT, 'docs', file), png);
    }
  }

  const height = (page: Page) => page.evaluate<number>('document.documentElement.scrollHeight');
  const color = (page: Page, selector: string) =>
    page
      .locator(selector)
      .first()
      .evaluate(
        (el) =>
          (
            globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
          ).getComputedStyle(el).backgroundColor,
      );

  test('a passing run: verdict, where it ran, local time with zone, latency per endpoint', async () => {
    const r = await report('passing', ['collections/ords-security.yaml'], [], { TZ: 'Europe/Berlin' });
    expect(r.outcome).toBe('passed');
    const page = await open('passing');
    expect(await color(page, '.verdict')).toBe('rgb(26, 127, 55)');
    const target = await page.locator('p.target').first().innerText();
    expect(target).toContain('environment environments/local.yaml');
    expect(target).toContain(`base URL ${sim.url}`);
    expect(target).toMatch(/started \d{4}-\d\d-\d\d \d\d:\d\d:\d\d Europe\/Berlin \(UTC\+0[12]:00\)/);
    expect(await page.locator('details.group').count()).toBe(0);
    const latency = await page.locator('table.latency').innerText();
    expect(latency).toMatch(/POST \/ords\/\{\{alias\}\}\/myapi\/hello\t\d+\t\d+ ms\t\d+ ms/);
    // The 2.5 s wait is cut to a break, so the bars around it keep their width.
    expect(await page.locator('svg.waterfall .cut').count()).toBeGreaterThan(0);
    const widths = await page
      .locator('svg.waterfall rect.bar')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('width'))));
    expect(Math.max(...widths)).toBeGreaterThan(40);
    await screenshot(page, 'report-passing.png');
  });

  test('a failing run: grouped failures with the request as sent and curl; filters and expand all', async () => {
    const r = await report('failing', [
      'collections/ords-security.yaml',
      'test/cli/fixtures/wrong-expectation.yaml',
    ]);
    expect(r.outcome).toBe('failed');
    const page = await open('failing');
    expect(await page.title()).toBe('gatecheck · ORDS security smoke, Wrong expectations · FAILED');
    expect(await color(page, '.verdict')).toBe('rgb(207, 34, 46)');
    const failedChecks = r.runs.flatMap((run) =>
      run.scenarios.flatMap((s) => s.steps.flatMap((st) => st.checks.filter((c) => !c.passed))),
    );
    expect(await page.locator('details.group').count()).toBe(failedChecks.length);
    const group = page.locator('details.group', { hasText: 'json $.message: expected "Secure Hello World"' });
    await group.locator('summary').click();
    const detail = await group.innerText();
    expect(detail).toContain('Request as sent');
    expect(detail).toMatch(/curl -X POST http:\/\/127\.0\.0\.1:\d+\/ords\/myapi\/myapi\/hello/);
    expect(detail).toContain('"message": "Unauthorized"'); // the response body excerpt
    // The bar of the 200 whose check failed is red; the expected 401 before a refresh is not.
    expect(await page.locator('svg.waterfall rect.bar.bad').count()).toBeGreaterThan(0);

    const visible = () => page.locator('[data-item]:visible').count();
    const all = await visible();
    await page.locator('#failed-only').check();
    expect(await visible()).toBe(await page.locator('[data-item][data-outcome="failed"]').count());
    await page.locator('#failed-only').uncheck();
    await page.locator('#q').fill('wrong message');
    expect(await page.locator('details.scenario:visible').count()).toBe(1);
    await page.locator('#q').fill('');
    expect(await visible()).toBe(all);
    await page.locator('#expand').click();
    expect(await page.locator('details:not([open])').count()).toBe(0);
    await page.locator('#collapse').click();
    expect(await page.locator('details[open]').count()).toBe(0);
    await screenshot(page, 'report-failing.png');
  });

  test('200 iterations of the same failures: one group each with ×200, about the size of two iterations', async () => {
    await report('two', ['test/cli/fixtures/wrong-expectation.yaml'], ['-n', '2']);
    await report('many', ['test/cli/fixtures/wrong-expectation.yaml'], ['-n', '200', '--concurrency', '16']);
    const two = await open('two');
    const many = await open('many');
    expect(await many.locator('details.group').count()).toBe(await two.locator('details.group').count());
    const badges = await many.locator('details.group .badge').allInnerTexts();
    expect(badges).toEqual(badges.map(() => '×200'));
    expect(await many.locator('details.group').first().innerText()).toContain('iterations 1–200');
    expect(await height(many)).toBeLessThan((await height(two)) * 1.15);
    await screenshot(many, 'report-200-iterations.png');
  }, 120_000);

  test('a security matrix: endpoint × caller grid, GOT IN and LOCKED OUT in red', async () => {
    await report('security', ['collections/security-matrix.yaml', 'test/cli/fixtures/security-holes.yaml']);
    const page = await open('security');
    const grids = page.locator('table.grid');
    expect(await grids.count()).toBe(2);
    const holes = grids.nth(1);
    expect(await holes.locator('th[scope=row]').allInnerTexts()).toEqual([
      'GET /ords/{{alias}}/public/items',
      'POST /ords/{{alias}}/myapi/hello',
    ]);
    expect(await holes.locator('td.bad', { hasText: 'GOT IN' }).count()).toBe(3);
    expect(await holes.locator('td.bad', { hasText: 'LOCKED OUT' }).count()).toBe(1);
    const okCells = await grids.nth(0).locator('td.ok').count();
    expect(await grids.nth(0).locator('td.bad').count()).toBe(0);
    expect(okCells).toBe(14); // 2 endpoints × 7 callers, refused or allowed as expected
    expect(await color(page, 'table.grid td.ok')).toBe('rgb(218, 251, 225)');
    expect(await color(page, 'table.grid td.bad')).toBe('rgb(255, 235, 233)');
    await screenshot(page, 'report-security-matrix.png');
  });
});
