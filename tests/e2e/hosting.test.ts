/**
 * What a host sends, and what other sites embedding our charts can rely on:
 * - `npm run preview` (the real CLI, real HTTP requests) sends the hosting headers of docs/SITE.md;
 * - the embed snippet carries subresource integrity that the browser accepts, and a wrong hash blocks the script;
 * - embed.js resizes an iframe only on messages from the origin the iframe's src names;
 * - pages other than /embed/ refuse to be framed by another origin.
 * Needs `dist/` (npm run build:data && npm run build).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { launch } from './browser.ts';
import { publishedSourceName } from '../../scripts/corpus/sources.ts';
import { serveStatic, type StaticServer } from './server.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
import { DIST } from './dist.ts';
if (!existsSync(join(DIST, 'index.html'))) throw new Error(`${DIST}: no built site — run \`npm run build:data && npm run build\` first`);

describe('npm run preview sends the hosting headers', () => {
  let child: ChildProcess;
  let base: string;
  beforeAll(async () => {
    child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/cli/preview.ts', '--port', '0', '--dir', DIST], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    base = await new Promise<string>((ok, fail) => {
      let out = '';
      child.stdout!.on('data', (b) => { out += b; const m = /at (http:\/\/\S+\/)/.exec(out); if (m) ok(m[1]!); });
      child.on('exit', (code) => fail(new Error(`preview exited ${code}`)));
    });
  }, 60_000);
  afterAll(() => { if (child?.pid) process.kill(child.pid); });

  it('pages: CSP with frame-ancestors \'self\', nosniff; /embed/ pages may be framed anywhere', async () => {
    const home = await fetch(base);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(home.headers.get('x-content-type-options')).toBe('nosniff');
    expect(home.headers.get('content-security-policy')).toMatch(/connect-src 'self'.*frame-ancestors 'self'$/);
    const embed = await fetch(base + 'embed/outcome-mix/');
    expect(embed.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(embed.headers.get('content-security-policy')).not.toContain('frame-ancestors');
    const js = await fetch(base + 'embed.js');
    expect(js.headers.get('access-control-allow-origin')).toBe('*');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('WASM as application/wasm, gzip-compressed when accepted', async () => {
    const wasm = readdirSync(join(DIST, '_astro')).find((f) => f.endsWith('.wasm'))!;
    const raw = statSync(join(DIST, '_astro', wasm)).size;
    const r = await fetch(base + '_astro/' + wasm, { headers: { 'accept-encoding': 'gzip' } });
    expect(r.headers.get('content-type')).toBe('application/wasm');
    expect(r.headers.get('content-encoding')).toBe('gzip');
    expect(Number(r.headers.get('content-length'))).toBeLessThan(raw / 2);
    expect((await r.arrayBuffer()).byteLength).toBe(raw); // fetch decompresses: the bytes are the file
  }, 60_000);

  it('originals are downloads in a sandbox; Parquet answers range requests', async () => {
    const src = readdirSync(join(DIST, 'data', 'archive', 'sources'))[0]!;
    const r = await fetch(base + 'data/archive/sources/' + src);
    expect(r.headers.get('content-disposition')).toBe('attachment');
    expect(r.headers.get('content-type')).toBe('application/octet-stream');
    expect(r.headers.get('content-security-policy')).toContain('sandbox');
    // one file of the reports table, whatever the layout (one file, or one per year past 1,024 reports)
    const reportsFile = existsSync(join(DIST, 'data', 'reports.parquet')) ? 'reports.parquet'
      : `reports/${readdirSync(join(DIST, 'data', 'reports'))[0]}/data_0.parquet`;
    const pq = await fetch(base + 'data/' + reportsFile, { headers: { range: 'bytes=0-3' } });
    expect(pq.status).toBe(206);
    expect(Buffer.from(await pq.arrayBuffer()).toString('latin1')).toBe('PAR1');
  });
});

describe('published originals', () => {
  it('every report links an original that exists in the build, under an allowlisted extension', () => {
    // the report page (one route, rendered in the browser) links data/archive/sources/<publishedSourceName(id, null, format)>
    const records = readdirSync(join(DIST, 'data', 'archive', 'records')).filter((f) => f.endsWith('.json'));
    expect(records.length).toBeGreaterThan(100);
    for (const f of records) {
      const id = f.slice(0, -'.json'.length);
      const rec = JSON.parse(readFileSync(join(DIST, 'data', 'archive', 'records', f), 'utf8')) as { source?: { format?: string } };
      const name = publishedSourceName(id, null, rec.source?.format ?? null);
      expect(name, id).toMatch(new RegExp(`^${id}\\.(txt|pdf|docx|doc)$`));
      expect(existsSync(join(DIST, 'data', 'archive', 'sources', name)), name).toBe(true);
    }
  });
});

describe('embedding on another origin', () => {
  let site: StaticServer;
  let other: { server: Server; origin: string; pages: Map<string, string> };
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  beforeAll(async () => {
    site = await serveStatic(DIST);
    const pages = new Map<string, string>();
    const server = createServer((req, res) => {
      const body = pages.get(req.url ?? '') ?? '';
      res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    other = { server, origin: `http://127.0.0.1:${(server.address() as any).port}`, pages };
    ({ browser, close: closeBrowser } = await launch());
  });
  afterAll(async () => { await closeBrowser?.(); await site?.close(); await new Promise((ok) => other?.server.close(ok)); });

  async function snippet(): Promise<string> {
    const page = await browser.newPage();
    await page.goto(site.url);
    await page.locator('figure.chart [data-embed-toggle]').first().click();
    const s = await page.locator('figure.chart textarea.snippet').first().inputValue();
    await page.close();
    return s;
  }

  it('the snippet pins embed.js with integrity; the browser runs it and it resizes the iframe; a wrong hash blocks it', async () => {
    const s = await snippet();
    expect(s).toMatch(/<script src="[^"]+\/embed\.js" integrity="sha384-[A-Za-z0-9+/]+=*" crossorigin="anonymous" async><\/script>/);
    other.pages.set('/host.html', `<!doctype html><body>${s}</body>`);
    const page = await browser.newPage();
    await page.goto(`${other.origin}/host.html`);
    await page.waitForFunction(() => (window as any).__atlasEmbed === 1, null, { timeout: 20_000 });
    // resized = a pixel height set from the embed page's message (the snippet's own height is an attribute)
    await page.waitForFunction(() => /^\d+px$/.test(document.querySelector('iframe')!.style.height), null, { timeout: 30_000 });
    const bad = s.replace(/integrity="sha384-[^"]+"/, `integrity="sha384-${Buffer.alloc(48).toString('base64')}"`);
    other.pages.set('/tampered.html', `<!doctype html><body>${bad}</body>`);
    await page.goto(`${other.origin}/tampered.html`);
    await page.waitForLoadState('load');
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as any).__atlasEmbed)).toBeUndefined();
    await page.close();
  }, 90_000);

  it('embed.js ignores height messages from any origin but the iframe\'s own', async () => {
    // the embedded frame navigates to a page on another origin that posts a size message
    other.pages.set('/hostile.html', `<!doctype html><script>parent.postMessage({ type: 'atlas-embed-height', height: 1234 }, '*')</script>`);
    other.pages.set('/host2.html', `<!doctype html><body><iframe src="${site.url}embed/outcome-mix/" data-atlas-embed style="height:50px;width:600px;border:0"></iframe>
      <script src="${site.url}embed.js"></script></body>`);
    const page = await browser.newPage();
    await page.goto(`${other.origin}/host2.html`);
    // a real message from our embed page is honoured
    await page.waitForFunction(() => { const h = document.querySelector('iframe')!.style.height; return h && h !== '50px'; }, null, { timeout: 30_000 });
    const honest = await page.evaluate(() => document.querySelector('iframe')!.style.height);
    // now the same iframe shows another origin's page (its window is still the iframe's contentWindow)
    const frame = page.frames().find((f) => f.url().includes('/embed/outcome-mix/'))!;
    await frame.goto(`${other.origin}/hostile.html`);
    await page.waitForTimeout(800);
    expect(await page.evaluate(() => document.querySelector('iframe')!.style.height)).toBe(honest);
    expect(honest).not.toBe('1234px');
    await page.close();
  }, 60_000);

  it('pages outside /embed/ refuse to be framed by another origin', async () => {
    other.pages.set('/frame-sql.html', `<!doctype html><body><iframe src="${site.url}sql/" style="height:300px;width:600px"></iframe></body>`);
    const page = await browser.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => { if (/frame-ancestors/.test(m.text())) blocked.push(m.text()); });
    await page.goto(`${other.origin}/frame-sql.html`);
    await page.waitForTimeout(1500);
    const sqlFrame = page.frames().find((f) => f !== page.mainFrame())!;
    expect(await sqlFrame.locator('#sql-q').count()).toBe(0);
    expect(blocked.length).toBeGreaterThan(0);
    await page.close();
  }, 30_000);
});
