/**
 * Publish: staging folders → the files of docs/DATA-CONTRACT.md (Parquet with ZSTD + CSV mirrors with a
 * UTF-8 BOM, manifest.json, dictionary.json). Duplicates and cross-year checks are settled here, over all
 * staging folders at once (one for a build, several for --merge). Every table has a total order (cells, checks and
 * sections: report id, then the report's own order, made by copying blocks, see blocks.ts; the others: ORDER BY),
 * so the bytes depend only on the set of inputs.
 */
import { closeSync, createReadStream, createWriteStream, openSync, writeSync } from 'node:fs';
import { mkdir, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { forEachCrossYearCheck, type CrossEntry } from './crossyear.ts';
import { findDuplicates, groupKey, type DedupeEntry, type Duplicate } from './dedupe.ts';
import { agencyKey } from './agency-key.ts';
import { applyToEntry, settleCrossYear, type SettleEntry, type Settlement } from './settle.ts';
import { OVERRIDE_COLUMNS, reportOverride, rewriteCells, settleRecordFile } from './settle-apply.ts';
import { dictionary, TABLES, type Column, type TableName } from './dictionary.ts';
import type { Summary } from './rows.ts';
import type { Provenance } from '../template/record.ts';
import { BLOCK_TABLES, csvLine, CSV_TABLES, linesFor, readJsonl, stagingFiles, type BlockTable, type StagingTable } from './staging.ts';
import { slimRecord } from '../template/record-rows.ts';
import { archiveReportFiles, readRecordFile } from './archive.ts';
import { BlockReader, readBlocks, writeOrdered, type Written } from './blocks.ts';
import { CSV_IN, PARQUET_OUT, ParquetCache } from './parquet-cache.ts';
import { stageCorpusFindingsInWorker } from './findings.ts';
import { findingsByRuleSql } from './findings-order.ts';
import { utf8 } from './utf8.ts';
import { neutraliseSql, restoreSql } from './csvsafe.ts';

export interface PublishOptions {
  partitionByYear?: boolean; workDir: string; threads?: number; extractorVersion: string;
  /**
   * Hex digits of the report id that name its bucket (cells, checks, sections, records and findings as
   * `<table>/bucket=<digits>/data_0.parquet`, for reads by id); 0 = single files; absent = bucketDigitsFor(reports).
   * Ignored with partitionByYear.
   */
  bucketDigits?: number;
  /** Reports per file of `reports` when the tables are bucketed (default REPORTS_PER_PART; tests set it lower). */
  reportsPerPart?: number;
  /** Folder of the Parquet conversions by content (parquet-cache.ts); null or absent converts every table. */
  parquetCache?: string | null;
}
export interface PublishStats {
  read: number; ok: number; failed: number; duplicates: number; metadata: number; reports: number;
  /** Failed checks of the reports' own arithmetic (not the extractor's extract.* rules), and how many reports they are in. */
  checksFailed: number; checksFailedReports?: number;
  failures: Array<{ path: string; reason: string }>;
  duplicateList: Array<{ path: string; of: string }>;
  /** Cross-year settling: runs and cells it decided, and the cells of published reports still ambiguous after it. */
  crossYear?: { runs: number; cells: number; ambiguous: number };
  /** Published reports by year, level and agency key (agency: with the years it has). */
  counts?: ReportCounts;
  /** CSV→Parquet conversions of cells, checks and sections (per year when partitioned): run, and copied from the cache. */
  conversions?: { converted: number; reused: number };
}

export interface ReportCounts {
  by_year: Array<{ year: number | null; reports: number }>;
  by_level: Array<{ level: string; reports: number }>;
  by_agency: Array<{ agency_key: string; reports: number; years: number[] }>;
}

/**
 * Bucket digits for a corpus of n reports: single files up to 1,024 reports, then enough hex digits of the id that a
 * bucket holds about 1,024 reports or fewer (10k → 16 buckets, 100k → 256, 500k → 4,096). A bucket's file is then small
 * enough that a report read by id fetches its footer and one row group per table: kilobytes, not megabytes.
 */
export function bucketDigitsFor(n: number): number {
  return n <= 1024 ? 0 : Math.ceil(Math.log(n / 1024) / Math.log(16));
}

/**
 * Rows per row group of the tables read by id (DuckDB's smallest: it writes whole vectors of 2,048 rows). The files are
 * in id order, so a row group's min/max id lets a reader skip every group but the report's own.
 */
export const BY_ID_ROW_GROUP = 2048;

/**
 * Reports per file of `reports` past 1,024 reports: the table is in agency order and cut between agencies into runs of
 * about this many reports (`reports/part=<nnnn>/`), so one agency's reports of every year are in one file — its page
 * reads one footer and one row group — and no file passes a static host's 25 MiB (~300 bytes per report).
 */
export const REPORTS_PER_PART = 8192;

/** `query` (reports in agency order) with the `part` of each row: whole agencies, about REPORTS_PER_PART rows a part. */
export function withAgencyParts(query: string, perPart = REPORTS_PER_PART): string {
  return `WITH q AS (${query}),
    a AS (SELECT agency_key, count(*) AS n FROM q GROUP BY agency_key),
    c AS (SELECT agency_key, sum(n) OVER (ORDER BY agency_key NULLS LAST ROWS UNBOUNDED PRECEDING) - n AS before FROM a)
    SELECT q.*, lpad(CAST(CAST(floor(c.before / ${perPart}) AS BIGINT) AS VARCHAR), 4, '0') AS part
    FROM q JOIN c ON c.agency_key IS NOT DISTINCT FROM q.agency_key
    ORDER BY q.agency_key NULLS LAST, q.year, q.id`;
}

/** DuckDB's buffer limit at publish: past it, sorts spill to the temp directory, so the build's memory does not grow with N. */
export const DUCKDB_MEMORY = '1GB';

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const COMPUTED = new Set(['checks_pass', 'checks_fail', 'checks_na']);
/** A check of the report's own arithmetic (the extractor's extract.* rules say how the text was read, not whether the report adds up). */
const ARITHMETIC = "rule NOT LIKE 'extract.%'";
/** Staging types: numbers are read as DOUBLE and cast on output (keeps the staging lenient). */
const stageType = (c: Column) => (c.type === 'INTEGER' || c.type === 'BIGINT' ? 'DOUBLE' : c.type);

function readJson(files: string[], cols: Array<[string, string]>): string {
  const spec = `{${cols.map(([n, t]) => `${q(n)}: ${q(t)}`).join(', ')}}`;
  return `read_json([${files.map(q).join(', ')}], format='newline_delimited', columns=${spec}, maximum_object_size=16777216)`;
}
/** Our CSV (staging lines, the published CSVs): empty = NULL, "" = empty string, quotes only where needed. */
export function readCsv(files: string[], cols: Array<[string, string]>, header = false): string {
  const spec = `{${cols.map(([n, t]) => `${q(n)}: ${q(t)}`).join(', ')}}`;
  return `read_csv([${files.map(q).join(', ')}], header=${header}, auto_detect=false, delim=',', quote='"', escape='"', allow_quoted_nulls=false, columns=${spec})`;
}
const stageCols = (t: TableName, extra: Array<[string, string]> = []): Array<[string, string]> =>
  [...TABLES[t].columns.filter((c) => !COMPUTED.has(c.name)).map((c): [string, string] => [c.name, stageType(c)]), ...extra];
const selectList = (t: TableName, alias: string) => TABLES[t].columns.map((c) => `CAST(${alias}.${JSON.stringify(c.name)} AS ${c.type}) AS ${JSON.stringify(c.name)}`).join(', ');
/** The columns of a published CSV read back: text as the report has it (the apostrophe before a formula-like cell removed). */
const fromCsvList = (t: TableName, alias: string) => TABLES[t].columns.map((c) => {
  const col = `${alias}.${JSON.stringify(c.name)}`;
  return `CAST(${c.type === 'VARCHAR' ? restoreSql(col) : col} AS ${c.type}) AS ${JSON.stringify(c.name)}`;
}).join(', ');
/** The columns as a published CSV writes them: text a spreadsheet would run as a formula starts with an apostrophe. */
const toCsvList = (t: TableName) => TABLES[t].columns.map((c) => {
  const col = JSON.stringify(c.name);
  return c.type === 'VARCHAR' ? `${neutraliseSql(col)} AS ${col}` : col;
}).join(', ');

interface Settled {
  dups: Duplicate[];
  published: Set<string>;
  /** Each published report's year (for the year partitions). */
  years: Map<string, number | null>;
  /** Each report's cross-year checks in `crossFile`: [byte offset, byte length]. */
  cross: Map<string, [number, number]>;
  /** Runs settled across years, by report id; the reports-row columns they change; cells still ambiguous. */
  settled: Map<string, Settlement[]>;
  overrides: Array<Record<string, number | string | null>>;
  ambiguousLeft: number;
}

/**
 * Duplicates and cross-year checks (written to `crossFile`), from the summaries read in two streaming passes (only
 * groups that can match are kept).
 */
async function settle(dirs: string[], crossFile: string): Promise<Settled> {
  // only reports whose file ended ok (a worker stopped mid-job may have staged rows for a file that then failed)
  const ok = new Set<string>();
  for (const f of dirs.flatMap((d) => stagingFiles(d, 'files'))) {
    for await (const r of readJsonl<{ status: string; report_id: string | null }>(f)) if (r.status === 'ok' && r.report_id) ok.add(r.report_id);
  }
  const groupCount = new Map<string, number>();
  const agencyCount = new Map<string, number>();
  const years = new Map<string, number | null>();
  const summaries = dirs.flatMap((d) => stagingFiles(d, 'summary'));
  for (const f of summaries) {
    for await (const s of readJsonl<Summary>(f)) {
      if (!ok.has(s.id)) continue;
      years.set(s.id, Number.isInteger(s.year) ? s.year : null);
      const g = groupKey(s); groupCount.set(g, (groupCount.get(g) ?? 0) + 1);
      const a = agencyKey(s.agency); agencyCount.set(a, (agencyCount.get(a) ?? 0) + 1);
    }
  }
  const dedupe: DedupeEntry[] = [];
  const cross: Array<CrossEntry & SettleEntry & { ambiguous: number }> = [];
  let ambiguousAll = 0;
  for (const f of summaries) {
    for await (const s of readJsonl<Summary>(f)) {
      if (!ok.has(s.id)) continue;
      if ((groupCount.get(groupKey(s)) ?? 0) > 1) dedupe.push({ id: s.id, file: s.file, agency: s.agency, year: s.year, template: s.template, numbers: s.numbers, stated: s.stated, ambiguous: s.ambiguous });
      ambiguousAll += s.ambiguous;
      // A report without an agency or a year has no series: it neither settles nor is settled.
      if (s.agency && s.year !== null && (agencyCount.get(agencyKey(s.agency)) ?? 0) > 1) cross.push({ id: s.id, agency: s.agency, year: s.year, template: s.template, carried: s.carried, carry_forward: s.carry_forward, regulations: s.regulations, normative: s.normative, ambiguity: s.settle ?? [], ambiguous: s.ambiguous });
    }
  }
  const dups = findDuplicates(dedupe);
  const dupIds = new Set(dups.map((x) => x.id));
  for (const id of dupIds) { ok.delete(id); years.delete(id); }
  const live = cross.filter((c) => !dupIds.has(c.id));
  // runs a report could not split, settled by the same agency's adjacent years (before the checks, which then see them)
  const settled = new Map<string, Settlement[]>();
  for (const s of settleCrossYear(live)) settled.set(s.id, [...(settled.get(s.id) ?? []), s]);
  const overrides: Settled['overrides'] = [];
  let settledCells = 0;
  for (const e of live) {
    const mine = settled.get(e.id);
    if (!mine) continue;
    for (const s of mine) applyToEntry(e, s);
    const n = mine.reduce((k, s) => k + s.cells.length, 0);
    settledCells += n;
    overrides.push(reportOverride(e, n));
  }
  let dupAmbiguous = 0;
  for (const d of dedupe) if (dupIds.has(d.id)) dupAmbiguous += d.ambiguous;
  const crossIndex = writeCrossChecks(crossFile, live); // the entries are garbage once settle returns
  return { dups, published: ok, years, cross: crossIndex, settled, overrides, ambiguousLeft: ambiguousAll - dupAmbiguous - settledCells };
}

/**
 * Cross-year checks straight to published CSV lines, in chunks (millions of rows for a national corpus; none are
 * kept), with where each report's checks are (they are made one report after another).
 */
function writeCrossChecks(file: string, entries: CrossEntry[]): Map<string, [number, number]> {
  const index = new Map<string, [number, number]>();
  const fd = openSync(file, 'w');
  try {
    const cols = CSV_TABLES.checks!;
    let chunk: Buffer[] = [], size = 0, at = 0;
    let current: [number, number] | null = null, currentId = '';
    forEachCrossYearCheck(entries, (row) => {
      const id = String(row.report_id);
      if (id !== currentId) {
        if (index.has(id)) throw new Error(`cross-year checks of ${id} were not made together`);
        current = [at, 0]; currentId = id; index.set(id, current);
      }
      const line = utf8(csvLine(row, cols));
      current![1] += line.length; at += line.length;
      chunk.push(line); size += line.length;
      if (size > 1 << 20) { writeSync(fd, Buffer.concat(chunk)); chunk = []; size = 0; }
    });
    if (size) writeSync(fd, Buffer.concat(chunk));
  } finally { closeSync(fd); }
  return index;
}

async function writeJsonl(file: string, rows: object[]): Promise<void> {
  await writeFile(file, rows.map((r) => JSON.stringify(r) + '\n').join(''));
}

/** ATLAS_TRACE_SQL=1: the time of a publish step outside DuckDB, on stderr. */
async function step<T>(name: string, f: () => T | Promise<T>): Promise<T> {
  const t0 = performance.now();
  try { return await f(); } finally {
    if (process.env.ATLAS_TRACE_SQL) process.stderr.write(`publish: ${((performance.now() - t0) / 1000).toFixed(1)} s, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB: ${name}\n`);
  }
}

/** ATLAS_TRACE_SQL=1: each publish statement with its time and the process's memory, on stderr (for tuning large builds). */
function traced(conn: DuckDBConnection): DuckDBConnection {
  if (!process.env.ATLAS_TRACE_SQL) return conn;
  const wrap = <A extends unknown[], R>(f: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
    const t0 = performance.now();
    let failed = true;
    try { const r = await f.apply(conn, a); failed = false; return r; } finally {
      process.stderr.write(`publish: ${failed ? 'FAILED after ' : ''}${((performance.now() - t0) / 1000).toFixed(1)} s, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB: ${String(a[0]).replace(/\s+/g, ' ').slice(0, 100)}\n`);
    }
  };
  return Object.assign(Object.create(conn), { run: wrap(conn.run), runAndReadAll: wrap(conn.runAndReadAll) }) as DuckDBConnection;
}

/**
 * Run a statement whose query ends in ORDER BY (the small tables: reports, files, findings) without insertion-order
 * preservation: the ORDER BY fixes the output order anyway, and with preservation on DuckDB buffers rows it need not
 * (when the cell rows were still sorted here, 25M of them ran out of memory). Scans without ORDER BY (the CSV mirrors)
 * run in a freshly opened database, where the setting is on, so they copy rows in file order.
 */
async function sorted(conn: DuckDBConnection, sql: string): Promise<void> {
  // one thread: with two, sorting the 25M cell rows of 100,000 reports ran out of DuckDB's memory where one thread
  // spilled within it. Not set back: the caller opens a fresh database next.
  await conn.run('SET threads = 1');
  await conn.run('SET preserve_insertion_order = false');
  await conn.run(sql);
}

/**
 * Run an in-order copy on one thread: the scan then produces its rows in order and nothing waits to be reordered
 * (with two threads, copying 25M cell rows from Parquet to CSV in order ran out of DuckDB's memory). Not set back:
 * the caller opens a fresh database for its next sort or copy.
 */
async function inOneThread(conn: DuckDBConnection, sql: string): Promise<void> {
  await conn.run('SET threads = 1');
  await conn.run(sql);
}

/**
 * One table's Parquet and its CSV mirror. Unpartitioned: the query is sorted straight into the Parquet file and the CSV
 * is written from that file (a single file scans in order), so the table is never materialised. Partitioned: sorted
 * once into a work table (spilling to the temp directory when large) that both copies scan in insertion order.
 * `open` gives a connection to a freshly opened database.
 */
async function copyOut(open: () => Promise<DuckDBConnection>, query: string, outDir: string, name: string, partition: string | null, rowGroup: number | null = null, gzipCsv = false): Promise<void> {
  const cols = toCsvList(name as TableName);
  const groups = rowGroup ? `, ROW_GROUP_SIZE ${rowGroup}` : '';
  const tmp = join(outDir, `.${name}.csv.nobom`);
  let conn = await open();
  if (partition) {
    await sorted(conn, `CREATE OR REPLACE TABLE pub AS ${query}`);
    conn = await open();
    await inOneThread(conn, `COPY (SELECT * FROM pub) TO ${q(join(outDir, name))} (FORMAT parquet, COMPRESSION zstd${groups}, PARTITION_BY (${partition}))`);
    // a partitioned table's CSV is per partition and gzipped, beside its Parquet: no single file grows with the corpus
    const values = (await conn.runAndReadAll(`SELECT DISTINCT ${partition} AS v FROM pub ORDER BY 1 NULLS LAST`)).getRows().map((r) => r[0]);
    for (const v of values) {
      const where = v === null ? `${partition} IS NULL` : `${partition} = ${typeof v === 'string' ? q(v) : String(v)}`;
      await inOneThread(conn, `COPY (SELECT ${cols} FROM pub WHERE ${where}) TO ${q(tmp)} (FORMAT csv, HEADER true)`);
      // beside the partition's Parquet, in the folder DuckDB named for the value (a null value as NULL)
      const csv = join(outDir, name, `${partition}=${v === null ? 'NULL' : String(v)}`, 'data_0.csv');
      await withBom(tmp, csv);
      await gzipInPlace(csv);
    }
    await conn.run('DROP TABLE pub');
    return;
  }
  const parquet = q(join(outDir, `${name}.parquet`));
  await sorted(conn, `COPY (${query}) TO ${parquet} (FORMAT parquet, COMPRESSION zstd${groups})`);
  conn = await open();
  await inOneThread(conn, `COPY (SELECT ${cols} FROM read_parquet(${parquet})) TO ${q(tmp)} (FORMAT csv, HEADER true)`);
  const csv = join(outDir, `${name}.csv`);
  await withBom(tmp, csv);
  if (gzipCsv) await gzipInPlace(csv);
}

/** The CSV mirror with a UTF-8 BOM so Excel reads the Chinese correctly; `tmp` is removed. */
async function withBom(tmp: string, file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('\uFEFF');
  await pipeline(createReadStream(tmp), out);
  await unlink(tmp);
}

/** `file` → `file.gz` (deterministic: no name or time in the header), then the plain file removed. */
async function gzipInPlace(file: string): Promise<void> {
  await pipeline(createReadStream(file), createGzip({ level: 6 }), createWriteStream(file + '.gz'));
  await unlink(file);
}

/**
 * A block table's Parquet from its published CSV (already in order: no sort), or with year partitions, one
 * `<table>/year=YYYY/data_0.parquet` per year's CSV (the layout of DuckDB's PARTITION_BY). Each conversion whose CSV
 * was converted before by the same statement is copied from the cache instead (parquet-cache.ts).
 */
async function toParquet(conn: DuckDBConnection, t: BlockTable, csv: Written | null, perPart: Map<string, Written> | null, partition: string | null, outDir: string, cache: ParquetCache): Promise<void> {
  // one thread: the rows are copied in file order with nothing to reorder, and the bytes cannot depend on scheduling
  await conn.run('SET threads = 1');
  const engine = String((await conn.runAndReadAll('SELECT library_version FROM pragma_version()')).getRows()[0]?.[0]);
  const template = `COPY (SELECT ${fromCsvList(t, 's')} FROM ${readCsv([CSV_IN], stageCols(t), true)} s) TO ${q(PARQUET_OUT)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${BY_ID_ROW_GROUP})`;
  const copy = (from: Written, to: string) => cache.convert(template, engine, from.file, from.sha256, to, async (sql) => { await conn.run(sql); });
  if (!perPart || !partition) return copy(csv!, join(outDir, `${t}.parquet`));
  for (const [key, w] of [...perPart].sort()) {
    const dir = join(outDir, t, `${partition}=${key}`);
    await mkdir(dir, { recursive: true });
    await copy(w, join(dir, 'data_0.parquet'));
    // year parts are work files (the single CSV is published); bucket parts are the published CSVs themselves,
    // gzipped (CSV is ~20× the Parquet: 50 KB a report; DuckDB, pandas and R read .csv.gz as they are)
    if (partition === 'year') await unlink(w.file);
    else await gzipInPlace(w.file);
  }
}

/**
 * findings_by_rule (findings-order.ts): the published findings again, in the findings page's order, in small files per
 * rule with agency and year joined in. No CSV mirror: its rows are findings.csv's. Nothing when there are no findings.
 */
async function writeFindingsByRule(open: () => Promise<DuckDBConnection>, outDir: string, bucketed: boolean): Promise<void> {
  const dir = join(outDir, 'findings_by_rule');
  const src = bucketed ? join(outDir, 'findings', '*', '*.parquet') : join(outDir, 'findings.parquet');
  if (bucketed && !(await readdir(join(outDir, 'findings')).catch(() => [] as string[])).length) return;
  let conn = await open();
  const findings = `read_parquet(${q(src)}, hive_partitioning = false)`;
  const n = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM ${findings}`)).getRowObjectsJson()[0]!.n);
  if (n === 0) return;
  const reports = `(SELECT id, agency, year FROM reports_stage WHERE id IN (SELECT id FROM okids))`;
  await sorted(conn, `CREATE OR REPLACE TABLE pub_by_rule AS ${findingsByRuleSql(findings, reports)}`);
  conn = await open();
  // Snappy: the page decodes whole parts in the browser, where zstd is the slow step (findings-order.ts)
  await inOneThread(conn, `COPY (SELECT * FROM pub_by_rule) TO ${q(dir)} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (rule, part))`);
  await conn.run('DROP TABLE pub_by_rule');
}

export async function publish(stagingDirs: string[], outDir: string, opts: PublishOptions): Promise<PublishStats> {
  await mkdir(opts.workDir, { recursive: true });
  const dupsFile = join(opts.workDir, 'dups.jsonl');
  const crossFile = join(opts.workDir, 'cross.jsonl');
  const { dups, published, years, cross, settled, overrides, ambiguousLeft } = await step('duplicates, cross-year settling and checks', () => settle(stagingDirs, crossFile));
  await writeJsonl(dupsFile, dups);
  const overridesFile = join(opts.workDir, 'settled-reports.jsonl');
  await writeJsonl(overridesFile, overrides);
  const settledProv = new Map<string, Record<string, Provenance>>();
  for (const [id, s] of settled) if (published.has(id)) settledProv.set(id, settleRecordFile(outDir, id, s));

  const files = (t: StagingTable) => stagingDirs.flatMap((d) => stagingFiles(d, t));
  // corpus-wide findings over the digests, in a thread of their own, while DuckDB converts the block tables on one
  // thread with little memory; awaited before the sorts of the small tables, which may take DuckDB's whole limit
  const corpusFile = join(opts.workDir, 'findings-corpus.jsonl');
  const corpusFindings = step('corpus-wide findings (in parallel)', () => stageCorpusFindingsInWorker(files('digests'), published, outDir, corpusFile));
  corpusFindings.catch(() => {}); // its failure is reported where it is awaited
  // a fixed memory limit with a temp directory, and a database file rather than ':memory:' (whose tables must fit in
  // the limit): large corpora spill to disk instead of failing or growing the process
  const dbPath = join(opts.workDir, 'publish.duckdb');
  const dbOptions = { threads: String(opts.threads ?? 2), memory_limit: DUCKDB_MEMORY, temp_directory: join(opts.workDir, 'duckdb.tmp'), preserve_insertion_order: 'true' };
  let inst = await DuckDBInstance.create(dbPath, dbOptions);
  let conn = traced(await inst.connect());
  // Each sort and each copy runs in a freshly opened database (its tables and views persist in the file): the
  // memory a large sort leaves pinned in DuckDB is released before the next statement (when the 25M cell rows of
  // 100,000 reports were sorted here, any statement after that sort ran out of memory in the same instance).
  const fresh = async () => {
    conn.closeSync(); inst.closeSync();
    inst = await DuckDBInstance.create(dbPath, dbOptions);
    conn = traced(await inst.connect());
    return conn;
  };
  try {
    await conn.run(`CREATE TABLE dups AS SELECT * FROM ${readJson([dupsFile], [['id', 'VARCHAR'], ['of', 'VARCHAR'], ['reason', 'VARCHAR']])}`);
    await conn.run(`CREATE VIEW files_stage AS SELECT * FROM ${readJson(files('files'), stageCols('files'))}`);
    // the reports published: their file ended ok, and they are not a duplicate
    await conn.run(`CREATE TABLE okids AS SELECT DISTINCT report_id AS id FROM files_stage WHERE status = 'ok' AND report_id IS NOT NULL AND report_id NOT IN (SELECT id FROM dups)`);
    // the reports rows, with the columns of runs settled across years replaced
    await conn.run(`CREATE TABLE settled_reports AS SELECT * FROM ${readJson([overridesFile], [['id', 'VARCHAR'], ...OVERRIDE_COLUMNS.map((c): [string, string] => [c, 'DOUBLE'])])}`);
    await conn.run(`CREATE VIEW reports_stage AS SELECT s.* REPLACE (${OVERRIDE_COLUMNS.map((c) => `CASE WHEN o.id IS NULL THEN s.${c} ELSE o.${c} END AS ${c}`).join(', ')})
      FROM ${readJson(files('reports'), stageCols('reports'))} s LEFT JOIN settled_reports o ON o.id = s.id`);

    // cells, checks (each report's own, then its cross-year ones) and sections: the published CSV by copying blocks,
    // then its Parquet (one file, or one per id bucket or, on request, per year)
    const blocks = await step('blocks index', () => readBlocks(stagingDirs, published));
    const ids = [...published].sort();
    const digits = opts.partitionByYear ? 0 : (opts.bucketDigits ?? bucketDigitsFor(ids.length));
    const partition = opts.partitionByYear ? 'year' : digits > 0 ? 'bucket' : null;
    const parts = opts.partitionByYear ? { dir: opts.workDir, key: (id: string) => String(years.get(id) ?? 'NULL') }
      : digits > 0 ? { dir: outDir, key: (id: string) => id.slice(0, digits), publish: 'bucket' } : undefined;
    const crossReader = new BlockReader();
    const parquetCache = new ParquetCache(opts.parquetCache ?? null);
    let checksPub = '';
    try {
      for (const t of BLOCK_TABLES) {
        const { all, perPart } = await step(`${t}.csv by copying blocks`, () => writeOrdered(t, ids, blocks, join(outDir, `${t}.csv`), {
          after: t === 'checks' ? (id) => { const at = cross.get(id); return at ? crossReader.read(crossFile, at) : null; } : undefined,
          rewrite: t === 'cells' ? (id) => { const s = settled.get(id); return s ? (block: Buffer) => rewriteCells(block, s, settledProv.get(id)) : null; }
            : t === 'slim_records' ? (id) => (settled.has(id) ? () => utf8(linesFor('slim_records', [{ report_id: id, record: JSON.stringify(slimRecord(readRecordFile(outDir, id))) }])) : null)
            : undefined,
          parts,
          hashed: parquetCache.dir !== null,
        }));
        await toParquet(await fresh(), t, all, partition ? perPart : null, partition, outDir, parquetCache);
        // the published checks, for the reports' counts (a partitioned build of no reports has no checks files)
        if (t === 'checks') {
          checksPub = !partition ? `read_parquet(${q(join(outDir, 'checks.parquet'))})`
            : perPart.size ? `read_parquet(${q(join(outDir, 'checks', '*', '*.parquet'))})`
            : `(SELECT ${stageCols('checks').map(([n, ty]) => `CAST(NULL AS ${ty}) AS ${JSON.stringify(n)}`).join(', ')} WHERE false)`;
        }
      }
    } finally { crossReader.close(); }
    await conn.run(`CREATE VIEW checks_pub AS SELECT * FROM ${checksPub}`);
    await step('waiting for the corpus-wide findings', () => corpusFindings);

    const reportsQ = `SELECT ${selectList('reports', 'r')} FROM (
        SELECT s.*, coalesce(c.p, 0) AS checks_pass, coalesce(c.f, 0) AS checks_fail, coalesce(c.n, 0) AS checks_na
        FROM reports_stage s LEFT JOIN (SELECT report_id, count(*) FILTER (status = 'pass') p, count(*) FILTER (status = 'fail' AND ${ARITHMETIC}) f,
          count(*) FILTER (status = 'not_applicable') n FROM checks_pub GROUP BY report_id) c ON c.report_id = s.id
        WHERE s.id IN (SELECT id FROM okids)) r ORDER BY r.agency_key, r.year, r.id`;
    // in agency order with small row groups: an agency's reports (its page, a report's other years) are one row group;
    // past one file's worth (bucketed corpora) in files of whole agencies (withAgencyParts), or on request one file
    // per year: ~300 bytes per report would pass a static host's 25 MiB per file near 90,000 reports
    if (partition === 'bucket') await copyOut(fresh, withAgencyParts(reportsQ, opts.reportsPerPart), outDir, 'reports', 'part', BY_ID_ROW_GROUP);
    else await copyOut(fresh, reportsQ, outDir, 'reports', partition ? 'year' : null, BY_ID_ROW_GROUP);

    const filesQ = `SELECT ${selectList('files', 'x')} FROM (
        SELECT f.path, f.sha256, f.bytes, f.format,
          CASE WHEN f.status <> 'ok' THEN f.status WHEN f.rn > 1 OR d.id IS NOT NULL THEN 'duplicate' ELSE 'ok' END AS status,
          CASE WHEN f.status <> 'ok' THEN f.reason
               WHEN f.rn > 1 THEN 'identical bytes to ' || f.first_path || coalesce('; that file is a ' || d.reason, '')
               WHEN d.id IS NOT NULL THEN d.reason END AS reason,
          CASE WHEN f.status = 'ok' AND (f.rn > 1 OR d.id IS NOT NULL) THEN coalesce(d.of, f.report_id) END AS duplicate_of,
          f.report_id
        FROM (
          -- identical bytes: later paths take the first path's outcome (the build extracts only the first); the
          -- collector's metadata files are listed apart (not read as reports, they decide nothing for a report copy)
          SELECT path, sha256, bytes,
            CASE WHEN sha256 IS NULL THEN format ELSE first_value(format) OVER w END AS format,
            CASE WHEN sha256 IS NULL THEN status ELSE first_value(status) OVER w END AS status,
            CASE WHEN sha256 IS NULL THEN reason ELSE first_value(reason) OVER w END AS reason,
            CASE WHEN sha256 IS NULL THEN report_id ELSE first_value(report_id) OVER w END AS report_id,
            CASE WHEN sha256 IS NULL THEN 1 ELSE row_number() OVER w END AS rn,
            first_value(path) OVER w AS first_path
          FROM files_stage WINDOW w AS (PARTITION BY sha256, status = 'metadata' ORDER BY path)) f
        LEFT JOIN dups d ON d.id = f.report_id) x ORDER BY x.path`;
    // one row per input file, in row groups of 2,048 files (/data/ reads the list a page at a time by row range, which
    // then fetches one group, not the table); at national scale its CSV is gzipped like the partitioned tables'
    await copyOut(fresh, filesQ, outDir, 'files', null, BY_ID_ROW_GROUP, partition !== null);
    // Findings: each published report's own (staged by its worker) and the corpus-wide ones (staged above).
    const findingCols = stageCols('findings', [['k_line', 'DOUBLE'], ['k_start', 'DOUBLE']]);
    await copyOut(fresh, `SELECT ${selectList('findings', 'f')}${partition === 'bucket' ? `, substr(f.report_id, 1, ${digits}) AS bucket` : ''} FROM (
        SELECT * FROM ${readJson(files('findings'), findingCols)} WHERE report_id IN (SELECT id FROM okids)
        UNION ALL SELECT * FROM ${readJson([corpusFile], findingCols)}) f
      ORDER BY f.report_id, f.rule, f.score DESC, coalesce(f.other_report_id, ''), f.k_line, f.k_start, f.message`, outDir, 'findings', partition === 'bucket' ? 'bucket' : null, BY_ID_ROW_GROUP);
    await writeFindingsByRule(fresh, outDir, partition === 'bucket');

    await fresh();
    const fileRows = (await conn.runAndReadAll(filesQ)).getRowObjectsJson().map((r) => ({
      path: r.path as string, sha256: (r.sha256 ?? null) as string | null, bytes: Number(r.bytes), format: (r.format ?? null) as string | null,
      status: r.status as string, reason: (r.reason ?? null) as string | null, duplicate_of: (r.duplicate_of ?? null) as string | null, report_id: (r.report_id ?? null) as string | null,
    }));
    const pub = `(SELECT * FROM reports_stage WHERE id IN (SELECT id FROM okids))`;
    const rowsOf = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJson();
    const counts: ReportCounts = {
      by_year: (await rowsOf(`SELECT CAST(year AS INTEGER) AS year, count(*) AS n FROM ${pub} GROUP BY 1 ORDER BY 1 NULLS LAST`)).map((r) => ({ year: r.year === null ? null : Number(r.year), reports: Number(r.n) })),
      by_level: (await rowsOf(`SELECT level, count(*) AS n FROM ${pub} GROUP BY 1 ORDER BY 2 DESC, 1`)).map((r) => ({ level: String(r.level), reports: Number(r.n) })),
      by_agency: (await rowsOf(`SELECT agency_key, count(*) AS n, list(DISTINCT CAST(year AS INTEGER) ORDER BY CAST(year AS INTEGER)) AS years FROM ${pub} GROUP BY 1 ORDER BY 2 DESC, 1`))
        .map((r) => ({ agency_key: String(r.agency_key), reports: Number(r.n), years: (r.years as unknown[]).map(Number) })),
    };
    // the reports' own arithmetic only: the extractor's ambiguity (extract.*) is counted as ambiguous cells
    const failedRow = (await conn.runAndReadAll(`SELECT count(*) AS n, count(DISTINCT report_id) AS r FROM checks_pub WHERE status = 'fail' AND ${ARITHMETIC}`)).getRowObjectsJson()[0]!;
    const checksFailed = Number(failedRow.n), checksFailedReports = Number(failedRow.r);
    const stats: PublishStats = {
      read: fileRows.length,
      ok: fileRows.filter((f) => f.status === 'ok').length,
      failed: fileRows.filter((f) => f.status === 'failed').length,
      duplicates: fileRows.filter((f) => f.status === 'duplicate').length,
      metadata: fileRows.filter((f) => f.status === 'metadata').length,
      reports: fileRows.filter((f) => f.status === 'ok').length,
      checksFailed,
      checksFailedReports,
      failures: fileRows.filter((f) => f.status === 'failed').map((f) => ({ path: f.path, reason: f.reason ?? '' })),
      duplicateList: fileRows.filter((f) => f.status === 'duplicate').map((f) => ({ path: f.path, of: f.duplicate_of ?? '' })),
      conversions: { converted: parquetCache.converted, reused: parquetCache.reused },
      counts,
      crossYear: { runs: [...settled.values()].reduce((k, s) => k + s.length, 0), cells: [...settled.values()].flat().reduce((k, s) => k + s.cells.length, 0), ambiguous: ambiguousLeft },
    };
    const manifest = {
      about: 'Gongkai Atlas corpus build: every input file and what became of it (docs/DATA.md).',
      extractor_version: opts.extractorVersion,
      partitioned_by_year: Boolean(opts.partitionByYear),
      summary: { read: stats.read, ok: stats.ok, failed: stats.failed, duplicates: stats.duplicates, metadata: stats.metadata, checks_failed: stats.checksFailed, checks_failed_reports: stats.checksFailedReports,
        cross_year_settled_runs: stats.crossYear!.runs, cross_year_settled_cells: stats.crossYear!.cells, ambiguous_cells: stats.crossYear!.ambiguous },
      counts,
      // every input file is a row of the files table; listed here too while that stays small (not past one file's worth
      // of reports, where this list alone would be tens of MB)
      ...(partition ? { files_table: 'files' } : { files: fileRows }),
    };
    await writeFile(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
    await writeFile(join(outDir, 'dictionary.json'), JSON.stringify(dictionary(), null, 1) + '\n');
    // duplicates are listed in files, not published as reports
    const dupIds = new Set(dups.map((d) => d.id));
    for (const id of dupIds) await rm(join(outDir, 'records', `${id}.json`), { force: true });
    const sources = await readdir(join(outDir, 'sources')).catch(() => [] as string[]);
    for (const f of sources) if (dupIds.has(f.replace(/\..*$/, ''))) await rm(join(outDir, 'sources', f), { force: true });
    await archiveReportFiles(outDir);
    return stats;
  } finally {
    conn.closeSync();
    inst.closeSync();
    // a failed publish still lets the findings thread end before the build removes its work folder
    await corpusFindings.catch(() => {});
  }
}
