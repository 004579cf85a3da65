/**
 * Staging: the rows of every table as JSON lines (cells, checks, sections: CSV), appended as results arrive (any order), published
 * by parquet.ts with a total ORDER BY. A shard build's partial output is exactly this folder plus the
 * records/ and sources/ it wrote, which is why merging shards gives the bytes of an unsharded build.
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { TABLES } from './dictionary.ts';
import type { Row } from './rows.ts';

export const STAGING_TABLES = ['files', 'reports', 'cells', 'checks', 'sections', 'summary'] as const;
export type StagingTable = (typeof STAGING_TABLES)[number];
/** cells, checks and sections (~250 rows a report) are staged as CSV in this column order: far cheaper to write and read than JSON objects. */
export const CSV_TABLES: Partial<Record<StagingTable, string[]>> = Object.fromEntries(
  (['cells', 'checks', 'sections'] as const).map((t) => [t, [...TABLES[t].columns.map((c) => c.name), 'ord']]),
);

function csvValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '"' + String(v).replace(/"/g, '""') + '"';
}
export function csvLine(row: Record<string, unknown>, cols: string[]): string {
  let s = '';
  for (let i = 0; i < cols.length; i++) s += (i ? ',' : '') + csvValue(row[cols[i]!]);
  return s + '\n';
}

const FLUSH_AT = 1 << 20;

export class StagingWriter {
  private handles = new Map<StagingTable, FileHandle>();
  private buffers = new Map<StagingTable, string[]>();
  private sizes = new Map<StagingTable, number>();
  private chain: Promise<void> = Promise.resolve();
  private constructor(readonly dir: string) {}

  static async create(dir: string): Promise<StagingWriter> {
    await mkdir(dir, { recursive: true });
    const w = new StagingWriter(dir);
    for (const t of STAGING_TABLES) {
      w.handles.set(t, await open(stagingFile(dir, t), 'w'));
      w.buffers.set(t, []);
      w.sizes.set(t, 0);
    }
    return w;
  }

  /** Queue rows; returns a promise to await for back-pressure when a buffer was flushed. */
  add(table: StagingTable, rows: Row[] | object[]): Promise<void> {
    const buf = this.buffers.get(table)!;
    let size = this.sizes.get(table)!;
    const cols = CSV_TABLES[table];
    for (const r of rows) { const s = cols ? csvLine(r as Record<string, unknown>, cols) : JSON.stringify(r) + '\n'; buf.push(s); size += s.length; }
    this.sizes.set(table, size);
    if (size < FLUSH_AT) return Promise.resolve();
    return this.flush(table);
  }

  private flush(table: StagingTable): Promise<void> {
    const data = this.buffers.get(table)!.join('');
    this.buffers.set(table, []);
    this.sizes.set(table, 0);
    if (!data) return this.chain;
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

export function stagingFile(dir: string, table: StagingTable): string { return join(dir, `${table}.${CSV_TABLES[table] ? 'csv' : 'jsonl'}`); }

/** Stream a JSON-lines file. */
export async function* readJsonl<T>(file: string): AsyncGenerator<T> {
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of rl) if (line) yield JSON.parse(line) as T;
}
