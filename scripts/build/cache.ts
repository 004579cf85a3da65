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
import type { Bundle } from './bundle.ts';

/**
 * Where one file's cache entry lives (a plain string, so a worker can write the entry). One file per entry — the
 * bundle as one JSON line, then the record's JSON text as it is published — because creating files is what costs.
 */
export type CacheSlot = string;

export interface CacheHit { bundle: Bundle; recordJson: string | null }

export interface SidecarKey { url: string | null; fetched_at: string | null }

export class ExtractCache {
  constructor(readonly dir: string | null, readonly version: string) {}

  slot(sha256: string, rel: string, sidecar: SidecarKey | null): CacheSlot | null {
    if (!this.dir) return null;
    const key = createHash('sha256').update(`${rel}\0${sidecar?.url ?? ''}\0${sidecar?.fetched_at ?? ''}`).digest('hex').slice(0, 16);
    return join(this.dir, this.version, sha256.slice(0, 2), `${sha256}-${key}.json`);
  }

  /** The cached bundle and record text, or null (missing, unreadable, or incomplete). */
  get(slot: CacheSlot | null): CacheHit | null {
    if (!slot) return null;
    try {
      const text = readFileSync(slot, 'utf8');
      const nl = text.indexOf('\n');
      const bundle = JSON.parse(nl < 0 ? text : text.slice(0, nl)) as Bundle;
      if (!bundle || typeof bundle.ok !== 'boolean') return null;
      if (!bundle.ok) return { bundle, recordJson: null };
      const recordJson = nl < 0 ? '' : text.slice(nl + 1);
      return bundle.lines && typeof bundle.lines === 'object' && recordJson.endsWith('\n') ? { bundle, recordJson } : null;
    } catch { return null; }
  }
}

function atomicWrite(path: string, data: string): void {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

const made = new Set<string>();

/** Store a bundle and the record text it belongs to (JSON.stringify escapes newlines, so the first line is the bundle). */
export function putCache(slot: CacheSlot | null, bundle: Bundle, recordJson: string | null): void {
  if (!slot || bundle.code === 'io' || bundle.code === 'timeout' || bundle.code === 'crash' || bundle.code === 'output') return;
  try {
    const dir = dirname(slot);
    if (!made.has(dir)) { mkdirSync(dir, { recursive: true }); made.add(dir); }
    atomicWrite(slot, JSON.stringify(bundle) + '\n' + (recordJson ?? ''));
  } catch { /* a cache that cannot be written only costs time */ }
}
