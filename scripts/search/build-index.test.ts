/**
 * The search index over the bundled real reports (data/reports/, published to public/data by
 * `npm run build:data`), queried through the same pagefind.js the browser loads.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSearchService, readSearchRecords, writeSearchIndex } from './build-index.ts';
import { openSearchIndex, type NodePagefind } from './node-reader.ts';
import { searchWith } from '../../src/lib/search.ts';

const DATA = resolve(import.meta.dirname, '..', '..', 'public', 'data');
let out: string;
let pf: NodePagefind;
let recordCount = 0;

async function ids(q: string, filters: Record<string, string> = {}) {
  const r = await searchWith(pf, q, filters, 1000, 1000);
  expect(r.complete).toBe(true);
  return r.hits.map((h) => h.id);
}

beforeAll(async () => {
  if (!existsSync(join(DATA, 'reports.parquet'))) throw new Error(`${DATA}: no published data — run npm run build:data first`);
  out = mkdtempSync(join(tmpdir(), 'atlas-search-'));
  const records = await readSearchRecords(DATA);
  recordCount = records.length;
  const s = await writeSearchIndex(records, out);
  expect(s.errors).toEqual([]);
  pf = await openSearchIndex(out);
}, 120_000);
afterAll(async () => { await closeSearchService(); if (out) rmSync(out, { recursive: true, force: true }); });

describe('search index of the bundled real reports', () => {
  it('holds one record (one fragment) per published report, in one part per year', () => {
    expect(recordCount).toBe(121);
    const parts = pf.manifest.parts;
    expect(parts.map((p) => p.dir)).toEqual(parts.map((p) => `${p.years[0]}-0`));
    expect(parts.reduce((a, p) => a + p.reports, 0)).toBe(121);
    for (const p of parts) expect(readdirSync(join(out, p.dir, 'fragment')).length).toBe(p.reports);
    // the search API once at the top, each part its worker; Pagefind's own UI bundles are not written into the data
    expect(readdirSync(out).filter((f) => /\.(js|css)$/.test(f))).toEqual(['pagefind.js']);
    for (const p of parts) expect(readdirSync(join(out, p.dir)).filter((f) => /\.(js|css)$/.test(f))).toEqual(['pagefind-worker.js']);
  });

  it('finds a phrase of a real narrative (封丘县赵岗镇 2023: 基层小微权力"监督一点通") with year, province and level filters', async () => {
    const hit = '7186e4bc548a26a6';
    expect(await ids('监督一点通', { year: '2023', province: '河南省', level: 'township' })).toEqual([hit]);
    // the filters really filter: the same words under another year or level find nothing
    expect(await ids('监督一点通', { year: '2022' })).toEqual([]);
    expect(await ids('监督一点通', { level: 'department' })).toEqual([]);
  });

  it('Pagefind alone matches words, not the phrase: the page checks each candidate\'s text for the terms as written', async () => {
    // Chinese is split into words (监督 / 一点 / 通 …), so Pagefind's candidates are many more than the one report
    const loose = await pf.search('监督一点通', { filters: {} });
    expect(loose.results.length).toBeGreaterThan(1);
    const r = await searchWith(pf, '监督一点通', {}, 20, 1000);
    expect(r.hits.map((h) => h.id)).toEqual(['7186e4bc548a26a6']);
    expect(r.candidates).toBe(loose.results.length);
  });

  it('a hit carries its agency, year and an excerpt of the narrative around the phrase', async () => {
    const r = await searchWith(pf, '云上封丘', { year: 2023 });
    const mine = r.hits.find((h) => h.id === '7186e4bc548a26a6')!;
    expect(mine).toMatchObject({ agency: '封丘县赵岗镇', year: 2023 });
    expect(mine.excerpt!.match).toBe('云上封丘');
    expect(mine.excerpt!.before + mine.excerpt!.match + mine.excerpt!.after).toContain('政府信息公开专栏、云上封丘 app、基层小微权力');
  });

  it('a township name narrows to that agency\'s reports within the filters (君山片区, 2021)', async () => {
    expect(await ids('君山片区', { year: '2021', level: 'township' })).toContain('282140f7b2e2a359');
    const all = await ids('君山片区', { year: '2021' });
    expect(all.length).toBeGreaterThan(0);
    expect(all.length).toBeLessThan(recordCount);
  });
});
