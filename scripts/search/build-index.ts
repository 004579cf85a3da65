/**
 * The static full-text index over the published reports (docs/SITE.md, "Search"): reads the published
 * reports and sections tables and writes a Pagefind index (extended build: Chinese word segmentation) into
 * `<data>/search/`, beside the data it indexes. The browser loads only the index chunks a query's words
 * need, plus one small fragment per result shown.
 */
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import * as pagefind from 'pagefind';
import { searchRecords, type ReportRow, type SectionRow, type SearchRecord } from './records.ts';

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

const q = (p: string) => `'${p.replace(/'/g, "''")}'`;

/** A published table: `<name>.parquet`, or the folder of its partitions (--partition-by-year). */
function table(dataDir: string, name: string): string | null {
  const file = join(dataDir, `${name}.parquet`);
  if (existsSync(file)) return `read_parquet(${q(file)})`;
  if (existsSync(join(dataDir, name))) return `read_parquet(${q(join(dataDir, name, '**', '*.parquet'))}, hive_partitioning = true, union_by_name = true)`;
  return null;
}

/** Records for every published report of `dataDir` (its reports and sections tables). */
export async function readSearchRecords(dataDir: string): Promise<SearchRecord[]> {
  const reports = table(dataDir, 'reports');
  if (!reports) throw new Error(`${join(dataDir, 'reports.parquet')}: no published reports table — run npm run build:data first`);
  const rows = await readRows<ReportRow>(`SELECT id, agency, CAST(year AS INTEGER) AS year, level, province, city, county, township FROM ${reports} ORDER BY id`);
  // a corpus with no narrative at all still gets an index of agency names and places
  const sections = table(dataDir, 'sections');
  const secs = sections ? await readRows<SectionRow>(`SELECT report_id, section, title, text FROM ${sections}`) : [];
  return searchRecords(rows, secs);
}

export interface IndexStats { records: number; outDir: string; errors: string[] }

/** Write the index of `records` to `outDir` (replaced whole: it is derived, never an input). */
export async function writeSearchIndex(records: SearchRecord[], outDir: string): Promise<IndexStats> {
  const errors: string[] = [];
  const { index, errors: e0 } = await pagefind.createIndex({ forceLanguage: records[0]?.language });
  errors.push(...e0);
  if (!index) throw new Error(`pagefind: no index (${errors.join('; ')})`);
  try {
    for (const r of records) {
      const { errors: e } = await index.addCustomRecord(r);
      // a record Pagefind refuses is named and skipped; the rest of the index is still written
      for (const m of e) errors.push(`report ${r.meta.id}: ${m}`);
    }
    await rm(outDir, { recursive: true, force: true });
    const w = await index.writeFiles({ outputPath: outDir });
    errors.push(...w.errors);
    // Pagefind also writes its ready-made search UIs (~430 KB); the site has its own, so only the search API stays
    for (const f of await readdir(outDir)) if (UNUSED.test(f)) await rm(join(outDir, f));
  } finally {
    await index.deleteIndex();
  }
  return { records: records.length, outDir, errors };
}

export async function buildSearchIndex(dataDir: string): Promise<IndexStats> {
  const records = await readSearchRecords(dataDir);
  return writeSearchIndex(records, join(dataDir, SEARCH_DIR));
}

/** Stop Pagefind's service process (the Node API keeps one running until closed). */
export const closeSearchService = () => pagefind.close();
