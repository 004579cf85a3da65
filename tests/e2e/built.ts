/**
 * What the e2e tests of the built site share: dist/ (refused when not built from data), its report index,
 * and a static server + chromium started once per test file.
 */
import { beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { launch } from './browser.ts';
import { serveStatic, type StaticServer } from './server.ts';

export const DIST = join(resolve(import.meta.dirname, '..', '..'), 'dist');
export const WASM_WAIT = 120_000;

if (!existsSync(join(DIST, 'index.html')) || !existsSync(join(DIST, 'data', 'reports.parquet'))) {
  throw new Error(`${DIST}: no built site with data — run \`npm run build:data && npm run build\` first`);
}

/** dist/reports-index.json as rows; `byAgency` finds a bundled seed report. */
const idx = JSON.parse(readFileSync(join(DIST, 'reports-index.json'), 'utf8'));
export const indexRows: Array<Record<string, any>> = idx.rows.map((a: any[]) => Object.fromEntries(idx.fields.map((f: string, i: number) => [f, a[i]])));
export function byAgency(agency: string): Record<string, any> {
  const r = indexRows.find((x) => x.agency === agency);
  if (!r) throw new Error(`seed report ${agency} not in dist/reports-index.json — was dist built from the bundled corpus?`);
  return r;
}

/** Serves dist/ and launches chromium for the test file; read the fields inside tests. */
export function siteAndBrowser(): { srv: StaticServer; browser: Browser } {
  const ctx = {} as { srv: StaticServer; browser: Browser };
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => { ctx.srv = await serveStatic(DIST); ({ browser: ctx.browser, close } = await launch()); });
  afterAll(async () => { await close?.(); await ctx.srv?.close(); });
  return ctx;
}
