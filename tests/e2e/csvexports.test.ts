/**
 * Exports and the dictionary (issue 17, item 8), on the real corpus: CSV of the filtered report list, of the
 * findings and of a report's table carry the citation as a 来源 column (pandas reads no citation row as data),
 * show 1-based line numbers; the dictionary is in Chinese with English beside, 2019 columns have Chinese labels,
 * findings severities are explained. Needs `dist/` (npm run build:data && npm run build).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser.ts';
import { serveStatic, type StaticServer } from './server.ts';

import { DIST } from './dist.ts';
if (!existsSync(join(DIST, 'index.html'))) throw new Error(`${DIST}: no built site — run \`npm run build:data && npm run build\` first`);
// the published tables as their CSV mirrors give them, whatever the layout (tests/e2e/reporttable.ts)
const table = (t: string) => tableRows(join(DIST, 'data'), t);
import { tableRows } from './reporttable.ts';
const reports = await table('reports');
const findings = await table('findings');
const record = (id: string) => JSON.parse(readFileSync(join(DIST, 'data', 'archive', 'records', `${id}.json`), 'utf8'));
const SHIYE_2020 = '51939ef0df314496'; // 平潭综合实验区社会事业局 2020, 2019 template

let srv: StaticServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => { srv = await serveStatic(DIST); ({ browser, close: closeBrowser } = await launch()); });
afterAll(async () => { await closeBrowser?.(); await srv?.close(); });

async function downloadCsv(page: Page, selector: string) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const text = readFileSync((await dl.path())!, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true }).data;
}
const cited = (rows: Record<string, string>[]) => rows.every((r) => /^数据来源：信息公开年报数据台 http/.test(r['来源']!));

describe('exports and dictionary', () => {
  it('CSV of the filtered report list: every report of the filter, citation as a column', async () => {
    const page = await browser.newPage({ acceptDownloads: true });
    await page.goto(`${srv.url}reports/?year=2020`);
    await page.waitForSelector('#list[data-ready]');
    const rows = await downloadCsv(page, '#list-csv');
    const want = reports.filter((r) => r.year === '2020');
    expect(rows.map((r) => r.report_id).sort()).toEqual(want.map((r) => r.id).sort());
    const one = rows.find((r) => r.report_id === SHIYE_2020)!;
    const src = want.find((r) => r.id === SHIYE_2020)!;
    expect([one.agency, one.t3_new_total, one.checks_fail, one.ambiguous_cells]).toEqual([src.agency, src.t3_new_total, src.checks_fail, src.ambiguous_cells]);
    expect(cited(rows)).toBe(true);
    await page.close();
  });

  it('CSV of the findings as filtered, evidence with 1-based line numbers', async () => {
    const page = await browser.newPage({ acceptDownloads: true });
    await page.goto(`${srv.url}findings/?rule=narrative.none_received`);
    await page.waitForSelector('.finding[data-rule="narrative.none_received"]');
    const rows = await downloadCsv(page, '#findings-csv');
    const want = findings.filter((f) => f.rule === 'narrative.none_received');
    expect(rows.map((r) => r.report_id).sort()).toEqual(want.map((f) => f.report_id).sort());
    for (const f of want) {
      const ev = JSON.parse(f.evidence)[0];
      expect(rows.find((r) => r.report_id === f.report_id)!.evidence).toContain(`第${ev.line + 1}行：${ev.text}`);
    }
    expect(rows[0]!.severity).toBe('high');
    expect(cited(rows)).toBe(true);
    await page.close();
  });

  it("a 2019 report: Chinese labels for its extra columns, and its table CSV gives 1-based lines", async () => {
    const rec = record(SHIYE_2020);
    const page = await browser.newPage({ acceptDownloads: true });
    await page.goto(`${srv.url}report/?id=${SHIYE_2020}`);
    await page.waitForSelector('#report[data-ready]');
    expect(await page.locator('td[data-path="t2_extra.coercion_prev_year_items"]').locator('xpath=..').locator('th').textContent()).toContain('行政强制·上一年项目数量');
    const rows = await downloadCsv(page, '#dl-csv');
    const p = rec.provenance['t2_extra.coercion_decisions'];
    const c = rows.find((r) => r.path === 't2.coercion')!;
    expect([c.value, c.line, c.start, c.end, c.settled]).toEqual(['0', String(p.line + 1), String(p.start + 1), String(p.end), 'solver']);
    expect(rows.find((r) => r.path === 't2.licensing')!.settled).toBe('unsettled');
    expect(cited(rows)).toBe(true);
    await page.close();
  });

  it('the dictionary on the data page: Chinese descriptions with English beside; findings severities explained', async () => {
    const dict: any[] = JSON.parse(readFileSync(join(DIST, 'data', 'dictionary.json'), 'utf8'));
    expect(dict.every((d) => /[\u4e00-\u9fff]/.test(d.description_zh))).toBe(true);
    const page = await browser.newPage();
    await page.goto(`${srv.url}data/`);
    const row = (col: string) => page.locator('#dictionary ~ details tr', { has: page.locator(`code:text-is("${col}")`) }).first();
    expect(await row('t2_extra_licensing_prev_year_items').locator('td').nth(2).textContent()).toBe('（2019模板）行政许可·上一年项目数量');
    const sev = await row('severity').locator('td').nth(4).textContent();
    expect(sev).toContain('high（重要）');
    expect(sev).toContain('Severity of the finding');
    expect(await row('checks_fail').locator('td').nth(4).textContent()).toMatch(/^本报告自身算术/);
    await page.close();
  });
});
