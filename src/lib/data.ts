/**
 * Build-time data access (Node only): reads the published Parquet/JSON with @duckdb/node-api so the
 * landing pages (home, list first page, findings, data) are prerendered with their numbers (no WASM needed).
 * Nothing here is per report: report pages are rendered in the browser (src/lib/reportpage.ts).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MEASURES } from './measures.ts';
import { tableLayout, tableSql } from '../../scripts/corpus/published-table.ts';

export const DATA_DIR = resolve(process.env.ATLAS_DATA_DIR ?? 'public/data');

/**
 * Where readers fetch the data folder from: ATLAS_DATA_URL (an object store or CDN with Range support; docs/SITE.md
 * "Deploy layout"), else `<base>data/` on the site itself. Always ends with a slash.
 */
export const DATA_URL: string | null = process.env.ATLAS_DATA_URL ? process.env.ATLAS_DATA_URL.replace(/\/?$/, '/') : null;
export const dataBase = (base: string) => DATA_URL ?? `${base}data/`;

export type Row = Record<string, any>;

let connP: Promise<DuckDBConnection> | null = null;
function conn() {
  if (!connP) {
    if (!existsSync(join(DATA_DIR, 'reports.parquet')) && !existsSync(join(DATA_DIR, 'reports'))) {
      throw new Error(`${join(DATA_DIR, 'reports.parquet')}: missing — run \`npm run build:data\` before \`npm run build\``);
    }
    connP = DuckDBInstance.create(':memory:').then((i) => i.connect());
  }
  return connP;
}

/** A table is one file `<name>.parquet`, or (partitioned by year or id bucket) a hive folder `<name>/<key>=<v>/*.parquet`. */
export function hasTable(name: string) { return tableLayout(DATA_DIR, name) !== null; }
export function isPartitioned(name: string) { return tableLayout(DATA_DIR, name) === 'partitioned'; }
/** 'bucket' (by id prefix, for reads by id) or 'year', from the folder's first partition; null for a single file. */
export function partitionKind(name: string): 'bucket' | 'part' | 'year' | null {
  if (!isPartitioned(name)) return null;
  const dirs = readdirSync(join(DATA_DIR, name));
  return dirs.some((d) => d.startsWith('bucket=')) ? 'bucket' : dirs.some((d) => d.startsWith('part=')) ? 'part' : 'year';
}
/** The SQL of a published table; a table the data build did not publish is an error naming its file. */
export function pq(name: string) {
  const sql = tableSql(DATA_DIR, name);
  if (!sql) throw new Error(`${join(DATA_DIR, `${name}.parquet`)}: missing — run \`npm run build:data\` before \`npm run build\``);
  return sql;
}

export async function query<T = Row>(sql: string): Promise<T[]> {
  const c = await conn();
  const r = await c.runAndReadAll(sql);
  return r.getRowObjectsJson() as T[];
}

const memo = new Map<string, Promise<any>>();
function once<T>(key: string, f: () => Promise<T>): Promise<T> {
  if (!memo.has(key)) memo.set(key, f());
  return memo.get(key)!;
}

/**
 * The columns of reports the prerendered pages use: metadata, check counts and every measure's columns. The table has
 * ~230 columns; reading them all for 100,000 reports took most of the site build (tens of seconds per page that asked).
 */
export const SITE_REPORT_COLUMNS = [...new Set(['id', 'file', 'agency', 'agency_key', 'year', 'level', 'province', 'city', 'county', 'township',
  'region_code', 'region_name', 'template', 'published', 'source_url', 'checks_pass', 'checks_fail', 'checks_na', 'ambiguous_cells',
  't3_new_total', 't3_total_total', ...MEASURES.flatMap((m) => m.columns)])];

/** Every report's row (SITE_REPORT_COLUMNS), ordered by place, agency, then year. */
export function reports(): Promise<Row[]> {
  return once('reports', () => query(`SELECT ${SITE_REPORT_COLUMNS.map((c) => JSON.stringify(c)).join(', ')} FROM ${pq('reports')} ORDER BY province NULLS LAST, city NULLS LAST, agency, year`));
}

/** How many input files ended in each status (ok, failed, duplicate, metadata), most first. */
export function fileStatusCounts(): Promise<Array<[string, number]>> {
  return once('fileStatus', async () => (await query(`SELECT status, count(*) AS n FROM ${pq('files')} GROUP BY 1 ORDER BY 2 DESC, 1`)).map((r) => [String(r.status), Number(r.n)] as [string, number]));
}

export function checks(): Promise<Row[]> {
  return once('checks', () => query(`SELECT * FROM ${pq('checks')}`));
}

/** The failed checks only (report, rule, status): what the home page counts, without holding every check of the corpus. */
export function failedChecks(): Promise<Row[]> {
  return once('failedChecks', () => query(`SELECT report_id, rule, status FROM ${pq('checks')} WHERE status = 'fail'`));
}

export function files(): Promise<Row[]> {
  return once('files', () => query(`SELECT path, sha256, CAST(bytes AS BIGINT)::DOUBLE AS bytes, format, status, reason, duplicate_of, report_id FROM ${pq('files')} ORDER BY path`));
}

/**
 * What the corpus holds, for /data/, computed here so the page does not grow with the corpus: reports by year and by
 * level, agencies (agency_key joins an agency's title variants; the title where there is none), how many have reports
 * of 5 or more years, and the first `limit` agencies by number of reports (then by key, in code-point order, as the
 * page's script sorts the rest: src/lib/datarows.ts) with their reports per year.
 */
export function corpusMakeup(limit: number) {
  return once(`corpusMakeup:${limit}`, async () => {
    const r = `(SELECT coalesce(agency_key, agency) AS k, CAST(year AS INTEGER) AS y, level FROM ${pq('reports')})`;
    const [tot] = await query(`SELECT count(*)::INTEGER AS reports, count(DISTINCT k)::INTEGER AS agencies, min(y) AS first, max(y) AS last FROM ${r}`);
    const fivePlus = await query(`SELECT count(*)::INTEGER AS n FROM (SELECT k FROM ${r} GROUP BY k HAVING count(DISTINCT y) >= 5)`);
    const byYear = await query<{ y: number | null; n: number }>(`SELECT y, count(*)::INTEGER AS n FROM ${r} GROUP BY y ORDER BY y NULLS LAST`);
    const byLevel = await query<{ level: string; n: number }>(`SELECT coalesce(level, 'unknown') AS level, count(*)::INTEGER AS n FROM ${r} GROUP BY 1 ORDER BY n DESC, level`);
    const years = (await query<{ y: number }>(`SELECT DISTINCT y FROM ${r} WHERE y IS NOT NULL ORDER BY y`)).map((x) => Number(x.y));
    const agencies = await query<{ k: string; n: number; years: number[] }>(`SELECT k, count(*)::INTEGER AS n, list(y ORDER BY y) AS years FROM ${r}
      GROUP BY k ORDER BY n DESC, k NULLS LAST LIMIT ${Math.max(0, Math.floor(limit))}`);
    return {
      reports: Number(tot.reports), agencies: Number(tot.agencies), first: tot.first == null ? null : Number(tot.first), last: tot.last == null ? null : Number(tot.last),
      fivePlus: Number(fivePlus[0].n), years,
      byYear: byYear.map((x) => ({ year: x.y == null ? null : Number(x.y), n: Number(x.n) })),
      byLevel: byLevel.map((x) => ({ level: x.level, n: Number(x.n) })),
      first_agencies: agencies.map((a) => ({ key: a.k, n: Number(a.n), years: (a.years ?? []).map((y) => (y == null ? null : Number(y))) })),
    };
  });
}

/** The input files for /data/: how many there are per status, and the first `limit` that are not ok (in path order). */
export function fileSummary(limit: number) {
  return once(`fileSummary:${limit}`, async () => {
    const byStatus = await query<{ status: string; n: number }>(`SELECT status, count(*)::INTEGER AS n FROM ${pq('files')} GROUP BY status ORDER BY n DESC, status`);
    const notOk = await query(`SELECT path, sha256, CAST(bytes AS BIGINT)::DOUBLE AS bytes, format, status, reason, duplicate_of, report_id
      FROM ${pq('files')} WHERE status IS DISTINCT FROM 'ok' ORDER BY path LIMIT ${Math.max(0, Math.floor(limit))}`);
    return { byStatus: byStatus.map((s) => ({ status: s.status, n: Number(s.n) })), total: byStatus.reduce((t, s) => t + Number(s.n), 0), firstNotOk: notOk };
  });
}

/**
 * The findings page's prerendered part (a bounded read at any corpus size): from findings_by_rule, each rule's count
 * per severity and rows per part file (what the browser needs to read any later page), and each rule's first `k`
 * findings in the page's order. null when the build published no findings_by_rule.
 */
export function findingsPage(k: number): Promise<{ counts: Row[]; parts: Row[]; first: Row[] } | null> {
  if (!hasTable('findings_by_rule')) return Promise.resolve(null);
  return once(`findingsPage:${k}`, async () => {
    const glob = join(DATA_DIR, 'findings_by_rule', '*', 'part=0', '*.parquet').replace(/'/g, "''");
    return {
      counts: await query(`SELECT rule, severity, count(*)::INTEGER AS n FROM ${pq('findings_by_rule')} GROUP BY ALL ORDER BY rule, severity`),
      parts: await query(`SELECT rule, CAST(part AS INTEGER) AS part, count(*)::INTEGER AS n FROM ${pq('findings_by_rule')} GROUP BY ALL ORDER BY rule, part`),
      first: await query(`SELECT * EXCLUDE (file_row_number) FROM read_parquet('${glob}', hive_partitioning = true, file_row_number = true)
        WHERE file_row_number < ${Math.floor(k)} ORDER BY rule, file_row_number`),
    };
  });
}

export function readJson(name: string): any | null {
  const p = join(DATA_DIR, name);
  return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : null;
}

export function fileSize(name: string): number | null {
  const p = join(DATA_DIR, name);
  return existsSync(p) ? statSync(p).size : null;
}
