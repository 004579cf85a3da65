/**
 * End-to-end tests of the public site in Debian's chromium (playwright-core).
 *
 * Builds nothing for the main checks: expects `dist/` built from the real corpus, i.e. run first
 *   npm run build:data && npm run build
 * The injection test builds its own tiny data set (a real seed report with <script>/<img onerror> put into
 * its narrative) through the real corpus build and a second site build in a temp dir.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser.ts';
import { serveStatic, type StaticServer } from './server.ts';
import { reportsOf } from './reporttable.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
import { DIST } from './dist.ts';
const WASM_WAIT = 120_000;

if (!existsSync(join(DIST, 'index.html')) || !(existsSync(join(DIST, 'data', 'reports.parquet')) || existsSync(join(DIST, 'data', 'reports')))) {
  throw new Error(`${DIST}: no built site with data — run \`npm run build:data && npm run build\` before the e2e tests`);
}

type IndexRow = Record<string, any>;
const reportsIdx: IndexRow[] = await reportsOf(join(DIST, 'data'));
const manifest = JSON.parse(readFileSync(join(DIST, 'data', 'manifest.json'), 'utf8'));
// past 1,024 reports the manifest no longer lists the input files: the files table does
const manifestFiles: any[] = Array.isArray(manifest) ? manifest : manifest.files ?? await tableRows(join(DIST, 'data'), 'files');
import { tableRows, dataQuery } from './reporttable.ts';
import { corpusKind, countPattern } from './corpus.ts';
import { LEVELS } from '../../scripts/template/vocabulary.ts';
import { AGENCY_PAGE } from '../../src/lib/datarows.ts';
import { FIRST_PER_RULE, MAX_PAGE_SIZE } from '../../src/lib/findingslice.ts';
import { astroBuild } from './astrobuild.ts';
// exactly the bundled reports: the pages' figures are checked against the hand-checked values; the bundled reports among
// others (test:e2e:scale): against the same figures computed from the site's own data, the bundled ones found among them
const DATA = join(DIST, 'data');
const corpus = await corpusKind(DATA);
if (!corpus.hasBundled) throw new Error(`${DIST}: its data lacks bundled reports (${corpus.missing.slice(0, 3).join(', ')}…) — build it from data/reports`);
const byAgency = (a: string) => {
  const r = reportsIdx.find((x) => x.agency === a);
  if (!r) throw new Error(`seed report ${a} not in dist/data/reports — was dist built from the bundled corpus?`);
  return r;
};
const leiming = byAgency('雷鸣镇人民政府');
const zhaogang = byAgency('封丘县赵岗镇');

let srv: StaticServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  srv = await serveStatic(DIST);
  ({ browser, close: closeBrowser } = await launch());
});
afterAll(async () => { await closeBrowser?.(); await srv?.close(); });

/** Open a page collecting console errors, page errors and HTTP errors. */
async function open(path: string, width = 1280, base = srv.url) {
  const page = await browser.newPage({ viewport: { width, height: 900 }, acceptDownloads: true });
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`); });
  await page.goto(base + path.replace(/^\//, ''), { waitUntil: 'load' });
  return { page, errors };
}

describe('site (dist/ built from the real corpus)', () => {
  const pages: Array<[string, string | null]> = [
    ['/', 'figure.chart svg'],
    ['/reports/', '#list[data-ready]'],
    [`/report/?id=${leiming.id}`, '#report[data-ready] table.tpl'],
    [`/compare/?ids=${leiming.id},${zhaogang.id}`, '#compare[data-ready]'],
    ['/chart/?m=new&g=year', '#builder[data-ready]'],
    ['/sql/?q=SELECT%201', '#sql-out[data-rows]'],
    ['/data/', '#dictionary'],
    ['/findings/', 'h1'],
    ['/embed/outcome-mix/', 'figure.chart svg'],
    ['/embed/chart/?m=new&g=level', '#builder[data-ready]'],
    [`/embed/compare/?ids=${leiming.id},${zhaogang.id}&m=licensing`, '#compare[data-ready]'],
    [`/embed/report/?id=${leiming.id}`, '#report[data-ready] table.tpl'],
  ];
  for (const [path, sel] of pages) {
    it(`${path} loads without console errors`, async () => {
      const { page, errors } = await open(path);
      if (sel) await page.waitForSelector(sel, { timeout: WASM_WAIT, state: 'attached' });
      await page.waitForTimeout(300);
      expect(errors).toEqual([]);
      await page.close();
    }, WASM_WAIT + 20_000);
  }

  it('the list filters by a facet, the URL holds it, and back restores it', async () => {
    const { page, errors } = await open('/reports/');
    await page.waitForSelector('#list[data-ready]');
    const total = Number(await page.textContent('#n-shown'));
    expect(total).toBe(reportsIdx.length);
    const province = leiming.province as string;
    const expected = reportsIdx.filter((r) => r.province === province).length;
    await page.click(`[data-facet=province] button[data-v="${province}"]`);
    await page.waitForFunction((p) => new URL(location.href).searchParams.get('province') === p, province);
    expect(Number(await page.textContent('#n-shown'))).toBe(expected);
    expect(await page.locator('#tbl tbody tr').count()).toBe(expected);
    await expect(page.locator('#tbl tbody').innerText()).resolves.toContain('雷鸣镇人民政府');
    await page.goBack();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('province'));
    expect(Number(await page.textContent('#n-shown'))).toBe(total);
    // agency search
    await page.fill('#q', '赵岗');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === '赵岗');
    await page.waitForFunction(() => document.querySelector('#n-shown')?.textContent === '1');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a report page shows the seed numbers, blanks as blank, its checks, and the source of a number', async () => {
    const { page, errors } = await open(`/report/?id=${leiming.id}`);
    await page.waitForSelector('#report[data-ready]');
    expect((await page.textContent('td[data-path="t2.licensing"]'))?.trim()).toBe('295');
    const rec = JSON.parse(readFileSync(join(DIST, 'data', 'archive', 'records', `${leiming.id}.json`), 'utf8'));
    expect(await page.locator('#check-list tbody tr').count()).toBe(rec.checks.length);
    await page.click('td[data-path="t2.licensing"] button');
    await page.waitForSelector('#prov:not([hidden]) mark');
    expect(await page.textContent('#prov mark')).toBe('295');
    expect(page.url()).toContain('#cell=t2.licensing');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a report with failed checks highlights their cells with the arithmetic', async () => {
    // failed checks are the report's arithmetic; the extractor's extract.* rows are listed apart (待定 cells). A report
    // whose failures are all its own (cross-year checks are added at publish, not in its record)
    const recordOf = (id: string) => JSON.parse(readFileSync(join(DIST, 'data', 'archive', 'records', `${id}.json`), 'utf8'));
    const ownFails = (rec: any) => rec.checks.filter((c: any) => c.status === 'fail' && !String(c.rule).startsWith('extract.'));
    const bad = reportsIdx.find((r) => r.checks_fail > 0 && ownFails(recordOf(r.id)).length === r.checks_fail);
    expect(bad, 'the bundled corpus has reports with failed checks').toBeTruthy();
    const rec = recordOf(bad!.id);
    const failed = ownFails(rec);
    const { page } = await open(`/report/?id=${bad!.id}`);
    await page.waitForSelector('#report[data-ready]');
    expect(await page.locator('#check-list tbody tr.fail').count()).toBe(failed.length);
    await expect(page.locator('#check-list tbody tr.fail').first().innerText()).resolves.toContain(failed[0].detail);
    const cell = failed[0].cells.find((c: string) => /^t[234]/.test(c));
    if (cell) expect(await page.getAttribute(`td[data-path="${cell}"]`, 'class')).toContain('fail');
    await page.close();
  });

  it('a report page made in the browser: other years from reports.parquet, the table CSV built on the page, the same columns as the record', async () => {
    const { page, errors } = await open(`/report/?id=${leiming.id}`);
    await page.waitForSelector('#report[data-ready]');
    const rec = JSON.parse(readFileSync(join(DIST, 'data', 'archive', 'records', `${leiming.id}.json`), 'utf8'));
    await expect(page.locator('h1').innerText()).resolves.toContain('雷鸣镇人民政府');
    await expect(page.title()).resolves.toContain('雷鸣镇人民政府 2023');
    // blank cells stay blank: every t4 cell that the record has as null is rendered hatched, never 0
    const blanks = (rec.t4 as Array<number | null>).map((v, i) => (v == null ? i : -1)).filter((i) => i >= 0);
    for (const i of blanks) expect(await page.getAttribute(`td[data-path="t4[${i}]"]`, 'class')).toContain('blank');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#dl-csv')]);
    const csv = readFileSync((await dl.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    // line and start are 1-based as the page shows them; the citation is the last column, not a trailing row
    expect(lines[0]).toBe('report_id,agency,year,path,label,value,line,start,end,settled,来源');
    const lic = lines.find((l) => l.split(',')[3] === 't2.licensing')!.split(',');
    const p = rec.provenance['t2.licensing'];
    expect(lic).toEqual([leiming.id, '雷鸣镇人民政府', String(rec.year), 't2.licensing', expect.any(String), '295', String(p.line + 1), String(p.start + 1), String(p.end), p.settled, expect.stringMatching(/^数据来源：信息公开年报数据台 http/)]);
    expect(dl.suggestedFilename()).toBe(`${leiming.id}.csv`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a report of an agency with several years lists them from reports.parquet, each linking to the one report route', async () => {
    const byAg = new Map<string, IndexRow[]>();
    for (const r of reportsIdx) byAg.set(r.agency, [...(byAg.get(r.agency) ?? []), r]);
    const [, years] = [...byAg].find(([, v]) => v.length >= 3)!;
    const { page, errors } = await open(`/report/?id=${years[0].id}`);
    await page.waitForSelector('#report[data-ready]');
    const rows = page.locator('#years-box table tbody tr');
    expect(await rows.count()).toBe(years.length);
    const other = years.find((r) => r.id !== years[0].id)!;
    expect(await page.locator(`#years-box a[href$="report/?id=${other.id}"]`).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an unknown report id gets a clear message, not an empty page', async () => {
    const page = await browser.newPage();
    await page.goto(`${srv.url}report/?id=ffffffffffffffff`);
    await page.waitForSelector('#report[data-error]', { state: 'attached' });
    await expect(page.locator('#rep-status').innerText()).resolves.toContain('找不到编号为 ffffffffffffffff 的报告');
    expect(await page.locator('#report').isHidden()).toBe(true);
    await page.goto(`${srv.url}report/`);
    await page.waitForSelector('#report[data-error]', { state: 'attached' });
    await expect(page.locator('#rep-status').innerText()).resolves.toContain('缺少报告编号');
    await page.close();
  });

  it('old links /reports/<id>/ reach 404.html and are sent on to /report/?id=<id>, keeping the #cell= hash', async () => {
    const page = await browser.newPage();
    await page.goto(`${srv.url}reports/${leiming.id}/#cell=t2.licensing`);
    await page.waitForURL((u) => u.pathname === '/report/' && u.searchParams.get('id') === leiming.id);
    expect(new URL(page.url()).hash).toBe('#cell=t2.licensing');
    await page.waitForSelector('#prov:not([hidden]) mark');
    expect(await page.textContent('#prov mark')).toBe('295');
    // a path that never was a report stays on the 404 page
    await page.goto(`${srv.url}no-such-page/`);
    await page.waitForTimeout(300);
    expect(new URL(page.url()).pathname).toBe('/no-such-page/');
    await expect(page.locator('h1').innerText()).resolves.toContain('找不到这个页面');
    await page.close();
  });

  it('the home page shows its charts without fetching WASM, under the CSP', async () => {
    const page = await browser.newPage();
    const wasm: string[] = [];
    page.on('request', (r) => { if (/\.wasm$|duckdb/.test(r.url())) wasm.push(r.url()); });
    await page.goto(srv.url, { waitUntil: 'load' });
    await page.waitForTimeout(500);
    expect(await page.locator('figure.chart svg[role=img]').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('figure.chart table[data-twin]').count()).toBe(await page.locator('figure.chart').count());
    expect(await page.getAttribute('meta[http-equiv=Content-Security-Policy]', 'content')).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(wasm).toEqual([]);
    await page.close();
  });

  it('the home page\'s summary cards print the counts of the site\'s data', async () => {
    const { page, errors } = await open('/');
    const cards = (await page.locator('.cards .card').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    const agencies = new Set(reportsIdx.map((r) => r.agency_key ?? r.agency)).size;
    const failing = reportsIdx.filter((r) => r.checks_fail > 0);
    const want = [
      `^${countPattern(reportsIdx.length)} 份报告`,
      `^${countPattern(agencies)} 个机关`,
      `^${countPattern(reportsIdx.length - failing.length)} 份全部校验通过`,
      `^${countPattern(failing.reduce((n, r) => n + r.checks_fail, 0))} 项校验未通过，涉及 ${countPattern(failing.length)} 份报告`,
      `^${countPattern(reportsIdx.filter((r) => r.ambiguous_cells > 0).length)} 份有数字待定`,
    ];
    for (const w of want) expect(cards.some((c) => new RegExp(w).test(c)), w).toBe(true);
    // the bundled corpus: 121 reports of 23 agencies
    if (corpus.onlyBundled) expect(cards.slice(0, 2).map((c) => c.split(' ')[0])).toEqual(['121', '23']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the chart builder agrees with the records: 行政许可 summed over 雷鸣镇\'s province (blanks skipped)', async () => {
    const { page, errors } = await open('/chart/?m=licensing&g=province');
    await page.waitForSelector('#builder[data-ready]', { timeout: WASM_WAIT, state: 'attached' });
    // independent of the site's code: sum the record JSONs of that province
    const recs = reportsIdx.filter((r) => r.province === leiming.province)
      .map((r) => JSON.parse(readFileSync(join(DIST, 'data', 'archive', 'records', `${r.id}.json`), 'utf8')).t2.licensing as number | null);
    const printed = recs.filter((v): v is number => v != null);
    expect(printed).toContain(295);
    const row = page.locator('#builder table[data-twin] tbody tr', { hasText: leiming.province as string });
    const cells = await row.locator('td').allInnerTexts();
    expect(Number(cells[0].replace(/,/g, ''))).toBe(printed.reduce((a, b) => a + b, 0));
    expect(Number(cells[1])).toBe(printed.length);
    expect(await page.getAttribute('#builder svg', 'aria-description')).toContain(leiming.province as string);
    expect(errors).toEqual([]);
    await page.close();
  }, WASM_WAIT + 20_000);

  it('compare shows two seeds side by side', async () => {
    const { page, errors } = await open(`/compare/?ids=${leiming.id},${zhaogang.id}`);
    await page.waitForSelector('#compare[data-ready]', { timeout: 30_000 });
    const head = await page.locator('#compare table').first().locator('thead').innerText();
    expect(head).toContain('雷鸣镇人民政府 2023');
    expect(head).toContain('封丘县赵岗镇 2023');
    const licensing = page.locator('#compare table').first().locator('tbody tr', { hasText: '行政许可' });
    await expect(licensing.innerText()).resolves.toMatch(/295/);
    expect(await page.locator('#compare figure.chart svg').count()).toBeGreaterThanOrEqual(2);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('SQL returns the number of non-duplicate reports, and refuses writes', async () => {
    const okFiles = manifestFiles.filter((f) => f.status === 'ok').length;
    const { page, errors } = await open(`/sql/?q=${encodeURIComponent('SELECT count(*) AS n FROM reports')}`);
    await page.waitForSelector('#sql-out[data-rows]', { timeout: WASM_WAIT });
    expect(Number(await page.textContent('#sql-out tbody td'))).toBe(okFiles);
    await page.fill('#sql-q', 'DROP TABLE reports');
    await page.click('#sql-run');
    await expect(page.locator('#sql-err').innerText()).resolves.toContain('只');
    expect(page.url()).toContain('DROP');
    expect(errors).toEqual([]);
    await page.close();
  }, WASM_WAIT + 20_000);

  it('an embed page renders and posts its height to the embedding page', async () => {
    // a foreign page (about:blank, no CSP of ours) embedding the snippet
    const page = await browser.newPage();
    await page.setContent(`<body><script>window.__h=[];addEventListener('message',e=>{if(e.data&&e.data.type==='atlas-embed-height')__h.push(e.data.height)})</script>
      <iframe src="${srv.url}embed/outcome-mix/" data-atlas-embed style="height:50px;width:600px;border:0"></iframe>
      <script src="${srv.url}embed.js"></script></body>`);
    await page.waitForFunction(() => (window as any).__h.length > 0, null, { timeout: 20_000 });
    const h = await page.evaluate(() => (window as any).__h.at(-1));
    expect(h).toBeGreaterThan(150);
    await page.waitForFunction((hh) => document.querySelector('iframe')!.style.height === `${hh}px`, h);
    const frame = page.frames().find((f) => f.url().includes('/embed/outcome-mix/'))!;
    expect(await frame.locator('header.site').count()).toBe(0);
    expect(await frame.locator('figure.chart svg').count()).toBe(1);
    await page.close();
  });

  it('a chart downloads as PNG (and CSV with the source line)', async () => {
    const { page, errors } = await open('/');
    const fig = page.locator('figure.chart').first();
    const [png] = await Promise.all([page.waitForEvent('download'), fig.locator('button[data-dl=png]').click()]);
    const p = await png.path();
    const bytes = readFileSync(p!);
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(bytes.length).toBeGreaterThan(2000);
    const [csv] = await Promise.all([page.waitForEvent('download'), fig.locator('button[data-dl=csv]').click()]);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text).toContain('数据来源：信息公开年报数据台');
    expect(errors).toEqual([]);
    await page.close();
  });

  // The bundled corpus's findings, each checked by hand against its report: rule, the report (agency year) and words of
  // its message that only this finding has (the figure the narrative states, the other report, the place it names).
  const REVIEWED: Array<[string, string, string]> = [
    ['copypaste.foreign_place', '别斯托别乡 2023', '新源镇'],
    ['copypaste.near_duplicate', '平潭综合实验区国有资产管理局 2023', '投资促进局2024年'],
    ['copypaste.near_duplicate', '平潭综合实验区国有资产管理局 2023', '投资促进局2025年'],
    ['copypaste.near_duplicate', '平潭综合实验区投资促进局 2024', '国有资产管理局2023年'],
    ['copypaste.near_duplicate', '平潭综合实验区投资促进局 2025', '国有资产管理局2023年'],
    ['narrative.figure_mismatch', '平潭综合实验区农业农村局 2024', '我局共收到政府信息公开申请3份'],
    ['narrative.figure_mismatch', '平潭综合实验区农业农村局 2025', '我局共收到政府信息公开申请1份'],
    ['narrative.figure_mismatch', '平潭综合实验区旅游与文化体育局 2025', '全年办理政府信息公开申请1件'],
    ['narrative.figure_mismatch', '平潭综合实验区海坛片区管理局 2024', '共受理政府信息公开申请6件'],
    ['narrative.figure_mismatch', '平潭综合实验区海坛片区管理局 2025', '全年共受理政府信息公开申请2件'],
    ['narrative.figure_mismatch', '平潭综合实验区经济发展局 2023', '共收到政府信息公开申请0条'],
    ['narrative.figure_mismatch', '平潭综合实验区综合执法与应急管理局 2024', '受理并办结3件'],
    ['narrative.figure_mismatch', '平潭综合实验区综合执法与应急管理局 2024', '我局共收到政府信息公开申请4件'],
    ['narrative.figure_mismatch', '平潭综合实验区行政审批局 2024', '因依申请公开引发行政复议1起'],
    ['narrative.none_received', '平潭综合实验区公安局 2021', '目前未收到该申请人提交的补正'],
    ['narrative.none_received', '平潭综合实验区君山片区管理局 2022', '2022年未收到依申请公开事宜'],
    // 公安局's 2020 report (its title only) is published, so only its missing 2023 is a missing_years finding
    ['outlier.missing_years', '平潭综合实验区公安局 2024', '没有2023年的年报'],
    ['outlier.regulations_unempowered', '平潭综合实验区国有资产管理局 2019', '“1411”'],
    ['outlier.regulations_unempowered', '平潭综合实验区国有资产管理局 2021', '填有1、1'],
  ];
  type Shown = { rule: string; head: string; message: string };
  const shownFindings = (page: Page) => page.locator('.finding:visible').evaluateAll((els) => els.map((e) => ({
    rule: (e as HTMLElement).dataset.rule!, head: e.querySelector('header a')?.textContent?.trim() ?? '', message: e.querySelector('[data-message]')?.textContent ?? '' })));
  /** Which reviewed findings (by index) the shown ones are: each shown finding matches at most one, -1 for none. */
  const reviewedOf = (shown: Shown[]) => shown.map((f) => REVIEWED.findIndex(([rule, head, words]) => f.rule === rule && f.head === head && f.message.includes(words)));

  it('findings: the 发现 page explains each by type with its evidence, filters by type in the URL, and the report page shows its own', async () => {
    const perRule = new Map((await dataQuery(DATA, 'SELECT rule, count(*)::INTEGER AS n FROM {findings} GROUP BY rule')).map((r) => [String(r.rule), Number(r.n)]));
    const total = [...perRule.values()].reduce((a, b) => a + b, 0);
    const firstPage = (rule: string) => Math.min(FIRST_PER_RULE, perRule.get(rule) ?? 0);
    const { page, errors } = await open('/findings/');
    await page.waitForSelector('.finding');
    await expect(page.locator('#findings-status').innerText()).resolves.toMatch(new RegExp(`^共 ${countPattern(total)} 条发现。`));
    // each rule's first findings are in the HTML, the rest read in pages
    const first = [...perRule.keys()].reduce((k, r) => k + firstPage(r), 0);
    expect(await page.locator('.finding').count()).toBe(first);
    expect(await page.locator('.finding[data-rule="outlier.missing_years"]').count()).toBe(firstPage('outlier.missing_years'));
    expect(await page.locator('.finding[data-rule="narrative.none_received"]').count()).toBe(firstPage('narrative.none_received'));
    if (corpus.onlyBundled) {
      // the bundled corpus (seed + Pingtan reports) has 19 findings, exactly the reviewed ones, 2 of them none_received
      // (君山 2022, 公安局 2021) and 1 missing_years
      expect(total).toBe(19);
      expect(first).toBe(19);
      expect(await page.locator('.finding[data-rule="outlier.missing_years"]').count()).toBe(1);
      expect(await page.locator('.finding[data-rule="narrative.none_received"]').count()).toBe(2);
      expect(reviewedOf(await shownFindings(page)).sort((a, b) => a - b)).toEqual(REVIEWED.map((_, i) => i));
    }
    // every reviewed finding is on the page of its rule (among the others' at scale): read the rule's pages until all are seen
    const found = new Map<number, string>();
    for (const rule of new Set(REVIEWED.map(([r]) => r))) {
      const want = REVIEWED.flatMap(([r], i) => (r === rule ? [i] : []));
      const pages = Math.ceil((perRule.get(rule) ?? 0) / MAX_PAGE_SIZE);
      for (let p = 1; p <= pages && want.some((i) => !found.has(i)); p++) {
        const url = `findings/?rule=${encodeURIComponent(rule)}&n=${MAX_PAGE_SIZE}${p > 1 ? `&page=${p}` : ''}`;
        await page.goto(srv.url + url);
        await page.waitForSelector('#findings-root[data-ready]');
        for (const i of reviewedOf(await shownFindings(page))) if (i >= 0) found.set(i, url);
      }
    }
    expect(REVIEWED.filter((_, i) => !found.has(i))).toEqual([]);
    const junshanAt = found.get(REVIEWED.findIndex(([, head]) => head === '平潭综合实验区君山片区管理局 2022'))!;
    await page.goto(srv.url + junshanAt);
    await page.waitForSelector('#findings-root[data-ready]');
    const junshan = page.locator('.finding[data-rule="narrative.none_received"]:visible', { hasText: '平潭综合实验区君山片区管理局' });
    await expect(junshan.innerText()).resolves.toContain('未收到依申请公开事宜');
    await expect(junshan.locator('.evidence').innerText()).resolves.toContain('3000025');
    const href = await junshan.locator('header a').getAttribute('href');
    // the type filter: the form writes it into the URL, back restores every type
    await page.goto(srv.url + 'findings/');
    await page.waitForSelector('#findings-root[data-ready]');
    await page.selectOption('#finding-filter select[name=rule]', 'copypaste.foreign_place');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('rule') === 'copypaste.foreign_place');
    expect(await page.locator('.finding:visible').count()).toBe(firstPage('copypaste.foreign_place'));
    if (corpus.onlyBundled) expect(await page.locator('.finding:visible').count()).toBe(1);
    await expect(page.locator('.finding:visible', { hasText: '别斯托别乡 2023' }).innerText()).resolves.toContain('新源镇');
    await page.goBack();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('rule'));
    expect(await page.locator('.finding:visible').count()).toBe(first);
    await page.goto(new URL(href!, srv.url + junshanAt).href);
    await page.waitForSelector('#findings');
    await expect(page.locator('.finding').innerText()).resolves.toContain('本机关不掌握相关政府信息');
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('the data page names each download once (a bad text substitution once repeated the sources path four times)', async () => {
    const { page } = await open('/data/');
    const text = await page.locator('main').innerText();
    expect(text.split('data/archive/sources/<编号>.<扩展名>').length - 1).toBe(1);
    expect(text.split('data/archive/records/<编号>.json').length - 1).toBe(1);
    // the corpus by year, level and agency, as the site's data has it (an agency is its agency_key, else its name)
    const r = `(SELECT coalesce(agency_key, agency) AS k, year::INTEGER AS y, coalesce(level, 'unknown') AS level FROM {reports})`;
    const [tot] = await dataQuery(DATA, `SELECT count(*)::INTEGER AS n, count(DISTINCT k)::INTEGER AS k FROM ${r}`);
    const byYear = await dataQuery(DATA, `SELECT y, count(*)::INTEGER AS n FROM ${r} GROUP BY y`);
    const byLevel = await dataQuery(DATA, `SELECT level, count(*)::INTEGER AS n FROM ${r} GROUP BY level`);
    const [{ n: crossYear }] = await dataQuery(DATA, `SELECT count(*)::INTEGER AS n FROM {cells} WHERE settled = 'cross-year'`);
    const agencies = (await dataQuery(DATA, `SELECT k, count(*)::INTEGER AS n FROM ${r} GROUP BY k ORDER BY n DESC, k NULLS LAST`)).map((x) => String(x.k));
    const levelZh = Object.fromEntries(LEVELS.map((l) => [l.code, l.zh])) as Record<string, string>;
    const heading = await page.locator('#corpus').innerText();
    expect(heading).toMatch(new RegExp(`（${countPattern(tot.n)} 份报告，${countPattern(tot.k)} 个机关）`));
    const counts = await page.locator('[data-corpus-counts]').innerText();
    for (const { y, n } of byYear) expect(counts).toMatch(new RegExp(`${y ?? '\\?'} 年 ${countPattern(n)} 份`));
    for (const { level, n } of byLevel) expect(counts).toMatch(new RegExp(`${levelZh[level] ?? level} ${countPattern(n)} 份`));
    expect(counts).toMatch(new RegExp(`跨年度核定 ${countPattern(crossYear)} 个单元格`));
    expect(await page.locator('[data-corpus-agencies] tbody tr').count()).toBe(Math.min(AGENCY_PAGE, tot.k));
    if (corpus.onlyBundled) {
      // the bundled corpus: 121 reports of 23 agencies (agency_key), 15 of them in 2025, 88 of departments; 30 cells settled
      // across years
      expect(heading).toContain('121 份报告，23 个机关');
      expect(counts).toContain('2025 年 15 份');
      expect(counts).toContain('部门 88 份');
      expect(counts).toContain('跨年度核定 30 个单元格');
      expect(await page.locator('[data-corpus-agencies] tbody tr').count()).toBe(23);
    }
    // 平潭综合实验区财政金融局 has one report in each year 2019–2025, in any corpus that holds the bundled reports; its
    // row is on the page of the agency list the ranking puts it (most reports first, then by name)
    const rank = agencies.indexOf('平潭综合实验区财政金融局');
    expect(rank).toBeGreaterThanOrEqual(0);
    if (rank >= AGENCY_PAGE) {
      await page.goto(`${srv.url}data/?ap=${Math.floor(rank / AGENCY_PAGE) + 1}#corpus`);
      await page.waitForSelector(`[data-corpus-agencies][data-page="${Math.floor(rank / AGENCY_PAGE) + 1}"]`);
    }
    const years = await page.locator('[data-corpus-agencies] thead th[data-year]').evaluateAll((ths) => ths.map((t) => (t as HTMLElement).dataset.year));
    const caijin = page.locator('[data-corpus-agencies] tbody tr', { hasText: '平潭综合实验区财政金融局' });
    const row = (await caijin.locator('td').allInnerTexts()).map((t) => t.trim());
    expect(row).toEqual(['7', ...years.map((y) => (y && Number(y) >= 2019 && Number(y) <= 2025 ? '1' : ''))]);
    if (corpus.onlyBundled) expect(row).toEqual(['7', '1', '1', '1', '1', '1', '1', '1']);
    await page.close();
  });

  it('a report whose text holds no table (公安局 2020: only its title) says 原文未含表格 instead of showing empty tables', async () => {
    const { page, errors } = await open('/report/?id=a94c1e395faaf29a');
    await page.waitForSelector('#report[data-ready]');
    await expect(page.locator('#no-tables').innerText()).resolves.toContain('原文未含表格');
    expect(await page.locator('table.tpl').count()).toBe(0);
    await expect(page.locator('dl.meta').innerText()).resolves.toContain('未注明（原文未含表格）');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('pages are readable at 360 px (no horizontal scrolling of the page itself)', async () => {
    for (const path of ['/', '/reports/', `/report/?id=${leiming.id}`, '/data/']) {
      const { page } = await open(path, 360);
      if (path.startsWith('/report/')) await page.waitForSelector('#report[data-ready]');
      const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(over, path).toBeLessThanOrEqual(1);
      await page.close();
    }
  });
});

describe('report text cannot inject HTML or script', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'atlas-inject-'));
  let isrv: StaticServer | null = null;
  afterAll(async () => { await isrv?.close(); rmSync(tmp, { recursive: true, force: true }); });

  it('a narrative with <script>, <img onerror>, javascript: links, RTL overrides and a 3,000-character string, and an agency named with quotes, render as inert text without breaking the layout', async () => {
    const seed = readFileSync(join(ROOT, 'data/reports/002_425035603a0bba90.txt'), 'utf8');
    // <script>, <img onerror>, a javascript: link, an RTL override and a 3,000-character unbroken string in the
    // narrative; quotes of both kinds in the agency's name (it lands in attributes: download names, titles).
    const payload = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><a href="javascript:window.__pwned=3">点我</a>\u202Eevil\u202C' + 'X'.repeat(3000);
    const injected = seed.replace(/^雷鸣镇人民政府/, '雷鸣镇"人民\'政府').replace(/(一、总体情况\r?\n)/, `$1${payload}本段为测试注入的文字。\n`);
    expect(injected).toContain(payload);
    mkdirSync(join(tmp, 'in'));
    writeFileSync(join(tmp, 'in', 'injected_leiming.txt'), injected);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
    if (pkg.scripts?.['build:data']) {
      execFileSync('npm', ['run', '-s', 'build:data', '--', '--input', join(tmp, 'in'), '--out', join(tmp, 'data')], { cwd: ROOT, env, stdio: 'pipe' });
    } else {
      execFileSync('npx', ['tsx', 'tests/e2e/devdata.ts', join(tmp, 'data')], { cwd: ROOT, env, stdio: 'pipe' });
    }
    // built in the deploy layout (docs/SITE.md): the site carries no data and reads it from ATLAS_DATA_URL, here
    // another path of the same server
    astroBuild({ ...env, ATLAS_DATA_DIR: join(tmp, 'data'), ATLAS_OUT_DIR: join(tmp, 'dist'), ATLAS_DATA_URL: '/atlas-data/' });
    // no data in the site: dist/data holds only the /data/ page
    expect(readdirSync(join(tmp, 'dist', 'data'))).toEqual(['index.html']);
    expect(readFileSync(join(tmp, 'dist', 'report', 'index.html'), 'utf8')).toContain('data-data="/atlas-data/"');
    cpSync(join(tmp, 'data'), join(tmp, 'dist', 'atlas-data'), { recursive: true, dereference: true });
    isrv = await serveStatic(join(tmp, 'dist'));
    const [{ id }] = await reportsOf(join(tmp, 'data'));
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const paths: string[] = [];
    page.on('request', (r) => paths.push(new URL(r.url()).pathname));
    await page.goto(`${isrv.url}report/?id=${id}`);
    await page.waitForSelector('#report[data-ready]');
    expect(paths.some((p) => p.startsWith('/atlas-data/') && p.endsWith('.parquet'))).toBe(true);
    expect(paths.filter((p) => p.startsWith('/data/'))).toEqual([]);
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
    expect(await page.locator('img[src=x]').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    const narrative = await page.locator('.narr').first().innerText();
    expect(narrative).toContain(payload);
    await expect(page.locator('h1').innerText()).resolves.toContain('雷鸣镇"人民\'政府');
    // the long string and the RTL override do not break the layout: no sideways scrolling at 360 px
    await page.setViewportSize({ width: 360, height: 800 });
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    // the list page's search over narrative text also shows it as text only
    await page.goto(`${isrv.url}reports/?q=${encodeURIComponent('测试注入')}`);
    await page.waitForFunction(() => document.querySelector('#n-shown')?.textContent === '1', null, { timeout: 30_000 });
    expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  }, 600_000);
});
