/**
 * Issue #17, items 9 and 10: English mode lasts across navigation, sets <html lang="en"> and keeps table 三's
 * column heads whole; count axes tick at whole numbers, rate axes never repeat a label; the list, compare and
 * chart pages' titles name the view; the chart page's DuckDB-WASM size is what the server sends.
 *
 * Needs `dist/` built from the bundled corpus: npm run build:data && npm run build
 */
import { describe, it, expect } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { byAgency, siteAndBrowser, DIST, WASM_WAIT } from './built.ts';

const site = siteAndBrowser();
const leiming = byAgency('雷鸣镇人民政府');
const zhaogang = byAgency('封丘县赵岗镇');

async function open(path: string, width = 1280) {
  const page = await site.browser.newPage({ viewport: { width, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(site.srv.url + path);
  return { page, errors };
}
/** The x-axis tick labels of a Plot chart, or of the prerendered BarChart. */
const ticks = (page: Page, fig: string) => page.locator(`${fig} svg [aria-label="x-axis tick label"] text, ${fig} svg.ssr-chart > g[aria-hidden] text`).allTextContents();

describe('English mode', () => {
  it('sets lang="en" and lasts across navigation, also through links the page makes itself', async () => {
    const { page, errors } = await open('?lang=en');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.click('header.site nav a[href$="reports/"], header.site nav a[href*="reports/?"]');
    await page.waitForSelector('#list[data-ready]', { state: 'attached' });
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.locator('header.site .en').first().isVisible()).toBe(true);
    // a report link rendered by the list's script
    await page.locator('#list a', { hasText: leiming.agency }).first().click();
    await page.waitForSelector('#report[data-ready]', { state: 'attached' });
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    // off again: lang back to zh-CN and links lose the parameter
    await page.click('#lang-toggle');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.getAttribute('header.site nav a[href*="compare/"]', 'href')).not.toContain('lang=en');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('table 三\'s column heads stay whole (one line for 自然人, 商业企业 …) at 360 px and 1280 px', async () => {
    for (const width of [360, 1280]) {
      const { page } = await open(`report/?id=${leiming.id}&lang=en`, width);
      await page.waitForSelector('#report[data-ready]', { state: 'attached' });
      const heads = await page.evaluate(() => [...document.querySelectorAll('table[aria-labelledby=t3] thead th')].map((th) => {
        const zh = [...th.childNodes].find((n) => n.nodeType === 3 && n.textContent!.trim())!;
        const r = document.createRange(); r.selectNodeContents(zh);
        const tops = new Set([...r.getClientRects()].map((b) => Math.round(b.top)));
        return { text: zh.textContent!.trim(), lines: tops.size };
      }));
      const short = heads.filter((h) => h.text.length <= 7);
      expect(short.map((h) => h.text)).toEqual(expect.arrayContaining(['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '总计']));
      for (const h of short) expect(h.lines, `${h.text} at ${width}px`).toBe(1);
      await page.close();
    }
  });
});

describe('axes and titles', () => {
  it('compare: a count axis over all-zero reports ticks at whole numbers; the blank 公开率 ranking repeats no tick label; the title names the reports', async () => {
    const ids = `${leiming.id},${zhaogang.id}`;
    const { page, errors } = await open(`compare/?ids=${ids}`);
    await page.waitForSelector('#compare[data-ready]', { state: 'attached' });
    const rate = await ticks(page, 'figure.chart[data-chart=ranking]');
    expect(rate.length).toBeGreaterThan(1);
    expect(new Set(rate).size, rate.join(' ')).toBe(rate.length);
    const counts = await ticks(page, 'figure.chart[data-chart=multiples]');
    expect(counts.length).toBeGreaterThan(1);
    for (const t of counts) expect(t, counts.join(' ')).toMatch(/^\d[\d,]*$/);
    expect(await page.title()).toContain(leiming.agency);
    expect(await page.title()).toContain(zhaogang.agency);
    await page.selectOption('#rank-m', 'new');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('m') === 'new');
    const c2 = await ticks(page, 'figure.chart[data-chart=ranking]');
    for (const t of c2) expect(t, c2.join(' ')).toMatch(/^\d[\d,]*$/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('home charts: count axes tick at whole numbers', async () => {
    const { page } = await open('');
    for (const id of ['top-applications', 'applications-by-year', 'arithmetic-failures', 'reports-by-year', 'review-correction']) {
      const t = await ticks(page, `figure.chart[data-chart=${id}]`);
      expect(t.length).toBeGreaterThan(1);
      for (const x of t) expect(x, `${id}: ${t.join(' ')}`).toMatch(/^\d[\d,]*$/);
    }
    // the outcome mix is drawn as shares of each year's total: its axis is a rate axis, each label once
    const shares = (await ticks(page, 'figure.chart[data-chart=outcome-mix]')).filter((x) => x.endsWith('%'));
    expect(shares).toEqual(['0%', '50%', '100%']);
    await page.close();
  });

  it('the list page\'s title names its filters', async () => {
    const { page } = await open(`reports/?year=${leiming.year}`);
    await page.waitForSelector('#list[data-ready]', { state: 'attached' });
    expect(await page.title()).toContain(`${leiming.year}年`);
    await page.close();
  });

  it('the chart page: the title names the chart; the stated WASM size is what the server sent', async () => {
    site.srv.reset();
    const { page, errors } = await open('chart/?m=licensing&g=province');
    await page.waitForSelector('#builder[data-ready]', { timeout: WASM_WAIT, state: 'attached' });
    const title = await page.getAttribute('#builder figure.chart', 'data-title');
    expect(await page.title()).toContain(title!);
    const wasm = readdirSync(join(DIST, '_astro')).filter((f) => f.endsWith('.wasm'));
    const sent = wasm.reduce((a, f) => a + site.srv.bytes(`/_astro/${f}`), 0);
    expect(sent).toBeGreaterThan(1e6);
    const stated = await page.locator('#wasm-size').innerText();
    expect(stated).toMatch(/^\d+(\.\d)? MB$/);
    expect(Math.abs(parseFloat(stated) * 1e6 - sent)).toBeLessThanOrEqual(0.05e6 + 1);
    expect(errors).toEqual([]);
    await page.close();
  }, WASM_WAIT + 30_000);

  it('the SQL page states the WASM size the server sent while it loads', async () => {
    site.srv.reset();
    const { page, errors } = await open('sql/');
    await page.waitForFunction(() => document.body.dataset.duckReady === '1', null, { timeout: WASM_WAIT });
    const wasm = readdirSync(join(DIST, '_astro')).filter((f) => f.endsWith('.wasm'));
    const sent = wasm.reduce((a, f) => a + site.srv.bytes(`/_astro/${f}`), 0);
    const loading = (await page.getAttribute('#sql-status', 'data-loading'))!;
    const stated = loading.match(/首次 (\d+(?:\.\d)?) MB/)?.[1];
    expect(stated, loading).toBeDefined();
    expect(Math.abs(parseFloat(stated!) * 1e6 - sent)).toBeLessThanOrEqual(0.05e6 + 1);
    expect(errors).toEqual([]);
    await page.close();
  }, WASM_WAIT + 30_000);
});
