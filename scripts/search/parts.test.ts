/**
 * The search index in many parts, over the bundled real reports (published to public/data by
 * `npm run build:data`): each year split into parts of at most 8 reports, as a national corpus's years are split
 * at MAX_PER_PART, then searched through the browser's part merging (src/lib/search.ts). Expected hits are
 * worked out from the records' own text, never written in.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSearchService, readSearchRecords, writeSearchIndex } from './build-index.ts';
import { fetchedFiles, openSearchIndex, type NodePagefind } from './node-reader.ts';
import { partsFor, splitParts, yearGroups, PARTS_FILE } from './parts.ts';
import type { SearchRecord } from './records.ts';
import { searchIndex, searchWith, YEAR_BY_YEAR_PARTS } from '../../src/lib/search.ts';

const DATA = resolve(import.meta.dirname, '..', '..', 'public', 'data');
const SMALL = 8;
let out: string;
let pf: NodePagefind;
let records: SearchRecord[] = [];

const yearOf = (r: SearchRecord) => (r.meta.year ? Number(r.meta.year) : null);
async function ids(q: string, filters: Record<string, string> = {}) {
  const r = await searchWith(pf, q, filters, 1000, 1000);
  expect(r.complete).toBe(true);
  return r.hits.map((h) => h.id).sort();
}
/** The reports whose text holds `q`, from the records themselves (what the page's phrase check accepts). */
const holding = (q: string, year?: number) => records.filter((r) => r.content.toLowerCase().includes(q.toLowerCase()) && (year == null || yearOf(r) === year)).map((r) => r.meta.id!).sort();
/** Report id → the part it was written to: read from the fragments in each part's folder. */
const partOf = new Map<string, string>();
/** A fragment file: gzip of "pagefind_dcd" + the record's JSON. */
const fragment = (f: string) => JSON.parse(gunzipSync(readFileSync(f)).subarray(12).toString('utf8'));

beforeAll(async () => {
  if (!existsSync(join(DATA, 'reports.parquet'))) throw new Error(`${DATA}: no published data — run npm run build:data first`);
  out = mkdtempSync(join(tmpdir(), 'atlas-search-parts-'));
  records = await readSearchRecords(DATA);
  const s = await writeSearchIndex(records, out, { maxPerPart: SMALL, concurrency: 2 });
  expect(s.errors).toEqual([]);
  pf = await openSearchIndex(out);
  for (const p of pf.manifest.parts) {
    for (const f of readdirSync(join(out, p.dir, 'fragment'))) {
      const id = fragment(join(out, p.dir, 'fragment', f)).meta.id;
      expect(partOf.has(id), `${id} in two parts`).toBe(false);
      partOf.set(id, p.dir);
    }
  }
}, 180_000);
afterAll(async () => { await closeSearchService(); if (out) rmSync(out, { recursive: true, force: true }); });

describe('search index in parts (bundled real reports, at most 8 reports a part)', () => {
  it('splits each year into id ranges of near-equal size; every report is in exactly one part', () => {
    const parts = pf.manifest.parts;
    const years = [...new Set(records.map(yearOf))];
    for (const y of years) {
      const n = records.filter((r) => yearOf(r) === y).length;
      const mine = parts.filter((p) => (y == null ? p.years.length === 0 : p.years.includes(y)));
      expect(mine.length).toBe(Math.ceil(n / SMALL));
      expect(mine.reduce((a, p) => a + p.reports, 0)).toBe(n);
      const sizes = mine.map((p) => p.reports);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    expect(parts.reduce((a, p) => a + p.reports, 0)).toBe(records.length);
    expect([...partOf.keys()].sort()).toEqual(records.map((r) => r.meta.id).sort());
    // a part holds one id range of one year
    for (const r of records) expect(pf.manifest.parts.find((p) => p.dir === partOf.get(r.meta.id!))!.years).toEqual(yearOf(r) == null ? [] : [yearOf(r)]);
    for (const p of parts) {
      expect(p.years.length).toBe(1);
      expect(readdirSync(join(out, p.dir, 'fragment')).length).toBe(p.reports);
    }
    expect(readdirSync(out).sort()).toEqual(['pagefind.js', PARTS_FILE, ...parts.map((p) => p.dir)].sort());
  });

  it('finds a report of every part by its agency name, with that agency\'s reports of the other parts', async () => {
    let across = 0;
    for (const p of splitParts(records, { maxPerPart: SMALL })) {
      const r = p.records.find((x) => x.meta.title && x.meta.title !== x.meta.id)!;
      const name = r.meta.title!;
      const hits = await ids(name);
      expect(hits, name).toContain(r.meta.id);
      // a hit is a report whose text holds the name (the phrase check; Pagefind's words may miss some holders)
      expect(holding(name)).toEqual(expect.arrayContaining(hits));
      if (new Set(hits.map((id) => partOf.get(id))).size > 1) across++;
    }
    // agencies report every year, so most names are found in several parts at once
    expect(across).toBeGreaterThan(0);
  });

  it('a year filter loads only that year\'s parts, and finds there what the unfiltered search finds in that year', async () => {
    // a year split into several parts, and an agency of it that also reports in other years
    const m = pf.manifest;
    const year = m.parts.map((p) => p.years[0]!).find((y) => partsFor(m, y).length > 1)!;
    const r = records.find((x) => yearOf(x) === year && x.meta.title && holding(x.meta.title).some((id) => yearOf(records.find((z) => z.meta.id === id)!) !== year))!;
    const name = r.meta.title!;
    const mine = partsFor(m, year).map((p) => p.dir);
    expect(mine.length).toBeLessThan(m.parts.length);
    const partsFetched = () => { const d = new Set(fetchedFiles.filter((f) => f.startsWith(out + sep)).map((f) => relative(out, f).split(sep)[0]!)); d.delete('pagefind.js'); return [...d].sort(); };
    // a freshly opened index, so nothing of it is loaded yet
    pf = await openSearchIndex(out);
    fetchedFiles.length = 0;
    const hits = await ids(name, { year: String(year) });
    expect(hits).toContain(r.meta.id);
    expect(holding(name, year)).toEqual(expect.arrayContaining(hits));
    expect(partsFetched()).toEqual(mine.slice().sort());
    // unfiltered, the same name loads every part and finds the agency's other years too — and in this year
    // exactly what the year's parts alone found
    pf = await openSearchIndex(out);
    fetchedFiles.length = 0;
    const all = await ids(name);
    expect(partsFetched()).toEqual(m.parts.map((p) => p.dir).sort());
    expect(all.filter((id) => yearOf(records.find((x) => x.meta.id === id)!) === year)).toEqual(hits);
    expect(all.length).toBeGreaterThan(hits.length);
  });
});

describe('a many-part index searched without a year filter: a year at a time, newest first', () => {
  const yearOfId = (id: string) => yearOf(records.find((x) => x.meta.id === id)!);
  const partsFetched = () => { const d = new Set(fetchedFiles.filter((f) => f.startsWith(out + sep)).map((f) => relative(out, f).split(sep)[0]!)); d.delete('pagefind.js'); return [...d].sort(); };
  // an agency that reports in the newest year and in earlier ones
  const newest = () => Math.max(...records.map(yearOf).filter((y): y is number => y != null));
  const agency = () => records.find((x) => yearOf(x) === newest() && x.meta.title && holding(x.meta.title).some((id) => yearOfId(id) !== newest()))!.meta.title!;

  it('with room for every hit, finds exactly what the merged search finds, newest year first', async () => {
    expect(pf.manifest.parts.length).toBeGreaterThan(YEAR_BY_YEAR_PARTS);
    const name = agency();
    const r = await searchIndex(pf.index, name, {}, 1000, 1000);
    expect(r.complete).toBe(true);
    expect(r.hits.map((h) => h.id).sort()).toEqual(await ids(name));
    const years = r.hits.map((h) => h.year ?? -1);
    expect(years).toEqual([...years].sort((a, b) => b - a));
    expect(new Set(years).size).toBeGreaterThan(1);
  });

  it('its first hits come from the newest year\'s parts alone, and it stops at the limit saying there may be more', async () => {
    const name = agency();
    pf = await openSearchIndex(out);
    fetchedFiles.length = 0;
    const batches: number[] = [];
    const r = await searchIndex(pf.index, name, {}, 1, 1000, (p) => batches.push(p.hits.length));
    expect(r.hits.map((h) => h.year)).toEqual([newest()]);
    expect(holding(name, newest())).toContain(r.hits[0]!.id);
    expect(r.complete).toBe(false);
    expect(partsFetched()).toEqual(yearGroups(pf.manifest)[0]!.map((p) => p.dir).sort());
  });

  it('a year filter is one merged search of that year\'s parts, as before', async () => {
    const name = agency();
    const y = newest();
    const r = await searchIndex(pf.index, name, { year: y }, 1000, 1000);
    expect(r.hits.map((h) => h.id).sort()).toEqual(await ids(name, { year: String(y) }));
  });
});

describe('splitParts and partsFor (pure, over the same real records)', () => {
  const manifestOf = (parts: ReturnType<typeof splitParts>) => ({ pagefind: '', by: 'year' as const, parts: parts.map(({ records: _, ...e }) => e) });

  it('by id range: fixed-size runs over all years, in id order, each listing the years it holds', () => {
    const parts = splitParts(records, { by: 'range', maxPerPart: 50 });
    expect(parts.length).toBe(Math.ceil(records.length / 50));
    expect(parts.flatMap((p) => p.records.map((r) => r.meta.id))).toEqual(records.map((r) => r.meta.id).sort());
    for (const p of parts) expect(p.years).toEqual([...new Set(p.records.map(yearOf))].sort((a, b) => a! - b!));
    // a year filter cannot skip a range part that holds that year
    const y = yearOf(records[0]!)!;
    expect(partsFor(manifestOf(parts), y).length).toBe(parts.filter((p) => p.years.includes(y)).length);
  });

  it('a report without a year is kept, in a part no year filter loads but an unfiltered query does', () => {
    const noYear = { ...records[0]!, meta: { id: records[0]!.meta.id!, title: records[0]!.meta.title! }, filters: {} };
    const parts = splitParts([noYear, ...records.slice(1)]);
    const none = parts.find((p) => p.dir === 'none-0')!;
    expect(none.records.map((r) => r.meta.id)).toEqual([noYear.meta.id]);
    expect(none.years).toEqual([]);
    const m = manifestOf(parts);
    for (const y of new Set(records.map(yearOf))) expect(partsFor(m, y!).map((p) => p.dir)).not.toContain('none-0');
    expect(partsFor(m, null).map((p) => p.dir)).toContain('none-0');
    expect(partsFor(m, '').length).toBe(parts.length);
    // searched year by year: newest first, the part with no year last
    const groups = yearGroups(m);
    expect(groups.at(-1)!.map((p) => p.dir)).toEqual(['none-0']);
    const ys = groups.slice(0, -1).map((g) => g[0]!.years[0]!);
    expect(ys).toEqual([...new Set(records.map(yearOf))].filter((y): y is number => y != null).sort((a, b) => b - a));
    expect(groups.flat().length).toBe(parts.length);
  });
});
