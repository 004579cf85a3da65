/**
 * Staging: the rows of every table as JSON lines, appended as results arrive (any order), published
 * by parquet.ts with a total ORDER BY. A shard build's partial output is exactly this folder plus the
 * records/ and sources/ it wrote, which is why merging shards gives the bytes of an unsharded build.
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Row } from './rows.ts';

export const STAGING_TABLES = ['files', 'reports', 'cells', 'checks', 'sections', 'summary'] as const;
export type StagingTable = (typeof STAGING_TABLES)[number];

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
      w.handles.set(t, await open(join(dir, `${t}.jsonl`), 'w'));
      w.buffers.set(t, []);
      w.sizes.set(t, 0);
    }
    return w;
  }

  /** Queue rows; returns a promise to await for back-pressure when a buffer was flushed. */
  add(table: StagingTable, rows: Row[] | object[]): Promise<void> {
    const buf = this.buffers.get(table)!;
    let size = this.sizes.get(table)!;
    for (const r of rows) { const s = JSON.stringify(r) + '\n'; buf.push(s); size += s.length; }
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

export function stagingFile(dir: string, table: StagingTable): string { return join(dir, `${table}.jsonl`); }

/** Stream a JSON-lines file. */
export async function* readJsonl<T>(file: string): AsyncGenerator<T> {
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of rl) if (line) yield JSON.parse(line) as T;
}
