/**
 * End-to-end: real builds of the bundled corpus and of small folders made in a temp dir, read back with DuckDB.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from './build.ts';
import { fileTree } from './tree.ts';
import { merge } from './merge.ts';

const REPORTS = new URL('../../data/reports/', import.meta.url).pathname;
const ROOT = new URL('../../', import.meta.url).pathname;
const DERIVED = new URL('../../tests/fixtures/crossyear/leiming_2024_derived.txt', import.meta.url).pathname;
const id = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

let tmp: string;
beforeAll(async () => { tmp = await mkdtemp(join(tmpdir(), 'build-test-')); });
afterAll(async () => { await rm(tmp, { recursive: true, force: true }); });

async function query(sql: string): Promise<Array<Record<string, unknown>>> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, unknown>>;
  } finally { conn.closeSync(); inst.closeSync(); }
}


const quiet = { progress: false as const, jobs: 1, inProcess: true }; // the CLI test below runs real worker threads

describe('build of the bundled corpus', () => {
  let out: string;
  beforeAll(async () => {
    out = join(tmp, 'bundled');
    const r = await build({ input: REPORTS, out, cacheDir: join(tmp, 'cache-bundled'), ...quiet });
    expect(r).toMatchObject({ read: 125, ok: 121, failed: 0, duplicates: 4 });
  });

  it('writes one row per report and lists every file', async () => {
    const [n] = await query(`SELECT count(*) AS n, count(DISTINCT agency) AS agencies FROM '${out}/reports.parquet'`);
    expect(n).toEqual({ n: '121', agencies: '23' });
    const files = await query(`SELECT path, status, duplicate_of FROM '${out}/files.parquet' ORDER BY path`);
    expect(files.map((f) => f.path)).toEqual((await readdir(REPORTS)).sort());
    expect(files.filter((f) => f.status === 'ok')).toHaveLength(121);
    // none refused: pingtan_142's text holds only its title, and it is kept (agency, year, every cell null, a warning)
    expect(files.filter((f) => f.status === 'failed')).toEqual([]);
    const [gongan] = await query(`SELECT agency, year, template, status, t3_new_total, t2_licensing FROM '${out}/reports.parquet' WHERE file = 'pingtan_142_gongan_2020.txt'`);
    expect(gongan).toEqual({ agency: '平潭综合实验区公安局', year: 2020, template: null, status: 'ok', t3_new_total: null, t2_licensing: null });
  });

  it('reads real values back (雷鸣镇 licensing 295; 君山 无法提供·不掌握 总计 5 with its failing check)', async () => {
    const [lm] = await query(`SELECT t2_licensing, year, template, checks_fail FROM '${out}/reports.parquet' WHERE agency = '雷鸣镇人民政府'`);
    expect(lm).toEqual({ t2_licensing: 295, year: 2023, template: '2021', checks_fail: 0 });
    const [js] = await query(`SELECT id, t3_unable_no_info_total, t3_total_total, t2_normative_valid, checks_fail FROM '${out}/reports.parquet' WHERE agency = '平潭综合实验区君山片区管理局' AND year = 2022`);
    expect(js).toMatchObject({ t3_unable_no_info_total: 5, t3_total_total: 0, t2_normative_valid: 11 });
    expect(Number(js!.checks_fail)).toBeGreaterThan(0);
    const fails = await query(`SELECT rule, expected, actual, cells FROM '${out}/checks.parquet' WHERE report_id = '${js!.id}' AND status = 'fail' AND scope LIKE '%总计%'`);
    expect(fails.length).toBeGreaterThan(0);
    expect(fails.some((f) => f.expected === 0 && f.actual === 5 && (JSON.parse(f.cells as string) as string[]).includes('t3.unable_no_info[6]'))).toBe(true);
    const cells = await query(`SELECT col, value FROM '${out}/cells.parquet' WHERE report_id = '${js!.id}' AND tbl = 't3' AND row = 'unable_no_info'`);
    expect(cells.map((c) => c.value)).toEqual([3, 0, 0, 0, 0, 2, 5]);
    expect(cells.map((c) => c.col)).toEqual(['natural', 'commercial', 'research', 'social', 'legal', 'other_org', 'total']);
  });

  it('checks real consecutive years across reports, by agency key (金井片区 2023 现行有效 7 → 2024 制发 0, 废止 0, 现行有效 1: fails as printed)', async () => {
    const [n] = await query(`SELECT count(*)::INT AS n, count(*) FILTER (status = 'fail')::INT AS f, count(DISTINCT report_id)::INT AS r FROM '${out}/checks.parquet' WHERE rule LIKE 'cross.%'`);
    expect(n).toEqual({ n: 799, f: 11, r: 97 });
    const [jj] = await query(`SELECT c.status, c.expected, c.actual, c.cells FROM '${out}/checks.parquet' c JOIN '${out}/reports.parquet' r ON r.id = c.report_id
      WHERE r.file = 'pingtan_119_jinjing_2024.txt' AND c.rule = 'cross.valid_count' AND c.scope = '行政规范性文件'`);
    expect(jj).toMatchObject({ status: 'fail', expected: 7, actual: 1 });
    const prev = id(await readFile(join(REPORTS, 'pingtan_118_jinjing_2023.txt')));
    expect(JSON.parse(jj!.cells as string)).toContain(`${prev}#t2.normative.valid`);
    const m = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(m.summary).toMatchObject({ cross_year_settled_runs: 10, cross_year_settled_cells: 30, ambiguous_cells: 263 });
    expect(m.counts.by_agency.filter((a: { years: number[] }) => a.years.length >= 5)).toHaveLength(17);
  });

  it('lists the HTML copy of 君山 2022 as a duplicate of its text dump, and pairs 旅游与文化体育局 2019 the same way', async () => {
    const files = Object.fromEntries((await query(`SELECT path, status, duplicate_of, report_id FROM '${out}/files.parquet'`)).map((f) => [f.path, f]));
    const junshanTxt = id(await readFile(join(REPORTS, 'pingtan_001_junshan-pianqu_2022.txt')));
    expect(files['pingtan_005_junshan-pianqu_2022.html']).toMatchObject({ status: 'duplicate', duplicate_of: junshanTxt });
    expect(files['pingtan_001_junshan-pianqu_2022.txt']).toMatchObject({ status: 'ok', duplicate_of: null });
    // the .txt dump cannot settle 行政许可 (run "11315"); the HTML page can, so the page is published and the dump is the duplicate
    const lvyouHtml = id(await readFile(join(REPORTS, 'pingtan_006_pingtan-lvyou-wenti-ju_2019.html')));
    expect(files['pingtan_002_pingtan-lvyou-wenti-ju_2019.txt']).toMatchObject({ status: 'duplicate', duplicate_of: lvyouHtml });
    const [lv] = await query(`SELECT file, t2_licensing, t2_extra_licensing_prev_year_items, t2_extra_licensing_change FROM '${out}/reports.parquet' WHERE id = '${lvyouHtml}'`);
    expect(lv).toEqual({ file: 'pingtan_006_pingtan-lvyou-wenti-ju_2019.html', t2_licensing: 15, t2_extra_licensing_prev_year_items: 11, t2_extra_licensing_change: 3 });
    // duplicates contribute no rows
    const [c] = await query(`SELECT count(*) AS n FROM '${out}/cells.parquet' WHERE report_id IN ('${id(await readFile(join(REPORTS, 'pingtan_005_junshan-pianqu_2022.html')))}')`);
    expect(c!.n).toBe('0');
  });

  it('writes records with their source text, source copies, BOM CSV mirrors and a dictionary of every column', async () => {
    const bytes = await readFile(join(REPORTS, '002_425035603a0bba90.txt'));
    const rec = JSON.parse(await readFile(join(out, 'archive', 'records', `${id(bytes)}.json`), 'utf8'));
    expect(rec.agency).toBe('雷鸣镇人民政府');
    expect(rec.source_text).toContain('雷鸣镇严格按照');
    expect(rec.source.file).toBe('002_425035603a0bba90.txt');
    expect(await readFile(join(out, 'archive', 'sources', `${id(bytes)}.txt`))).toEqual(bytes);
    expect((await readdir(join(out, 'archive', 'records'))).length).toBe(121);
    expect((await readdir(join(out, 'archive', 'sources'))).length).toBe(121);

    const dict = JSON.parse(await readFile(join(out, 'dictionary.json'), 'utf8')) as Array<{ table: string; column: string; zh: string; en: string; description: string }>;
    for (const t of ['reports', 'cells', 'checks', 'sections', 'files', 'findings']) {
      const csv = await readFile(join(out, `${t}.csv`));
      expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const cols = (await query(`DESCRIBE SELECT * FROM '${out}/${t}.parquet'`)).map((c) => c.column_name);
      expect(cols).toEqual(dict.filter((d) => d.table === t).map((d) => d.column));
      for (const d of dict.filter((x) => x.table === t)) expect(d.zh && d.en && d.description, `${t}.${d.column}`).toBeTruthy();
    }
    const reportsCsv = (await readFile(join(out, 'reports.csv'), 'utf8')).trim().split('\n');
    expect(reportsCsv).toHaveLength(122);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.summary).toMatchObject({ read: 125, ok: 121, failed: 0, duplicates: 4 });
    expect(manifest.files).toHaveLength(125);
  });

  it('publishes findings_by_rule: every finding once, with its agency and year, per rule in the findings page\'s order, in part files', async () => {
    const hive = `read_parquet('${out}/findings_by_rule/*/*/*.parquet', hive_partitioning = true, filename = true, file_row_number = true)`;
    const dict = JSON.parse(await readFile(join(out, 'dictionary.json'), 'utf8')) as Array<{ table: string; column: string }>;
    const cols = (await query(`DESCRIBE SELECT * FROM read_parquet('${out}/findings_by_rule/*/*/*.parquet', hive_partitioning = true)`)).map((c) => c.column_name);
    expect([...cols].sort()).toEqual(dict.filter((d) => d.table === 'findings_by_rule').map((d) => d.column).sort());
    // the same rows as findings, agency and year from reports
    const want = await query(`SELECT f.*, r.agency, r.year FROM '${out}/findings.parquet' f LEFT JOIN '${out}/reports.parquet' r ON r.id = f.report_id ORDER BY ALL`);
    const got = await query(`SELECT report_id, rule, severity, score, message, evidence, other_report_id, agency, year FROM ${hive} ORDER BY ALL`);
    expect(want).toHaveLength(19);
    expect(got).toEqual(want);
    expect(got.filter((f) => f.agency == null)).toEqual([]);
    // Snappy, which the browser decodes fast (findings-order.ts), where every other table is zstd
    const codecs = await query(`SELECT DISTINCT compression FROM parquet_metadata('${out}/findings_by_rule/*/*/*.parquet')`);
    expect(codecs.map((c) => c.compression)).toEqual(['SNAPPY']);
    expect((await query(`SELECT DISTINCT compression FROM parquet_metadata('${out}/findings.parquet')`)).map((c) => c.compression)).toEqual(['ZSTD']);
    // in each rule's file: high, warn, info, then score from high to low, then report id (the order written out here)
    const order = `CASE severity WHEN 'high' THEN 0 WHEN 'warn' THEN 1 WHEN 'info' THEN 2 ELSE 3 END, severity, score DESC, report_id, coalesce(other_report_id, ''), message, evidence`;
    for (const { rule } of await query(`SELECT DISTINCT rule FROM '${out}/findings.parquet'`)) {
      const inFile = await query(`SELECT report_id, message FROM ${hive} WHERE rule = '${rule}' ORDER BY part, file_row_number`);
      expect(inFile, String(rule)).toEqual(await query(`SELECT report_id, message FROM '${out}/findings.parquet' WHERE rule = '${rule}' ORDER BY ${order}`));
    }
    expect((await readdir(join(out, 'findings_by_rule'))).sort()).toEqual(['rule=copypaste.foreign_place', 'rule=copypaste.near_duplicate', 'rule=narrative.figure_mismatch',
      'rule=narrative.none_received', 'rule=outlier.missing_years', 'rule=outlier.regulations_unempowered']);
    // cut into parts: with 4 rows a part, the nine figure mismatches are parts 0, 1, 2 of 4, 4 and 1 rows, in the same order
    const { findingsByRuleSql } = await import('./findings-order.ts');
    const sql = findingsByRuleSql(`read_parquet('${out}/findings.parquet')`, `read_parquet('${out}/reports.parquet')`, 4);
    const parts = await query(`SELECT part, count(*)::INTEGER AS n FROM (${sql}) WHERE rule = 'narrative.figure_mismatch' GROUP BY part ORDER BY part`);
    expect(parts).toEqual([{ part: 0, n: 4 }, { part: 1, n: 4 }, { part: 2, n: 1 }]);
    expect(await query(`SELECT report_id, message FROM (${sql}) WHERE rule = 'narrative.figure_mismatch'`))
      .toEqual(await query(`SELECT report_id, message FROM ${hive} WHERE rule = 'narrative.figure_mismatch' ORDER BY part, file_row_number`));
  });

  it('is byte-identical when built again (from the cache)', async () => {
    const again = join(tmp, 'bundled-again');
    const r = await build({ input: REPORTS, out: again, cacheDir: join(tmp, 'cache-bundled'), ...quiet });
    expect(r.extracted).toBe(0);
    expect(r.conversions).toEqual({ converted: 0, reused: 4 }); // cells, checks, sections and records: Parquet copied from the cache
    expect(await fileTree(again)).toEqual(await fileTree(out));
  });

  it('shards 1/2 and 2/2 merged equal the unsharded build', async () => {
    const s1 = join(tmp, 'shard1'), s2 = join(tmp, 'shard2'), merged = join(tmp, 'merged');
    const cacheDir = join(tmp, 'cache-shards'); // fresh cache: the shards extract their own files
    const a = await build({ input: REPORTS, out: s1, shard: { k: 1, n: 2 }, cacheDir, ...quiet });
    const b = await build({ input: REPORTS, out: s2, shard: { k: 2, n: 2 }, cacheDir, ...quiet });
    expect(a.read).toBeGreaterThan(0);
    expect(b.read).toBeGreaterThan(0);
    expect(a.read + b.read).toBe(125);
    const m = await merge([s2, s1], merged);
    expect(m).toMatchObject({ read: 125, ok: 121, duplicates: 4 });
    expect(await fileTree(merged)).toEqual(await fileTree(out));
  });

  it('publishes only reports whose file ended ok: rows a worker staged before it was stopped are left out', async () => {
    // a partial output, then the staging of a worker stopped right after appending a report's rows (those of a
    // real report, 雷鸣镇 2023, under the id of the file it was working on, whose files row says it timed out)
    const part = join(tmp, 'orphan-part'), merged = join(tmp, 'orphan-merged');
    await build({ input: REPORTS, out: part, shard: { k: 1, n: 1 }, cacheDir: null, ...quiet });
    const staging = join(part, 'staging');
    const orphan = 'ffffffffffffffff';
    const { bundleOf } = await import('./bundle.ts');
    const { runJob } = await import('./job.ts');
    const { appendStaged } = await import('./staging.ts');
    const name = '002_425035603a0bba90.txt';
    const b = bundleOf({ rel: 'slow.txt', id: orphan, sha256: 'f'.repeat(64), sidecar: null, size: 1 }, await runJob(await readFile(join(REPORTS, name)), name));
    appendStaged(staging, 'stopped-worker', orphan, b.bundle.lines!);
    await writeFile(join(staging, 'files.stopped-worker.jsonl'), JSON.stringify({ path: 'slow.txt', sha256: 'f'.repeat(64), bytes: 1, format: null, status: 'failed', reason: 'extraction took longer than 120 s', report_id: null }) + '\n');
    expect((await readFile(join(staging, 'cells.stopped-worker.csv'), 'utf8')).split('\n').length).toBeGreaterThan(200);
    const m = await merge([part], merged);
    expect(m).toMatchObject({ read: 126, ok: 121, failed: 1 });
    for (const t of ['reports', 'cells', 'checks', 'sections', 'findings']) {
      const col = t === 'reports' ? 'id' : 'report_id';
      expect((await query(`SELECT count(*)::INT AS n FROM '${merged}/${t}.parquet' WHERE ${col} = '${orphan}'`))[0]!.n, t).toBe(0);
    }
    // and everything else is exactly the unsharded build's
    for (const t of ['reports', 'cells', 'checks', 'sections', 'findings']) {
      expect(await readFile(join(merged, `${t}.parquet`)), t).toEqual(await readFile(join(out, `${t}.parquet`)));
    }
  });

  it('writes hive partitions by year on request', async () => {
    const p = join(tmp, 'partitioned');
    await build({ input: REPORTS, out: p, cacheDir: join(tmp, 'cache-bundled'), partitionByYear: true, ...quiet });
    const years = ['year=2019', 'year=2020', 'year=2021', 'year=2022', 'year=2023', 'year=2024', 'year=2025'];
    expect((await readdir(join(p, 'reports'))).sort()).toEqual(years);
    const rows = await query(`SELECT year, count(*) AS n FROM read_parquet('${p}/cells/*/*.parquet', hive_partitioning = true) GROUP BY year ORDER BY year`);
    expect(rows.map((r) => Number(r.year))).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025]);
  });
});

describe('a folder with bad files', () => {
  it('lists a corrupt, an empty, a duplicate, a non-report and a GBK file with the right status, and exits 0', async () => {
    const input = join(tmp, 'messy');
    await mkdir(join(input, 'sub'), { recursive: true });
    await copyFile(join(REPORTS, '002_425035603a0bba90.txt'), join(input, '002.txt'));
    await copyFile(join(REPORTS, '002_425035603a0bba90.txt'), join(input, 'sub', 'copy of 002.txt'));
    await copyFile(join(REPORTS, '004_51f69ccf0222012c.txt'), join(input, '004.txt'));
    await writeFile(join(input, 'empty.txt'), '');
    // fixed "random" bytes behind a PDF header: a corrupt PDF
    const junk = Buffer.concat(Array.from({ length: 16 }, (_, i) => createHash('sha256').update(String(i)).digest()));
    await writeFile(join(input, 'corrupt.pdf'), Buffer.concat([Buffer.from('%PDF-1.4\n'), junk]));
    await writeFile(join(input, 'sub', 'meeting-notes.txt'), '会议纪要\n本周讨论了办公室搬迁和值班安排，没有其他事项。\n');
    // a real report re-encoded as GBK
    const gbkText = await readFile(join(REPORTS, '003_17bc6c5624a3c32d.txt'), 'utf8');
    await writeFile(join(input, 'zhaogang-gbk.txt'), iconv.encode(gbkText, 'gbk'));

    const out = join(tmp, 'messy-out');
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/cli/build-data.ts', '--input', input, '--out', out, '--jobs', '2', '--cache', join(tmp, 'cache-messy'), '--quiet'], { cwd: ROOT });
    expect(stdout).toMatch(/read 7 files · ok 3 · failed 3 · duplicates 1/);
    const files = Object.fromEntries((await query(`SELECT * FROM '${out}/files.parquet'`)).map((f) => [f.path, f]));
    expect(Object.keys(files).sort()).toEqual(['002.txt', '004.txt', 'corrupt.pdf', 'empty.txt', 'sub/copy of 002.txt', 'sub/meeting-notes.txt', 'zhaogang-gbk.txt']);
    expect(files['002.txt']).toMatchObject({ status: 'ok' });
    expect(files['sub/copy of 002.txt']).toMatchObject({ status: 'duplicate', duplicate_of: files['002.txt']!.report_id, reason: 'identical bytes to 002.txt' });
    expect(files['empty.txt']).toMatchObject({ status: 'failed', bytes: '0' });
    expect(files['empty.txt']!.reason).toMatch(/empty/);
    expect(files['corrupt.pdf']).toMatchObject({ status: 'failed' });
    expect(files['corrupt.pdf']!.reason).toMatch(/PDF/i);
    expect(files['sub/meeting-notes.txt']).toMatchObject({ status: 'failed' });
    expect(files['sub/meeting-notes.txt']!.reason).toMatch(/no report tables/);
    expect(files['zhaogang-gbk.txt']).toMatchObject({ status: 'ok' });
    const reports = await query(`SELECT file, agency, year FROM '${out}/reports.parquet' ORDER BY file`);
    expect(reports).toEqual([
      { file: '002.txt', agency: '雷鸣镇人民政府', year: 2023 },
      { file: '004.txt', agency: '别斯托别乡', year: 2023 },
      { file: 'zhaogang-gbk.txt', agency: '封丘县赵岗镇', year: 2023 },
    ]);
    // the GBK file's record carries the decoded text
    const rec = JSON.parse(await readFile(join(out, 'archive', 'records', `${files['zhaogang-gbk.txt']!.report_id}.json`), 'utf8'));
    expect(rec.source_text).toContain('赵岗镇');
  });

  it('exits 2 on a usage error and 1 when the input folder is missing', async () => {
    const run = (args: string[]) => promisify(execFile)('npx', ['tsx', 'scripts/cli/build-data.ts', ...args], { cwd: ROOT }).then(() => 0, (e: { code: number }) => e.code);
    expect(await run(['--shard', '3/2'])).toBe(2);
    expect(await run(['--input', join(tmp, 'does-not-exist'), '--out', join(tmp, 'x')])).toBe(1);
  });
});

describe('collector output', () => {
  it('lists sidecars and the collector state as metadata and takes source_url and fetched_at from the sidecar', async () => {
    const input = join(tmp, 'collected');
    await mkdir(input);
    const name = 'www.pingtan.gov.cn_zwgk-zxwj-bmwj-202301-t20230108_50246_1a2b3c4d.txt';
    const bytes = await readFile(join(REPORTS, 'pingtan_001_junshan-pianqu_2022.txt'));
    await writeFile(join(input, name), bytes);
    const sha = createHash('sha256').update(bytes).digest('hex');
    await writeFile(join(input, `${name}.source.json`), JSON.stringify({
      url: 'https://www.pingtan.gov.cn/zwgk/zxwj/bmwj/202301/t20230108_50246.htm', fetched_at: '2026-11-20T08:00:00.000Z', found_on: null, link_text: '',
      kind: 'document', year: 2022, http: { status: 200 }, sha256: sha, bytes: bytes.length, file: name, collector: 'test',
    }));
    await writeFile(join(input, '.collect-state.json'), '{}');
    const out = join(tmp, 'collected-out');
    const r = await build({ input, out, cacheDir: join(tmp, 'cache-bundled'), ...quiet });
    expect(r).toMatchObject({ read: 3, ok: 1, failed: 0, metadata: 2 });
    const files = await query(`SELECT path, status, reason FROM '${out}/files.parquet' ORDER BY path`);
    expect(files).toEqual([
      { path: '.collect-state.json', status: 'metadata', reason: 'collector state' },
      { path: name, status: 'ok', reason: null },
      { path: `${name}.source.json`, status: 'metadata', reason: `collector provenance of ${name}` },
    ]);
    const [rep] = await query(`SELECT agency, source_url, fetched_at FROM '${out}/reports.parquet'`);
    expect(rep).toEqual({ agency: '平潭综合实验区君山片区管理局', source_url: 'https://www.pingtan.gov.cn/zwgk/zxwj/bmwj/202301/t20230108_50246.htm', fetched_at: '2026-11-20T08:00:00.000Z' });
  });
});

describe('incremental and atomic', () => {
  it('re-parses only an added file, and an interrupted build leaves the previous output intact', async () => {
    const input = join(tmp, 'grow');
    await mkdir(input);
    for (const f of ['000_fec3dc6b6efa534b.txt', '001_f9e7c90898d0e983.txt', 'pingtan_003_pingtan-shichang-jianguan-ju_2019.txt']) await copyFile(join(REPORTS, f), join(input, f));
    const out = join(tmp, 'grow-out'), cacheDir = join(tmp, 'cache-grow');
    const first: string[] = [];
    await build({ input, out, cacheDir, onExtract: (f) => first.push(f), ...quiet });
    expect(first.sort()).toEqual(['000_fec3dc6b6efa534b.txt', '001_f9e7c90898d0e983.txt', 'pingtan_003_pingtan-shichang-jianguan-ju_2019.txt']);
    await copyFile(join(REPORTS, '004_51f69ccf0222012c.txt'), join(input, 'new.txt'));
    const second: string[] = [];
    const r = await build({ input, out, cacheDir, onExtract: (f) => second.push(f), ...quiet });
    expect(second).toEqual(['new.txt']);
    expect(r).toMatchObject({ extracted: 1, cached: 3, ok: 4 });

    const before = await fileTree(out);
    await copyFile(join(REPORTS, '002_425035603a0bba90.txt'), join(input, 'newer.txt'));
    await expect(build({ input, out, cacheDir, onExtract: () => { throw new Error('interrupted'); }, ...quiet })).rejects.toThrow('interrupted');
    expect(await fileTree(out)).toEqual(before);
    expect((await stat(out)).isDirectory()).toBe(true);
    // the failed build's folder and lock are gone; the outputs replaced earlier go in the background
    const store = join(tmp, '.grow-out.builds'), current = basename(await realpath(out));
    for (let i = 0; i < 200 && (await readdir(store)).length > 1; i++) await new Promise((res) => setTimeout(res, 50));
    expect(await readdir(store)).toEqual([current]);
  });

  it('with year partitions, converts only the years an added report changes, and writes what a build without a cache writes', async () => {
    const input = join(tmp, 'grow-years');
    await mkdir(input);
    for (const f of ['000_fec3dc6b6efa534b.txt', 'pingtan_003_pingtan-shichang-jianguan-ju_2019.txt']) await copyFile(join(REPORTS, f), join(input, f));
    const out = join(tmp, 'grow-years-out'), cacheDir = join(tmp, 'cache-grow-years');
    const opts = { input, out, cacheDir, partitionByYear: true, ...quiet };
    expect((await build(opts)).conversions).toEqual({ converted: 8, reused: 0 }); // cells, checks, sections, records × 2023, 2019
    expect((await build(opts)).conversions).toEqual({ converted: 0, reused: 8 });
    await copyFile(join(REPORTS, 'pingtan_001_junshan-pianqu_2022.txt'), join(input, 'junshan_2022.txt'));
    expect((await build(opts)).conversions).toEqual({ converted: 4, reused: 8 }); // only 2022's
    const cold = join(tmp, 'grow-years-cold');
    expect((await build({ ...opts, out: cold, cacheDir: null })).conversions).toEqual({ converted: 12, reused: 0 });
    expect(await fileTree(out)).toEqual(await fileTree(cold));
  });
});

describe('cross-year checks', () => {
  it('compares 雷鸣镇 2024 (derived fixture) with the real 2023 report', async () => {
    const input = join(tmp, 'pair');
    await mkdir(input);
    await copyFile(join(REPORTS, '002_425035603a0bba90.txt'), join(input, 'leiming_2023.txt'));
    await copyFile(DERIVED, join(input, 'leiming_2024_derived.txt'));
    const out = join(tmp, 'pair-out');
    const r = await build({ input, out, cacheDir: join(tmp, 'cache-pair'), ...quiet });
    expect(r).toMatchObject({ ok: 2, duplicates: 0 });
    const cur = id(await readFile(DERIVED)), prev = id(await readFile(join(REPORTS, '002_425035603a0bba90.txt')));
    const rows = await query(`SELECT rule, scope, status, expected, actual, cells FROM '${out}/checks.parquet' WHERE rule LIKE 'cross.%' ORDER BY rule, scope`);
    const carry = await query(`SELECT scope, status, expected, actual, cells FROM '${out}/checks.parquet' WHERE report_id = '${cur}' AND rule = 'cross.carry_over'`);
    expect(carry.map((c) => [c.scope, c.status, c.expected, c.actual])).toEqual([
      ['自然人', 'fail', 0, 1], ['商业企业', 'pass', 0, 0], ['科研机构', 'pass', 0, 0], ['社会公益组织', 'pass', 0, 0],
      ['法律服务机构', 'pass', 0, 0], ['其他', 'pass', 0, 0], ['总计', 'fail', 0, 1],
    ]);
    expect(JSON.parse(carry[0]!.cells as string)).toEqual(['t3.carried[0]', `${prev}#t3.carry_forward[0]`]);
    const valid = rows.filter((x) => x.rule === 'cross.valid_count').map((x) => [x.scope, x.status, x.expected, x.actual]);
    expect(valid.sort()).toEqual([['行政规范性文件', 'pass', 2, 2], ['规章', 'fail', 0, 1]]);
    expect(rows).toHaveLength(9); // all on the later year; none on 2023
    const [counts] = await query(`SELECT checks_fail FROM '${out}/reports.parquet' WHERE id = '${cur}'`);
    expect(counts!.checks_fail).toBe(3);
  });
});
