/**
 * "Failed checks" means the report's own arithmetic (issue 17, item 4): the extractor's ambiguity
 * (extract.unique_split) is shown apart on the report page, in the list facets and in the home/data counts.
 * Expected counts come from the published checks.csv of the real corpus. Needs `dist/` (npm run build:data && npm run build).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { launch } from './browser.ts';
import { serveStatic, type StaticServer } from './server.ts';

import { DIST } from './dist.ts';
if (!existsSync(join(DIST, 'index.html'))) throw new Error(`${DIST}: no built site — run \`npm run build:data && npm run build\` first`);
// the published tables as their CSV mirrors give them, whatever the layout (tests/e2e/reporttable.ts)
const csv = (t: string) => tableRows(join(DIST, 'data'), t);
import { tableRows } from './reporttable.ts';
import { fmt } from '../../src/lib/measures.ts';
const checks = await csv('checks');
const reports = await csv('reports');
const arithmeticFails = checks.filter((c) => c.status === 'fail' && !c.rule.startsWith('extract.'));
const failReports = new Set(arithmeticFails.map((c) => c.report_id));
const ambReports = reports.filter((r) => Number(r.ambiguous_cells) > 0);

// 平潭综合实验区财政金融局 2019: its only failing row is extract.unique_split (规范性文件 run 1077, 行政处罚 run 3500 …)
const CAIZHENG_2019 = '0344ef177bece33b';

let srv: StaticServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => { srv = await serveStatic(DIST); ({ browser, close: closeBrowser } = await launch()); });
afterAll(async () => { await closeBrowser?.(); await srv?.close(); });

describe('failed checks are the report arithmetic only', () => {
  it('the corpus has both kinds', () => {
    expect(checks.some((c) => c.report_id === CAIZHENG_2019 && c.rule === 'extract.unique_split' && c.status === 'fail')).toBe(true);
    expect(checks.filter((c) => c.report_id === CAIZHENG_2019 && c.status === 'fail' && !c.rule.startsWith('extract.'))).toEqual([]);
    expect(arithmeticFails.length).toBeGreaterThan(0);
    // ambiguity is not a failure: there are reports with unsettled cells whose arithmetic all holds
    expect(ambReports.some((r) => !failReports.has(r.id))).toBe(true);
    for (const r of reports) expect(Number(r.checks_fail), r.id).toBe(arithmeticFails.filter((c) => c.report_id === r.id).length);
  });

  it('report page: 0 failed checks, the unsettled cells listed apart and not red', async () => {
    const page = await browser.newPage();
    await page.goto(`${srv.url}report/?id=${CAIZHENG_2019}`);
    await page.waitForSelector('#report[data-ready]');
    expect(await page.locator('#checks').textContent()).toBe('校验（0 项未通过）');
    expect(await page.locator('#meta-checks').textContent()).toMatch(/0 未通过.*格待定/);
    expect(await page.locator('#extract-notes').textContent()).toContain('不算校验未通过');
    expect(await page.locator('#check-list code', { hasText: 'extract.unique_split' }).count()).toBe(0);
    expect(await page.locator('table.tpl td.fail').count()).toBe(0);
    expect(await page.locator('td[data-path="t2.normative.made"]').textContent()).toBe('待定（有多种拆分）');
    await page.close();
  });

  it('list facets: 校验 counts reports failing arithmetic; 数字待定 is its own facet', async () => {
    const page = await browser.newPage();
    await page.goto(`${srv.url}reports/`);
    await page.waitForSelector('#list[data-ready]');
    const count = (facet: string, v: string) => page.locator(`[data-facet=${facet}] button[data-v=${v}] .count`).textContent();
    expect(await count('checks', 'fail')).toBe(String(failReports.size));
    expect(await count('amb', 'amb')).toBe(String(ambReports.length));
    await page.close();
  });

  it('home and data pages: "N 项校验未通过，涉及 M 份报告"', async () => {
    const page = await browser.newPage();
    await page.goto(srv.url);
    expect(await page.locator('.cards').textContent()).toContain(`${fmt(arithmeticFails.length)}项校验未通过，涉及 ${fmt(failReports.size)} 份报告`);
    await page.goto(`${srv.url}data/`);
    expect(await page.locator('main').textContent()).toContain(`表格算术校验 ${fmt(arithmeticFails.length)} 项未通过，涉及 ${fmt(failReports.size)} 份报告`);
    await page.close();
  });
});
