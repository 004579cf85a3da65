/**
 * The findings page at any scale: its HTML holds at most FIRST_PER_RULE findings per rule (the rest is read in
 * slices from findings_by_rule in the browser); a later page of a rule shows the right findings; filters and page
 * live in the URL (back/forward); the CSV of a filter is every finding of the filter. What is right is computed here
 * with DuckDB from the published findings and reports of the site under test (dist/, or ATLAS_E2E_DIST), in the page's
 * order written out below. Needs `dist/` (npm run build:data && npm run build).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser.ts';
import { serveStatic, type StaticServer } from './server.ts';
import { DIST } from './dist.ts';
import { dataQuery } from './reporttable.ts';
import { corpusKind } from './corpus.ts';
import { FIRST_PER_RULE } from '../../src/lib/findingslice.ts';

if (!existsSync(join(DIST, 'findings', 'index.html'))) throw new Error(`${DIST}: no built site — run \`npm run build:data && npm run build\` first`);
const DATA = join(DIST, 'data');
const corpus = await corpusKind(DATA);

interface Expected { report_id: string; rule: string; severity: string; score: number; message: string; agency: string | null; year: number | null }
/** Every finding with its report's agency and year, in the page's order: rule, then high/warn/info, score high to low, report id. */
async function expected(): Promise<Expected[]> {
  const rows = await dataQuery(DATA, `SELECT f.report_id, f.rule, f.severity, f.score::DOUBLE AS score, f.message, r.agency, r.year::INTEGER AS year
    FROM {findings} f LEFT JOIN {reports} r ON r.id = f.report_id
    ORDER BY f.rule, CASE f.severity WHEN 'high' THEN 0 WHEN 'warn' THEN 1 WHEN 'info' THEN 2 ELSE 3 END, f.severity,
      f.score DESC NULLS LAST, f.report_id, coalesce(f.other_report_id, ''), f.message, f.evidence`);
  return rows as unknown as Expected[];
}

let srv: StaticServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let all: Expected[];
beforeAll(async () => { all = await expected(); srv = await serveStatic(DIST); ({ browser, close: closeBrowser } = await launch()); });
afterAll(async () => { await closeBrowser?.(); await srv?.close(); });

const ofRule = (rule: string) => all.filter((f) => f.rule === rule);
const shown = (page: Page) => page.locator('.finding:visible').evaluateAll((els) => els.map((e) => ({
  report_id: (e as HTMLElement).dataset.report, rule: (e as HTMLElement).dataset.rule, message: e.querySelector('[data-message]')?.textContent })));
const pick = (fs: Expected[]) => fs.map((f) => ({ report_id: f.report_id, rule: f.rule, message: f.message }));
async function ready(page: Page) { await page.waitForSelector('#findings-root[data-ready]'); }
async function downloadCsv(page: Page) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#findings-csv')]);
  const text = readFileSync((await dl.path())!, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true }).data;
}

describe('findings page: a bounded first page, the rest read in slices', () => {
  it('prerenders each rule\'s counts and at most its first findings, in the page\'s order', () => {
    const html = readFileSync(join(DIST, 'findings', 'index.html'), 'utf8');
    const rules = [...new Set(all.map((f) => f.rule))];
    expect(rules.length).toBeGreaterThan(3);
    for (const rule of rules) {
      const section = html.slice(html.indexOf(`data-rule-section="${rule}"`));
      const inIt = section.slice(0, section.indexOf('</section>'));
      const reports = [...inIt.matchAll(/<article class="finding [^"]*" data-rule="([^"]+)" data-severity="[^"]*" data-report="([^"]+)"/g)];
      const want = ofRule(rule).slice(0, FIRST_PER_RULE);
      expect(reports.length, rule).toBe(want.length);
      expect(reports.length).toBeLessThanOrEqual(FIRST_PER_RULE);
      expect(reports.map((m) => m[2]), rule).toEqual(want.map((f) => f.report_id));
      expect(inIt, rule).toContain(`共 ${ofRule(rule).length} 条`);
    }
  });

  it('pages through a rule in slices (page size from the URL), back and forward restore the page', async () => {
    const rule = 'narrative.figure_mismatch';
    const want = ofRule(rule);
    // the bundled corpus: nine narrative figures that contradict their table (at least those in a corpus that holds them)
    if (corpus.onlyBundled) expect(want.length).toBe(9);
    expect(want.length).toBeGreaterThanOrEqual(9);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${srv.url}findings/?rule=${rule}&n=4&page=2`);
    await ready(page);
    expect(await shown(page)).toEqual(pick(want.slice(4, 8)));
    await expect(page.locator(`#${rule.replace('.', '\\.')} [data-range]`).innerText()).resolves.toBe(`第 5–8 条，共 ${want.length} 条`);
    // the year and agency joined in: the report link names them
    const first = page.locator('.finding:visible').first();
    await expect(first.locator('header a').innerText()).resolves.toBe(`${want[4]!.agency} ${want[4]!.year}`);
    await page.click(`#${rule.replace('.', '\\.')} a[data-page-link=next]`);
    await page.waitForFunction(() => new URL(location.href).searchParams.get('page') === '3');
    await ready(page);
    expect(await shown(page)).toEqual(pick(want.slice(8, 12)));
    expect(await page.locator(`#${rule.replace('.', '\\.')} a[data-page-link=next]`).count()).toBe(want.length > 12 ? 1 : 0);
    await page.goBack();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('page') === '2');
    await ready(page);
    expect(await shown(page)).toEqual(pick(want.slice(4, 8)));
    await page.goForward();
    await ready(page);
    expect(await shown(page)).toEqual(pick(want.slice(8, 12)));
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('filters by severity from the URL and by the form into the URL', async () => {
    const page = await browser.newPage();
    await page.goto(`${srv.url}findings/?severity=warn`);
    await ready(page);
    const warn = all.filter((f) => f.severity === 'warn');
    expect(warn.length).toBeGreaterThan(0);
    const key = (f: { rule?: string; report_id?: string; message?: string | null }) => `${f.rule}|${f.report_id}|${f.message}`;
    const warnFirst = [...new Set(warn.map((f) => f.rule))].flatMap((r) => warn.filter((f) => f.rule === r).slice(0, FIRST_PER_RULE));
    expect((await shown(page)).map(key).sort()).toEqual(warnFirst.map(key).sort());
    expect(await page.locator('#finding-filter select[name=severity]').inputValue()).toBe('warn');
    await page.selectOption('#finding-filter select[name=severity]', 'high');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('severity') === 'high');
    await ready(page);
    const high = all.filter((f) => f.severity === 'high');
    await expect(page.locator('#findings-status').innerText()).resolves.toBe(`符合筛选的发现共 ${high.length} 条。`);
    expect((await shown(page)).length).toBe([...new Set(high.map((f) => f.rule))].reduce((k, r) => k + Math.min(FIRST_PER_RULE, high.filter((f) => f.rule === r).length), 0));
    expect((await shown(page)).every((f) => high.some((h) => h.report_id === f.report_id && h.rule === f.rule))).toBe(true);
    await page.goBack();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('severity') === 'warn');
    await ready(page);
    expect((await shown(page)).length).toBe(warnFirst.length);
    await page.close();
  }, 60_000);

  it('the CSV of a filter is every finding of the filter, not only the page shown', async () => {
    const page = await browser.newPage({ acceptDownloads: true });
    const rule = 'narrative.figure_mismatch';
    await page.goto(`${srv.url}findings/?rule=${rule}&n=2`);
    await ready(page);
    expect((await shown(page)).length).toBe(2);
    const rows = await downloadCsv(page);
    expect(rows.map((r) => [r.report_id, r.rule, r.severity, r.message, r.agency, r.year, Number(r.score)]))
      .toEqual(ofRule(rule).map((f) => [f.report_id, f.rule, f.severity, f.message, f.agency ?? '', f.year == null ? '' : String(f.year), f.score]));
    expect(rows.every((r) => /^数据来源：信息公开年报数据台 http/.test(r['来源']!))).toBe(true);
    await page.goto(`${srv.url}findings/?severity=high`);
    await ready(page);
    const high = await downloadCsv(page);
    expect(high.map((r) => `${r.rule}|${r.report_id}|${r.message}`).sort()).toEqual(all.filter((f) => f.severity === 'high').map((f) => `${f.rule}|${f.report_id}|${f.message}`).sort());
    await page.close();
  }, 60_000);
});
