/**
 * What the e2e tests of the built site share: dist/ (refused when not built from data), its reports (read from
 * its data with DuckDB), and a static server + chromium started once per test file.
 */
import { beforeAll, afterAll } from 'vitest';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { launch } from './browser.ts';
import { serveStatic, type StaticServer } from './server.ts';
import { reportsOf } from './reporttable.ts';

import { DIST } from './dist.ts';

export { DIST };
export const WASM_WAIT = 120_000;

if (!existsSync(join(DIST, 'index.html')) || !(existsSync(join(DIST, 'data', 'reports.parquet')) || existsSync(join(DIST, 'data', 'reports')))) {
  throw new Error(`${DIST}: no built site with data — run \`npm run build:data && npm run build\` first`);
}

/** dist/data's reports; `byAgency` finds a bundled seed report. */
export const reportRows = await reportsOf(join(DIST, 'data'));
export function byAgency(agency: string): Record<string, any> {
  const r = reportRows.find((x) => x.agency === agency);
  if (!r) throw new Error(`seed report ${agency} not in dist/data/reports — was dist built from the bundled corpus?`);
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
