/**
 * The report list and the compare picker read no per-report data until a reader needs it: the list works from
 * its prerendered first page and facet counts, then reads only its columns of `reports` (all of its files) on the
 * first facet click, sort, page or search, or at once for a link that carries one. There is no reports-index.json.
 * Expected values come from the built site's data read with DuckDB. Needs `dist/` (npm run build:data && npm run build).
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DIST, byAgency, siteAndBrowser } from './built.ts';
import { dataQuery } from './reporttable.ts';
import { LIST_PAGE, pagerPages } from '../../src/lib/listview.ts';

const DATA = join(DIST, 'data');
const site = siteAndBrowser();
const all = await dataQuery(DATA, 'SELECT id, province, city, year::INTEGER AS year FROM {reports}');
// the province with the most reports, and its city with the most: a facet click and its drill-down
const [top] = await dataQuery(DATA, 'SELECT province, count(*)::INTEGER AS n FROM {reports} WHERE province IS NOT NULL GROUP BY 1 ORDER BY n DESC, province LIMIT 1');
const [topCity] = await dataQuery(DATA, 'SELECT city, count(*)::INTEGER AS n FROM {reports} WHERE province = $1 AND city IS NOT NULL GROUP BY 1 ORDER BY n DESC, city LIMIT 1', [top.province]);
const years = await dataQuery(DATA, 'SELECT year::INTEGER AS year, count(*)::INTEGER AS n FROM {reports} GROUP BY 1');

/** Requests of per-report data: the data folder, the table list, the index file that no longer exists. */
const perReport = (paths: string[]) => paths.filter((p) => p.startsWith('/data/') || p.endsWith('data-files.json') || p.includes('reports-index'));
/** Requests for the reports table's files (one file or its partitions). */
const REPORTS = /\/data\/reports(\.parquet|\/)/;

async function open(path: string): Promise<{ page: Page; paths: string[]; errors: string[] }> {
  const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const paths: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => paths.push(new URL(r.url()).pathname));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(site.srv.url + path);
  return { page, paths, errors };
}
const ids = async (page: Page) => (await page.locator('#tbl tbody tr td:first-child a:first-child').evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).searchParams.get('id')!)));

describe('report list: no per-report data before a reader asks', () => {
  it('the site has no reports-index.json', async () => {
    expect(existsSync(join(DIST, 'reports-index.json'))).toBe(false);
    const res = await fetch(`${site.srv.url}reports-index.json`);
    expect(res.status).toBe(404);
  });

  it('is ready from the prerendered page alone; a facet click reads only the reports table and filters to the real count', async () => {
    expect(all.length).toBeGreaterThan(100); // two pages: the pager is prerendered too
    const { page, paths, errors } = await open('reports/');
    await page.waitForSelector('#list[data-ready]', { state: 'attached' });
    await page.waitForTimeout(500);
    expect(perReport(paths)).toEqual([]);
    expect(Number(await page.textContent('#n-shown'))).toBe(all.length);
    expect(await page.locator('#tbl tbody tr').count()).toBe(100);
    // facet counts over the whole corpus are in the HTML
    for (const y of years) expect(await page.locator(`[data-facet=year] button[data-v="${y.year}"] .count`).textContent()).toBe(String(y.n));
    // pages 1, 2 … of 100 reports (the first, the last and three either side past twelve pages: reportcols.test.ts)
    const pages = Math.ceil(all.length / LIST_PAGE);
    expect(await page.locator('#pager button').allTextContents()).toEqual(pagerPages(all.length, 1).map(String));
    expect((await page.locator('#pager button').allTextContents()).at(-1)).toBe(String(pages));
    const firstPage = await ids(page);

    // the read is held so that its notice can be seen
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    await page.route(REPORTS, async (route) => { await held; await route.continue(); });
    site.srv.reset(); paths.length = 0;
    await page.click(`[data-facet=province] button[data-v="${top.province}"]`);
    await page.waitForSelector('#list[data-loading]', { state: 'attached' });
    expect(await page.textContent('#list-status')).toContain('正在读取报告列表');
    release();
    await page.waitForFunction((p) => new URL(location.href).searchParams.get('province') === p, top.province);
    expect(await page.textContent('#list-status')).toBe('');
    expect(Number(await page.textContent('#n-shown'))).toBe(top.n);
    expect(await page.locator('#tbl tbody tr').count()).toBe(Math.min(100, top.n));
    const regions = await page.locator('#tbl tbody tr td:nth-child(3)').allTextContents();
    expect(regions.every((r) => r.startsWith(top.province))).toBe(true);
    // only the reports table was read for it, and only the list's columns of it
    const data = perReport(paths).filter((p) => p.startsWith('/data/'));
    expect(data.length).toBeGreaterThan(0);
    expect(data.filter((p) => !REPORTS.test(p))).toEqual([]);
    console.log(`list columns of the bundled corpus (${all.length} reports): ${site.srv.bytes('/data/')} bytes of data sent`);

    // drill down to a city: the count is the data's
    await page.click(`[data-facet=province] button[data-k=city][data-v="${topCity.city}"]`);
    await page.waitForFunction((c) => new URL(location.href).searchParams.get('city') === c, topCity.city);
    expect(Number(await page.textContent('#n-shown'))).toBe(topCity.n);
    // back twice: the whole list again, in the prerendered order
    await page.goBack();
    await page.goBack();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('province'));
    expect(Number(await page.textContent('#n-shown'))).toBe(all.length);
    expect(await ids(page)).toEqual(firstPage);
    // page 2 holds the rest: every report of the data, once
    await page.click('#pager button[data-page="2"]');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('page') === '2');
    const both = [...firstPage, ...(await ids(page))];
    if (all.length <= 200) {
      expect(both.length).toBe(all.length);
      expect([...both].sort()).toEqual(all.map((r) => r.id).sort());
    } else {
      // a large corpus (test:e2e:scale): page 2 holds the next 100 reports, none of page 1's
      expect(both.length).toBe(200);
      expect(new Set(both).size).toBe(200);
      const known = new Set(all.map((r) => r.id));
      expect(both.every((id) => known.has(id))).toBe(true);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a shared link with a filter and a sort is read at once and shown as it asks', async () => {
    const [max] = await dataQuery(DATA, 'SELECT max(t3_new_total)::INTEGER AS m FROM {reports} WHERE province = $1', [top.province]);
    const { page, paths, errors } = await open(`reports/?province=${encodeURIComponent(top.province)}&sort=new&dir=desc`);
    await page.waitForSelector('#list[data-ready]', { state: 'attached' });
    expect(paths.some((p) => REPORTS.test(p))).toBe(true);
    expect(Number(await page.textContent('#n-shown'))).toBe(top.n);
    const firstNew = (await page.locator('#tbl tbody tr').first().locator('td').nth(4).textContent())!.replace(/,/g, '');
    expect(Number(firstNew)).toBe(max.m);
    expect(await page.getAttribute('#tbl th:has(button[data-sort=new])', 'aria-sort')).toBe('descending');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('when the data cannot be read it says why in Chinese, keeps the prerendered page, and tries again on the next click', async () => {
    const { page } = await open('reports/');
    await page.waitForSelector('#list[data-ready]', { state: 'attached' });
    await page.route(REPORTS, (route) => route.abort());
    await page.click(`[data-facet=province] button[data-v="${top.province}"]`);
    await page.waitForSelector('#list[data-error]', { state: 'attached' });
    const msg = await page.textContent('#list-status');
    expect(msg).toMatch(/^无法读取报告列表的数据（.*reports.*），/);
    expect(msg).toContain('预先生成的前 100 份报告');
    expect(new URL(page.url()).searchParams.has('province')).toBe(false);
    expect(Number(await page.textContent('#n-shown'))).toBe(all.length);
    expect(await page.locator('#tbl tbody tr a[href*="report/?id="]').count()).toBeGreaterThanOrEqual(100);
    await page.unroute(REPORTS);
    await page.click(`[data-facet=province] button[data-v="${top.province}"]`);
    await page.waitForFunction((p) => new URL(location.href).searchParams.get('province') === p, top.province);
    expect(Number(await page.textContent('#n-shown'))).toBe(top.n);
    expect(await page.getAttribute('#list', 'data-error')).toBeNull();
    await page.close();
  });
});

describe('compare picker: reads the reports columns when a reader turns to it', () => {
  it('no reports read on load; focus reads them; typing finds the data\'s matches and adds one', async () => {
    const a = byAgency('雷鸣镇人民政府'); const b = byAgency('封丘县赵岗镇');
    const { page, paths, errors } = await open(`compare/?ids=${a.id},${b.id}`);
    await page.waitForSelector('#compare[data-ready]', { state: 'attached' });
    await page.waitForTimeout(500);
    expect(paths.filter((p) => REPORTS.test(p) || p.includes('reports-index'))).toEqual([]);
    // the picked reports are named from their records
    expect(await page.locator('#picked .pill').allTextContents()).toEqual([`雷鸣镇人民政府 ${a.year}×`, `封丘县赵岗镇 ${b.year}×`]);
    await page.focus('#pick-q');
    await page.waitForSelector('#pick-results li');
    expect(paths.some((p) => REPORTS.test(p))).toBe(true);
    const term = '海坛';
    const [want] = await dataQuery(DATA, `SELECT count(*)::INTEGER AS n FROM {reports} WHERE id NOT IN ($1, $2)
      AND lower(agency || ' ' || year || ' ' || coalesce(province, '') || coalesce(city, '') || coalesce(county, '')) LIKE '%' || $3 || '%'`, [a.id, b.id, term]);
    expect(want.n).toBeGreaterThan(0);
    await page.fill('#pick-q', term);
    await page.waitForFunction(() => [...document.querySelectorAll('#pick-results button')].every((x) => x.textContent!.includes('海坛')));
    expect(await page.locator('#pick-results li').count()).toBe(Math.min(30, want.n));
    const label = (await page.locator('#pick-results button').first().textContent())!.replace(/^＋ /, '');
    await page.locator('#pick-results button').first().click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('ids')!.split(',').length === 3);
    await page.waitForSelector('#compare[data-ready]', { state: 'attached' });
    expect(await page.locator('#picked .pill').nth(2).textContent()).toBe(`${label}×`);
    expect(errors).toEqual([]);
    await page.close();
  });
});

it('no page or script of the site asks for reports-index.json', () => {
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === 'data' && d === DIST ? [] : walk(join(d, e.name))) : [join(d, e.name)]));
  const texts = walk(DIST).filter((f) => /\.(html|js|json)$/.test(f));
  expect(texts.some((f) => f.endsWith(join('reports', 'index.html')))).toBe(true);
  expect(texts.filter((f) => readFileSync(f, 'utf8').includes('reports-index'))).toEqual([]);
});
