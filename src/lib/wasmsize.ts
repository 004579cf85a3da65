/**
 * Build time only: the size of the DuckDB-WASM file the chart and SQL pages load, as it is on disk and as a
 * host that compresses it (gzip -6, what scripts/site/serve.ts and docs/SITE.md's nginx example send) sends
 * it, so the pages state what a reader actually downloads.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

let cached: { raw: number; gzip: number } | null = null;

export function duckWasmSize(): { raw: number; gzip: number } {
  if (cached) return cached;
  const bytes = readFileSync(createRequire(import.meta.url).resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
  cached = { raw: bytes.length, gzip: gzipSync(bytes, { level: 6 }).length };
  return cached;
}

/** Bytes as MB with one decimal (10^6, as download sizes are usually given). */
export const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
