/**
 * Every number on the report page traceable (issue 17, item 3), on real bundled reports:
 * a 2019-template 行政强制 value opens its provenance; an unsettled cell reads 待定（有多种拆分） and shows its
 * candidate splits; a finding's evidence in a flattened report opens the cell with only its own digit marked,
 * in view, in a short window of the 1,000+-character line, and the panel does not cover the cell; each cell says
 * how it was settled (cross-year with the other report linked). Needs `dist/` (npm run build:data && npm run build).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser.ts';
import { serveStatic, type StaticServer } from './server.ts';

import { DIST } from './dist.ts';
if (!existsSync(join(DIST, 'report', 'index.html'))) throw new Error(`${DIST}: no built site — run \`npm run build:data && npm run build\` first`);
const record = (id: string) => JSON.parse(readFileSync(join(DIST, 'data', 'archive', 'records', `${id}.json`), 'utf8'));

// 平潭综合实验区社会事业局 2020 (2019 template, flattened): 行政强制 0 read from the run 000; 行政许可 run 72171051 unsettled
const SHIYE_2020 = '51939ef0df314496';
// 平潭综合实验区海坛片区管理局 2024 (flattened): 表三 本年新收 printed as the run 5100000; a finding cites its 总计
const HAITAN_2024 = '1930c9cc1f4fce98';
// 平潭综合实验区行政审批局 2025: 规范性文件 run 3024 settled by its 2024 report c3990552e9eaecd6
const SHENPI_2025 = 'ffca049ce4edaa76';

let srv: StaticServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => { srv = await serveStatic(DIST); ({ browser, close: closeBrowser } = await launch()); });
afterAll(async () => { await closeBrowser?.(); await srv?.close(); });

async function report(id: string, hash = '', width = 1280): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  await page.goto(`${srv.url}report/?id=${id}${hash}`);
  await page.waitForSelector('#report[data-ready] table.tpl');
  return page;
}
const cell = (page: Page, path: string) => page.locator(`td[data-path="${path}"]`);
/** Is the cell fully inside the viewport and clear of the panel? */
async function cellClear(page: Page, path: string) {
  return page.evaluate((p) => {
    const c = document.querySelector(`td[data-path="${p}"]`)!.getBoundingClientRect();
    const pr = document.getElementById('prov')!.getBoundingClientRect();
    const overlap = c.bottom > pr.top && c.top < pr.bottom && c.right > pr.left && c.left < pr.right;
    return { inView: c.top >= 0 && c.bottom <= innerHeight, overlap };
  }, path);
}

describe('tracing numbers on the report page', () => {
  it('a 2019-template 行政强制 value has its provenance (the 处理决定数量 cell of table 二)', async () => {
    const rec = record(SHIYE_2020);
    expect(rec.template).toBe('2019');
    expect(rec.t2.coercion).toBe(0);
    const page = await report(SHIYE_2020);
    await cell(page, 't2.coercion').locator('button').click();
    await expect.poll(() => page.locator('#prov-title').textContent()).toContain('行政强制');
    expect(await page.locator('#prov').textContent()).not.toContain('没有出处记录');
    expect(await page.locator('#prov-settled').textContent()).toContain('算式求解');
    const p = rec.provenance['t2_extra.coercion_decisions'];
    expect(await page.locator('#prov-raw').textContent()).toContain(`原文第 ${p.line + 1} 行`);
    expect(await page.locator('#prov-text mark').textContent()).toBe('0');
    await page.close();
  });

  it('an unsettled cell reads 待定（有多种拆分） and shows its candidate splits', async () => {
    const rec = record(SHIYE_2020);
    const a = rec.ambiguity.find((x: any) => x.cells.includes('t2_extra.licensing_decisions'));
    expect(a.run).toBe('72171051');
    const page = await report(SHIYE_2020);
    const td = cell(page, 't2.licensing');
    expect((await td.textContent())!.trim()).toBe('待定（有多种拆分）');
    expect(await td.locator('button').getAttribute('aria-label')).toContain('待定（有多种拆分）');
    await td.locator('button').click();
    await expect.poll(() => page.locator('#prov-title').textContent()).toContain('待定（有多种拆分）');
    expect(await page.locator('#prov-title').textContent()).toMatch(/^[^A-Za-z]*$/);
    expect(await page.locator('#prov-cands summary').textContent()).toContain('72171051');
    expect(await page.locator('#prov-cands tbody tr').count()).toBe(a.candidates.length);
    expect(await page.locator('#prov-cands tbody tr').first().locator('td').allTextContents()).toEqual(a.candidates[0].map(String));
    // the printed run is found in the text
    expect(await page.locator('#prov-text mark').textContent()).toBe('72171051');
    await page.close();
  });

  it("a finding's evidence in a flattened report opens the cell with only its own digit marked, in view", async () => {
    const rec = record(HAITAN_2024);
    const p = rec.provenance['t3.new[6]'];
    const line = rec.source_text.split('\n')[p.line];
    expect(line.slice(p.start, p.end)).toBe('5100000');
    expect(line.length).toBeGreaterThan(1000);
    const page = await report(HAITAN_2024);
    await page.waitForSelector('#findings-box a[href*="cell=t3.new"]');
    await page.locator('#findings-box a[href*="cell=t3.new%5B6%5D"], #findings-box a[href*="cell=t3.new[6]"]').first().click();
    await expect.poll(() => page.locator('td.sel').getAttribute('data-path')).toBe('t3.new[6]');
    expect(await page.locator('#prov-title').textContent()).toBe('表三“一、本年新收政府信息公开申请数量”·总计 = 0');
    expect(await page.locator('#prov-text mark').textContent()).toBe('0');
    // a window of the line, not 1,000+ characters
    const shownLine = await page.evaluate(() => document.querySelector('#prov-text mark')!.parentElement!.textContent!.split('\n').find((l) => l.includes('5100000'))!);
    expect(shownLine).toContain('5100000');
    expect(shownLine.length).toBeLessThan(220);
    // the mark is visible inside the text box; the cell is in view and not under the panel
    const vis = await page.evaluate(() => {
      const m = document.querySelector('#prov-text mark')!.getBoundingClientRect(), b = document.getElementById('prov-text')!.getBoundingClientRect();
      return m.top >= b.top && m.bottom <= b.bottom;
    });
    expect(vis).toBe(true);
    expect(await cellClear(page, 't3.new[6]')).toEqual({ inView: true, overlap: false });
    await page.close();
  });

  for (const width of [1280, 360]) {
    it(`the panel never covers the clicked cell (${width} px)`, async () => {
      const page = await report(HAITAN_2024, '', width);
      for (const path of ['t3.new[0]', 't3.total[6]', 't4[14]', 't4[0]']) {
        await cell(page, path).scrollIntoViewIfNeeded();
        await cell(page, path).locator('button').click();
        await expect.poll(() => page.locator('td.sel').getAttribute('data-path')).toBe(path);
        expect(await cellClear(page, path), path).toEqual({ inView: true, overlap: false });
      }
      await page.close();
    });
  }

  it('says how each value was settled: cross-year names and links the other report', async () => {
    const rec = record(SHENPI_2025);
    expect(rec.provenance['t2.normative.made'].settled).toBe('cross-year');
    expect(rec.t2.normative.made).toBe(3);
    const page = await report(SHENPI_2025);
    await cell(page, 't2.normative.made').locator('button').click();
    await expect.poll(() => page.locator('#prov-settled').textContent()).toContain('相邻年度');
    expect(await page.locator('#prov-settled a').getAttribute('href')).toContain('c3990552e9eaecd6');
    // its candidates stay visible: 3|0|24 and 30|2|4
    expect(await page.locator('#prov-cands tbody tr').count()).toBe(2);
    expect(await page.locator('#prov-text mark').textContent()).toBe('3');
    await page.close();
  });
});
