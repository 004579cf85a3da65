/**
 * Embeds in an article on another site (issue #17, item 5): the share panel copies the link and the iframe
 * snippet; pasted into a page served from another origin, the frame follows its content's height both ways
 * (shrinks below the snippet's 460 px, grows again), is light inside a dark reader's article unless
 * ?theme= asks otherwise, drops the table tab with table=0 and the visible title with title=0, and its
 * citation names the page it embeds, not the /embed/ address.
 *
 * Needs `dist/` built from the bundled corpus: npm run build:data && npm run build
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page, Frame } from 'playwright-core';
import { launch } from './browser.ts';
import { serveStatic, type StaticServer } from './server.ts';
import { DIST, WASM_WAIT, byAgency } from './built.ts';

let site: StaticServer;
let other: StaticServer; // the newspaper: another origin, a bare static host
let articles: string;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  site = await serveStatic(DIST);
  articles = mkdtempSync(join(tmpdir(), 'atlas-article-'));
  other = await serveStatic(articles, { hosting: false });
  ({ browser, close: closeBrowser } = await launch());
});
afterAll(async () => {
  await closeBrowser?.(); await site?.close(); await other?.close();
  if (articles) rmSync(articles, { recursive: true, force: true });
});

/** A small article page on the other origin, with `embed` pasted into its body. */
function article(name: string, embed: string): string {
  writeFileSync(join(articles, name), `<!doctype html><html><head><meta charset="utf-8"><title>报道</title>
    <style>body{font-family:serif;max-width:680px;margin:2rem auto;background:#fff;color:#111}</style></head>
    <body><h1>某镇政府信息公开情况</h1><p>记者根据各机关公开发布的年度报告整理。</p>${embed}<p>（完）</p></body></html>`);
  return `${other.url}${name}`;
}

/** The embedded frame whose address ends with `tail` (iframes navigate after the article loads). */
async function embedFrame(page: Page, tail: string): Promise<Frame> {
  for (let t = 0; t < 100; t++) {
    const f = page.frames().find((x) => x !== page.mainFrame() && x.url().endsWith(tail));
    if (f) return f;
    await page.waitForTimeout(200);
  }
  throw new Error(`no frame ${tail}`);
}
const iframeHeight = (page: Page, i = 0) => page.evaluate((k) => document.querySelectorAll('iframe')[k].getBoundingClientRect().height, i);
/** Waits until the iframe's height equals its document's content height (what embed.js should make it). */
async function settled(page: Page, frame: Frame, i = 0): Promise<number> {
  let last = -1;
  for (let t = 0; t < 60; t++) {
    const content = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    const h = await iframeHeight(page, i);
    if (Math.abs(h - content) <= 1 && h === last) return h;
    last = h;
    await page.waitForTimeout(150);
  }
  throw new Error(`iframe height ${last} never matched its content`);
}

describe('embeds on another origin', () => {
  it('the share panel copies the link and the snippet; pasted elsewhere the frame shrinks and grows with its content', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site.url).origin });
    const page = await ctx.newPage();
    await page.goto(site.url);
    const fig = page.locator('figure.chart[data-chart=outcome-mix]');
    await fig.locator('[data-embed-toggle]').click();
    await fig.locator('button[data-copy=link]').click();
    await expect.poll(() => fig.locator('[data-copy-status]').innerText()).toContain('已复制');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${site.url}#outcome-mix`);
    await fig.locator('button[data-copy=embed]').click();
    const snippet = await page.evaluate(() => navigator.clipboard.readText());
    expect(snippet).toContain(`src="${site.url}embed/outcome-mix/"`);
    expect(snippet).toContain('height="460"');

    const reader = await ctx.newPage();
    await reader.goto(article('grow-shrink.html', snippet));
    const frame = await embedFrame(reader, '/embed/outcome-mix/');
    await frame.waitForSelector('figure.chart svg');
    const chartH = await settled(reader, frame);
    expect(chartH, 'the chart is shorter than the snippet\'s 460 px: the frame shrinks').toBeLessThan(460);
    // a shorter tab: the frame shrinks again; back to the chart: it grows
    await frame.click('[role=tab][data-tab=sources]');
    const sourcesH = await settled(reader, frame);
    expect(sourcesH).toBeLessThan(chartH);
    await frame.click('[role=tab][data-tab=chart]');
    expect(await settled(reader, frame)).toBe(chartH);
    // the data table tab is taller than the sources: grows from there
    await frame.click('[role=tab][data-tab=sources]');
    await settled(reader, frame);
    await frame.click('[role=tab][data-tab=table]');
    expect(await settled(reader, frame)).toBeGreaterThan(sourcesH);
    // the citation in the frame names the page, not the embed
    const cite = await frame.locator('figure.chart p.source').innerText();
    expect(cite).toContain(`${site.url}#outcome-mix`);
    expect(cite).not.toContain('/embed/');
    await ctx.close();
  }, 90_000);

  it('light inside a dark reader\'s article unless asked; theme=dark and theme=auto; table=0 and title=0', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
    await page.emulateMedia({ colorScheme: 'dark' });
    const iframe = (q: string) => `<iframe src="${site.url}embed/outcome-mix/${q}" width="100%" height="460" style="border:0" data-atlas-embed></iframe>`;
    await page.goto(article('themes.html', [iframe(''), iframe('?theme=dark'), iframe('?theme=auto'), iframe('?table=0&title=0'), `<script src="${site.url}embed.js"></script>`].join('\n')));
    const frames = await Promise.all(['/embed/outcome-mix/', '?theme=dark', '?theme=auto', '?table=0&title=0'].map((q) => embedFrame(page, q)));
    const bg = async (f: Frame) => {
      await f.waitForSelector('figure.chart svg');
      return f.evaluate(() => {
        const m = getComputedStyle(document.querySelector('figure.chart')!).backgroundColor.match(/\d+/g)!.map(Number);
        return (0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]) / 255;
      });
    };
    expect(await bg(frames[0])).toBeGreaterThan(0.85);
    expect(await bg(frames[1])).toBeLessThan(0.2);
    expect(await bg(frames[2])).toBeLessThan(0.2);
    expect(await bg(frames[3])).toBeGreaterThan(0.85);
    // default: a table tab, the table behind it; table=0: no table tab; title=0: no visible title
    expect(await frames[0].locator('[role=tab][data-tab=table]').isVisible()).toBe(true);
    expect(await frames[0].locator('table[data-twin]').isVisible()).toBe(false);
    expect(await frames[3].locator('[role=tab][data-tab=table]').isVisible()).toBe(false);
    expect(await frames[0].locator('figure.chart figcaption').boundingBox().then((b) => b!.height)).toBeGreaterThan(10);
    expect(await frames[3].locator('figure.chart figcaption').boundingBox().then((b) => b!.height)).toBeLessThanOrEqual(1);
    // the embed options are not part of the page a citation names
    expect(await frames[3].locator('figure.chart p.source').innerText()).toContain(`${site.url}#outcome-mix（`);
    await page.close();
  }, 60_000);

  it('the chart builder embed cites /chart/ with its view, and its frame fits its content', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
    await page.goto(article('builder.html', `<iframe src="${site.url}embed/chart/?m=new&g=year&theme=dark" width="100%" height="460" style="border:0" data-atlas-embed></iframe><script src="${site.url}embed.js"></script>`));
    const frame = await embedFrame(page, '/embed/chart/?m=new&g=year&theme=dark');
    await frame.waitForSelector('#builder[data-ready]', { timeout: WASM_WAIT, state: 'attached' });
    expect(await frame.locator('figure.chart p.source').innerText()).toContain(`${site.url}chart/?m=new&g=year（`);
    const h = await settled(page, frame);
    expect(h).toBeGreaterThan(200);
    await page.close();
  }, WASM_WAIT + 30_000);

  it('a compare embed in a 360 px column: the citation keeps the page URL as written and wraps, the frame never scrolls sideways', async () => {
    const ids = ['雷鸣镇人民政府', '封丘县赵岗镇'].map((a) => byAgency(a).id).join(',');
    const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
    await page.goto(article('phone.html', `<iframe src="${site.url}embed/compare/?ids=${ids}&m=licensing&theme=auto" width="100%" height="460" style="border:0" data-atlas-embed></iframe><script src="${site.url}embed.js"></script>`));
    const frame = await embedFrame(page, `?ids=${ids}&m=licensing&theme=auto`);
    await frame.waitForSelector('#compare[data-ready]', { state: 'attached' });
    expect(await frame.locator('figure.chart p.source').innerText()).toContain(`${site.url}compare/?ids=${ids}&m=licensing（`);
    expect(await frame.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await settled(page, frame);
    await page.close();
  }, 60_000);
});
