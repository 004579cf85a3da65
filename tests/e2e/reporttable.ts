/**
 * The `reports` table of the data a built site serves, read with DuckDB in Node: what the e2e tests compare the
 * pages with (the site itself publishes no list of reports outside its Parquet).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { tableSql } from '../../scripts/corpus/published-table.ts';

/** `read_parquet(...)` of a table of the built data in `dataDir` (published-table.ts); no such table is an error. */
export function builtTableSql(dataDir: string, name: string): string {
  const sql = tableSql(dataDir, name);
  if (!sql) throw new Error(`${dataDir}: no table ${name} — run \`npm run build:data && npm run build\` first`);
  return sql;
}

/** Rows of a query over the data in `dataDir`; `{reports}` etc. in the SQL stand for the tables. */
export async function dataQuery(dataDir: string, sql: string, params: unknown[] = []): Promise<Array<Record<string, any>>> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    const text = sql.replace(/\{(\w+)\}/g, (_, t) => builtTableSql(dataDir, t));
    const r = params.length ? await conn.runAndReadAll(text, params as any) : await conn.runAndReadAll(text);
    return r.getRowObjectsJson() as Array<Record<string, any>>;
  } finally { conn.closeSync?.(); inst.closeSync?.(); }
}

/** Every report's metadata and check counts (year and counts as numbers). */
export function reportsOf(dataDir: string): Promise<Array<Record<string, any>>> {
  return dataQuery(dataDir, `SELECT id, agency, agency_key, year::INTEGER AS year, level, province, city, county, township, template,
    checks_pass::INTEGER AS checks_pass, checks_fail::INTEGER AS checks_fail, ambiguous_cells::INTEGER AS ambiguous_cells,
    t3_new_total::INTEGER AS t3_new_total FROM {reports} ORDER BY id`);
}

/**
 * A table's rows as its CSV mirror gives them (every value text as DuckDB writes it, 5.0 or false; blank for null),
 * whatever the layout: past 1,024 reports there is no single CSV, only per-partition gzipped ones.
 */
export async function tableRows(dataDir: string, name: string): Promise<Array<Record<string, string>>> {
  const rows = await dataQuery(dataDir, `SELECT COLUMNS(c -> c NOT IN ('bucket', 'part'))::VARCHAR FROM {${name}}`);
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v == null ? '' : String(v)])));
}
