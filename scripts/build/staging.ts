/**
 * Staging: the rows of every table as JSON lines (cells, checks, sections: CSV), appended as results arrive (any order), published
 * by parquet.ts with a total ORDER BY. Each writer has its own files (`<table>.<tag>.<ext>`): the main thread's, and one set per
 * extraction worker, which appends a report's rows itself so they never cross threads. A shard build's partial output is exactly
 * this folder plus the records/ and sources/ it wrote, which is why merging shards gives the bytes of an unsharded build.
 */
import { closeSync, createReadStream, openSync, readdirSync, writeSync } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { TABLES } from './dictionary.ts';
import type { Row } from './rows.ts';

/** `findings`: each report's own findings (with sort keys); `digests`: what the corpus-wide findings rules need of it. */
export const STAGING_TABLES = ['files', 'reports', 'cells', 'checks', 'sections', 'summary', 'findings', 'digests'] as const;
export type StagingTable = (typeof STAGING_TABLES)[number];
/** cells, checks and sections (~250 rows a report) are staged as CSV in this column order: far cheaper to write and read than JSON objects. */
export const CSV_TABLES: Partial<Record<StagingTable, string[]>> = Object.fromEntries(
  (['cells', 'checks', 'sections'] as const).map((t) => [t, [...TABLES[t].columns.map((c) => c.name), 'ord']]),
);

function csvValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  return s.indexOf('"') < 0 ? '"' + s + '"' : '"' + s.replace(/"/g, '""') + '"';
}
export function csvLine(row: Record<string, unknown>, cols: string[]): string {
  let s = '';
  for (let i = 0; i < cols.length; i++) s += (i ? ',' : '') + csvValue(row[cols[i]!]);
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
    if (typeof lines === 'string') lines = Buffer.from(lines, 'utf8');
    this.buffers.get(table)!.push(lines);
    const size = this.sizes.get(table)! + lines.length;
    this.sizes.set(table, size);
    if (size < FLUSH_AT) return Promise.resolve();
    return this.flush(table);
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
 * Append one report's lines to this thread's staging files (synchronously: a worker stopped after a job loses
 * nothing, and rows of a job it was stopped in are dropped at publish with their report, which is not `ok`).
 */
export function appendStaged(dir: string, tag: string, lines: Partial<Record<StagingTable, string | Buffer>>): void {
  for (const t of STAGING_TABLES) {
    const text = lines[t];
    if (!text?.length) continue;
    const fd = openSync(stagingFile(dir, t, tag), 'a');
    const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    try { for (let at = 0; at < buf.length; ) at += writeSync(fd, buf, at); } finally { closeSync(fd); }
  }
}

/** Stream a JSON-lines file. */
export async function* readJsonl<T>(file: string): AsyncGenerator<T> {
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of rl) if (line) yield JSON.parse(line) as T;
}
