/**
 * The compare page on real bundled townships (issue 17, item 6): a default ranking that has values when 公开率
 * cannot be computed, 无法计算 with the reason instead of a blank rate, table 三 side by side with its group
 * headings (and its CSV), the 其他年度 link only when another year exists, no sideways scrolling at 360 px.
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
if (!existsSync(join(DIST, 'compare', 'index.html'))) throw new Error(`${DIST}: no built site — run \`npm run build:data && npm run build\` first`);
const record = (id: string) => JSON.parse(readFileSync(join(DIST, 'data', 'archive', 'records', `${id}.json`), 'utf8'));

// Three townships that received no applications in 2023 (表三 总计 0): 公开率 cannot be computed for any of them
const DUANCUN = '27dc3f5c20be58d1'; // 段村乡人民政府 2023 (the only year in the data)
const CHEPAIZI = '3db6914fecffe446'; // 车排子镇 2023
const HAITAN = '0ed52e9aa0a04ef7'; // 平潭综合实验区海坛片区管理局 2023 (seven years in the data)
const IDS = [DUANCUN, CHEPAIZI, HAITAN];

let srv: StaticServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => { srv = await serveStatic(DIST); ({ browser, close: closeBrowser } = await launch()); });
afterAll(async () => { await closeBrowser?.(); await srv?.close(); });

async function compare(ids: string[], width = 1280, extra = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 }, acceptDownloads: true });
  await page.goto(`${srv.url}compare/?ids=${ids.join(',')}${extra}`);
  await page.waitForSelector('#compare[data-ready]');
  return page;
}

describe('compare page', () => {
  it('the records: no applications, so 公开率 has no denominator', () => {
    for (const id of IDS) expect(record(id).t3.total[6]).toBe(0);
  });

  it('default ranking has a value for every township; 公开率 reads 无法计算 with why', async () => {
    const page = await compare(IDS);
    const caption = await page.locator('figure[data-chart=ranking] figcaption').textContent();
    expect(caption).not.toContain('公开率');
    expect(await page.locator('#rank-m').inputValue()).toBe('new');
    const twin = await page.locator('figure[data-chart=ranking] table[data-twin] tbody td').allTextContents();
    expect(twin).toEqual(IDS.map((id) => String(record(id).t3.new[6])));
    const rateRow = page.locator('table tr', { has: page.locator('th[scope=row]', { hasText: /^公开率$/ }) }).first();
    expect(await rateRow.locator('td').allTextContents()).toEqual(IDS.map(() => '无法计算（（七）总计为 0）'));
    await page.close();
  });

  it('table 三 side by side keeps its group headings, and its CSV names each row with its heading', async () => {
    const page = await compare(IDS);
    const t3 = page.locator('table', { has: page.locator('caption', { hasText: '表三各行“总计”列' }) });
    const heads = await t3.locator('th.group').allTextContents();
    expect(heads).toEqual(expect.arrayContaining(['三、本年度办理结果', '（三）不予公开', '（四）无法提供', '（五）不予处理']));
    // 1.属于国家秘密 comes right after （三）不予公开
    const rowHeads = await t3.locator('tbody th').allTextContents();
    expect(rowHeads[rowHeads.indexOf('（三）不予公开') + 1]).toBe('1.属于国家秘密');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('button[data-csv=compare-t3]').click()]);
    const csv = readFileSync((await dl.path())!, 'utf8').replace(/^\ufeff/, '');
    const rows = Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
    expect(rows[0]![0]).toBe('项目');
    expect(rows[0]!.at(-1)).toBe('来源');
    const secret = rows.find((r) => r[0] === '（三）不予公开·1.属于国家秘密')!;
    expect(secret.slice(1, 4)).toEqual(IDS.map((id) => String(record(id).t3.deny_secret[6])));
    expect(rows.every((r) => r.length === rows[0]!.length)).toBe(true);
    await page.close();
  });

  it('与同一机关其他年度对比 shows only when the data hold another year', async () => {
    const page = await browser.newPage();
    for (const [id, shows] of [[DUANCUN, false], [HAITAN, true]] as const) {
      await page.goto(`${srv.url}report/?id=${id}`);
      await page.waitForSelector('#report[data-ready]');
      expect(await page.locator('#compare-years').isVisible(), id).toBe(shows);
    }
    await page.close();
  });

  it('no sideways scrolling at 360 px with a long URL', async () => {
    const page = await compare(IDS, 360, `&note=${'x'.repeat(200)}`);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.close();
  });
});
