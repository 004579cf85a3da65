/**
 * "加入我的数据" in chromium: a reader's own CSV joined to the reports in the site.browser. The files are the ones made
 * for the test in tests/fixtures/byod/ (invented numbers, real names; see its README). Needs dist/ built from the
 * bundled corpus: `npm run build:data && npm run build`.
 *
 * Hand-computed values, from the bundled reports as published:
 * - 平潭综合实验区金井片区管理局 2024 reports 8 new applications (表三 本年新收, 总计); the township table gives
 *   金井片区 52,300 residents → 8 ÷ 52,300 × 10,000 = 1.5296… → shown as 1.53.
 * - 平潭综合实验区市场监督管理局 2024: 4 new applications; budget table 8,800 (万元) → 4 ÷ 8,800 × 10,000 = 4.545… → 4.55.
 *   平潭综合实验区财政金融局 2024: 2; 12,345.6 → 2 ÷ 12,345.6 × 10,000 = 1.620… → 1.62.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { DIST, WASM_WAIT, reportRows, siteAndBrowser } from './built.ts';
import { corpusKind } from './corpus.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const FIX = join(ROOT, 'tests', 'fixtures', 'byod');


const corpus = await corpusKind(join(DIST, 'data'));
const site = siteAndBrowser();

/** A page in its own context (its own IndexedDB), recording errors and every request that leaves the site's origin. */
async function open(ctx: BrowserContext, path: string, width?: number) {
  const page = await ctx.newPage();
  if (width) await page.setViewportSize({ width, height: 800 });
  const errors: string[] = [], foreign: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => { const u = r.url(); if (!u.startsWith(site.srv.url) && !u.startsWith('blob:') && !u.startsWith('data:')) foreign.push(u); });
  await page.goto(site.srv.url + path.replace(/^\//, ''), { waitUntil: 'load' });
  return { page, errors, foreign };
}

async function upload(page: Page, file: string) {
  await page.locator('#mydata > summary').click();
  await page.setInputFiles('#mydata-file', join(FIX, file));
}
const counts = async (page: Page) => {
  await page.waitForSelector('#mydata-counts', { state: 'attached' });
  return page.$eval('#mydata-counts', (e) => ({ ...(e as HTMLElement).dataset }));
};
const message = (page: Page) => page.waitForFunction(() => document.getElementById('mydata-msg')!.textContent || null).then((h) => h.jsonValue() as Promise<string>);

describe('加入我的数据 (dist/ built from the real corpus)', () => {
  it('GBK township table → match preview, a hand fix, a per-10,000 chart equal to the hand value, exports that cite the file; it persists until cleared', async () => {
    const ctx = await site.browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    const { page, errors, foreign } = await open(ctx, '/chart/?m=new&g=agency&year=2024');
    await upload(page, 'township-population-gbk.csv');
    expect(await counts(page)).toEqual({ matched: '8', ambiguous: '1', unmatched: '1', fixed: '0' });
    const info = await page.locator('#mydata-body p.small').first().textContent();
    expect(info).toContain('GB18030/GBK');
    // 平潭县 (row 10) fits 14 departments; the reader picks one by hand
    const row = page.locator('#mydata-preview tr[data-row="9"]');
    expect(await row.locator('td.st').textContent()).toBe('有歧义');
    await row.locator('select').selectOption('平潭综合实验区管委会办公室');
    await page.waitForFunction(() => (document.getElementById('mydata-counts') as HTMLElement)?.dataset.fixed === '1');
    expect(await counts(page)).toEqual({ matched: '8', ambiguous: '0', unmatched: '1', fixed: '1' });
    expect(await page.locator('#mydata-preview tr[data-row="8"] td.st').textContent()).toBe('未对应'); // 七家子镇

    // per 10,000 residents
    await page.selectOption('#mydata-col', { label: '常住人口' });
    await page.selectOption('#mydata-scale', '10000');
    await page.click('#mydata-use');
    await page.waitForSelector('#builder figure[data-mydata]', { timeout: WASM_WAIT });
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ m: 'new', g: 'agency', year: '2024', my: '1', dc: '1', ds: '10000' });
    const fig = page.locator('#builder figure.chart');
    const cells = await fig.locator('table[data-twin] tr').evaluateAll((trs) => trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((c) => c.textContent)));
    const jj = cells.find((r) => r[0] === '平潭综合实验区金井片区管理局')!;
    expect(jj).toEqual(['平潭综合实验区金井片区管理局', (8 / 52300 * 10000).toFixed(2), '1']);
    expect(jj[1]).toBe('1.53');
    expect(await fig.locator('svg text').allTextContents()).toContain('1.53');
    expect(await fig.locator('figcaption .chart-title').textContent()).toBe('本年新收政府信息公开申请数量 ÷ 常住人口 × 10,000，按机关（2024）');
    expect(await fig.locator('p.source[data-source]').textContent()).toContain('；含用户自备数据：township-population-gbk.csv');

    const [csv] = await Promise.all([page.waitForEvent('download'), fig.locator('button[data-dl=csv]').click()]);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    // the citation is the last column 来源 of every row (docs/SITE.md, "CSV citation"), naming the reader's file
    expect(text).toMatch(/\r\n平潭综合实验区金井片区管理局,1\.53,1,"?数据来源：信息公开年报数据台 [^\r\n]*；含用户自备数据：township-population-gbk\.csv"?\r\n/);
    const [svg] = await Promise.all([page.waitForEvent('download'), fig.locator('button[data-dl=svg]').click()]);
    expect(readFileSync((await svg.path())!, 'utf8')).toContain('含用户自备数据：township-population-gbk.csv');
    // the embed code of a chart of reader data is the chart itself (an iframe could not see this browser's data)
    await fig.locator('button[data-embed-toggle]').click();
    const snippet = await fig.locator('textarea.snippet').inputValue();
    expect(snippet.startsWith('<svg')).toBe(true);
    expect(snippet).toContain('含用户自备数据：township-population-gbk.csv');

    // persisted in this browser: a new page of the same profile has it, with the fix
    const again = await open(ctx, page.url().slice(site.srv.url.length - 1), 360);
    await again.page.waitForSelector('#builder figure[data-mydata]', { timeout: WASM_WAIT });
    expect(await counts(again.page)).toEqual({ matched: '8', ambiguous: '0', unmatched: '1', fixed: '1' });
    // at 360 px the panel's tables scroll inside their box; the page itself does not
    expect(await again.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // …until cleared
    expect(await again.page.$eval('#mydata', (d) => (d as HTMLDetailsElement).open)).toBe(true); // opened: the URL uses reader data
    await again.page.click('#mydata-clear');
    await again.page.waitForFunction(() => !document.getElementById('mydata-counts') && !new URL(location.href).searchParams.has('my'));
    await again.page.waitForSelector('#builder figure:not([data-mydata])', { timeout: WASM_WAIT });
    const fresh = await open(ctx, '/chart/?m=new&g=agency&year=2024&my=1&dc=1&ds=10000');
    expect(await message(fresh.page)).toContain('本浏览器中没有');

    expect(errors).toEqual([]);
    expect([...foreign, ...again.foreign, ...fresh.foreign]).toEqual([]);
    await ctx.close();
  }, 240_000);

  it('BOM-less UTF-8 budget table on compare: agency-name matching and a per-budget rate per report; SQL sees it as mydata', async () => {
    const ctx = await site.browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    const { page, errors, foreign } = await open(ctx, '/compare/?ids=ac19cad01ac6e607,9cae25562f81a014');
    await upload(page, 'department-budget-utf8.csv');
    // a name printed without its place (市场监督管理局, 行政审批局, 交通与建设局) names one agency of the bundled corpus; in a
    // corpus with more bodies of that name (test:e2e:scale) it is ambiguous, as it must be: the preview offers the data's
    // bodies of that name, the compare table has no value for the report until the reader picks its agency by hand
    const shortNames = ['市场监督管理局', '行政审批局', '交通与建设局'];
    const bodies = (n: string) => [...new Set(reportRows.filter((r) => String(r.agency_key ?? r.agency).endsWith(n)).map((r) => String(r.agency_key ?? r.agency)))].sort();
    const ambiguous = shortNames.filter((n) => bodies(n).length > 1);
    for (const n of shortNames) expect(bodies(n)).toContain(`平潭综合实验区${n}`);
    if (corpus.onlyBundled) expect(ambiguous).toEqual([]);
    const amb = ambiguous.length;
    expect(await counts(page)).toEqual({ matched: String(5 - amb), ambiguous: String(amb), unmatched: '1', fixed: '0' });
    for (const n of ambiguous) {
      const row = page.locator('#mydata-preview tr', { has: page.locator('td', { hasText: new RegExp(`^${n}$`) }) });
      expect(await row.locator('td.st').textContent()).toBe('有歧义');
      expect((await row.locator('optgroup[label="候选"] option').allTextContents()).sort()).toEqual(bodies(n));
    }
    expect(await page.$eval('#mydata-kind', (e) => (e as HTMLSelectElement).value)).toBe('agency');
    expect(await page.locator('#mydata-body p.small').first().textContent()).toContain('编码 UTF-8 ·');
    await page.selectOption('#mydata-col', { label: '预算（万元）' });
    await page.selectOption('#mydata-scale', '10000');
    await page.click('#mydata-use');
    await page.waitForSelector('#mydata-compare[data-ready] figure[data-mydata]');
    const twin = () => page.locator('#mydata-compare table[data-twin] tr').evaluateAll((trs) => trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((c) => c.textContent)));
    const head = ['报告', '本年新收政府信息公开申请数量', '预算（万元）（department-budget-utf8.csv）', '本年新收政府信息公开申请数量 ÷ 预算（万元） × 10,000'];
    const caijin = ['平潭综合实验区财政金融局 2024', '2', '12,345.6', '1.62'];
    if (ambiguous.includes('市场监督管理局')) {
      // ambiguous: the report's agency has no value of the reader's and no rate, never a guessed one; the cell
      // says which of the reader's rows waits for a choice
      const rowNo = Number(await page.locator('#mydata-preview tr', { has: page.locator('td', { hasText: /^市场监督管理局$/ }) }).getAttribute('data-row')) + 1;
      expect(await twin()).toEqual([head, caijin, ['平潭综合实验区市场监督管理局 2024', '4', `有歧义（第 ${rowNo} 行待手工选择）`, '']]);
    }
    // one at a time: each fix redraws the preview
    for (const [i, n] of ambiguous.entries()) {
      const row = page.locator('#mydata-preview tr', { has: page.locator('td', { hasText: new RegExp(`^${n}$`) }) });
      await row.locator('select').selectOption(`平潭综合实验区${n}`);
      await page.waitForFunction((k) => (document.getElementById('mydata-counts') as HTMLElement)?.dataset.fixed === k, String(i + 1));
    }
    expect(await counts(page)).toEqual({ matched: String(5 - amb), ambiguous: '0', unmatched: '1', fixed: String(amb) });
    await page.waitForFunction(() => document.querySelector('#mydata-compare table[data-twin]')?.textContent?.includes('8,800'));
    expect(await twin()).toEqual([head, caijin, ['平潭综合实验区市场监督管理局 2024', '4', '8,800', '4.55']]);
    const fig = page.locator('#mydata-compare figure');
    const [csv] = await Promise.all([page.waitForEvent('download'), fig.locator('button[data-dl=csv]').click()]);
    expect(readFileSync((await csv.path())!, 'utf8')).toContain('含用户自备数据：department-budget-utf8.csv');
    expect(errors).toEqual([]);

    // the SQL console has the same data as the table mydata
    const sql = await open(ctx, '/sql/');
    await sql.page.waitForSelector('body[data-mydata-table="6"]', { timeout: WASM_WAIT });
    await sql.page.fill('#sql-q', 'SELECT agency_key, "预算（万元）" AS b FROM mydata WHERE match IN (\'matched\', \'fixed\') ORDER BY b DESC LIMIT 1');
    await sql.page.click('#sql-run');
    await sql.page.waitForSelector('#sql-out[data-rows="1"]', { timeout: WASM_WAIT });
    expect(await sql.page.locator('#sql-out tbody td').allTextContents()).toEqual(['平潭综合实验区交通与建设局', '30000']);
    const [qcsv] = await Promise.all([sql.page.waitForEvent('download'), sql.page.click('#sql-csv')]);
    expect(readFileSync((await qcsv.path())!, 'utf8')).toContain('含用户自备数据：department-budget-utf8.csv');
    // a shared ?q= that names mydata runs once the table is loaded
    const linked = await open(ctx, `/sql/?q=${encodeURIComponent('SELECT count(*) AS n FROM mydata WHERE agency_key IS NOT NULL')}`);
    await linked.page.waitForSelector('#sql-out[data-rows="1"]', { timeout: WASM_WAIT });
    expect(await linked.page.locator('#sql-out tbody td').allTextContents()).toEqual(['5']);
    expect(sql.errors).toEqual([]);
    expect([...foreign, ...sql.foreign, ...linked.foreign]).toEqual([]);
    await ctx.close();
  }, 240_000);

  it('a row is settled by typing any agency: its select holds only its own choices, every agency is listed once for the page', async () => {
    const ctx = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors } = await open(ctx, '/compare/');
    await upload(page, 'township-population-gbk.csv');
    expect(await counts(page)).toEqual({ matched: '8', ambiguous: '1', unmatched: '1', fixed: '0' });
    const agencies = [...new Set(reportRows.map((r) => String(r.agency_key ?? r.agency)))];
    // 七家子镇 (row 9) matches nothing: （不对应） and 其他机关…, not a list of every agency
    const row = page.locator('#mydata-preview tr[data-row="8"]');
    expect(await row.locator('select option').allTextContents()).toEqual(['（不对应）', '其他机关…（输入名称）']);
    // 平潭县 (row 10): its 14 candidates besides
    expect(await page.locator('#mydata-preview tr[data-row="9"] select option').count()).toBe(2 + 14);
    expect(await page.locator('#mydata-preview select option').count()).toBeLessThan(10 * 3 + 14);
    expect(await page.locator('#mydata-agencies').count()).toBe(0);
    await row.locator('select').selectOption({ label: '其他机关…（输入名称）' });
    expect(await page.locator('#mydata-agencies option').count()).toBe(agencies.length);
    const field = row.locator('input[type=search]');
    await field.fill('平潭综合实验区七家子镇');
    await field.press('Enter');
    expect(await row.locator('span.err').textContent()).toBe('没有名为“平潭综合实验区七家子镇”的机关');
    expect(await counts(page)).toEqual({ matched: '8', ambiguous: '1', unmatched: '1', fixed: '0' });
    const pick = agencies.find((k) => k.endsWith('君山片区管理局'))!;
    await field.fill(pick);
    await field.press('Enter');
    await page.waitForFunction(() => (document.getElementById('mydata-counts') as HTMLElement)?.dataset.fixed === '1');
    const fixed = page.locator('#mydata-preview tr[data-row="8"]');
    expect(await fixed.locator('td.st').textContent()).toBe('手工指定');
    expect(await fixed.locator('select').inputValue()).toBe(pick);
    expect(errors).toEqual([]);
    await ctx.close();
  }, 180_000);

  it('bad input gets its message and nothing is half-loaded', async () => {
    const ctx = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors } = await open(ctx, '/compare/');
    await upload(page, 'department-budget-utf8.csv');
    const before = await counts(page);
    const cases: Array<[string, string]> = [
      ['bad-empty.csv', '文件是空的（0 字节）：没有可读入的数据。'],
      ['bad-binary.csv', '这是二进制文件，不是 CSV 文本：无法读入。请在表格软件中另存为 CSV。'],
      ['bad-ragged.csv', '各行的列数不一致：第 1 行有 2 列，而第 3 行（3 列）、第 4 行（1 列）。请检查分隔符与引号后再加入。'],
      ['bad-duplicate-keys.csv', '“乡镇”列有重复的键：“金井片区”、“君山镇人民政府”。每个机关或地区只能有一行；请合并或删去重复的行后再加入（或选择另一列作键）。'],
      ['bad-text-in-numbers.csv', '“常住人口”列应为数字，但第 3 行是“约三万八”。请把这些格改成数字（或留空表示没有数据）后再加入。'],
    ];
    for (const [file, want] of cases) {
      await page.setInputFiles('#mydata-file', join(FIX, file));
      await page.waitForFunction((w) => document.getElementById('mydata-msg')!.textContent === w, want);
      // the previous data is still the one loaded
      expect(await counts(page)).toEqual(before);
      expect(await page.locator('#mydata-body p.small').first().textContent()).toContain('department-budget-utf8.csv');
    }
    // over the stated limit: refused from its size before it is read (a 200 MB + 1 byte file made in the page)
    await page.evaluate(() => {
      const f = new File([new Uint8Array(200 * 1024 * 1024 + 1)], 'huge.csv', { type: 'text/csv' });
      const dt = new DataTransfer(); dt.items.add(f);
      document.getElementById('mydata-drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => document.getElementById('mydata-msg')!.textContent!.startsWith('文件太大'));
    expect(await page.textContent('#mydata-msg')).toBe('文件太大：209,715,201 字节（约 200.0 MB），超过本站读入用户数据的上限 200 MB（209,715,200 字节）。请只保留需要的列和行后再加入。');
    expect(await counts(page)).toEqual(before);
    // pasted text (tab-separated, as a spreadsheet copies it) replaces the file once it reads cleanly
    await page.locator('#mydata summary', { hasText: '粘贴表格内容' }).click();
    await page.fill('#mydata-paste', '乡镇\t常住人口\n金井镇\t５２３００\n君山片区\t38,600\n');
    await page.click('#mydata-paste-go');
    await page.waitForFunction(() => (document.getElementById('mydata-counts') as HTMLElement)?.dataset.matched === '2');
    expect(await page.locator('#mydata-body p.small').first().textContent()).toContain('粘贴的表格 · 编码 UTF-8 · 分隔符 制表符');
    expect(errors).toEqual([]);
    await ctx.close();
  }, 180_000);
});
