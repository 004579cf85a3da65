/**
 * Browser Parquet reading with hyparquet (docs/SITE.md, "path B"): small files are fetched whole in one
 * request; large ones are read with HTTP range requests for only the requested columns. Returns columns.
 */
import { asyncBufferFromUrl, cachedAsyncBuffer, parquetMetadataAsync, parquetRead } from 'hyparquet';
import { decompress as zstd } from 'fzstd';
import type { DataFile } from './datafiles.ts';

/** The corpus build writes ZSTD Parquet; hyparquet only knows snappy itself, so add a tiny pure-JS zstd decoder. */
export const compressors = { ZSTD: (input: Uint8Array, outputLength: number) => zstd(input, new Uint8Array(outputLength)) };

export type ColType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN';
export interface Columns { names: string[]; types: Record<string, ColType>; data: Record<string, any[]>; rows: number }

/** Files below this size are fetched whole (one request beats a dozen range reads). */
export const WHOLE_FILE_BYTES = 4 * 1024 * 1024;

/** A file of the data folder: on the site (`<base>data/`) or wherever the build's ATLAS_DATA_URL put it (`data-data`). */
export function dataUrl(name: string): string {
  const base = document.documentElement.dataset.base || '/';
  return new URL(name, new URL(document.documentElement.dataset.data || `${base}data/`, location.href)).href;
}

/**
 * `wholeFileBytes`: fetch files up to this size whole (default WHOLE_FILE_BYTES); a reader of a few columns sets it
 * lower, a reader of one report's rows 0 (its larger files are read by range, hyparquet caching what it fetched).
 */
export interface ReadOptions { wholeFileBytes?: number }

/**
 * Sizes and footer lengths of the data files by URL, from data-files.json: a file of known size is opened without a
 * HEAD request, and its footer read in one range request.
 */
const sizes = new Map<string, { bytes: number; footer?: number }>();
export const knownBytes = (url: string): number | undefined => sizes.get(url)?.bytes;
/** Remembers the sizes and footer lengths of data files (paths in the data folder) a page was built with. */
export function rememberFiles(fl: Array<Pick<DataFile, 'path' | 'bytes' | 'footer'> | null | undefined>): void {
  for (const f of fl) if (f?.bytes != null) sizes.set(dataUrl(f.path), { bytes: f.bytes, footer: f.footer });
}
/** hyparquet's first footer read: the whole footer when its length is known, else 64 KB (footers are a few KB to a few hundred). */
export const footerFetch = (url: string): number => sizes.get(url)?.footer ?? 64 * 1024;

/**
 * Each file opened once per page, with its footer parsed once: a partitioned table's reader asks a file for its columns,
 * then its rows, and the data page asks for a count, then pages. A failed open is forgotten, so the next read retries.
 * Opened whole and opened by range are kept apart (a reader by id and a reader of a whole table may share a file).
 */
const files = new Map<string, Promise<{ file: any; metadata: any }>>();
export function openFile(url: string, opts: ReadOptions = {}): Promise<{ file: any; metadata: any }> {
  const whole = opts.wholeFileBytes ?? WHOLE_FILE_BYTES;
  const key = `${whole} ${url}`;
  if (!files.has(key)) {
    files.set(key, (async () => {
      const ab = await asyncBufferFromUrl({ url, byteLength: knownBytes(url) });
      // whole or by range is decided here: hyparquet's own cache would also fetch any file under 512 KB whole
      const file = ab.byteLength <= whole ? await ab.slice(0, ab.byteLength) : cachedAsyncBuffer(ab, { minSize: 0 });
      return { file, metadata: await parquetMetadataAsync(file, { initialFetchSize: footerFetch(url) }) };
    })().catch((e) => {
      files.delete(key);
      // a failed read names its file (a partitioned table is many files)
      throw new Error(`${url}: 无法读取（${(e as Error).message}）`);
    }));
  }
  return files.get(key)!;
}

function colType(el: any): ColType {
  const lt = el.logical_type?.type;
  if (el.type === 'BOOLEAN') return 'BOOLEAN';
  if (el.type === 'DOUBLE' || el.type === 'FLOAT') return 'DOUBLE';
  if (el.type === 'INT32') return 'INTEGER';
  if (el.type === 'INT64') return lt === 'TIMESTAMP' ? 'VARCHAR' : 'BIGINT';
  return 'VARCHAR';
}

/** Column names and types of a Parquet file (reads only its footer). */
export async function parquetColumns(url: string, opts: ReadOptions = {}): Promise<Array<{ name: string; type: ColType }>> {
  const { metadata } = await openFile(url, opts);
  return metadata.schema.slice(1).filter((e: any) => !e.num_children).map((e: any) => ({ name: e.name, type: colType(e) }));
}

/**
 * Read a Parquet file (only `columns` if given; only rows [rowStart, rowEnd) if given, clamped to the file): hyparquet
 * reads just the row groups that hold the rows (by range when the file is large), so a page of a long table costs a page.
 */
export async function readParquet(url: string, columns?: string[], opts: ReadOptions & { rowStart?: number; rowEnd?: number } = {}): Promise<Columns> {
  const { file, metadata } = await openFile(url, opts);
  const all = metadata.schema.slice(1).filter((e: any) => !e.num_children);
  const pick = columns ? all.filter((e: any) => columns.includes(e.name)) : all;
  const missing = (columns ?? []).filter((c) => !all.some((e: any) => e.name === c));
  if (missing.length) throw new Error(`${url}: 缺少列 ${missing.join(', ')}`);
  const total = Number(metadata.num_rows);
  const from = Math.max(0, Math.min(total, opts.rowStart ?? 0)), to = Math.max(from, Math.min(total, opts.rowEnd ?? total));
  const rows = to - from;
  const data: Record<string, any[]> = {};
  const types: Record<string, ColType> = {};
  for (const e of pick) { data[e.name] = new Array(rows); types[e.name] = colType(e); }
  if (rows > 0) await parquetRead({
    file, metadata, columns: pick.map((e: any) => e.name), compressors, rowStart: from, rowEnd: to,
    onChunk: ({ columnName, columnData, rowStart }: any) => {
      // chunks may start before `from` or run past `to` (a page holds more rows than asked): keep only the range
      const out = data[columnName];
      for (let i = 0; i < columnData.length; i++) { const r = rowStart + i; if (r >= from && r < to) out[r - from] = columnData[i]; }
    },
  });
  return { names: pick.map((e: any) => e.name), types, data, rows };
}

/** Number of rows of a Parquet file (its footer only). */
export async function parquetRowCount(url: string): Promise<number> {
  return Number((await openFile(url)).metadata.num_rows);
}

/** A file's rows as objects from its columns (what readParquet returns), each with the columns in `c.names` order. */
export function rowObjects(c: Columns): Array<Record<string, any>> {
  const out: Array<Record<string, any>> = new Array(c.rows);
  for (let i = 0; i < c.rows; i++) {
    const r: Record<string, any> = {};
    for (const n of c.names) r[n] = c.data[n][i];
    out[i] = r;
  }
  return out;
}

type FileList = Record<string, DataFile[]>;
let filesP: Promise<FileList> | null = null;
/** The Parquet files of each published table (built as /data-files.json: one file, or hive partitions). */
export function tableFiles(): Promise<FileList> {
  const base = document.documentElement.dataset.base || '/';
  // a failed fetch is forgotten, so the reader's next try fetches again
  return (filesP ??= fetch(`${base}data-files.json`).then((r) => { if (!r.ok) throw new Error(`data-files.json ${r.status}`); return r.json(); })
    .then((fl: FileList) => {
      for (const t of Object.values(fl)) rememberFiles(t);
      return fl;
    })
    .catch((e) => { filesP = null; throw e; }));
}

const partType = (k: string): ColType => (k === 'year' ? 'INTEGER' : 'VARCHAR');
/** A partition key's value as written in a file's path, typed as its column (hive writes a null key as NULL). */
export const partitionValue = (key: string, raw: string | undefined): string | number | null =>
  raw == null || raw === 'NULL' ? null : partType(key) === 'INTEGER' ? Number(raw) : raw;
/**
 * Partition keys that only say which file holds a row (an id bucket, a run of agencies): not columns of the table, so
 * a table has the same columns in every layout (a year partition's key is the rows' year, and is a column).
 */
export const LAYOUT_KEYS: readonly string[] = ['bucket', 'part'];
const tableKeys = (f: DataFile | undefined) => Object.keys(f?.partition ?? {}).filter((k) => !LAYOUT_KEYS.includes(k));

/** Column names and types of a published table. */
export async function tableColumns(name: string): Promise<Array<{ name: string; type: ColType }>> {
  const fl = (await tableFiles())[name];
  if (!fl?.length) throw new Error(`没有已发布的表 ${name}`);
  const cols = await parquetColumns(dataUrl(fl[0].path));
  const parts = tableKeys(fl[0]).filter((k) => !cols.some((c) => c.name === k));
  return [...cols, ...parts.map((k) => ({ name: k, type: partType(k) }))];
}

/** Read a published table (only `columns` if given), concatenating hive partitions and adding their keys. */
export async function readTable(name: string, columns?: string[], opts: ReadOptions = {}): Promise<Columns> {
  const fl = (await tableFiles())[name];
  if (!fl?.length) throw new Error(`没有已发布的表 ${name}`);
  if (fl.length === 1 && !fl[0].partition) return readParquet(dataUrl(fl[0].path), columns, opts);
  const keys = tableKeys(fl[0]);
  const parts = await Promise.all(fl.map(async (f) => {
    const inFile = await parquetColumns(dataUrl(f.path), opts);
    const want = (columns ?? inFile.map((c) => c.name)).filter((c) => inFile.some((x) => x.name === c));
    return { f, c: await readParquet(dataUrl(f.path), want.length ? want : [inFile[0].name], opts) };
  }));
  const names = columns ?? [...new Set([...parts[0].c.names, ...keys])];
  const out: Columns = { names, types: {}, data: {}, rows: 0 };
  for (const n of names) { out.types[n] = parts[0].c.types[n] ?? partType(n); out.data[n] = []; }
  for (const { f, c } of parts) {
    for (const n of names) {
      const src = c.data[n] ?? new Array(c.rows).fill(partitionValue(n, f.partition?.[n]));
      for (let i = 0; i < c.rows; i++) out.data[n].push(src[i]);
    }
    out.rows += c.rows;
  }
  return out;
}
