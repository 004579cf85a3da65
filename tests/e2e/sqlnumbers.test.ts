/**
 * SQL console numbers (issue 17, items 2 and 7): an aggregate over an integer column is shown and exported as a
 * number, a HUGEINT beyond 2^53 keeps every digit, and a refused query leaves no old result or CSV behind.
 * The expected sum is computed here from the published reports.csv of the real corpus.
 * Needs `dist/` (npm run build:data && npm run build).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser.ts';
import { serveStatic, type StaticServer } from './server.ts';

import { DIST } from './dist.ts';
const WASM_WAIT = 120_000;
if (!existsSync(join(DIST, 'sql', 'index.html'))) throw new Error(`${DIST}: no built site — run \`npm run build:data && npm run build\` first`);

import { tableRows } from './reporttable.ts';
const reports = await tableRows(join(DIST, 'data'), 'reports');
const newTotal = reports.reduce((s, r) => s + (r.t3_new_total ? Number(r.t3_new_total) : 0), 0);

let srv: StaticServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => { srv = await serveStatic(DIST); ({ browser, close: closeBrowser } = await launch()); });
afterAll(async () => { await closeBrowser?.(); await srv?.close(); });

async function query(page: Page, sql: string) {
  const before = await page.locator('#sql-out').getAttribute('data-run');
  await page.fill('#sql-q', sql);
  await page.click('#sql-run');
  await page.waitForFunction((b) => { const o = document.getElementById('sql-out')!; return o.dataset.rows != null && o.dataset.run !== b; }, before, { timeout: WASM_WAIT });
}
async function csvText(page: Page) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#sql-csv')]);
  return readFileSync((await dl.path())!, 'utf8').replace(/^\ufeff/, '');
}

describe('SQL console numbers', () => {
  it('shows and exports sum() over an integer column as a plain number', async () => {
    expect(newTotal).toBeGreaterThan(0);
    const page = await browser.newPage({ acceptDownloads: true });
    await page.goto(`${srv.url}sql/`);
    await page.waitForSelector('body[data-duck-ready]', { timeout: WASM_WAIT });
    await query(page, 'SELECT sum(t3_new_total) AS s, count(*) AS n FROM reports');
    const cells = await page.locator('#sql-out tbody td').allTextContents();
    expect(cells).toEqual([String(newTotal), String(reports.length)]);
    expect(await page.locator('#sql-out tbody td').first().getAttribute('class')).toContain('num');
    const csv = await csvText(page);
    const [head, row] = csv.split('\r\n');
    expect(head).toBe('s,n,来源');
    expect(row.startsWith(`${newTotal},${reports.length},`)).toBe(true);
    // pandas-style read: header + one data row, the citation a column (not a trailing row)
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    expect(parsed).toHaveLength(1);
    expect(parsed[0].s).toBe(String(newTotal));
    expect(parsed[0]['来源']).toMatch(/^数据来源：信息公开年报数据台 http/);
    await page.close();
  }, WASM_WAIT * 2);

  it('keeps a HUGEINT beyond 2^53 and a DECIMAL exact, unquoted in CSV', async () => {
    const page = await browser.newPage({ acceptDownloads: true });
    await page.goto(`${srv.url}sql/`);
    await page.waitForSelector('body[data-duck-ready]', { timeout: WASM_WAIT });
    await query(page, "SELECT 170141183460469231731687303715884105727::HUGEINT AS h, (2::BIGINT ** 53)::BIGINT + 1 AS b, 1234567890123456.78::DECIMAL(18,2) AS d, -0.05::DECIMAL(4,2) AS e");
    const cells = await page.locator('#sql-out tbody td').allTextContents();
    expect(cells).toEqual(['170141183460469231731687303715884105727', '9007199254740993', '1234567890123456.78', '-0.05']);
    const row = (await csvText(page)).split('\r\n')[1];
    expect(row.startsWith('170141183460469231731687303715884105727,9007199254740993,1234567890123456.78,-0.05,')).toBe(true);
    await page.close();
  }, WASM_WAIT * 2);

  it('a refused query clears the previous result and its CSV, and says why', async () => {
    const page = await browser.newPage({ acceptDownloads: true });
    await page.goto(`${srv.url}sql/`);
    await page.waitForSelector('body[data-duck-ready]', { timeout: WASM_WAIT });
    await query(page, 'SELECT count(*) AS n FROM reports');
    expect(await page.locator('#sql-out tbody td').allTextContents()).toEqual([String(reports.length)]);
    expect(await page.locator('#sql-csv').isDisabled()).toBe(false);
    await page.fill('#sql-q', 'DELETE FROM reports');
    await page.click('#sql-run');
    await page.waitForFunction(() => document.getElementById('sql-err')!.textContent !== '');
    expect(await page.locator('#sql-out tr').count()).toBe(0);
    expect(await page.locator('#sql-csv').isDisabled()).toBe(true);
    expect(await page.locator('#sql-status').textContent()).not.toMatch(/完成/);
    expect(await page.locator('#sql-status').textContent()).toMatch(/拒绝/);
    // a query DuckDB itself rejects does the same
    await query(page, 'SELECT 1 AS one');
    await page.fill('#sql-q', 'SELECT no_such_column FROM reports');
    await page.click('#sql-run');
    await page.waitForFunction(() => document.getElementById('sql-err')!.textContent !== '', undefined, { timeout: WASM_WAIT });
    expect(await page.locator('#sql-out tr').count()).toBe(0);
    expect(await page.locator('#sql-csv').isDisabled()).toBe(true);
    expect(await page.locator('#sql-status').textContent()).toMatch(/出错/);
    await page.close();
  }, WASM_WAIT * 2);
});
