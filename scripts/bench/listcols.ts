/**
 * `npx tsx scripts/bench/listcols.ts [--data DIR]` — what the report list and the compare picker read: the
 * compressed bytes of their columns of `reports` (src/lib/reportcols.ts) in the published Parquet (default
 * public/data), beside the table's whole size, in total and per report. A table in hive partitions is summed
 * over its files (a year partition's year is in the path, not in the file).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { REPORT_COLUMNS, WHOLE_BELOW } from '../../src/lib/reportcols.ts';

const i = process.argv.indexOf('--data');
const dir = resolve(i > 0 ? process.argv[i + 1]! : 'public/data');
const one = join(dir, 'reports.parquet');
const glob = existsSync(one) ? one : join(dir, 'reports', '**', '*.parquet');
if (!existsSync(one) && !existsSync(join(dir, 'reports'))) {
  console.error(`${dir}: no reports table — run \`npm run build:data\` first`);
  process.exit(1);
}

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const conn = await (await DuckDBInstance.create(':memory:')).connect();
const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, any>>;
const [m] = await rows(`SELECT count(DISTINCT file_name)::INTEGER AS files,
  sum(total_compressed_size)::BIGINT AS all_bytes,
  sum(total_compressed_size) FILTER (WHERE path_in_schema IN (${REPORT_COLUMNS.map(q).join(', ')}))::BIGINT AS list_bytes,
  count(DISTINCT path_in_schema) FILTER (WHERE path_in_schema IN (${REPORT_COLUMNS.map(q).join(', ')}))::INTEGER AS list_cols
  FROM parquet_metadata(${q(glob)})`);
const [n] = await rows(`SELECT count(*)::INTEGER AS n FROM read_parquet(${q(glob)})`);
const [sz] = await rows(`SELECT sum(size)::BIGINT AS bytes FROM read_blob(${q(glob)})`);
const reports = Number(n!.n);
const per = (b: number) => `${(b / reports).toFixed(1)} B/report`;
console.log(`reports table: ${relative(process.cwd(), dir) || '.'} (${m!.files} file${m!.files === 1 ? '' : 's'}, ${reports} reports)`);
console.log(`  file bytes:                   ${Number(sz!.bytes)} (${per(Number(sz!.bytes))})`);
console.log(`  all column chunks:            ${Number(m!.all_bytes)} (${per(Number(m!.all_bytes))})`);
console.log(`  the list's ${REPORT_COLUMNS.length} columns (${m!.list_cols} in the files): ${Number(m!.list_bytes)} (${per(Number(m!.list_bytes))})`);
console.log(`  files up to ${WHOLE_BELOW} bytes are fetched whole; larger ones by footer and these columns' chunks (HTTP Range)`);
