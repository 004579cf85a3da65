/**
 * How the search index is split into parts, as pure functions shared by the builder and the browser: each part
 * is a Pagefind index of its own in `search/<dir>/`, built alone (so build time grows with the number of parts,
 * not faster than the corpus), listed in `search/parts.json`, and merged in the browser with Pagefind's
 * `mergeIndex`. Parts are by year, a year over `maxPerPart` reports split into id ranges of equal size, so a
 * query with a year filter loads only its year's parts. `by: 'range'` (fixed-size id ranges over all years)
 * exists to measure the alternative.
 */
import type { SearchRecord } from './records.ts';

/** The manifest's file name inside the search folder. */
export const PARTS_FILE = 'parts.json';
/**
 * Reports per part at most. Pagefind's write time per report is flat up to ~2,000 reports and grows past it
 * (synthetic reports on the development machine: 2,000 in 16 s, 4,000 in 67 s).
 */
export const MAX_PER_PART = 2000;

export type PartBy = 'year' | 'range';

export interface PartEntry {
  /** Folder under search/, a plain name ([0-9a-z-]). */
  dir: string;
  /** Years of the part's reports, ascending (a report without a year is in a part without it). */
  years: number[];
  reports: number;
}
export interface SearchManifest { pagefind: string; by: PartBy; parts: PartEntry[] }

export interface Part extends PartEntry { records: SearchRecord[] }

/** `n` items in `k` runs whose lengths differ by at most one. */
function evenRuns<T>(xs: T[], max: number): T[][] {
  const k = Math.max(1, Math.ceil(xs.length / max));
  const out: T[][] = [];
  for (let i = 0; i < k; i++) out.push(xs.slice(Math.floor((i * xs.length) / k), Math.floor(((i + 1) * xs.length) / k)));
  return out;
}

const byId = (a: SearchRecord, b: SearchRecord) => (a.meta.id! < b.meta.id! ? -1 : a.meta.id! > b.meta.id! ? 1 : 0);
const yearOf = (r: SearchRecord) => (r.meta.year ? Number(r.meta.year) : null);

function part(dir: string, records: SearchRecord[]): Part {
  const years = [...new Set(records.map(yearOf).filter((y): y is number => y != null))].sort((a, b) => a - b);
  return { dir, years, reports: records.length, records };
}

export function splitParts(records: SearchRecord[], opts: { by?: PartBy; maxPerPart?: number } = {}): Part[] {
  const max = Math.max(1, opts.maxPerPart ?? MAX_PER_PART);
  const sorted = records.slice().sort(byId);
  if ((opts.by ?? 'year') === 'range') return evenRuns(sorted, max).filter((r) => r.length).map((r, i) => part(`r${i}`, r));
  const groups = new Map<string, SearchRecord[]>();
  for (const r of sorted) {
    // a report with no year is still indexed, in a part of its own that no year filter loads
    const k = String(yearOf(r) ?? 'none');
    const g = groups.get(k);
    if (g) g.push(r); else groups.set(k, [r]);
  }
  return [...groups.keys()].sort().flatMap((k) => evenRuns(groups.get(k)!, max).map((r, i) => part(`${k}-${i}`, r)));
}

/** The parts a query must search: with a year filter only the parts holding that year, else all. */
export function partsFor(m: SearchManifest, year?: string | number | null): PartEntry[] {
  if (year == null || year === '') return m.parts;
  const y = Number(year);
  return m.parts.filter((p) => p.years.includes(y));
}

/**
 * The parts in groups of one year each, newest first, then the parts holding no year: the order in which a query
 * without a year filter searches a many-part index (src/lib/search.ts), so its first hits come from a year's parts
 * alone. A range part (several years) belongs to the group of its newest year.
 */
export function yearGroups(m: SearchManifest): PartEntry[][] {
  const groups = new Map<number | null, PartEntry[]>();
  for (const p of m.parts) {
    const y = p.years.length ? Math.max(...p.years) : null;
    const g = groups.get(y);
    if (g) g.push(p); else groups.set(y, [p]);
  }
  return [...groups.keys()].sort((a, b) => (a == null ? 1 : b == null ? -1 : b - a)).map((y) => groups.get(y)!);
}
