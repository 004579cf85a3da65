/**
 * Extraction cache: one JSON per (file bytes, file name, extractor version) under .cache/extract/<version>/.
 * The name is part of the key because readers may use the extension. Writes are atomic (temp + rename),
 * so parallel shard builds on one machine can share a cache. I/O failures, timeouts and worker crashes are never cached (they say nothing about the file).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { JobResult } from './job.ts';

export class ExtractCache {
  private made = new Set<string>();
  constructor(readonly dir: string | null, readonly version: string) {}

  private path(sha256: string, file: string): string {
    const name = createHash('sha256').update(basename(file)).digest('hex').slice(0, 8);
    return join(this.dir!, this.version, sha256.slice(0, 2), `${sha256}-${name}.json`);
  }

  async get(sha256: string, file: string): Promise<JobResult | null> {
    if (!this.dir) return null;
    try {
      const v = JSON.parse(await readFile(this.path(sha256, file), 'utf8')) as JobResult;
      return v && typeof v.ok === 'boolean' ? v : null;
    } catch { return null; }
  }

  async put(sha256: string, file: string, result: JobResult): Promise<void> {
    if (!this.dir || result.code === 'io' || result.code === 'timeout' || result.code === 'crash') return;
    const p = this.path(sha256, file);
    const tmp = `${p}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      const parent = join(p, '..');
      if (!this.made.has(parent)) { await mkdir(parent, { recursive: true }); this.made.add(parent); }
      await writeFile(tmp, JSON.stringify(result));
      await rename(tmp, p);
    } catch { /* a cache that cannot be written only costs time */ }
  }
}
