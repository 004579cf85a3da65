/**
 * /data/ with more agencies and failed files than one page holds, the data on another origin: a SYNTHETIC corpus made
 * here (60 agencies of scripts/synthetic/corpus.ts, one report each, whose names say 合成, and 120 empty files named
 * synthetic-empty-*, which the build lists as failed) goes through the real `build:data` and `astro build` in the deploy
 * layout (ATLAS_DATA_URL = a second local server that answers Range and sends CORS headers, as docs/SITE.md asks of a data
 * host). Checked: the HTML holds 50 agencies and 100 files and says so; the next pages come from the data origin in the
 * build's order (expected values from the built Parquet with DuckDB). Takes a minute or two (two builds).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { execFileSync } from 'node:child_process';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Browser } from 'playwright-core';
import { launch } from './browser.ts';
import { serveStatic, type StaticServer } from './server.ts';
import { renderReport, syntheticReport, YEARS_PER_AGENCY } from '../../scripts/synthetic/corpus.ts';
import { AGENCY_PAGE, FILE_PAGE } from '../../src/lib/datarows.ts';
import { astroBuild } from './astrobuild.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const AGENCIES = AGENCY_PAGE + 10;
const EMPTY = FILE_PAGE + 20;

/** A data host on its own origin: files with Range, CORS for any origin (Content-Length and Content-Range exposed). */
function serveData(dir: string): Promise<{ url: string; paths: string[]; close: () => Promise<void> }> {
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'Range', 'access-control-expose-headers': 'Content-Length, Content-Range' };
    if (req.method === 'OPTIONS') { res.writeHead(204, cors); res.end(); return; }
    const root = realpathSync(dir); // build:data makes --out a link to the build
    const path = decodeURIComponent(new URL(req.url!, 'http://x').pathname);
    paths.push(path);
    const file = resolve(root, `.${path}`);
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) { res.writeHead(404, cors); res.end(); return; }
    const size = statSync(file).size;
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const [a, b] = m ? [Number(m[1]), m[2] ? Math.min(Number(m[2]), size - 1) : size - 1] : [0, size - 1];
    res.writeHead(m ? 206 : 200, { ...cors, 'accept-ranges': 'bytes', 'content-length': Math.max(0, b - a + 1), ...(m ? { 'content-range': `bytes ${a}-${b}/${size}` } : {}) });
    if (req.method === 'HEAD' || size === 0) { res.end(); return; }
    createReadStream(file, { start: a, end: b }).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, paths,
    close: () => new Promise<void>((done) => server.close(() => done())),
  })));
}

const tmp = mkdtempSync(join(tmpdir(), 'atlas-datapage-'));
let data: Awaited<ReturnType<typeof serveData>>;
let site: StaticServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let agencies: string[];
let notOk: string[];

beforeAll(async () => {
  mkdirSync(join(tmp, 'in'));
  for (let g = 0; g < AGENCIES; g++) {
    const rep = syntheticReport(g * YEARS_PER_AGENCY);
    writeFileSync(join(tmp, 'in', rep.file), renderReport(rep));
  }
  for (let i = 0; i < EMPTY; i++) writeFileSync(join(tmp, 'in', `synthetic-empty-${String(i).padStart(3, '0')}.txt`), '');
  data = await serveData(join(tmp, 'data'));
  const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
  execFileSync('npm', ['run', '-s', 'build:data', '--', '--input', join(tmp, 'in'), '--out', join(tmp, 'data'), '--no-cache', '--quiet'], { cwd: ROOT, env, stdio: 'pipe' });
  astroBuild({ ...env, ATLAS_DATA_DIR: join(tmp, 'data'), ATLAS_OUT_DIR: join(tmp, 'dist'), ATLAS_DATA_URL: data.url });

  const db = await (await DuckDBInstance.create(':memory:')).connect();
  const q = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJson() as any[];
  const pq = (t: string) => `read_parquet('${join(realpathSync(join(tmp, 'data')), `${t}.parquet`)}')`;
  agencies = (await q(`SELECT coalesce(agency_key, agency) AS k FROM ${pq('reports')} GROUP BY 1 ORDER BY count(*) DESC, k`)).map((r) => r.k);
  notOk = (await q(`SELECT path FROM ${pq('files')} WHERE status <> 'ok' ORDER BY path`)).map((r) => r.path);
  // a bare static host for the site: the page's own <meta> CSP names the data origin
  site = await serveStatic(join(tmp, 'dist'), { hosting: false });
  ({ browser, close: closeBrowser } = await launch());
}, 600_000);
afterAll(async () => {
  await closeBrowser?.(); await site?.close(); await data?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('/data/ past one page (SYNTHETIC corpus, data on another origin)', () => {
  it('the corpus is what was made: more agencies and failed files than a page', () => {
    expect(agencies.length).toBe(AGENCIES);
    expect(notOk.length).toBe(EMPTY);
    expect(existsSync(join(tmp, 'dist', 'data', 'manifest.json'))).toBe(false);
  });

  it('the HTML holds one page of each list and says it is partial', () => {
    const html = readFileSync(join(tmp, 'dist', 'data', 'index.html'), 'utf8');
    const body = (sel: string) => html.split(sel)[1].split('</tbody>')[0];
    expect([...body('data-corpus-agencies').matchAll(/<th scope="row">([^<]*)<\/th>/g)].map((m) => m[1])).toEqual(agencies.slice(0, AGENCY_PAGE));
    expect([...body('data-files').matchAll(/<code>([^<]*)<\/code>/g)].map((m) => m[1])).toEqual(notOk.slice(0, FILE_PAGE));
    expect(html).toContain(`显示前 ${AGENCY_PAGE} 个，共 ${AGENCIES} 个`);
    expect(html).toContain(`显示前 ${FILE_PAGE} 个，共 ${EMPTY} 个`);
  });

  it('the next pages are read from the data origin, in the build order', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${site.url}data/`);
    await page.waitForSelector('#manifest[data-ready]');
    await page.click('#agency-pager [data-rel=next]');
    await page.waitForSelector('[data-corpus-agencies][data-page="2"]');
    expect(await page.locator('[data-corpus-agencies] tbody th').allInnerTexts()).toEqual(agencies.slice(AGENCY_PAGE));
    await expect(page.locator('#agency-shown').innerText()).resolves.toContain(`显示第 ${AGENCY_PAGE + 1}–${AGENCIES} 个，共 ${AGENCIES} 个`);
    await page.click('#file-pager [data-rel=next]');
    await page.waitForSelector('[data-files][data-page="2"]');
    expect(await page.locator('[data-files] tbody code').allInnerTexts()).toEqual(notOk.slice(FILE_PAGE));
    expect(new URL(page.url()).searchParams.get('fp')).toBe('2');
    expect(new Set(await page.locator('[data-files] tbody td:nth-child(4)').allInnerTexts())).toEqual(new Set(['失败']));
    // the tables came from the data host; the site has no data folder to ask
    expect(data.paths).toContain('/reports.parquet');
    expect(data.paths).toContain('/files.parquet');
    expect(requests.filter((u) => u.startsWith(site.url) && u.endsWith('.parquet'))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
