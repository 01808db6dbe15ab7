import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, Browser } from 'playwright-core';
import { generate } from '@salescast/datagen';
import { forecastToFiles } from '../forecast/forecast-to-files';

/**
 * Opens a real report.html in Debian's Chromium (apt-get install chromium): the page must draw its charts,
 * filter SKUs as the buyer types, and switch SKUs on click, with no script error. No infrastructure needed.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

jest.setTimeout(180_000);

describe('report.html in a browser', () => {
  let browser: Browser;
  let data: string;
  let out: string;
  let skus: string[];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    data = mkdtempSync(join(tmpdir(), 'report-data-'));
    out = mkdtempSync(join(tmpdir(), 'report-out-'));
    await generate({ out: data, seed: 3, scale: 0.0002, skus: 10 });
    const { run } = await forecastToFiles({
      data,
      out,
      horizon: 28,
      serviceLevel: 0.95,
      reviewDays: 30,
      top: 5,
      seed: 1,
      workers: 1,
    });
    skus = run.forecasts.map((f) => f.input.sku.sku);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 600_000); // a hang guard: fitting 5 SKUs took over 3 minutes at load 40

  afterAll(async () => {
    await browser?.close();
    for (const dir of [data, out]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('draws the charts, filters SKUs by search and opens the one clicked', async () => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`file://${join(out, 'report.html')}`);

    expect(await page.locator('#summary .card').count()).toBe(5);
    const totalHistory = await page.locator('#total-chart svg path.history').getAttribute('d');
    expect(totalHistory?.split('L').length).toBeGreaterThan(100); // weekly points since 2018
    expect(await page.locator('#total-chart svg path.forecast').count()).toBe(1);
    expect(await page.locator('#sku-detail svg path.band').count()).toBeGreaterThan(0);
    expect(await page.locator('#sku-detail svg rect.closed').count()).toBeGreaterThan(0); // the shutdown is shown
    expect(await page.locator('#top-table tbody tr').count()).toBe(skus.length);

    const list = page.locator('#sku-list li');
    expect(await list.count()).toBe(skus.length);
    await page.fill('#search', skus[1]);
    expect(await list.count()).toBe(1);
    expect(await list.first().getAttribute('data-sku')).toBe(skus[1]);
    await page.fill('#search', 'no such sku');
    expect(await list.count()).toBe(0);
    expect(await page.locator('#sku-count').textContent()).toBe(`0 of ${skus.length} SKUs`);
    await page.fill('#search', '');
    await list.nth(2).click();
    expect(await page.locator('#sku-detail h3').textContent()).toContain(skus[2]);

    const shot = join(out, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(20_000);
    expect(errors).toEqual([]);
  });
});
