/**
 * Narrative search on the list page, through the static index (src/lib/search.ts) in chromium: a phrase of a
 * real report's narrative finds that report, a facet filters the search, and only index chunks and a few
 * fragments are fetched — never the sections table — and a year filter fetches only that year's parts of the index.
 * Needs `dist/` (npm run build:data && npm run build).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { launch } from './browser.ts';
import { serveStatic, type StaticServer } from './server.ts';
import { PARTS_FILE, partsFor, type SearchManifest } from '../../scripts/search/parts.ts';

import { DIST } from './dist.ts';
if (!existsSync(join(DIST, 'data', 'search', 'pagefind.js'))) {
  throw new Error(`${DIST}: no search index in the built site — run \`npm run build:data && npm run build\` first`);
}

let srv: StaticServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
beforeAll(async () => { srv = await serveStatic(DIST); ({ browser, close: closeBrowser } = await launch()); });
afterAll(async () => { await closeBrowser?.(); await srv?.close(); });

describe('list page narrative search (static index)', () => {
  it('typing a phrase of 封丘县赵岗镇 2023\'s narrative shows that report, links it, and fetches only index files besides the list\'s columns', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const urls: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('request', (r) => urls.push(new URL(r.url()).pathname));
    await page.goto(`${srv.url}reports/`);
    await page.waitForSelector('#list[data-ready]');
    srv.reset(); urls.length = 0;
    // not in any agency name: only the narrative has it
    await page.fill('#q', '监督一点通');
    await page.waitForFunction(() => /正文检索：/.test(document.querySelector('#q-status')?.textContent ?? ''), null, { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('#n-shown')?.textContent === '1');
    expect(await page.locator('#tbl tbody tr').innerText()).toContain('封丘县赵岗镇');
    const hit = page.locator('#q-hits li').first();
    expect(await hit.locator('a').getAttribute('href')).toBe('/report/?id=7186e4bc548a26a6');
    expect(await hit.locator('mark').innerText()).toBe('监督一点通');
    const searchBytes = srv.bytes('/data/search/');
    const all = srv.bytes();
    console.log(`first narrative search on the real corpus: ${(all / 1024).toFixed(1)} KB fetched (${(searchBytes / 1024).toFixed(1)} KB of it the index), ${urls.length} requests`);
    expect(urls.some((u) => /sections\.(parquet|csv)/.test(u))).toBe(false);
    // besides the index, only the list's own columns of the reports table, read on the first keystroke
    expect(urls.filter((u) => u.startsWith('/data/') && !u.startsWith('/data/search/') && !/^\/data\/reports(\.parquet|\/)/.test(u))).toEqual([]);
    expect(urls.filter((u) => u.includes('/fragment/')).length).toBeGreaterThan(0);
    expect(all).toBeLessThan(2 * 1024 * 1024);
    // the year facet filters the narrative search too: the phrase is only in the 2023 report (a shared link with ?year=)
    const q = encodeURIComponent('监督一点通');
    // a page of its own, so no request of the first page's search is counted
    const yearPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const yearUrls: string[] = [];
    yearPage.on('request', (r) => yearUrls.push(new URL(r.url()).pathname));
    await yearPage.goto(`${srv.url}reports/?q=${q}&year=2022`);
    await yearPage.waitForFunction(() => /正文检索：0 份/.test(document.querySelector('#q-status')?.textContent ?? ''), null, { timeout: 30_000 });
    expect(await yearPage.textContent('#n-shown')).toBe('0');
    await yearPage.close();
    // the index is in parts by year: a year filter fetches that year's parts only (besides pagefind.js and the manifest)
    const manifest = JSON.parse(readFileSync(join(DIST, 'data', 'search', PARTS_FILE), 'utf8')) as SearchManifest;
    const fetched = new Set(yearUrls.filter((u) => u.startsWith('/data/search/')).map((u) => u.slice('/data/search/'.length).split('/')[0]));
    expect([...fetched].sort()).toEqual(['pagefind.js', PARTS_FILE, ...partsFor(manifest, 2022).map((p) => p.dir)].sort());
    expect(manifest.parts.length).toBeGreaterThan(partsFor(manifest, 2022).length);
    await page.goto(`${srv.url}reports/?q=${q}&year=2023&level=township`);
    await page.waitForFunction(() => document.querySelector('#n-shown')?.textContent === '1', null, { timeout: 30_000 });
    // unticking the narrative box leaves the agency names only
    await page.uncheck('#q-body');
    await page.waitForFunction(() => document.querySelector('#n-shown')?.textContent === '0');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
