/**
 * Staging: the rows of every table, appended as results arrive (any order). Each writer has its own files
 * (`<table>.<tag>.<ext>`): the main thread's, and one set per extraction worker, which appends a report's rows itself so
 * they never cross threads. A shard build's partial output is exactly this folder plus the records/ and sources/ it
 * wrote, which is why merging shards gives the bytes of an unsharded build.
 *
 * The large tables (cells, checks, sections: ~250 rows a report) are staged as the CSV lines they are published as,
 * one contiguous block per report, and a `blocks` line per report says where its blocks are. Publish puts them in
 * order by copying blocks (parquet.ts), so DuckDB never sorts the millions of rows of a national corpus. The others
 * are JSON lines, small enough to sort.
 */
import { closeSync, createReadStream, fstatSync, openSync, readdirSync, writeSync } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { TABLES } from './dictionary.ts';
import type { Row } from './rows.ts';
import { neutralise } from './csvsafe.ts';
import { utf8 } from './utf8.ts';

/**
 * `findings`: each report's own findings (with sort keys); `digests`: what the corpus-wide findings rules need of it;
 * `blocks`: where each report's lines of the BLOCK_TABLES are (written by the same writer, after them).
 */
export const STAGING_TABLES = ['files', 'reports', 'cells', 'checks', 'sections', 'slim_records', 'summary', 'findings', 'digests', 'blocks'] as const;
export type StagingTable = (typeof STAGING_TABLES)[number];
/** Staged as their published CSV lines (the published columns in order), one block per report. */
export const BLOCK_TABLES = ['cells', 'checks', 'sections', 'slim_records'] as const;
export type BlockTable = (typeof BLOCK_TABLES)[number];
/** A column of a CSV table: its name, and whether it is DOUBLE (printed with a decimal point, as DuckDB prints it). */
export interface CsvColumn { name: string; double: boolean }
export const CSV_TABLES: Partial<Record<StagingTable, CsvColumn[]>> = Object.fromEntries(
  BLOCK_TABLES.map((t) => [t, TABLES[t].columns.map((c) => ({ name: c.name, double: c.type === 'DOUBLE' }))]),
);
/** A `blocks` line: the report and, per block table, [byte offset, byte length] in the same writer's file. */
export interface BlockEntry { id: string; cells?: [number, number]; checks?: [number, number]; sections?: [number, number]; slim_records?: [number, number] }

const NEEDS_QUOTES = /[",\n\r]/;
/**
 * One CSV value written as DuckDB's CSV writer writes it, so every published CSV reads the same: null is empty, an
 * empty string is "", a string is quoted only when it holds a comma, quote or line break, a DOUBLE has a decimal point;
 * text a spreadsheet would run as a formula starts with an apostrophe (csvsafe.ts).
 */
export function csvValue(v: unknown, double: boolean): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return double && Number.isInteger(v) ? v + '.0' : String(v);
  if (typeof v === 'boolean') return String(v);
  const s = neutralise(String(v));
  if (s === '') return '""';
  return NEEDS_QUOTES.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}
export function csvLine(row: Record<string, unknown>, cols: CsvColumn[]): string {
  let s = '';
  for (let i = 0; i < cols.length; i++) s += (i ? ',' : '') + csvValue(row[cols[i]!.name], cols[i]!.double);
  return s + '\n';
}

/** The staging text of rows: CSV lines for the CSV tables, JSON lines for the others. */
export function linesFor(table: StagingTable, rows: Row[] | object[]): string {
  const cols = CSV_TABLES[table];
  let s = '';
  for (const r of rows) s += cols ? csvLine(r as Record<string, unknown>, cols) : JSON.stringify(r) + '\n';
  return s;
}

const FLUSH_AT = 1 << 20;

export class StagingWriter {
  private handles = new Map<StagingTable, FileHandle>();
  private buffers = new Map<StagingTable, Buffer[]>();
  private sizes = new Map<StagingTable, number>();
  /** Bytes appended to each file so far (this writer is its only writer): the offsets of the blocks lines. */
  private written = new Map<StagingTable, number>();
  private chain: Promise<void> = Promise.resolve();
  private constructor(readonly dir: string) {}

  /** The main thread's writer; its (possibly empty) files mean every table has at least one staging file. */
  static async create(dir: string): Promise<StagingWriter> {
    await mkdir(dir, { recursive: true });
    const w = new StagingWriter(dir);
    for (const t of STAGING_TABLES) {
      w.handles.set(t, await open(stagingFile(dir, t, 'main'), 'w'));
      w.buffers.set(t, []);
      w.sizes.set(t, 0);
      w.written.set(t, 0);
    }
    return w;
  }

  /** Queue rows; returns a promise to await for back-pressure when a buffer was flushed. */
  add(table: StagingTable, rows: Row[] | object[]): Promise<void> {
    return this.append(table, linesFor(table, rows));
  }

  /** Queue rows already formatted by linesFor (cache hits: as the UTF-8 bytes stored in the cache). */
  append(table: StagingTable, lines: string | Buffer): Promise<void> {
    if (!lines.length) return Promise.resolve();
    if (typeof lines === 'string') lines = utf8(lines);
    this.buffers.get(table)!.push(lines);
    this.written.set(table, this.written.get(table)! + lines.length);
    const size = this.sizes.get(table)! + lines.length;
    this.sizes.set(table, size);
    if (size < FLUSH_AT) return Promise.resolve();
    return this.flush(table);
  }

  /** Queue one report's lines of every table but files (cache hits: the bytes stored in the cache), with its blocks line. */
  appendReport(id: string, parts: ReportParts): Promise<void> {
    const pending: Array<Promise<void>> = [];
    writeReport(id, parts, (t) => this.written.get(t)!, (t, buf) => { pending.push(this.append(t, buf)); });
    return Promise.all(pending).then(() => undefined);
  }

  private flush(table: StagingTable): Promise<void> {
    const data = Buffer.concat(this.buffers.get(table)!);
    this.buffers.set(table, []);
    this.sizes.set(table, 0);
    if (!data.length) return this.chain;
    const h = this.handles.get(table)!;
    this.chain = this.chain.then(() => h.write(data)).then(() => undefined);
    return this.chain;
  }

  async close(): Promise<void> {
    for (const t of STAGING_TABLES) void this.flush(t);
    await this.chain;
    for (const h of this.handles.values()) await h.close();
  }
}

const extOf = (table: StagingTable) => (CSV_TABLES[table] ? 'csv' : 'jsonl');

export function stagingFile(dir: string, table: StagingTable, tag: string): string { return join(dir, `${table}.${tag}.${extOf(table)}`); }

/** Every writer's file of one table in a staging folder, sorted. */
export function stagingFiles(dir: string, table: StagingTable): string[] {
  const ext = `.${extOf(table)}`;
  return readdirSync(dir).filter((f) => f.startsWith(`${table}.`) && f.endsWith(ext)).sort().map((f) => join(dir, f));
}

/** One report's lines per table, as text or as UTF-8 bytes. */
export type ReportParts = Partial<Record<StagingTable, string | Buffer>>;

const isBlockTable = (t: StagingTable): t is BlockTable => (BLOCK_TABLES as readonly string[]).includes(t);

/**
 * One report's writes, for either kind of writer: its lines of every table but files, in table order, then its blocks
 * line, whose offsets are each block table file's size (`sizeOf`) just before the report's lines are appended to it.
 */
function writeReport(id: string, parts: ReportParts, sizeOf: (t: StagingTable) => number, write: (t: StagingTable, buf: Buffer) => void): void {
  const block: BlockEntry = { id };
  for (const t of STAGING_TABLES) {
    const text = parts[t];
    if (t === 'files' || t === 'blocks' || !text?.length) continue;
    const buf = typeof text === 'string' ? utf8(text) : text;
    if (isBlockTable(t)) block[t] = [sizeOf(t), buf.length];
    write(t, buf);
  }
  write('blocks', utf8(JSON.stringify(block) + '\n'));
}

/**
 * This thread's open staging files and their sizes (it is their only writer): opening a file costs ~0.1 ms on a busy
 * disk, and a report appends to eight. Closed by closeStaged when the build's extraction ends (workers.ts); a reopened
 * file is appended to, so closing early is safe.
 */
const openStaged = new Map<string, { fd: number; size: number }>();
function stagedFile(file: string): { fd: number; size: number } {
  let f = openStaged.get(file);
  if (!f) {
    const fd = openSync(file, 'a');
    f = { fd, size: fstatSync(fd).size };
    openStaged.set(file, f);
  }
  return f;
}
export function closeStaged(): void {
  for (const { fd } of openStaged.values()) closeSync(fd);
  openStaged.clear();
}

/**
 * Append one report's lines to this thread's staging files, then its blocks line (synchronously: a worker stopped
 * after a job loses nothing; lines of a job it was stopped in have no blocks line, or belong to a report that is not
 * `ok`, and publish leaves them out).
 */
export function appendStaged(dir: string, tag: string, id: string, lines: ReportParts): void {
  writeReport(id, lines, (t) => stagedFile(stagingFile(dir, t, tag)).size, (t, buf) => {
    const f = stagedFile(stagingFile(dir, t, tag));
    // counted as written, so a failed write leaves the size true for the next report's offsets
    for (let at = 0; at < buf.length; ) { const n = writeSync(f.fd, buf, at); at += n; f.size += n; }
  });
}

/** Stream a JSON-lines file. */
export async function* readJsonl<T>(file: string): AsyncGenerator<T> {
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of rl) if (line) yield JSON.parse(line) as T;
}
