/**
 * The tables read by id split into id buckets (--bucket-digits; by default past 1,024 reports): the same rows as a
 * single-file build, each report's rows in its own bucket's file, a published gzipped CSV per bucket and no single CSV, and
 * row groups small enough that a read by id touches one of them.
 */
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from './build.ts';
import { BY_ID_ROW_GROUP, bucketDigitsFor } from './parquet.ts';
import { tableFileList } from '../../src/lib/datafiles.ts';

const REPORTS = join(import.meta.dirname, '../../data/reports');
const quiet = { progress: false as const, jobs: 2 };
let tmp: string, single: string, bucketed: string;
/** Reports per file of the bucketed build's reports: small, so the 121 bundled reports make several files. */
const PER_PART = 40;

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  const inst = await DuckDBInstance.create(':memory:');
  const c = await inst.connect();
  try { return (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[]; } finally { c.closeSync(); inst.closeSync(); }
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'buckets-test-'));
  single = join(tmp, 'single'); bucketed = join(tmp, 'bucketed');
  const cacheDir = join(tmp, 'cache');
  await build({ input: REPORTS, out: single, cacheDir, ...quiet });
  await build({ input: REPORTS, out: bucketed, cacheDir, bucketDigits: 1, reportsPerPart: PER_PART, ...quiet });
}, 600_000);
afterAll(async () => { await rm(tmp, { recursive: true, force: true }); });

describe('id buckets', () => {
  it('chooses single files for a small corpus and about 1,024 reports a bucket beyond', () => {
    expect([0, 120, 1024].map(bucketDigitsFor)).toEqual([0, 0, 0]);
    expect([10_000, 100_000, 500_000].map(bucketDigitsFor)).toEqual([1, 2, 3]);
  });

  it('writes the same rows as single files, each report in the bucket its id names, with a gzipped CSV per bucket', async () => {
    for (const t of ['cells', 'checks', 'sections', 'slim_records', 'findings']) {
      const buckets = (await readdir(join(bucketed, t))).sort();
      expect(buckets.length, t).toBeGreaterThan(8);
      for (const b of buckets) expect(b, t).toMatch(/^bucket=[0-9a-f]$/);
      const want = await rows(`SELECT * FROM read_parquet('${join(single, `${t}.parquet`)}') ORDER BY ALL`);
      const got = await rows(`SELECT * EXCLUDE (bucket) FROM read_parquet('${join(bucketed, t)}/*/*.parquet', hive_partitioning = true) ORDER BY ALL`);
      expect(got.length, t).toBe(want.length);
      expect(got, t).toEqual(want);
      const misplaced = await rows(`SELECT count(*) AS n FROM read_parquet('${join(bucketed, t)}/*/*.parquet', hive_partitioning = true) WHERE NOT starts_with(report_id, bucket)`);
      expect(Number(misplaced[0]!.n), t).toBe(0);
    }
    for (const t of ['cells', 'checks', 'sections', 'slim_records', 'findings']) {
      await expect(stat(join(bucketed, `${t}.csv`)), t).rejects.toThrow(/ENOENT/);
      const csv = await rows(`SELECT count(*) AS n FROM read_csv('${join(bucketed, t)}/*/data_0.csv.gz', header = true, delim = ',', quote = '"', escape = '"', all_varchar = true)`);
      const pq = await rows(`SELECT count(*) AS n FROM read_parquet('${join(bucketed, t)}/*/*.parquet')`);
      expect(Number(csv[0]!.n), t).toBe(Number(pq[0]!.n));
    }
  });

  it('cuts reports into files of whole agencies in agency order, each naming its agency_key range, with a gzipped CSV each; gzips the files CSV', async () => {
    const years = (await readdir(join(bucketed, 'reports'))).sort();
    expect(years.length).toBe(Math.ceil(121 / PER_PART));
    expect(years).toEqual(years.map((_, i) => `part=${String(i).padStart(4, '0')}`));
    const want = await rows(`SELECT * FROM read_parquet('${join(single, 'reports.parquet')}') ORDER BY id`);
    const got = await rows(`SELECT * EXCLUDE (part) FROM read_parquet('${join(bucketed, 'reports')}/*/*.parquet', hive_partitioning = true) ORDER BY id`);
    expect(got).toEqual(want);
    // an agency's reports of every year are in one file, and the files follow one another in agency order
    const spans = await rows(`SELECT part, count(*)::INTEGER AS n, min(agency_key) AS lo, max(agency_key) AS hi FROM read_parquet('${join(bucketed, 'reports')}/*/*.parquet', hive_partitioning = true) GROUP BY part ORDER BY part`);
    const split = await rows(`SELECT agency_key FROM read_parquet('${join(bucketed, 'reports')}/*/*.parquet', hive_partitioning = true) GROUP BY agency_key HAVING count(DISTINCT part) > 1`);
    expect(split).toEqual([]);
    for (let i = 1; i < spans.length; i++) expect(String(spans[i - 1]!.hi) < String(spans[i]!.lo)).toBe(true);
    expect(spans.reduce((k, x) => k + Number(x.n), 0)).toBe(121);
    // the site's file list names each file's range, which the agency and report pages choose a file by
    const listed = tableFileList(bucketed, 'reports')!;
    expect(listed.map((f) => ({ part: f.partition!.part, ...f.range }))).toEqual(spans.map((x) => ({ part: String(Number(x.part)).padStart(4, '0'), column: 'agency_key', min: x.lo, max: x.hi })));
    await expect(stat(join(bucketed, 'reports.csv'))).rejects.toThrow(/ENOENT/);
    for (const y of years) {
      const csv = await rows(`SELECT count(*) AS n FROM read_csv('${join(bucketed, 'reports', y, 'data_0.csv.gz')}', header = true, all_varchar = true)`);
      const pq = await rows(`SELECT count(*) AS n FROM read_parquet('${join(bucketed, 'reports', y, 'data_0.parquet')}')`);
      expect(Number(csv[0]!.n), y).toBe(Number(pq[0]!.n));
    }
    const files = await rows(`SELECT count(*) AS n FROM read_csv('${join(bucketed, 'files.csv.gz')}', header = true, all_varchar = true)`);
    expect(Number(files[0]!.n)).toBe(Number((await rows(`SELECT count(*) AS n FROM read_parquet('${join(bucketed, 'files.parquet')}')`))[0]!.n));
    // the input-file list is the files table; the manifest keeps its summary and counts
    const manifest = JSON.parse(await readFile(join(bucketed, 'manifest.json'), 'utf8'));
    expect(manifest.files).toBeUndefined();
    expect(manifest.files_table).toBe('files');
    expect(manifest.summary.read).toBe(Number(files[0]!.n));
  });

  it('writes findings_by_rule from the bucketed findings byte for byte as from the single file', async () => {
    const { fileTree } = await import('./tree.ts');
    const a = await fileTree(join(single, 'findings_by_rule')), b = await fileTree(join(bucketed, 'findings_by_rule'));
    expect(Object.keys(a).length).toBe(6);
    expect(b).toEqual(a);
  });

  it('keeps row groups small and in id order, so one report is in one or two groups', async () => {
    const groups = await rows(`SELECT row_group_id, max(row_group_num_rows) AS n FROM parquet_metadata('${join(single, 'cells.parquet')}') GROUP BY 1`);
    expect(groups.length).toBeGreaterThan(5);
    for (const g of groups) expect(Number(g.n)).toBeLessThanOrEqual(BY_ID_ROW_GROUP * 2);
    const spread = await rows(`SELECT max(n) AS m FROM (SELECT report_id, count(DISTINCT file_row_number // ${BY_ID_ROW_GROUP}) AS n FROM read_parquet('${join(single, 'cells.parquet')}', file_row_number = true) GROUP BY 1)`);
    expect(Number(spread[0]!.m)).toBeLessThanOrEqual(2);
  });

  it('moves the per-report files to the archive folder', async () => {
    expect((await readdir(bucketed)).filter((n) => n === 'records' || n === 'sources')).toEqual([]);
    expect((await readdir(join(bucketed, 'archive', 'records'))).length).toBe(121);
    expect((await readdir(join(bucketed, 'archive', 'sources'))).length).toBe(121);
  });
});
