/**
 * Exported chart images are safe to publish on their own (issue #17, item 1): every chart type's PNG and SVG
 * carries the chart's title, its subtitle and the full citation (page URL and date), laid out inside the
 * image, on an opaque background, in the light theme even when the reader's page is dark (dark only when
 * asked), with the editable alt text in the SVG's <desc>.
 *
 * Needs `dist/` built from the bundled corpus: npm run build:data && npm run build
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page, Locator } from 'playwright-core';
import { byAgency, siteAndBrowser, WASM_WAIT } from './built.ts';

const site = siteAndBrowser();
const idOf = (agency: string) => byAgency(agency).id as string;

const today = () => new Date().toISOString().slice(0, 10);

interface SvgInfo {
  width: number; height: number; vb: number[]; bg: string | null; bgW: number; bgH: number; title: string; desc: string;
  texts: Array<{ text: string; x: number; y: number; w: number; h: number }>;
  chart: { x: number; y: number; w: number; h: number } | null;
}

/** Lays the exported SVG out in a blank page and measures its top-level texts (what a reader sees). */
async function inspectSvg(page: Page, text: string): Promise<SvgInfo> {
  const probe = await site.browser.newPage();
  try {
    return await probe.evaluate((t) => {
      const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
      if (doc.querySelector('parsererror')) throw new Error('exported SVG does not parse');
      const svg = document.importNode(doc.documentElement, true) as unknown as SVGSVGElement;
      document.body.append(svg);
      const kids = [...svg.children];
      const rect = kids.find((k) => k.tagName === 'rect');
      const inner = kids.find((k) => k.tagName === 'svg') as SVGSVGElement | undefined;
      const vb = svg.viewBox.baseVal;
      return {
        width: Number(svg.getAttribute('width')), height: Number(svg.getAttribute('height')), vb: [vb.x, vb.y, vb.width, vb.height],
        bg: rect?.getAttribute('fill') ?? null, bgW: Number(rect?.getAttribute('width')), bgH: Number(rect?.getAttribute('height')),
        title: kids.find((k) => k.tagName === 'title')?.textContent ?? '', desc: kids.find((k) => k.tagName === 'desc')?.textContent ?? '',
        texts: kids.filter((k) => k.tagName === 'text').map((k) => { const b = (k as SVGTextElement).getBBox(); return { text: k.textContent ?? '', x: b.x, y: b.y, w: b.width, h: b.height }; }),
        chart: inner ? { x: inner.x.baseVal.value, y: inner.y.baseVal.value, w: inner.width.baseVal.value, h: inner.height.baseVal.value } : null,
      };
    }, text);
  } finally { await probe.close(); }
}

/** Decodes the PNG in the page: its size, and how many pixels of its top and bottom bands are transparent or differ from the background. */
async function inspectPng(page: Page, bytes: Buffer) {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const band = (y0: number, h: number) => {
      const d = ctx.getImageData(0, y0, c.width, h).data;
      let transparent = 0, ink = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3] < 255) transparent++;
        if (Math.abs(d[i] - d[0]) + Math.abs(d[i + 1] - d[1]) + Math.abs(d[i + 2] - d[2]) > 90) ink++;
      }
      return { transparent, ink };
    };
    const h = Math.round(c.height * 0.1);
    return { w: c.width, h: c.height, corner: [...ctx.getImageData(0, 0, 1, 1).data], top: band(0, h), bottom: band(c.height - h, h) };
  }, bytes.toString('base64'));
}

const luminance = (css: string) => {
  const m = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(css) ?? /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css);
  if (!m) throw new Error(`background ${css} is not an opaque colour`);
  const v = m.slice(1, 4).map((x) => (css.startsWith('#') ? parseInt(x, 16) : Number(x)) / 255);
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
};

async function download(page: Page, fig: Locator, kind: 'svg' | 'png'): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download'), fig.locator(`button[data-dl=${kind}]`).click()]);
  return readFileSync((await d.path())!);
}

/** The checks every exported chart must pass; `pageUrl` is what the citation must name. */
async function checkExports(page: Page, fig: Locator, pageUrl: string, theme: 'light' | 'dark' = 'light') {
  const title = (await fig.getAttribute('data-title'))!;
  const subtitle = await fig.getAttribute('data-subtitle');
  const svg = await inspectSvg(page, (await download(page, fig, 'svg')).toString('utf8'));
  // the image's own box: viewBox = width × height, with a full-size opaque background first
  expect(svg.vb).toEqual([0, 0, svg.width, svg.height]);
  expect([svg.bgW, svg.bgH]).toEqual([svg.width, svg.height]);
  const lum = luminance(svg.bg ?? '');
  if (theme === 'light') expect(lum).toBeGreaterThan(0.85); else expect(lum).toBeLessThan(0.2);
  // every line of title, subtitle and citation lies inside the image
  for (const t of svg.texts) {
    expect(t.x, t.text).toBeGreaterThanOrEqual(0);
    expect(t.x + t.w, `${t.text} (${t.x}+${t.w} of ${svg.width})`).toBeLessThanOrEqual(svg.width);
    expect(t.y, t.text).toBeGreaterThanOrEqual(0);
    expect(t.y + t.h, t.text).toBeLessThanOrEqual(svg.height);
  }
  expect(svg.chart).not.toBeNull();
  expect(svg.chart!.x).toBeGreaterThanOrEqual(0);
  expect(svg.chart!.x + svg.chart!.w).toBeLessThanOrEqual(svg.width);
  expect(svg.chart!.y + svg.chart!.h).toBeLessThanOrEqual(svg.height);
  const all = svg.texts.map((t) => t.text).join('').replace(/\s/g, '');
  expect(svg.texts[0].text.length).toBeGreaterThan(0);
  expect(all.startsWith(title.replace(/\s/g, ''))).toBe(true);
  if (subtitle) expect(all).toContain(subtitle.replace(/\s/g, ''));
  const citation = `数据来源：信息公开年报数据台 ${pageUrl}（${today()}）`;
  expect(all.endsWith(citation.replace(/\s/g, ''))).toBe(true);
  // the citation is below the chart, the title above it
  expect(svg.texts[0].y + svg.texts[0].h).toBeLessThanOrEqual(svg.chart!.y);
  expect(svg.texts.at(-1)!.y).toBeGreaterThanOrEqual(svg.chart!.y + svg.chart!.h);
  expect(svg.title).toBe(title);

  const png = await download(page, fig, 'png');
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  const p = await inspectPng(page, png);
  // the PNG is the same layout at 2×: the title and citation bands are inside it
  expect([p.w, p.h]).toEqual([svg.width * 2, svg.height * 2]);
  expect(p.corner[3]).toBe(255);
  expect(p.top.transparent).toBe(0);
  expect(p.bottom.transparent).toBe(0);
  expect(p.top.ink, 'title drawn in the top band').toBeGreaterThan(50);
  expect(p.bottom.ink, 'citation drawn in the bottom band').toBeGreaterThan(50);
  return svg;
}

async function open(path: string, width: number, scheme: 'light' | 'dark' = 'light') {
  const page = await site.browser.newPage({ viewport: { width, height: 900 }, acceptDownloads: true });
  await page.emulateMedia({ colorScheme: scheme });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(site.srv.url + path);
  return { page, errors };
}

describe('exported charts carry title, subtitle and the full citation inside an opaque image', () => {
  it('home (prerendered bar chart), in a dark page: light image unless dark is asked, alt text editable', async () => {
    const { page, errors } = await open('', 1280, 'dark');
    const fig = page.locator('figure.chart[data-chart=outcome-mix]');
    await checkExports(page, fig, site.srv.url);
    await fig.locator('[data-embed-toggle]').click();
    await fig.locator('textarea[data-alt]').fill('条形图：六类办理结果的件数（编辑过的替代文字）');
    await fig.locator('input[data-export-dark]').check();
    const svg = await checkExports(page, fig, site.srv.url, 'dark');
    expect(svg.desc).toBe('条形图：六类办理结果的件数（编辑过的替代文字）');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('chart builder (Plot) at 360 px: the long citation wraps inside the image', async () => {
    const path = 'chart/?m=licensing&g=province&year=2023&level=township';
    const { page, errors } = await open(path, 360);
    await page.waitForSelector('#builder[data-ready]', { timeout: WASM_WAIT, state: 'attached' });
    const svg = await checkExports(page, page.locator('#builder figure.chart'), site.srv.url + path);
    expect(svg.texts.filter((t) => t.text.includes('127.0.0.1') || /^[\w/?&=.%:-]+/.test(t.text)).length).toBeGreaterThan(0);
    expect(svg.width).toBeLessThanOrEqual(400);
    expect(svg.texts.length).toBeGreaterThanOrEqual(4); // title, subtitle, and the citation over at least two lines
    expect(errors).toEqual([]);
    await page.close();
  }, WASM_WAIT + 30_000);

  it('chart builder, a rate measure, page in dark mode', async () => {
    const path = 'chart/?m=open_rate&g=year';
    const { page, errors } = await open(path, 1280, 'dark');
    await page.waitForSelector('#builder[data-ready]', { timeout: WASM_WAIT, state: 'attached' });
    await checkExports(page, page.locator('#builder figure.chart'), site.srv.url + path);
    expect(errors).toEqual([]);
    await page.close();
  }, WASM_WAIT + 30_000);

  it('home (prerendered bars with links) and an agency page (Plot lines, stacked bars, a rate over the years)', async () => {
    const home = await open('', 1280);
    await checkExports(home.page, home.page.locator('figure.chart[data-chart=top-applications]'), site.srv.url);
    expect(home.errors).toEqual([]);
    await home.page.close();
    const path = `agency/?key=${encodeURIComponent('平潭综合实验区交通与建设局')}`;
    const { page, errors } = await open(path, 1280);
    await page.waitForSelector('#agency[data-ready]', { state: 'attached', timeout: 60_000 });
    const url = new URL(site.srv.url + path).href;
    for (const c of ['flow', 'outcomes', 'open_rate']) await checkExports(page, page.locator(`figure.chart[data-chart=agency-${c}]`), url);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('compare: ranking and small multiples', async () => {
    const path = `compare/?ids=${idOf('雷鸣镇人民政府')},${idOf('封丘县赵岗镇')}&m=new`;
    const { page, errors } = await open(path, 1280);
    await page.waitForSelector('#compare[data-ready]', { state: 'attached' });
    const url = new URL(site.srv.url + path).href;
    await checkExports(page, page.locator('figure.chart[data-chart=ranking]'), url);
    await checkExports(page, page.locator('figure.chart[data-chart=multiples]'), url);
    expect(errors).toEqual([]);
    await page.close();
  });
});
