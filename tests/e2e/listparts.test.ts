/**
 * The list reads every partition of a year-partitioned `reports` (build:data --partition-by-year: the year is in the
 * path, not in the files): the bundled corpus is built that way into a temp dir with a site of its own, and a year
 * facet click, the year column and the two pages are checked against that data read with DuckDB. Builds its own data and
 * site (a minute or two); needs only the repository and chromium.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch } from './browser.ts';
import { serveStatic, type StaticServer } from './server.ts';
import { dataQuery } from './reporttable.ts';
import { astroBuild } from './astrobuild.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

describe('list over year partitions', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'atlas-parts-'));
  let srv: StaticServer | null = null;
  let close: (() => Promise<void>) | null = null;
  afterAll(async () => { await close?.(); await srv?.close(); rmSync(tmp, { recursive: true, force: true }); });

  it('a year facet holds what its partition holds; pages 1 and 2 hold every report of every partition', async () => {
    const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
    execFileSync('npm', ['run', '-s', 'build:data', '--', '--out', join(tmp, 'data'), '--partition-by-year', '--quiet'], { cwd: ROOT, env, stdio: 'pipe' });
    expect(existsSync(join(tmp, 'data', 'reports.parquet'))).toBe(false);
    expect(existsSync(join(tmp, 'data', 'reports'))).toBe(true);
    astroBuild({ ...env, ATLAS_DATA_DIR: join(tmp, 'data'), ATLAS_OUT_DIR: join(tmp, 'dist') });
    const data = join(tmp, 'dist', 'data');
    const all = await dataQuery(data, 'SELECT id FROM {reports}');
    const [top] = await dataQuery(data, 'SELECT year::INTEGER AS year, count(*)::INTEGER AS n FROM {reports} GROUP BY 1 ORDER BY n DESC, year LIMIT 1');
    const parts = (await dataQuery(data, 'SELECT count(DISTINCT filename)::INTEGER AS n FROM read_parquet(\'' + join(data, 'reports', '**', '*.parquet') + '\', filename = true)'))[0].n;
    expect(parts).toBeGreaterThan(1);

    srv = await serveStatic(join(tmp, 'dist'));
    const b = await launch(); close = b.close;
    const page = await b.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const paths: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => paths.push(new URL(r.url()).pathname));
    await page.goto(`${srv.url}reports/`);
    await page.waitForSelector('#list[data-ready]', { state: 'attached' });
    expect(paths.filter((p) => p.startsWith('/data/'))).toEqual([]);
    await page.click(`[data-facet=year] button[data-v="${top.year}"]`);
    await page.waitForFunction((y) => new URL(location.href).searchParams.get('year') === String(y), top.year);
    expect(Number(await page.textContent('#n-shown'))).toBe(top.n);
    expect(new Set(await page.locator('#tbl tbody tr td:nth-child(2)').allTextContents())).toEqual(new Set([String(top.year)]));
    // every partition file was read
    expect(new Set(paths.filter((p) => p.startsWith('/data/reports/'))).size).toBe(parts);
    await page.click(`[data-facet=year] button[data-v="${top.year}"]`);
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('year'));
    expect(Number(await page.textContent('#n-shown'))).toBe(all.length);
    const ids = () => page.locator('#tbl tbody tr td:first-child a:first-child').evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).searchParams.get('id')!));
    const first = await ids();
    await page.click('#pager button[data-page="2"]');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('page') === '2');
    expect([...first, ...(await ids())].sort()).toEqual(all.map((r) => r.id).sort());
    expect(errors).toEqual([]);
    await page.close();
  }, 600_000);
});
