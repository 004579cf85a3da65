/**
 * The static full-text index over the published reports (docs/SITE.md, "Search"): reads the published
 * reports and sections tables and writes Pagefind indexes (extended build: Chinese word segmentation), one
 * per part (parts.ts), into `<data>/search/`, beside the data it indexes. The browser loads only the parts a
 * query's year needs, of them only the index chunks its words need, plus one small fragment per result shown.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import * as pagefind from 'pagefind';
import { searchRecords, type ReportRow, type SectionRow, type SearchRecord } from './records.ts';
import { tableSql } from '../corpus/published-table.ts';
import { PARTS_FILE, splitParts, type Part, type PartBy, type SearchManifest } from './parts.ts';

export const SEARCH_DIR = 'search';
/** Pagefind's UI bundles (pagefind-ui, -component-ui, -modular-ui, -highlight), not its search API (pagefind.js, pagefind-worker.js). */
const UNUSED = /^pagefind-(ui|component-ui|modular-ui|highlight)\.(js|css)$/;

async function readRows<T>(sql: string): Promise<T[]> {
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  try {
    const r = await con.runAndReadAll(sql);
    return r.getRowObjectsJS() as T[];
  } finally { con.closeSync(); inst.closeSync(); }
}

/** Records for every published report of `dataDir` (its reports and sections tables). */
export async function readSearchRecords(dataDir: string): Promise<SearchRecord[]> {
  const reports = tableSql(dataDir, 'reports');
  if (!reports) throw new Error(`${join(dataDir, 'reports.parquet')}: no published reports table — run npm run build:data first`);
  const rows = await readRows<ReportRow>(`SELECT id, agency, CAST(year AS INTEGER) AS year, level, province, city, county, township FROM ${reports} ORDER BY id`);
  // a corpus with no narrative at all still gets an index of agency names and places
  const sections = tableSql(dataDir, 'sections');
  const secs = sections ? await readRows<SectionRow>(`SELECT report_id, section, title, text FROM ${sections}`) : [];
  return searchRecords(rows, secs);
}

/** `concurrency`: Pagefind processes that wrote the parts. */
export interface IndexStats { records: number; outDir: string; parts: number; concurrency: number; errors: string[] }

export interface WriteOptions {
  by?: PartBy;
  maxPerPart?: number;
  /** Parts written at once, each by its own Pagefind process. Default: the machine's cores, at most MAX_CONCURRENCY. */
  concurrency?: number;
}
/** Each Pagefind process holds its part's whole index in memory while writing (~0.6 GB at 4,000 reports). */
export const MAX_CONCURRENCY = 4;

type PagefindModule = typeof pagefind;
/**
 * Pagefind's Node API keeps one service process per module instance and runs one index write at a time on one
 * core, so each concurrent part gets an instance of its own (the same module under another URL): its own process.
 */
const services = new Map<number, Promise<PagefindModule>>();
function service(slot: number): Promise<PagefindModule> {
  if (slot === 0) return Promise.resolve(pagefind);
  let s = services.get(slot);
  if (!s) { s = import(/* @vite-ignore */ `${pagefindEntry()}?service=${slot}`) as Promise<PagefindModule>; services.set(slot, s); }
  return s;
}
/** The file URL of pagefind's entry module (import.meta.resolve is not there under every runner, e.g. vitest's). */
function pagefindEntry(): string {
  for (const d of createRequire(import.meta.url).resolve.paths('pagefind') ?? []) {
    const f = join(d, 'pagefind', 'lib', 'index.js');
    if (existsSync(f)) return pathToFileURL(f).href;
  }
  throw new Error('pagefind: package not found (npm ci)');
}

async function writePart(pf: PagefindModule, p: Part, outDir: string, errors: string[]): Promise<void> {
  const { index, errors: e0 } = await pf.createIndex({ forceLanguage: p.records[0]?.language });
  errors.push(...e0.map((m) => `part ${p.dir}: ${m}`));
  if (!index) throw new Error(`pagefind: no index for part ${p.dir} (${e0.join('; ')})`);
  try {
    for (const r of p.records) {
      const { errors: e } = await index.addCustomRecord(r);
      // a record Pagefind refuses is named and skipped; the rest of the index is still written
      for (const m of e) errors.push(`report ${r.meta.id}: ${m}`);
    }
    const w = await index.writeFiles({ outputPath: outDir });
    errors.push(...w.errors.map((m) => `part ${p.dir}: ${m}`));
  } finally {
    await index.deleteIndex();
  }
}

/**
 * Write the index of `records` to `outDir` (replaced whole: it is derived, never an input): one Pagefind index
 * per part in `<outDir>/<part>/`, `parts.json` listing them, and Pagefind's search API (`pagefind.js`) once at
 * the top. Each part keeps its worker and WebAssembly, since the browser starts from whichever part it needs first.
 */
export async function writeSearchIndex(records: SearchRecord[], outDir: string, opts: WriteOptions = {}): Promise<IndexStats> {
  const errors: string[] = [];
  const parts = splitParts(records, opts);
  const concurrency = Math.max(1, Math.min(opts.concurrency ?? Math.min(availableParallelism(), MAX_CONCURRENCY), parts.length || 1));
  // written beside the old index and swapped in at the end, so a failed build leaves the previous index whole
  const tmp = `${outDir}.part-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  try {
    let next = 0;
    // every writer finishes (or fails) before the folder is swapped in or removed
    const done = await Promise.allSettled(Array.from({ length: concurrency }, async (_, slot) => {
      const pf = await service(slot);
      while (next < parts.length) {
        const p = parts[next++]!;
        // a part that cannot be written stops the others taking new parts: the build fails as a whole
        try { await writePart(pf, p, join(tmp, p.dir), errors); } catch (e) { next = parts.length; throw e; }
      }
    }));
    for (const d of done) if (d.status === 'rejected') throw d.reason;
    let version = '';
    for (const p of parts) {
      const dir = join(tmp, p.dir);
      version ||= JSON.parse(await readFile(join(dir, 'pagefind-entry.json'), 'utf8')).version;
      // one copy of the search API at the top; Pagefind's ready-made search UIs (~430 KB) are not used at all
      if (!existsSync(join(tmp, 'pagefind.js'))) await rename(join(dir, 'pagefind.js'), join(tmp, 'pagefind.js'));
      for (const f of await readdir(dir)) if (UNUSED.test(f) || f === 'pagefind.js') await rm(join(dir, f));
    }
    const manifest: SearchManifest = { pagefind: version, by: opts.by ?? 'year', parts: parts.map(({ records: _, ...e }) => e) };
    await writeFile(join(tmp, PARTS_FILE), JSON.stringify(manifest, null, 1) + '\n');
    await rm(outDir, { recursive: true, force: true });
    await rename(tmp, outDir);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return { records: records.length, outDir, parts: parts.length, concurrency, errors };
}

export async function buildSearchIndex(dataDir: string, opts: WriteOptions = {}): Promise<IndexStats> {
  const records = await readSearchRecords(dataDir);
  return writeSearchIndex(records, join(dataDir, SEARCH_DIR), opts);
}

/** Stop Pagefind's service process (the Node API keeps one running until closed). */
export async function closeSearchService(): Promise<void> {
  await pagefind.close();
  for (const s of services.values()) await (await s).close();
  services.clear();
}
