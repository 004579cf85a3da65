/**
 * Extraction cache: what one input file contributes to the build — its staged rows (a Bundle) and its
 * records/<id>.json — under .cache/extract/<version>/, keyed by the file's bytes, its path in the input
 * folder and its collector sidecar (all three decide the rows), and the extractor version. A hit costs one
 * read and one hard link, with no extraction and no re-formatting of rows. Writes are atomic (temp + rename),
 * so parallel shard builds on one machine can share a cache. I/O failures, timeouts and worker crashes are
 * never cached (they say nothing about the file).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Bundle, StagedBytes } from './bundle.ts';
import type { StagingTable } from './staging.ts';

/**
 * Where one file's cache entry lives (a plain string, so a worker can write the entry). Creating files is what costs,
 * so an entry is two files: `<slot>` holds a JSON header line (the bundle without its rows, and the byte length of each
 * part and of the record), then each table's staging lines as raw UTF-8, so a hit is appended as bytes, never decoded
 * (decoding 100 KB of Chinese text costs more than reading it); the record is a file of its own beside it, hard-linked
 * into records/ (entries are never changed in place, only replaced by rename, so a link never sees another entry).
 */
export type CacheSlot = string;

export interface SidecarKey { url: string | null; fetched_at: string | null }

/** A hit: the bundle, its rows as bytes, and the path of its cached record (null for a failure). */
export interface CacheHit { bundle: Bundle; parts: StagedBytes; record: string | null }

interface Header { bundle: Bundle; sizes: Array<[StagingTable, number]>; record: number }

/** The cached records/<id>.json of an entry. */
export function recordFile(slot: CacheSlot): string {
  return slot.replace(/\.bin$/, '') + '.record.json';
}

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
      // exactly the declared sizes: an entry cut short (or with anything after it) is a miss, never shorter rows or record
      if (at !== buf.length) return null;
      if (!h.bundle.ok) return { bundle: h.bundle, parts, record: null };
      const record = recordFile(slot);
      if (!(h.record > 0) || statSync(record).size !== h.record) return null;
      return { bundle: h.bundle, parts, record };
    } catch { return null; }
  }
}

/** A temp name beside `path` for writing it atomically (temp + rename), unique to this process and call. */
export function tempName(path: string): string {
  return `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
}

function atomicWrite(path: string, data: Buffer[]): void {
  const tmp = tempName(path);
  writeFileSync(tmp, Buffer.concat(data));
  renameSync(tmp, path);
}

const made = new Set<string>();

/**
 * Store a bundle (its rows as `parts`, not in the header) and the record it belongs to; returns the cached record's
 * path (to link into records/), or null when nothing was stored.
 */
export function putCache(slot: CacheSlot | null, bundle: Bundle, parts: StagedBytes | null, record: Buffer | null): string | null {
  if (!slot || bundle.code === 'io' || bundle.code === 'timeout' || bundle.code === 'crash' || bundle.code === 'output') return null;
  try {
    const dir = dirname(slot);
    if (!made.has(dir)) { mkdirSync(dir, { recursive: true }); made.add(dir); }
    // the record first: an entry is a hit only once its header is there, and then its record is too
    if (record) atomicWrite(recordFile(slot), [record]);
    const entries = Object.entries(parts ?? {}) as Array<[StagingTable, Buffer]>;
    const header: Header = { bundle: { ...bundle, lines: null }, sizes: entries.map(([t, b]) => [t, b.length]), record: record?.length ?? 0 };
    atomicWrite(slot, [Buffer.from(JSON.stringify(header) + '\n'), ...entries.map(([, b]) => b)]);
    return record ? recordFile(slot) : null;
  } catch { return null; /* a cache that cannot be written only costs time */ }
}
