/**
 * /data/'s long lists (agencies of the corpus, input files) in chromium, on the built real corpus: the prerendered
 * HTML holds at most one page of each, and the rest is read in pages from the published tables. Every expected value
 * is read from dist/data (the data the site was built with) with DuckDB. Needs `npm run build:data && npm run build`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser.ts';
import { serveStatic, type StaticServer } from './server.ts';
import { AGENCY_PAGE, FILE_PAGE } from '../../src/lib/datarows.ts';

import { DIST } from './dist.ts';
if (!existsSync(join(DIST, 'data', 'index.html')) || !existsSync(join(DIST, 'data', 'files.parquet'))) {
  throw new Error(`${DIST}: no built site with data — run \`npm run build:data && npm run build\` first`);
}
// a table of the data under test, whatever its layout (one file, or partitions past 1,024 reports)
const pq = (t: string) => builtTableSql(join(DIST, 'data'), t);
import { builtTableSql } from './reporttable.ts';
// counts as the page prints them (thousands separated)
import { fmt } from '../../src/lib/measures.ts';

let srv: StaticServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
/** Agencies in the page's order (most reports first, then key) with their reports per year; files in path order. */
let agencies: Array<{ k: string; n: number; years: number[] }>;
let files: Array<{ path: string; status: string; duplicate_of: string | null; report_id: string | null }>;
let yearCols: number[];

beforeAll(async () => {
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  const q = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJson() as any[];
  agencies = (await q(`SELECT coalesce(agency_key, agency) AS k, count(*)::INTEGER AS n, list(year::INTEGER ORDER BY year) AS years FROM ${pq('reports')} GROUP BY 1 ORDER BY n DESC, k`))
    .map((a) => ({ k: a.k, n: Number(a.n), years: a.years.map(Number) }));
  files = await q(`SELECT path, status, duplicate_of, report_id FROM ${pq('files')} ORDER BY path`);
  yearCols = (await q(`SELECT DISTINCT year::INTEGER AS y FROM ${pq('reports')} WHERE year IS NOT NULL ORDER BY 1`)).map((r) => Number(r.y));
  srv = await serveStatic(DIST);
  ({ browser, close: closeBrowser } = await launch());
});
afterAll(async () => { await closeBrowser?.(); await srv?.close(); });

async function open(path: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`); });
  await page.goto(srv.url + path.replace(/^\//, ''));
  await page.waitForSelector('#manifest[data-ready]');
  return { page, errors };
}
const agencyNames = (page: Page) => page.locator('[data-corpus-agencies] tbody th').allInnerTexts();
const filePaths = (page: Page) => page.locator('[data-files] tbody code').allInnerTexts();
const param = (page: Page, k: string) => new URL(page.url()).searchParams.get(k);

describe('/data/: bounded prerender, the rest in pages', () => {
  it('the HTML holds at most one page of each list: the first agencies and the first files other than ok, not the manifest', async () => {
    const html = await (await fetch(`${srv.url}data/`)).text();
    const body = (sel: string) => html.split(sel)[1].split('</tbody>')[0];
    const agencyRows = body('data-corpus-agencies').split('<tr>').length - 2; // the header row and the text before it
    expect(agencyRows).toBe(Math.min(AGENCY_PAGE, agencies.length));
    const notOk = files.filter((f) => f.status !== 'ok');
    // the table's attribute, not the data-files.json links a partitioned corpus's download table carries
    const shown = [...body('<table data-files ').matchAll(/<code>([^<]*)<\/code>/g)].map((m) => m[1]);
    expect(shown).toEqual(notOk.slice(0, FILE_PAGE).map((f) => f.path));
    // the ok files are not in the page (manifest.json is linked, not embedded)
    const ok = files.filter((f) => f.status === 'ok');
    expect(ok.length).toBeGreaterThan(0);
    expect(ok.filter((f) => html.includes(f.path))).toEqual([]);
    expect(html).toContain('manifest.json');
  });

  it('agencies page by page (10 a page in the URL): the next rows in the build order, their years, back and forward', async () => {
    const { page, errors } = await open('/data/?an=10');
    await page.waitForSelector('[data-corpus-agencies][data-size="10"]');
    expect(await agencyNames(page)).toEqual(agencies.slice(0, 10).map((a) => a.k));
    await expect(page.locator('#agency-shown').innerText()).resolves.toContain(`显示前 10 个，共 ${fmt(agencies.length)} 个`);
    await page.click('#agency-pager [data-rel=next]');
    await page.waitForSelector('[data-corpus-agencies][data-page="2"]');
    expect(param(page, 'ap')).toBe('2');
    expect(await agencyNames(page)).toEqual(agencies.slice(10, 20).map((a) => a.k));
    await expect(page.locator('#agency-shown').innerText()).resolves.toContain(`显示第 11–${Math.min(20, agencies.length)} 个，共 ${fmt(agencies.length)} 个`);
    // a row's cells: its number of reports and, per year column, how many of its reports are of that year
    const a = agencies[10];
    const cells = (await page.locator('[data-corpus-agencies] tbody tr').first().locator('td').allInnerTexts()).map((t) => t.trim());
    expect(cells).toEqual([String(a.n), ...yearCols.map((y) => String(a.years.filter((x) => x === y).length || ''))]);
    // the last page: what is left, and no next page
    const last = Math.ceil(agencies.length / 10);
    await page.goto(`${srv.url}data/?an=10&ap=${last}`);
    await page.waitForSelector(`[data-corpus-agencies][data-page="${last}"]`);
    expect(await agencyNames(page)).toEqual(agencies.slice((last - 1) * 10).map((a) => a.k));
    expect(await page.locator('#agency-pager [data-rel=next]').getAttribute('href')).toBeNull();
    await page.goBack();
    await page.waitForSelector('[data-corpus-agencies][data-page="2"]');
    expect(await agencyNames(page)).toEqual(agencies.slice(10, 20).map((a) => a.k));
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('input files: all of them in pages of 100 read by row range, and a status filter', async () => {
    const { page, errors } = await open('/data/');
    await page.selectOption('#file-status', 'all');
    await page.waitForSelector('[data-files][data-status="all"]');
    expect(param(page, 'fs')).toBe('all');
    expect(await filePaths(page)).toEqual(files.slice(0, FILE_PAGE).map((f) => f.path));
    expect(files.length).toBeGreaterThan(FILE_PAGE); // the bundled corpus has a second page
    await page.click('#file-pager [data-rel=next]');
    await page.waitForSelector('[data-files][data-status="all"][data-page="2"]');
    expect(await filePaths(page)).toEqual(files.slice(FILE_PAGE, 2 * FILE_PAGE).map((f) => f.path));
    await expect(page.locator('#file-shown').innerText()).resolves.toContain(`显示第 ${FILE_PAGE + 1}–${Math.min(2 * FILE_PAGE, files.length)} 个，共 ${fmt(files.length)} 个`);
    // an ok file links its report
    const okRow = files.slice(FILE_PAGE).find((f) => f.status === 'ok')!;
    const link = page.locator('[data-files] tbody tr', { hasText: okRow.path }).locator('a');
    expect(await link.getAttribute('href')).toBe(`/report/?id=${okRow.report_id}`);

    // back twice: the first view again (files other than ok), its filter shown in the select
    await page.goBack();
    await page.waitForSelector('[data-files][data-status="all"][data-page="1"]');
    await page.goBack();
    await page.waitForSelector('[data-files][data-status="notok"]');
    expect(param(page, 'fs')).toBeNull();
    expect(await filePaths(page)).toEqual(files.filter((f) => f.status !== 'ok').slice(0, FILE_PAGE).map((f) => f.path));
    expect(await page.locator('#file-status').inputValue()).toBe('notok');

    // one status: exactly the files of that status, in path order
    const dup = files.filter((f) => f.status === 'duplicate');
    expect(dup.length).toBeGreaterThan(0);
    await page.selectOption('#file-status', 'duplicate');
    await page.waitForSelector('[data-files][data-status="duplicate"]');
    expect([param(page, 'fs'), param(page, 'fp')]).toEqual(['duplicate', null]);
    expect(await filePaths(page)).toEqual(dup.slice(0, FILE_PAGE).map((f) => f.path));
    expect(new Set(await page.locator('[data-files] tbody td:nth-child(4)').allInnerTexts())).toEqual(new Set(['重复']));
    const first = page.locator('[data-files] tbody tr').first().locator('a');
    expect(await first.innerText()).toBe(dup[0].duplicate_of);

    // ok files, 50 a page: the third page holds ok files 101–150, skipping the others in between
    const ok = files.filter((f) => f.status === 'ok');
    await page.goto(`${srv.url}data/?fs=ok&fn=50&fp=3`);
    await page.waitForSelector('[data-files][data-status="ok"][data-page="3"]');
    expect(await filePaths(page)).toEqual(ok.slice(100, 150).map((f) => f.path));
    // the pager and the filter fit a phone: the page itself does not scroll sideways at 360 px
    await page.setViewportSize({ width: 360, height: 800 });
    await page.waitForTimeout(200);
    expect(await page.locator('#file-pager').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
