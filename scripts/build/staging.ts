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
import { utf8 } from './utf8.ts';

/**
 * `findings`: each report's own findings (with sort keys); `digests`: what the corpus-wide findings rules need of it;
 * `blocks`: where each report's lines of the BLOCK_TABLES are (written by the same writer, after them).
 */
export const STAGING_TABLES = ['files', 'reports', 'cells', 'checks', 'sections', 'summary', 'findings', 'digests', 'blocks'] as const;
export type StagingTable = (typeof STAGING_TABLES)[number];
/** Staged as their published CSV lines (the published columns in order), one block per report. */
export const BLOCK_TABLES = ['cells', 'checks', 'sections'] as const;
export type BlockTable = (typeof BLOCK_TABLES)[number];
/** A column of a CSV table: its name, and whether it is DOUBLE (printed with a decimal point, as DuckDB prints it). */
export interface CsvColumn { name: string; double: boolean }
export const CSV_TABLES: Partial<Record<StagingTable, CsvColumn[]>> = Object.fromEntries(
  BLOCK_TABLES.map((t) => [t, TABLES[t].columns.map((c) => ({ name: c.name, double: c.type === 'DOUBLE' }))]),
);
/** A `blocks` line: the report and, per block table, [byte offset, byte length] in the same writer's file. */
export interface BlockEntry { id: string; cells?: [number, number]; checks?: [number, number]; sections?: [number, number] }

const NEEDS_QUOTES = /[",\n\r]/;
/**
 * One CSV value written as DuckDB's CSV writer writes it, so every published CSV reads the same: null is empty, an
 * empty string is "", a string is quoted only when it holds a comma, quote or line break, a DOUBLE has a decimal point.
 */
function csvValue(v: unknown, double: boolean): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return double && Number.isInteger(v) ? v + '.0' : String(v);
  if (typeof v === 'boolean') return String(v);
  const s = String(v);
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
  appendReport(id: string, parts: Partial<Record<StagingTable, string | Buffer>>): Promise<void> {
    const block: BlockEntry = { id };
    const pending: Array<Promise<void>> = [];
    for (const t of STAGING_TABLES) {
      if (t === 'files' || t === 'blocks') continue;
      let text = parts[t];
      if (!text?.length) continue;
      if (typeof text === 'string') text = utf8(text);
      if (isBlockTable(t)) block[t] = [this.written.get(t)!, text.length];
      pending.push(this.append(t, text));
    }
    pending.push(this.append('blocks', JSON.stringify(block) + '\n'));
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

/**
 * This thread's open staging files: opening a file costs ~0.1 ms on a busy disk, and a report appends to eight. Closed
 * by closeStaged when the build's extraction ends (workers.ts); a reopened file is appended to, so closing early is safe.
 */
const openStaged = new Map<string, number>();
function stagedFd(file: string): number {
  let fd = openStaged.get(file);
  if (fd === undefined) { fd = openSync(file, 'a'); openStaged.set(file, fd); }
  return fd;
}
export function closeStaged(): void {
  for (const fd of openStaged.values()) closeSync(fd);
  openStaged.clear();
}

const isBlockTable = (t: StagingTable): t is BlockTable => (BLOCK_TABLES as readonly string[]).includes(t);

/**
 * Append one report's lines to this thread's staging files, then its blocks line (synchronously: a worker stopped
 * after a job loses nothing; lines of a job it was stopped in have no blocks line, or belong to a report that is not
 * `ok`, and publish leaves them out).
 */
export function appendStaged(dir: string, tag: string, id: string, lines: Partial<Record<StagingTable, string | Buffer>>): void {
  const block: BlockEntry = { id };
  const write = (t: StagingTable, text: string | Buffer) => {
    const fd = stagedFd(stagingFile(dir, t, tag));
    const buf = typeof text === 'string' ? utf8(text) : text;
    // the only writer of this file appends at its end
    if (isBlockTable(t)) block[t] = [fstatSync(fd).size, buf.length];
    for (let at = 0; at < buf.length; ) at += writeSync(fd, buf, at);
  };
  for (const t of STAGING_TABLES) {
    const text = lines[t];
    if (t !== 'files' && t !== 'blocks' && text?.length) write(t, text);
  }
  write('blocks', JSON.stringify(block) + '\n');
}

/** Stream a JSON-lines file. */
export async function* readJsonl<T>(file: string): AsyncGenerator<T> {
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of rl) if (line) yield JSON.parse(line) as T;
}
