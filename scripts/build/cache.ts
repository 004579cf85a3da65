/**
 * Extraction cache: what one input file contributes to the build — its staged rows (a Bundle) and its
 * records/<id>.json — under .cache/extract/<version>/, keyed by the file's bytes, its path in the input
 * folder and its collector sidecar (all three decide the rows), and the extractor version. A hit costs one
 * read and one file copy, with no extraction and no re-formatting of rows. Writes are atomic (temp + rename),
 * so parallel shard builds on one machine can share a cache. I/O failures, timeouts and worker crashes are
 * never cached (they say nothing about the file).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Bundle, StagedBytes } from './bundle.ts';
import type { StagingTable } from './staging.ts';

/**
 * Where one file's cache entry lives (a plain string, so a worker can write the entry). One file per entry, because
 * creating files is what costs: a JSON header line (the bundle without its rows, and the byte length of each part),
 * then the parts as raw UTF-8 — each table's staging lines, then the record — so a hit is appended and copied as
 * bytes, never decoded (decoding 100 KB of Chinese text costs more than reading it).
 */
export type CacheSlot = string;

export interface SidecarKey { url: string | null; fetched_at: string | null }

export interface CacheHit { bundle: Bundle; parts: StagedBytes; record: Buffer | null }

interface Header { bundle: Bundle; sizes: Array<[StagingTable, number]>; record: number }

export class ExtractCache {
  constructor(readonly dir: string | null, readonly version: string) {}

  slot(sha256: string, rel: string, sidecar: SidecarKey | null): CacheSlot | null {
    if (!this.dir) return null;
    const key = createHash('sha256').update(`${rel}\0${sidecar?.url ?? ''}\0${sidecar?.fetched_at ?? ''}`).digest('hex').slice(0, 16);
    return join(this.dir, this.version, sha256.slice(0, 2), `${sha256}-${key}.bin`);
  }

  /** The cached bundle (rows as bytes), or null (missing, unreadable, or incomplete). */
  get(slot: CacheSlot | null): CacheHit | null {
    if (!slot) return null;
    try {
      const buf = readFileSync(slot);
      const nl = buf.indexOf(10);
      if (nl < 0) return null;
      const h = JSON.parse(buf.toString('utf8', 0, nl)) as Header;
      if (!h?.bundle || typeof h.bundle.ok !== 'boolean' || !Array.isArray(h.sizes)) return null;
      const parts: StagedBytes = {};
      let at = nl + 1;
      for (const [t, n] of h.sizes) { parts[t] = buf.subarray(at, at + n); at += n; }
      // exactly the declared sizes: an entry cut short (or with anything after it) is a miss, never a shorter record
      if (at + h.record !== buf.length || (h.bundle.ok && !(h.record > 0))) return null;
      return { bundle: h.bundle, parts, record: h.bundle.ok ? buf.subarray(at) : null };
    } catch { return null; }
  }
}

function atomicWrite(path: string, data: Buffer[]): void {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, Buffer.concat(data));
  renameSync(tmp, path);
}

const made = new Set<string>();

/** Store a bundle (its rows as `parts`, not in the header) and the record it belongs to. */
export function putCache(slot: CacheSlot | null, bundle: Bundle, parts: StagedBytes | null, record: Buffer | null): void {
  if (!slot || bundle.code === 'io' || bundle.code === 'timeout' || bundle.code === 'crash' || bundle.code === 'output') return;
  try {
    const dir = dirname(slot);
    if (!made.has(dir)) { mkdirSync(dir, { recursive: true }); made.add(dir); }
    const entries = Object.entries(parts ?? {}) as Array<[StagingTable, Buffer]>;
    const header: Header = { bundle: { ...bundle, lines: null }, sizes: entries.map(([t, b]) => [t, b.length]), record: record?.length ?? 0 };
    atomicWrite(slot, [Buffer.from(JSON.stringify(header) + '\n'), ...entries.map(([, b]) => b), ...(record ? [record] : [])]);
  } catch { /* a cache that cannot be written only costs time */ }
}
