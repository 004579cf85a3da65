/**
 * The published order of cells, checks and sections, made by copying blocks: each report's lines of those tables are
 * one block in its writer's staging file (staging.ts), so the published CSV is the blocks of the published reports in
 * id order, copied byte for byte. DuckDB then only converts that file to Parquet: no sort of the millions of rows of a
 * national corpus, and the rows of unpublished reports (failed, duplicates, a stopped worker's) are never read.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { TABLES } from './dictionary.ts';
import { readJsonl, stagingFile, stagingFiles, type BlockEntry, type BlockTable } from './staging.ts';
import { utf8 } from './utf8.ts';

/** A report's blocks: the staging folder and writer tag they were written by, and their [offset, length] per table. */
export interface Located { dir: string; tag: string; entry: BlockEntry }

/**
 * The blocks of each published report. A report staged twice (the same shard given twice to --merge) is taken from
 * the first folder given, then the first writer tag: both copies hold the same rows.
 */
export async function readBlocks(dirs: string[], published: Set<string>): Promise<Map<string, Located>> {
  const found = new Map<string, Located>();
  for (const dir of dirs) {
    for (const f of stagingFiles(dir, 'blocks')) {
      const tag = basename(f).slice('blocks.'.length, -'.jsonl'.length);
      for await (const entry of readJsonl<BlockEntry>(f)) {
        if (published.has(entry.id) && !found.has(entry.id)) found.set(entry.id, { dir: dirname(f), tag, entry });
      }
    }
  }
  const missing = [...published].filter((id) => !found.has(id));
  if (missing.length) {
    throw new Error(`staging has no blocks line for ${missing.length} published report(s), e.g. ${missing[0]}: was it written by an older version? Rebuild it.`);
  }
  return found;
}

/**
 * Buffered appends to one file (synchronous: publish has nothing else to do meanwhile), through one reused buffer:
 * a block is read straight into it (allocating a buffer per block cost more in page faults than the copy itself).
 */
class Sink {
  /** null: a sink that writes nowhere (its buffer still takes the blocks read for the partitions). */
  private fd: number | null;
  private buf = Buffer.allocUnsafe(4 << 20);
  private used = 0;
  /** sha256 of what was written (hashed as it is written: the bytes are at hand, and it spares a second read). */
  private hash: Hash | null;
  sha256: string | null = null;
  constructor(readonly file: string | null, head: string, hashed: boolean) {
    this.fd = file === null ? null : openSync(file, 'w');
    this.hash = hashed ? createHash('sha256') : null;
    this.write(utf8(head));
  }
  /** Room for n bytes at the end of the buffer (a buffer of its own when n is larger), to fill and then commit. */
  reserve(n: number): Buffer {
    if (this.used + n > this.buf.length) this.flush();
    return n > this.buf.length ? Buffer.allocUnsafe(n) : this.buf.subarray(this.used, this.used + n);
  }
  commit(filled: Buffer): void {
    if (filled.buffer === this.buf.buffer && filled.byteOffset === this.buf.byteOffset + this.used) this.used += filled.length;
    else this.writeOut(filled);
  }
  write(b: Buffer): void {
    const room = this.reserve(b.length);
    if (room !== b) b.copy(room);
    this.commit(room);
  }
  private flush(): void {
    this.writeOut(this.buf.subarray(0, this.used));
    this.used = 0;
  }
  private writeOut(data: Buffer): void {
    this.hash?.update(data);
    if (this.fd === null) return;
    for (let at = 0; at < data.length; ) at += writeSync(this.fd, data, at);
  }
  close(): void {
    this.flush();
    if (this.fd !== null) closeSync(this.fd);
    this.sha256 = this.hash?.digest('hex') ?? null;
  }
}

/** Read [offset, length] of a file, keeping files open across calls. */
export class BlockReader {
  private fds = new Map<string, number>();
  read(file: string, at: [number, number]): Buffer {
    return this.readInto(file, at, Buffer.allocUnsafe(at[1]));
  }
  readInto(file: string, [offset, length]: [number, number], target: Buffer): Buffer {
    let fd = this.fds.get(file);
    if (fd === undefined) { fd = openSync(file, 'r'); this.fds.set(file, fd); }
    for (let at = 0; at < length; ) {
      const n = readSync(fd, target, at, length - at, offset + at);
      if (n === 0) throw new Error(`${file}: staging ends before the block at ${offset} (+${length}) is read`);
      at += n;
    }
    return target;
  }
  close(): void { for (const fd of this.fds.values()) closeSync(fd); this.fds.clear(); }
}

export interface OrderedOptions {
  /** Lines to write after a report's own block (its cross-year checks). */
  after?: (id: string) => Buffer | null;
  /** A report's block rewritten before it is written (cells of runs settled across years); null keeps it as staged. */
  rewrite?: (id: string) => ((block: Buffer) => Buffer) | null;
  /**
   * Also one headed CSV per partition (`key` of a report: its year, its id bucket): `<dir>/<table>.<key>.csv`; or, with
   * `publish` (the partition column's name), the partition's published CSV `<dir>/<table>/<publish>=<key>/data_0.csv`
   * (with a BOM) instead of the single file, which is then not written (a national corpus's single CSV is GBs).
   */
  parts?: { dir: string; key: (id: string) => string; publish?: string };
  /** Hash the files that are converted to Parquet (sha256, for the Parquet cache): with parts the per-part files, else `file`. */
  hashed?: boolean;
}

/** A CSV writeOrdered wrote, with its sha256 when hashed. */
export interface Written { file: string; sha256: string | null }

/**
 * Write `file` (the published CSV: UTF-8 BOM, header, the blocks of `ids` in that order), and with parts one CSV per
 * partition; returns the published file (null when the parts are published instead) and the per-part files by key.
 */
export function writeOrdered(table: BlockTable, ids: string[], blocks: Map<string, Located>, file: string, opts: OrderedOptions = {}): { all: Written | null; perPart: Map<string, Written> } {
  const header = TABLES[table].columns.map((c) => c.name).join(',') + '\n';
  const hashed = Boolean(opts.hashed);
  const parts = opts.parts;
  const out = new Sink(parts?.publish ? null : file, '\uFEFF' + header, hashed && !parts);
  const years = new Map<string, Sink>();
  const partFile = (y: string) => {
    if (!parts?.publish) return join(parts!.dir, `${table}.${y}.csv`);
    const dir = join(parts.dir, table, `${parts.publish}=${y}`);
    mkdirSync(dir, { recursive: true });
    return join(dir, 'data_0.csv');
  };
  const reader = new BlockReader();
  try {
    for (const id of ids) {
      const { dir, tag, entry } = blocks.get(id)!;
      const at = entry[table];
      const extra = opts.after?.(id) ?? null;
      if (!at?.[1] && !extra?.length) continue;
      let sink: Sink | null = null;
      if (parts) {
        const y = parts.key(id);
        sink = years.get(y) ?? null;
        if (!sink) { sink = new Sink(partFile(y), parts.publish ? '\uFEFF' + header : header, hashed); years.set(y, sink); }
      }
      if (at?.[1]) {
        const file = stagingFile(dir, table, tag);
        const rewrite = opts.rewrite?.(id) ?? null;
        let block = rewrite ? reader.read(file, at) : reader.readInto(file, at, out.reserve(at[1]));
        // every line of a report's block starts with its id: a block that does not is a corrupt staging folder
        if (block.toString('latin1', 0, id.length + 1) !== id + ',') throw new Error(`${file}: the block of ${id} at ${at[0]} holds another report's rows`);
        // and ends at the end of a line: a block cut short or overlapping another would make a CSV nothing can read
        if (block[block.length - 1] !== 0x0a) throw new Error(`${file}: the block of ${id} at ${at[0]} (+${at[1]}) does not end at a line end`);
        if (rewrite) block = rewrite(block);
        sink?.write(block); // (a copy, before the published file's buffer moves on)
        if (rewrite) out.write(block); else out.commit(block);
      }
      if (extra?.length) { out.write(extra); sink?.write(extra); }
    }
  } finally {
    reader.close();
    out.close();
    for (const s of years.values()) s.close();
  }
  const written = (s: Sink): Written => ({ file: s.file!, sha256: s.sha256 });
  return { all: parts?.publish ? null : written(out), perPart: new Map([...years].map(([y, s]) => [y, written(s)])) };
}
