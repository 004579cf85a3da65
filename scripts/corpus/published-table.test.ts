/**
 * One way to name a published table: the SQL reads the same rows whether the table is one Parquet file or hive
 * partitions (by year, as --partition-by-year writes them; by id bucket, as a large corpus does), and says when
 * there is no table at all. The rows are real: hand-checked reports of the fixtures (agency, year, new requests).
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableLayout, tableSql } from './published-table.ts';

// Pingtan's 君山片区 over six years, and one report of another agency: years enough for several partitions
const FIXTURES = ['pingtan_101_junshan_2019', 'pingtan_102_junshan_2020', 'pingtan_103_junshan_2021', 'pingtan_104_junshan_2023',
  'pingtan_105_junshan_2024', 'pingtan_106_junshan_2025', 'pingtan_003_pingtan-shichang-jianguan-ju_2019'];
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../tests/fixtures/expected/${name}.expected.json`, import.meta.url), 'utf8'));

let tmp: string, dir: string, db: DuckDBInstance, conn: DuckDBConnection;
const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, any>>;
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'published-table-'));
  // a folder name with a quote in it: the SQL must quote the path, not break on it
  dir = join(tmp, "o'data");
  await mkdir(dir);
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  const values = FIXTURES.map((f) => {
    const e = fixture(f);
    return `(${q(f)}, ${q(e.agency)}, ${e.year}, ${e.t3.new.at(-1) ?? 'NULL'})`;
  });
  await conn.run(`CREATE TABLE src AS SELECT id, agency, year::INTEGER AS year, t3_new_total::INTEGER AS t3_new_total, left(md5(id), 1) AS bucket
    FROM (VALUES ${values.join(', ')}) v(id, agency, year, t3_new_total)`);
  // as the corpus build publishes them (scripts/corpus/parquet.ts): one file, or DuckDB's PARTITION_BY hive folders
  await conn.run(`COPY (SELECT * EXCLUDE (bucket) FROM src ORDER BY id) TO ${q(join(dir, 'reports.parquet'))} (FORMAT parquet, COMPRESSION zstd)`);
  await conn.run(`COPY (SELECT * EXCLUDE (bucket) FROM src ORDER BY id) TO ${q(join(dir, 'by_year'))} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (year))`);
  await conn.run(`COPY (SELECT * FROM src ORDER BY id) TO ${q(join(dir, 'by_bucket'))} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (bucket))`);
});
afterAll(async () => { conn?.closeSync(); db?.closeSync(); await rm(tmp, { recursive: true, force: true }); });

describe('tableSql', () => {
  it('reads a single-file table as it was written', async () => {
    expect(tableLayout(dir, 'reports')).toBe('file');
    const got = await rows(`SELECT id, agency, year, t3_new_total FROM ${tableSql(dir, 'reports')} ORDER BY id`);
    expect(got).toHaveLength(7);
    expect(got.find((r) => r.id === 'pingtan_103_junshan_2021')).toEqual({ id: 'pingtan_103_junshan_2021', agency: '平潭综合实验区君山片区管理局', year: 2021, t3_new_total: 8 });
    expect(got.find((r) => r.id === 'pingtan_003_pingtan-shichang-jianguan-ju_2019')).toEqual({
      id: 'pingtan_003_pingtan-shichang-jianguan-ju_2019', agency: '平潭综合实验区市场监督管理局', year: 2019, t3_new_total: 1 });
  });

  it('reads year partitions with the year back as a column: the same rows as the single file', async () => {
    expect(tableLayout(dir, 'by_year')).toBe('partitioned');
    const single = await rows(`SELECT id, agency, year, t3_new_total FROM ${tableSql(dir, 'reports')} ORDER BY id`);
    const parts = await rows(`SELECT id, agency, year::INTEGER AS year, t3_new_total FROM ${tableSql(dir, 'by_year')} ORDER BY id`);
    expect(parts).toEqual(single);
    const years = await rows(`SELECT count(DISTINCT filename)::INTEGER AS n FROM read_parquet(${q(join(dir, 'by_year', '*', '*.parquet'))}, filename = true)`);
    expect(years[0].n).toBe(6); // 2019 … 2025 without 2022: one file a year
  });

  it('reads id-bucket partitions with the bucket as a column', async () => {
    const got = await rows(`SELECT id, bucket, left(md5(id), 1) AS own, t3_new_total FROM ${tableSql(dir, 'by_bucket')} ORDER BY id`);
    expect(got).toHaveLength(7);
    for (const r of got) expect(r.bucket, r.id).toBe(r.own);
    expect(got.find((r) => r.id === 'pingtan_105_junshan_2024')?.t3_new_total).toBe(5);
  });

  it('prefers the single file when a folder of the same name is there too', async () => {
    await mkdir(join(dir, 'reports'), { recursive: true });
    try {
      expect(tableLayout(dir, 'reports')).toBe('file');
      expect(tableSql(dir, 'reports')).not.toContain('hive_partitioning');
    } finally { await rm(join(dir, 'reports'), { recursive: true }); }
  });

  it('is null for a table that is not published', () => {
    expect(tableLayout(dir, 'sections')).toBeNull();
    expect(tableSql(dir, 'sections')).toBeNull();
  });
});
