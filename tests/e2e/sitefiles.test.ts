/**
 * The built site does no per-report work: no page, CSV or other file named for a report outside the data
 * folder, so the site's file count does not grow with the corpus (figures at 10k in `npm run bench:site`).
 * Inspects dist/ built from the bundled corpus (`npm run build:data && npm run build`).
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { reportsOf } from './reporttable.ts';

import { DIST } from './dist.ts';
if (!existsSync(join(DIST, 'index.html')) || !existsSync(join(DIST, 'data'))) {
  throw new Error(`${DIST}: no built site — run \`npm run build:data && npm run build\` first`);
}
const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
const siteFiles = walk(DIST).map((f) => relative(DIST, f)).filter((f) => !f.startsWith('data/'));
const ids: string[] = (await reportsOf(join(DIST, 'data'))).map((r) => String(r.id));

describe('dist/ has no per-report files outside data/', () => {
  it('the bundled corpus has its reports', () => { expect(ids.length).toBeGreaterThanOrEqual(100); });
  it('no site file is named for a report', () => {
    const named = siteFiles.filter((f) => ids.some((id) => f.includes(id)));
    expect(named).toEqual([]);
  });
  it('one report page serves every report, and the 404 page that forwards old links exists', () => {
    expect(siteFiles).toContain('report/index.html');
    expect(siteFiles).toContain('404.html');
    expect(siteFiles.filter((f) => f.startsWith('reports/'))).toEqual(['reports/index.html']);
  });
  it('fewer HTML pages than reports (the landing pages only)', () => {
    const html = siteFiles.filter((f) => f.endsWith('.html'));
    expect(html.length).toBeLessThan(ids.length);
  });
});
