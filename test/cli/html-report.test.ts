/**
 * The HTML report opened in headless Chromium: self-contained (no request leaves
 * the page), nothing blocked by its strict CSP, failures expanded, a waterfall bar
 * per exchange. UPDATE_SCREENSHOT=1 refreshes docs/report.png for the README.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import type { Report } from '../../src/model/report.js';
import type { Simulator } from '../../src/sim/server.js';
import { chromiumAvailable, launchChromium } from '../helpers/browser.js';
import { runCli } from '../helpers/cli.js';
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
    const r = await runCli([
      'run',
      'collections/ords-security.yaml',
      'test/cli/fixtures/wrong-expectation.yaml',
      '-e',
      'environments/local.yaml',
      '--var',
      `baseUrl=${sim.url}`,
      '-r',
      'json,html',
      '--reporter-json-export',
      join(dir, 'report.json'),
      '--reporter-html-export',
      join(dir, 'report.html'),
    ]);
    expect(r.code).toBe(1);
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await sim?.close();
  });

  test('renders without network or CSP violations, failures open, one bar per exchange; screenshot taken', async () => {
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const url = pathToFileURL(join(dir, 'report.html')).href;
    const requests: string[] = [];
    const console: string[] = [];
    page.on('request', (req) => {
      if (req.url() !== url) requests.push(req.url());
    });
    page.on('console', (m) => console.push(`${m.type()}: ${m.text()}`));
    await page.goto(url);

    expect(requests).toEqual([]);
    expect(console).toEqual([]); // a CSP violation would be logged here
    expect(await page.title()).toBe('gatecheck · ORDS security smoke, Wrong expectations · FAILED');
    // The stylesheet applied (it is allowed only by its hash): the verdict badge is red.
    const badge = await page
      .locator('.verdict')
      .evaluate(
        (el) =>
          (
            globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
          ).getComputedStyle(el).backgroundColor,
      );
    expect(badge).toBe('rgb(207, 34, 46)');

    const failed = report.runs.flatMap((r) => r.scenarios).filter((s) => s.outcome === 'failed');
    expect(await page.locator('details.scenario[open]').count()).toBe(failed.length);
    const firstFailure = await page.locator('details.scenario.failed').first().innerText();
    expect(firstFailure).toContain('json $.message\t"Secure Hello World"\t"Unauthorized"');

    const exchanges = report.runs.flatMap((r) =>
      r.scenarios.flatMap((s) => s.steps.flatMap((st) => st.exchanges)),
    );
    expect(await page.locator('svg.waterfall rect.bar').count()).toBe(exchanges.length);
    expect(await page.locator('svg.waterfall rect.bar.retry').count()).toBe(report.stats.retries);
    expect(await page.locator('svg.waterfall rect.bar.token').count()).toBe(report.stats.tokenFetches);

    const png = await page.screenshot({ fullPage: true });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1100); // width from the IHDR chunk
    if (process.env.UPDATE_SCREENSHOT) writeFileSync('docs/report.png', png);
  });
});
