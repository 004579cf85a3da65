/**
 * The SQL console cannot be made to read another origin — not by a shared `?q=` link, not by any statement
 * that slips past the guard. A second local origin (another 127.0.0.1 port) serves a canary file with
 * `Access-Control-Allow-Origin: *`, as a hostile server would; every known bypass is run through the page
 * (guard + DuckDB) and straight into DuckDB (guard skipped), and the canary must never be requested.
 *
 * The site is served by a plain static server that sends no security headers (as `python3 -m http.server`
 * would): what protects the reader must be in the site itself. Needs `dist/` (npm run build:data && npm run build).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser.ts';
import { serveStatic, type StaticServer } from './server.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
import { DIST } from './dist.ts';
const WASM_WAIT = 120_000;
const TOKEN = 'CANARY-5b1e9d';

if (!existsSync(join(DIST, 'sql', 'index.html'))) throw new Error(`${DIST}: no built site — run \`npm run build:data && npm run build\` first`);
const manifest = JSON.parse(readFileSync(join(DIST, 'data', 'manifest.json'), 'utf8'));
// past 1,024 reports the manifest no longer lists the input files: the files table does
const okFiles = (Array.isArray(manifest) ? manifest : manifest.files ?? await tableRows(join(DIST, 'data'), 'files')).filter((f: any) => f.status === 'ok').length;
import { tableRows } from './reporttable.ts';

let site: StaticServer;
let canary: { server: Server; origin: string; hits: string[] };
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  site = await serveStatic(DIST, { hosting: false });
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    const body = `token,n\n${TOKEN},1\n`;
    res.writeHead(200, { 'content-type': 'text/csv', 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-expose-headers': '*', 'content-length': Buffer.byteLength(body), 'accept-ranges': 'bytes' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  canary = { server, origin: `http://127.0.0.1:${(server.address() as any).port}`, hits };
  ({ browser, close: closeBrowser } = await launch());
});
afterAll(async () => {
  await closeBrowser?.(); await site?.close();
  await new Promise((ok) => canary?.server.close(ok));
});

/** The bypasses that reached another origin through the old guard, and their relatives. */
function bypasses(url: string): string[] {
  return [
    `SELECT * FROM read_csv('${url}')`,
    `SELECT * FROM "read_csv"('${url}')`,
    `SELECT * FROM "READ_CSV" ('${url}')`,
    `SELECT * FROM read_csv_auto(['${url}'])`,
    `SELECT * FROM read_text('${url}')`,
    `SELECT * FROM read_blob('${url}')`,
    `SELECT * FROM sniff_csv('${url}')`,
    `SELECT * FROM '${url}'`,
    `FROM '${url}'`,
    `SELECT * FROM "${url}"`,
    `SELECT * FROM reports, '${url}'`,
    `SELECT * FROM reports JOIN '${url}' ON true`,
    `SELECT * FROM /* c */ '${url}'`,
    `SELECT * FROM (FROM '${url}')`,
    `SELECT * FROM query('SELECT * FROM ''${url}''')`,
    `SELECT * FROM query_table('${url}')`,
    `SELECT E'\\'' AS q, * FROM '${url}'`,
    `SELECT * FROM $$${url}$$`,
    `SELECT * FROM $t$${url}$t$`,
    `DESCRIBE '${url}'`,
    `SUMMARIZE '${url}'`,
    `SELECT * FROM "glob"('${url}')`,
    `PRAGMA table_info('${url}')`,
    `/* /* */ SELECT 1 */ SELECT * FROM '${url}'`,
    `SET enable_external_access=true; SELECT * FROM '${url}'`,
    `RESET lock_configuration; SELECT * FROM '${url}'`,
  ];
}

async function sqlPage(q: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${site.url}sql/?q=${encodeURIComponent(q)}`, { waitUntil: 'load' });
  return page;
}

/** Run a statement in the page's own DuckDB connection, skipping the guard (the chunk the page already loaded). */
async function runDirect(page: Page, sql: string): Promise<string> {
  // a string, not a function: vitest would rewrite a dynamic import() inside a function body
  return page.evaluate(`(async () => {
    const src = performance.getEntriesByType('resource').map((e) => e.name).find((n) => /\\/_astro\\/duck\\.[\\w-]+\\.js$/.test(n));
    if (!src) return 'no duck chunk';
    const duck = await import(src);
    try { return JSON.stringify(await duck.run(${JSON.stringify(sql)})); } catch (e) { return 'error: ' + e.message; }
  })()`);
}

describe('SQL console reads nothing from other origins', () => {
  it('tables still load after the lockdown, and the settings are locked', async () => {
    const page = await sqlPage('SELECT count(*) AS n FROM reports');
    await page.waitForSelector('#sql-out[data-rows]', { timeout: WASM_WAIT });
    expect(Number(await page.textContent('#sql-out tbody td'))).toBe(okFiles);
    // a second table, loaded with only the columns a query names, after the settings were locked
    await page.fill('#sql-q', "SELECT count(*) AS n FROM cells WHERE tbl = 't3'");
    await page.click('#sql-run');
    await page.waitForSelector('#sql-out[data-run="2"]', { timeout: WASM_WAIT });
    expect(Number(await page.textContent('#sql-out tbody td'))).toBeGreaterThan(0);
    expect(await runDirect(page, "SELECT current_setting('enable_external_access') AS x")).toBe('{"columns":["x"],"numeric":[],"rows":[{"x":false}]}');
    expect(await runDirect(page, 'SET enable_external_access=true')).toMatch(/^error: .*lock/i);
    await page.close();
  }, WASM_WAIT + 30_000);

  it('every bypass, through the page (?q= and the Run button) and straight into DuckDB, never requests the canary', async () => {
    const url = `${canary.origin}/canary.csv`;
    const list = bypasses(url);
    const shown: string[] = [];
    const settle = (page: Page, prevRun: string | undefined) => page.waitForFunction((prev) => document.getElementById('sql-err')!.textContent
      || (document.getElementById('sql-out')!.dataset.run ?? '') !== (prev ?? ''), prevRun, { timeout: 60_000 });
    // as shared links: ?q= runs on load (a few; each load starts DuckDB afresh)
    for (const q of [list[0]!, list[9]!, list[16]!]) {
      const page = await sqlPage(q);
      await page.waitForFunction(() => document.body.dataset.duckReady === '1', null, { timeout: WASM_WAIT });
      await settle(page, undefined);
      if ((await page.locator('main').innerText()).includes(TOKEN)) shown.push(`?q=: ${q}`);
      await page.close();
    }
    // all of them with the Run button, and straight into DuckDB without the guard
    const page = await sqlPage('SELECT 1');
    await page.waitForSelector('#sql-out[data-rows]', { timeout: WASM_WAIT });
    const reasons: string[] = [];
    for (const q of list) {
      const prev = await page.locator('#sql-out').getAttribute('data-run') ?? undefined;
      await page.fill('#sql-q', q);
      await page.click('#sql-run');
      await settle(page, prev);
      reasons.push(await page.locator('#sql-err').innerText());
      if ((await page.locator('main').innerText()).includes(TOKEN)) shown.push(`run: ${q}`);
      const direct = await runDirect(page, q.split(/;\s*/).pop()!);
      if (direct.includes(TOKEN)) shown.push(`direct: ${q}`);
      expect(direct, q).toMatch(/^error: /);
    }
    expect(shown).toEqual([]);
    expect(canary.hits).toEqual([]);
    // the guard names the reason for every one of them before DuckDB sees it
    expect(reasons.filter((r) => !r).length, list.filter((_, i) => !reasons[i]).join('\n')).toBe(0);
    await page.close();
  }, WASM_WAIT * 3 + 120_000);

  it('the DuckDB worker runs under the page CSP even when the host sends none', async () => {
    const page = await sqlPage('SELECT 1');
    await page.waitForFunction(() => document.body.dataset.duckReady === '1', null, { timeout: WASM_WAIT });
    const [worker] = page.workers();
    expect(worker!.url()).toMatch(/^blob:/);
    const r = await worker!.evaluate(async (u) => {
      try { return `fetched: ${await (await fetch(u)).text()}`; } catch (e) { return `blocked: ${(e as Error).message}`; }
    }, `${canary.origin}/from-worker.csv`);
    expect(r).toMatch(/^blocked/);
    expect(canary.hits).toEqual([]);
    await page.close();
  }, WASM_WAIT + 20_000);
});
