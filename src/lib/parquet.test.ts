/**
 * The browser's Parquet reads (hyparquet over HTTP), run in Node against the project's static server: a row range of a
 * file as the file holds it, a partitioned table put back together with its hive keys, each file's footer parsed once
 * however many reads ask for it, and a file that cannot be read named (and read again on the next try). The tables are
 * written with DuckDB as the corpus build writes them, from the hand-checked fixture reports (agency, year, new requests).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serveStatic, type StaticServer } from '../../scripts/site/serve.ts';

// every footer hyparquet parses, counted
const parses = vi.hoisted(() => ({ n: 0 }));
vi.mock('hyparquet', async (orig) => {
  const real = await orig<typeof import('hyparquet')>();
  return { ...real, parquetMetadataAsync: ((...a: Parameters<typeof real.parquetMetadataAsync>) => { parses.n++; return real.parquetMetadataAsync(...a); }) };
});

const EXPECTED = join(import.meta.dirname, '../../tests/fixtures/expected');
interface Row { id: string; agency: string; year: number; t3_new_total: number | null }
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

let tmp: string, srv: StaticServer, want: Row[];
let pq: typeof import('./parquet.ts');

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parquet-read-'));
  want = readdirSync(EXPECTED).filter((f) => f.endsWith('.expected.json')).sort().map((f) => {
    const e = JSON.parse(readFileSync(join(EXPECTED, f), 'utf8'));
    return { id: f.replace(/\.expected\.json$/, ''), agency: e.agency, year: e.year, t3_new_total: e.t3.new?.at(-1) ?? null };
  });
  const inst = await DuckDBInstance.create(':memory:');
  const c = await inst.connect();
  try {
    await c.run(`CREATE TABLE src AS SELECT * FROM (VALUES ${want.map((r) => `(${q(r.id)}, ${q(r.agency)}, ${r.year}, ${r.t3_new_total ?? 'NULL'})`).join(', ')})
      v(id, agency, year, t3_new_total)`);
    await c.run(`CREATE OR REPLACE TABLE src AS SELECT id, agency, year::INTEGER AS year, t3_new_total::INTEGER AS t3_new_total FROM src ORDER BY id`);
    // as the corpus build publishes reports: one ZSTD file in id order, or (partitioned) DuckDB's hive folders by year
    await mkdir(join(tmp, 'single', 'data'), { recursive: true });
    await c.run(`COPY (SELECT * FROM src ORDER BY id) TO ${q(join(tmp, 'single', 'data', 'reports.parquet'))} (FORMAT parquet, COMPRESSION zstd)`);
    await mkdir(join(tmp, 'part', 'data'), { recursive: true });
    await c.run(`COPY (SELECT * FROM src ORDER BY id) TO ${q(join(tmp, 'part', 'data', 'reports'))} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (year))`);
    // a file over hyparquet's 512 KB read-whole size, for the range path: the rows repeated, padded with SYNTHETIC hashes
    await c.run(`COPY (SELECT s.*, i, md5(i::VARCHAR || id) AS pad FROM src s, range(250) r(i) ORDER BY i, id) TO ${q(join(tmp, 'part', 'data', 'cells.parquet'))} (FORMAT parquet, COMPRESSION zstd)`);
    // a table in id buckets, as large corpora publish them (the bucket here from a hash: these ids are not hex)
    await c.run(`COPY (SELECT *, substr(md5(id), 1, 1) AS bucket FROM src ORDER BY id) TO ${q(join(tmp, 'part', 'data', 'sections'))} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (bucket))`);
  } finally { c.closeSync(); inst.closeSync(); }
  // the partitioned site's list of files, as the site build makes it
  process.env.ATLAS_DATA_DIR = join(tmp, 'part', 'data');
  const { GET } = await import('../pages/data-files.json.ts');
  await writeFile(join(tmp, 'part', 'data-files.json'), await (await GET()).text());
  srv = await serveStatic(tmp);
  const base = `${srv.url}part/`;
  vi.stubGlobal('location', { href: base });
  vi.stubGlobal('document', { documentElement: { dataset: { base } } });
  pq = await import('./parquet.ts');
});
afterAll(async () => { vi.unstubAllGlobals(); await srv?.close(); await rm(tmp, { recursive: true, force: true }); });

describe('browser Parquet reads', () => {
  it('reads a row range as the file holds it, clamped to the file, and parses the footer once', async () => {
    expect(want.length).toBeGreaterThan(100);
    const url = `${srv.url}single/data/reports.parquet`;
    parses.n = 0;
    expect(await pq.parquetColumns(url)).toEqual([
      { name: 'id', type: 'VARCHAR' }, { name: 'agency', type: 'VARCHAR' }, { name: 'year', type: 'INTEGER' }, { name: 't3_new_total', type: 'INTEGER' }]);
    expect(await pq.parquetRowCount(url)).toBe(want.length);
    const page = await pq.readParquet(url, ['id', 'agency', 'year', 't3_new_total'], { rowStart: 40, rowEnd: 60 });
    expect(page.rows).toBe(20);
    expect(pq.rowObjects(page)).toEqual(want.slice(40, 60));
    // 平潭综合实验区君山片区管理局's 2021 report: 8 new requests (hand-checked)
    expect(pq.rowObjects(page).concat(pq.rowObjects(await pq.readParquet(url, undefined, { rowStart: 0, rowEnd: 40 })))
      .find((r) => r.id === 'pingtan_103_junshan_2021')).toEqual({ id: 'pingtan_103_junshan_2021', agency: '平潭综合实验区君山片区管理局', year: 2021, t3_new_total: 8 });
    const tail = await pq.readParquet(url, ['id'], { rowStart: want.length - 2, rowEnd: want.length + 50 });
    expect(tail.data.id).toEqual(want.slice(-2).map((r) => r.id));
    expect((await pq.readParquet(url, ['id'], { rowStart: 5, rowEnd: 5 })).rows).toBe(0);
    await expect(pq.readParquet(url, ['id', 'no_such_column'])).rejects.toThrow(`${url}: 缺少列 no_such_column`);
    expect(parses.n).toBe(1);
  });

  it('puts a partitioned table back together with its year, parsing each partition footer once', async () => {
    const files = (await pq.tableFiles()).reports;
    expect(files.length).toBeGreaterThan(3);
    expect(files.every((f) => /^reports\/year=\d{4}\/data_0\.parquet$/.test(f.path))).toBe(true);
    parses.n = 0;
    const t = await pq.readTable('reports', ['id', 'agency', 'year', 't3_new_total']);
    expect(t.types.year).toBe('INTEGER');
    const got = pq.rowObjects(t).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    expect(got).toEqual(want);
    expect(parses.n).toBe(files.length);
    // the table's columns come from the first partition's footer, already parsed
    expect((await pq.tableColumns('reports')).map((c) => c.name)).toEqual(['id', 'agency', 't3_new_total', 'year']);
    expect(parses.n).toBe(files.length);
  });

  it('reads a table in id buckets with the same columns as one file: the bucket is where a row is, not a column', async () => {
    const files = (await pq.tableFiles()).sections;
    expect(files.length).toBeGreaterThan(3);
    expect(files.every((f) => f.partition?.bucket !== undefined)).toBe(true);
    expect((await pq.tableColumns('sections')).map((c) => c.name)).toEqual(['id', 'agency', 'year', 't3_new_total']);
    const t = await pq.readTable('sections');
    expect(t.names).toEqual(['id', 'agency', 'year', 't3_new_total']);
    expect(pq.rowObjects(t).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))).toEqual(want);
  });

  it('opens a file data-files.json lists without a HEAD request, and reads its footer in one range request', async () => {
    const fl = await pq.tableFiles();
    for (const f of [...fl.reports, ...fl.cells]) {
      // the listed size and footer length are the file's own
      const bytes = readFileSync(join(tmp, 'part', 'data', f.path));
      expect(f.bytes).toBe(bytes.length);
      expect(f.footer).toBe(bytes.readUInt32LE(bytes.length - 8) + 8);
    }
    const seen: Array<{ url: string; method: string; range: string | null }> = [];
    const real = globalThis.fetch;
    vi.stubGlobal('fetch', (input: any, init: any = {}) => {
      seen.push({ url: String(input), method: init.method ?? 'GET', range: new Headers(init.headers).get('range') });
      return real(input, init);
    });
    try {
      // a file no other test opens, read by range (`wholeFileBytes: 0`, as a file over 4 MB is)
      const f = fl.cells[0]!;
      expect(f.bytes).toBeGreaterThan(512 * 1024);
      const url = pq.dataUrl(f.path);
      const t = await pq.readParquet(url, ['id', 't3_new_total'], { wholeFileBytes: 0, rowStart: 0, rowEnd: 10 });
      expect(pq.rowObjects(t)).toEqual(want.slice(0, 10).map((r) => ({ id: r.id, t3_new_total: r.t3_new_total })));
      const mine = seen.filter((r) => r.url === url);
      expect(mine.map((r) => r.method)).not.toContain('HEAD');
      expect(mine[0]!.range).toBe(`bytes=${f.bytes! - f.footer!}-${f.bytes! - 1}`);
      // then only the row group that holds the rows, not the file
      expect(mine.length).toBe(2);
    } finally { vi.stubGlobal('fetch', real); }
  });

  it('reads a file over the whole-file size by range even when it is small (hyparquet would fetch it whole)', async () => {
    const fl = await pq.tableFiles();
    const f = fl.reports.find((x) => x.bytes < 512 * 1024)!;
    const url = pq.dataUrl(f.path);
    const seen: Array<{ url: string; range: string | null }> = [];
    const real = globalThis.fetch;
    vi.stubGlobal('fetch', (input: any, init: any = {}) => { seen.push({ url: String(input), range: new Headers(init.headers).get('range') }); return real(input, init); });
    try {
      const t = await pq.readParquet(url, ['id'], { wholeFileBytes: 1000 });
      expect(t.rows).toBeGreaterThan(0);
      const mine = seen.filter((r) => r.url === url);
      expect(mine.length).toBeGreaterThan(1);
      expect(mine.map((r) => r.range)).not.toContain(`bytes=0-${f.bytes - 1}`);
    } finally { vi.stubGlobal('fetch', real); }
  });

  it('names a file it cannot read, and reads it on the next try once it is there', async () => {
    const url = `${srv.url}single/data/later.parquet`;
    await expect(pq.parquetRowCount(url)).rejects.toThrow(`${url}: 无法读取`);
    await writeFile(join(tmp, 'single', 'data', 'later.parquet'), readFileSync(join(tmp, 'single', 'data', 'reports.parquet')));
    expect(await pq.parquetRowCount(url)).toBe(want.length);
  });
});

describe('partition values', () => {
  it('types a key from a file path as its column, and reads hive\'s NULL as null', async () => {
    const { partitionValue } = await import('./parquet.ts');
    expect(partitionValue('year', '2023')).toBe(2023);
    expect(partitionValue('year', 'NULL')).toBeNull();
    expect(partitionValue('agency_key', '平潭综合实验区交通与建设局')).toBe('平潭综合实验区交通与建设局');
    expect(partitionValue('agency_key', 'NULL')).toBeNull();
    expect(partitionValue('year', undefined)).toBeNull();
  });
});
