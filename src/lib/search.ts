/**
 * Full-text search over the reports' narrative and agency names (docs/SITE.md, "Search"): static Pagefind
 * indexes written by the data build beside the data (`data/search/<part>/`, listed in `parts.json`). The
 * browser loads pagefind.js and its WebAssembly once, merges the parts a query needs (with a year filter only
 * that year's) with Pagefind's mergeIndex, then per query fetches only the index chunks of the query's words
 * and one fragment per candidate it checks — never the whole text.
 *
 * Pagefind matches words (its segmentation of Chinese into words is looser than a reader's phrase), so
 * each candidate's text is checked for every term of the query as written, the way the list page has
 * always matched: a hit is a report whose text contains them all. Candidates are checked in Pagefind's
 * ranking order, a batch at a time, until `limit` hits are found.
 */
import { dataUrl } from './parquet.ts';
import { SEARCH_FILTERS } from '../../scripts/search/records.ts';
import { PARTS_FILE, partsFor, yearGroups, type SearchManifest } from '../../scripts/search/parts.ts';

export interface SearchFilters { year?: string | number | null; province?: string | null; level?: string | null }
/** An excerpt around the first term found, as plain text in three parts (the page puts them in the DOM as text). */
export interface Excerpt { before: string; match: string; after: string }
export interface SearchHit { id: string; agency: string; year: number | null; excerpt: Excerpt | null }
export interface SearchResult {
  hits: SearchHit[];
  /** Reports Pagefind matched by words; an upper bound of the hits. */
  candidates: number;
  /** Candidates whose text was checked. */
  checked: number;
  /** Every candidate was checked: `hits` are all the hits there are. */
  complete: boolean;
}

/** The part of Pagefind's browser API used here. */
export interface PagefindApi {
  search(term: string | null, opts?: { filters?: Record<string, string> }): Promise<{ results: { data(): Promise<any> }[] } | null>;
}

const BATCH = 10;
/** Candidates checked per call at most (each is one fragment of a few KB); the caller may ask again with a higher limit. */
export const MAX_CHECKED = 100;

export function queryTerms(query: string): string[] {
  return [...new Set(query.toLowerCase().split(/\s+/).filter(Boolean))];
}

export function excerpt(text: string, terms: string[], width = 40): Excerpt | null {
  const lower = text.toLowerCase();
  let at = -1; let len = 0;
  for (const t of terms) { const i = lower.indexOf(t); if (i >= 0 && (at < 0 || i < at)) { at = i; len = t.length; } }
  if (at < 0) return null;
  const flat = (s: string) => s.replace(/\s+/g, ' ');
  const from = Math.max(0, at - width); const to = Math.min(text.length, at + len + width);
  return { before: (from > 0 ? '…' : '') + flat(text.slice(from, at)), match: text.slice(at, at + len), after: flat(text.slice(at + len, to)) + (to < text.length ? '…' : '') };
}

function pfFilters(f: SearchFilters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of SEARCH_FILTERS) if (f[k] != null && f[k] !== '') out[k] = String(f[k]);
  return out;
}

/**
 * Search with a loaded Pagefind module (the browser's, or Node's in tests and benchmarks). `onBatch` sees the
 * result so far after each batch of candidates, so a page can show the first hits before all are checked.
 */
export async function searchWith(pf: PagefindApi, query: string, filters: SearchFilters = {}, limit = 20, maxChecked = MAX_CHECKED,
  onBatch?: (partial: SearchResult) => void): Promise<SearchResult> {
  const terms = queryTerms(query);
  if (!terms.length) return { hits: [], candidates: 0, checked: 0, complete: true };
  const res = await pf.search(terms.join(' '), { filters: pfFilters(filters) });
  const results = res?.results ?? [];
  const hits: SearchHit[] = [];
  let checked = 0;
  while (checked < results.length && hits.length < limit && checked < maxChecked) {
    const batch = await Promise.all(results.slice(checked, checked + BATCH).map((r) => r.data()));
    checked += batch.length;
    for (const d of batch) {
      const text = String(d.content ?? '');
      const lower = text.toLowerCase();
      if (!terms.every((t) => lower.includes(t))) continue;
      const year = d.meta?.year ? Number(d.meta.year) : null;
      hits.push({ id: d.meta.id, agency: d.meta.title ?? d.meta.id, year, excerpt: excerpt(text, terms) });
    }
    if (onBatch && checked < results.length && hits.length < limit && checked < maxChecked) {
      onBatch({ hits: hits.slice(0, limit), candidates: results.length, checked, complete: false });
    }
  }
  return { hits: hits.slice(0, limit), candidates: results.length, checked, complete: checked >= results.length };
}

/** The Pagefind module's entry used here (pagefind.js: one instance per set of parts, each its own merged search). */
export interface PagefindModule {
  createInstance(opts: { basePath: string }): PagefindApi & { init(): Promise<void>; mergeIndex(path: string, opts?: object): Promise<void> };
}

const NONE: PagefindApi = { search: async () => ({ results: [] }) };

/** A split index: its manifest, a search over the parts a year filter needs, and one over given parts. */
export interface PartedIndex extends PagefindApi {
  manifest: SearchManifest;
  searchParts(dirs: string[], term: string | null, opts?: { filters?: Record<string, string> }): ReturnType<PagefindApi['search']>;
}

/**
 * A split index as one PagefindApi: each search opens (once per set of parts) a Pagefind instance over the parts
 * its year filter needs — the first part as the primary, the others merged — and searches it. `partUrl` gives a
 * part folder's URL (ending in /).
 */
export function partedIndex(manifest: SearchManifest, loadModule: () => Promise<PagefindModule>, partUrl: (dir: string) => string): PartedIndex {
  const open = new Map<string, Promise<PagefindApi>>();
  function instance(dirs: string[]): Promise<PagefindApi> {
    const key = dirs.join(',');
    let p = open.get(key);
    if (!p) {
      p = (async () => {
        const inst = (await loadModule()).createInstance({ basePath: partUrl(dirs[0]!) });
        await inst.init();
        await Promise.all(dirs.slice(1).map((d) => inst.mergeIndex(partUrl(d))));
        return inst;
      })();
      p.catch(() => open.delete(key));
      open.set(key, p);
    }
    return p;
  }
  const searchParts = async (dirs: string[], term: string | null, opts: { filters?: Record<string, string> } = {}) =>
    (dirs.length ? await instance(dirs) : NONE).search(term, opts);
  return {
    manifest,
    searchParts,
    search: (term, opts = {}) => searchParts(partsFor(manifest, opts.filters?.year).map((p) => p.dir), term, opts),
  };
}

/**
 * Past this many parts (a national corpus: ~2,000 reports a part), a query without a year filter is searched a year
 * at a time, newest first: merging every part before the first hit would load each part's metadata and the query's
 * index chunks (~50 KB a part, megabytes at 100,000 reports). Each year's candidates are checked with their own
 * budget (a shared one let newer years use it up before an older year's exact phrase was reached), and the search
 * stops once `limit` hits are found (`complete: false`: the reader may ask for more). Fewer parts are merged and
 * ranked together as one index.
 */
export const YEAR_BY_YEAR_PARTS = 8;

const joined = (a: SearchResult, b: SearchResult, complete: boolean): SearchResult =>
  ({ hits: [...a.hits, ...b.hits], candidates: a.candidates + b.candidates, checked: a.checked + b.checked, complete });

/** searchWith over a split index: merged for a year filter or a few parts, else year by year (YEAR_BY_YEAR_PARTS). */
export async function searchIndex(idx: PartedIndex, query: string, filters: SearchFilters = {}, limit = 20, maxChecked = MAX_CHECKED,
  onBatch?: (partial: SearchResult) => void): Promise<SearchResult> {
  if ((filters.year != null && filters.year !== '') || idx.manifest.parts.length <= YEAR_BY_YEAR_PARTS) return searchWith(idx, query, filters, limit, maxChecked, onBatch);
  const groups = yearGroups(idx.manifest);
  let acc: SearchResult = { hits: [], candidates: 0, checked: 0, complete: true };
  for (let i = 0; i < groups.length; i++) {
    const dirs = groups[i]!.map((p) => p.dir);
    const last = i === groups.length - 1;
    const before = acc;
    const r = await searchWith({ search: (t, o) => idx.searchParts(dirs, t, o) }, query, filters, limit - acc.hits.length, maxChecked,
      onBatch && ((p) => onBatch(joined(before, p, false))));
    acc = joined(acc, r, acc.complete && r.complete);
    if (acc.hits.length >= limit) return { ...acc, complete: acc.complete && last };
    if (!last && onBatch && acc.hits.length) onBatch({ ...acc, complete: false });
  }
  return acc;
}

let loaded: Promise<PartedIndex> | null = null;

/** The site's index, loaded on first use (self-hosted: the page CSP allows 'self' scripts and WebAssembly). */
export function loadIndex(): Promise<PartedIndex> {
  if (!loaded) {
    let mod: Promise<PagefindModule> | null = null;
    const loadModule = () => (mod ??= import(/* @vite-ignore */ dataUrl('search/pagefind.js')) as Promise<PagefindModule>);
    loaded = fetch(dataUrl(`search/${PARTS_FILE}`)).then(async (r) => {
      if (!r.ok) throw new Error(`search/${PARTS_FILE}: HTTP ${r.status}`);
      return partedIndex(await r.json() as SearchManifest, loadModule, (d) => dataUrl(`search/${d}/`));
    });
    loaded.catch(() => { loaded = null; });
  }
  return loaded;
}

export async function search(query: string, filters: SearchFilters = {}, limit = 20, maxChecked = MAX_CHECKED,
  onBatch?: (partial: SearchResult) => void): Promise<SearchResult> {
  return searchIndex(await loadIndex(), query, filters, limit, maxChecked, onBatch);
}
