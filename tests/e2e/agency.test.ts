/**
 * The agency page in chromium: from the home page to a real Pingtan agency with seven years of reports, its
 * values checked against the hand-checked expected records of those reports (tests/fixtures/expected/), the
 * time chart's marks, the data table twin, its CSV, a link into a report's cell, failing cross-year checks with
 * both reports linked, the embed, old /agencies/<key>/ links, and an unknown key.
 *
 * Needs `dist/` built from the bundled corpus: `npm run build:data && npm run build`.
 */
import Papa from 'papaparse';
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DIST, reportRows as index, siteAndBrowser } from './built.ts';
import { fmt } from '../../src/lib/measures.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const EXPECTED = join(ROOT, 'tests', 'fixtures', 'expected');

/** The expected records of one agency's bundled reports (by their file names), oldest first, each with its published id. */
function expectedOf(file: string) {
  return readdirSync(EXPECTED).filter((f) => f.includes(`_${file}_`)).map((f) => JSON.parse(readFileSync(join(EXPECTED, f), 'utf8')))
    .sort((a, b) => a.year - b.year).map((e) => {
      const row = index.find((r) => r.agency === e.agency && r.year === e.year);
      if (!row) throw new Error(`${e.agency} ${e.year} not in dist/data/reports — was dist built from the bundled corpus?`);
      return { ...e, id: row.id as string, key: row.agency_key as string };
    });
}
// 交通与建设局: all seven years 2019–2025, both templates; 经济发展局: its 行政规范性文件 counts do not carry over between years
const jt = expectedOf('jiaotongjianshe');
const jj = expectedOf('jingjifazhan');
const KEY = '平潭综合实验区交通与建设局';

const site = siteAndBrowser();

async function open(path: string, width = 1280) {
  const page = await site.browser.newPage({ viewport: { width, height: 900 }, acceptDownloads: true });
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().includes('/agencies/')) errors.push(`HTTP ${r.status()} ${r.url()}`); });
  await page.goto(site.srv.url + path.replace(/^\//, ''), { waitUntil: 'load' });
  return { page, errors };
}
const agencyPath = (key: string) => `/agency/?key=${encodeURIComponent(key)}`;

describe('agency page (dist/ built from the real corpus)', () => {
  it('the fixtures name the agency under test: seven years, one key', () => {
    expect(jt.map((e) => e.year)).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025]);
    expect(new Set(jt.map((e) => e.key))).toEqual(new Set([KEY]));
  });

  it('home page → the agency page: its years, each linking to its report, with the values its reports print', async () => {
    const { page, errors } = await open('/');
    await page.locator('#by-agency a', { hasText: KEY }).first().click();
    await page.waitForSelector('#agency[data-ready]', { timeout: 60_000 });
    expect(new URL(page.url()).searchParams.get('key')).toBe(KEY);
    expect(await page.locator('#ag-title').innerText()).toContain(KEY);
    const rows = page.locator('#ag-years tbody tr');
    expect(await rows.count()).toBe(jt.length);
    for (const [i, e] of jt.entries()) {
      const tr = rows.nth(i);
      expect(await tr.locator('th a').innerText()).toBe(String(e.year));
      expect(await tr.locator('th a').getAttribute('href')).toBe(`/report/?id=${e.id}`);
      // 新收 and 办结: the 总计 column of 一、本年新收 and （七）总计 as the report prints them
      const tds = await tr.locator('td.num').allInnerTexts();
      expect([tds[0], tds[1]]).toEqual([String(e.t3.new[6]), String(e.t3.total[6])]);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the 新收 time chart has one mark per year; its data table twin and CSV hold the reports\' numbers', async () => {
    const { page, errors } = await open(agencyPath(KEY));
    await page.waitForSelector('#agency[data-ready]', { timeout: 60_000 });
    const fig = page.locator('figure[data-chart="agency-flow"]');
    const svg = fig.locator('.chart-body svg[aria-label]');
    expect(await svg.getAttribute('aria-label')).toContain('本年新收与办结');
    // one dot per year for each line, each a link to its report
    expect(await svg.locator('g[aria-description="本年新收"] circle').count()).toBe(jt.length);
    expect(await svg.locator('g[aria-description="办理结果总计"] circle').count()).toBe(jt.length);
    expect(await svg.locator('g[aria-description="本年新收"] a').first().getAttribute('href')).toBe(`/report/?id=${jt[0].id}`);
    const ticks = await svg.locator('g[aria-label="x-axis tick label"] text').allTextContents();
    expect(ticks).toEqual(jt.map((e) => String(e.year)));
    const twin = await fig.locator('table[data-twin] tbody tr').evaluateAll((trs) => trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((c) => c.textContent!.trim())));
    expect(twin).toEqual(jt.map((e) => [String(e.year), String(e.t3.new[6]), String(e.t3.total[6])]));

    const [csv] = await Promise.all([page.waitForEvent('download'), fig.locator('button[data-dl=csv]').click()]);
    // the citation is the last column 来源 of every row (docs/SITE.md, "CSV citation")
    const parsed = Papa.parse<string[]>(readFileSync((await csv.path())!, 'utf8').replace(/^\ufeff/, ''), { skipEmptyLines: true }).data;
    expect(parsed[0]).toEqual(['年度', '本年新收（件）', '办理结果总计（件）', '来源']);
    expect(parsed.slice(1).map((r) => r.slice(0, 3).join(','))).toEqual(jt.map((e) => `${e.year},${e.t3.new[6]},${e.t3.total[6]}`));
    for (const r of parsed.slice(1)) expect(r[3]).toMatch(/^数据来源：信息公开年报数据台 .*agency\/\?key=/);
    const [png] = await Promise.all([page.waitForEvent('download'), fig.locator('button[data-dl=png]').click()]);
    expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG');

    // 行政规范性文件 现行有效: a mark only where a value was printed (the 2019 template has no such column). A run of digits
    // the report's own text cannot split is null in its record, with candidates; the build may settle it from the
    // adjacent year (cross-year settling), and then it can only be one of those candidates.
    const nvTwin = await page.locator('figure[data-chart="agency-normative"] table[data-twin] tbody tr').evaluateAll((trs) => trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((c) => c.textContent!.trim())));
    expect(nvTwin.map((r) => r[0])).toEqual(jt.map((e) => String(e.year)));
    jt.forEach((e, i) => {
      const shown = nvTwin[i][1];
      const path = 't2.normative.valid';
      if (e.t2.normative?.valid != null) expect(shown, `${e.year}`).toBe(String(e.t2.normative.valid));
      else if ((e.ambiguous ?? []).includes(path)) {
        const amb = e.ambiguity.find((a: any) => a.cells.includes(path));
        const options = amb.candidates.map((c: number[]) => String(c[amb.cells.indexOf(path)]));
        if (shown !== '') expect(options, `${e.year}`).toContain(shown);
      } else expect(shown, `${e.year}`).toBe('');
    });
    expect(nvTwin.slice(0, 2).map((r) => r[1])).toEqual(['', '']); // 2019, 2020: 2019 template
    expect(await page.locator('figure[data-chart="agency-normative"] svg g[aria-description="现行有效"] circle').count()).toBe(nvTwin.filter((r) => r[1] !== '').length);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a number of the data table opens its report at that cell, with the source text', async () => {
    const { page, errors } = await open(agencyPath(KEY));
    await page.waitForSelector('#agency[data-ready]', { timeout: 60_000 });
    const e = jt.find((x) => x.year === 2024)!;
    // the data table is the frame's 数据表 tab
    await page.click('figure[data-chart="agency-flow"] [role=tab][data-tab=table]');
    const link = page.locator('figure[data-chart="agency-flow"] table[data-twin] tbody tr').filter({ hasText: '2024' }).locator('td a').first();
    expect(await link.innerText()).toBe(String(e.t3.new[6]));
    await link.click();
    await page.waitForSelector('#report[data-content]', { timeout: 60_000 });
    expect(new URL(page.url()).searchParams.get('id')).toBe(e.id);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#cell=t3.new[6]');
    expect(await page.locator('#rep-title').innerText()).toContain('2024');
    expect(await page.locator('#prov mark').innerText()).toContain(String(e.t3.new[6]));
    // and the report page leads back to the agency page
    await page.waitForSelector('#report[data-ready]', { timeout: 60_000 });
    expect(await page.locator('#agency-link').getAttribute('href')).toBe(agencyPath(KEY));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lists the agency\'s failing cross-year checks with both reports linked', async () => {
    // from the hand-checked records: 2022's 现行有效 is not 2021's 现行有效 + 2022's 制发 − 废止
    const [y21, y22] = [jj.find((e) => e.year === 2021)!, jj.find((e) => e.year === 2022)!];
    const n = y22.t2.normative;
    expect(y21.t2.normative.valid + n.made - n.repealed).not.toBe(n.valid);
    const { page, errors } = await open(agencyPath(jj[0].key));
    await page.waitForSelector('#agency[data-ready]', { timeout: 60_000 });
    const item = page.locator(`#ag-cross li[data-rule="cross.valid_count"][data-report="${y22.id}"]`);
    expect(await item.count()).toBe(1);
    const hrefs = await item.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual([`/report/?id=${y22.id}#cell=${encodeURIComponent('t2.normative.valid')}`, `/report/?id=${y21.id}#cell=${encodeURIComponent('t2.normative.valid')}`]);
    expect(await item.innerText()).toContain(`现行有效 ${n.valid}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the embed shows one chart, chrome-free', async () => {
    const { page, errors } = await open(`/embed/agency/?key=${encodeURIComponent(KEY)}&m=flow`);
    await page.waitForSelector('#agency[data-ready]', { timeout: 60_000 });
    expect(await page.locator('figure.chart').count()).toBe(1);
    expect(await page.locator('figure.chart svg g[aria-description="本年新收"] circle').count()).toBe(jt.length);
    expect(await page.locator('header.site').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('an old /agencies/<key>/ link reaches the agency page', async () => {
    const { page } = await open(`/agencies/${encodeURIComponent(KEY)}/`); // the 404 page (HTTP 404 by design) sends it on
    await page.waitForURL(/\/agency\/\?key=/, { timeout: 30_000 });
    await page.waitForSelector('#agency[data-ready]', { timeout: 60_000 });
    expect(new URL(page.url()).searchParams.get('key')).toBe(KEY);
    await page.close();
  }, 120_000);

  it('is readable at 360 px: the page itself does not scroll sideways (its tables scroll in their boxes)', async () => {
    const { page, errors } = await open(agencyPath(KEY), 360);
    await page.waitForSelector('#agency[data-ready]', { timeout: 60_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('an unknown key says so in Chinese', async () => {
    const { page, errors } = await open(agencyPath('不存在的机关'));
    await page.waitForSelector('#agency[data-error]', { timeout: 60_000, state: 'attached' });
    expect(await page.locator('#ag-status').innerText()).toContain('找不到机关“不存在的机关”');
    expect(await page.locator('#agency').isHidden()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('the home page tells its story with links: the agency that receives the most applications, and its reports', async () => {
    const { page, errors } = await open('/');
    const first = page.locator('#story p').first();
    const agencyLink = first.locator('a[href^="/agency/?key="]').first();
    const key = new URL((await agencyLink.getAttribute('href'))!, site.srv.url).searchParams.get('key')!;
    // the largest sum of 本年新收 by agency over every published report (the bundled corpus, or it among thousands more)
    const published = new Map<string, number>();
    for (const r of index) if (r.t3_new_total != null) published.set(r.agency_key, (published.get(r.agency_key) ?? 0) + Number(r.t3_new_total));
    const best = [...published].sort((a, b) => b[1] - a[1])[0]!;
    expect(key).toBe(best[0]);
    expect(await first.innerText()).toContain(`合计 ${fmt(best[1])} 件`);
    // and the published sums of the bundled Pingtan agencies are those of their hand-checked expected records
    const all = readdirSync(EXPECTED).filter((f) => f.startsWith('pingtan_')).map((f) => JSON.parse(readFileSync(join(EXPECTED, f), 'utf8')));
    const sums = new Map<string, number>();
    const seen = new Set<string>(); // a text copy and a saved page of one report are one report
    for (const e of all) {
      const row = index.find((r) => r.agency === e.agency && r.year === e.year);
      const v = e.t3?.new?.[6];
      if (!row || v == null || seen.has(row.id)) continue;
      seen.add(row.id);
      sums.set(row.agency_key, (sums.get(row.agency_key) ?? 0) + v);
    }
    expect(sums.size).toBeGreaterThan(10);
    for (const [k, v] of sums) expect(published.get(k), k).toBe(v);
    // each figure of a single report links to that report's cell
    for (const a of await first.locator('a[href^="/report/"]').all()) expect(await a.getAttribute('href')).toMatch(/#cell=t3\.new%5B6%5D$/);
    // every home chart has its embed page
    const ids = await page.locator('figure.chart').evaluateAll((fs) => fs.map((f) => (f as HTMLElement).dataset.chart));
    expect(ids).toContain('top-applications');
    expect(ids).toContain('arithmetic-failures');
    for (const id of ids) expect((await fetch(`${site.srv.url}embed/${id}/`)).status, id).toBe(200);
    expect(errors).toEqual([]);
    await page.close();
  });
});
