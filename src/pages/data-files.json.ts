/**
 * Which Parquet files make up each published table (single file, or hive partitions by year or id bucket), for the
 * browser, with each file's size and the length of its footer (metadata + the 8-byte tail): a reader that knows them
 * skips the HEAD request hyparquet would send first and fetches the whole footer in one range request.
 */
import { closeSync, existsSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DATA_DIR } from '../lib/data.ts';

const TABLES = ['reports', 'cells', 'checks', 'sections', 'slim_records', 'files', 'findings', 'findings_by_rule'];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => { const p = join(dir, e); return statSync(p).isDirectory() ? walk(p) : p.endsWith('.parquet') ? [p] : []; });
}

/** Size and footer length of a Parquet file (its last 8 bytes: metadata length, then `PAR1`). */
function sizes(p: string): { bytes: number; footer?: number } {
  const bytes = statSync(p).size;
  if (bytes < 12) return { bytes };
  const fd = openSync(p, 'r');
  try {
    const tail = Buffer.alloc(8);
    readSync(fd, tail, 0, 8, bytes - 8);
    return tail.toString('latin1', 4) === 'PAR1' ? { bytes, footer: tail.readUInt32LE(0) + 8 } : { bytes };
  } finally { closeSync(fd); }
}

export async function GET() {
  const out: Record<string, Array<{ path: string; bytes: number; footer?: number; partition?: Record<string, string> }>> = {};
  for (const t of TABLES) {
    if (existsSync(join(DATA_DIR, `${t}.parquet`))) out[t] = [{ path: `${t}.parquet`, ...sizes(join(DATA_DIR, `${t}.parquet`)) }];
    else if (existsSync(join(DATA_DIR, t))) {
      out[t] = walk(join(DATA_DIR, t)).sort().map((p) => {
        const rel = relative(DATA_DIR, p).split(/[\\/]/).join('/');
        const partition = Object.fromEntries([...rel.matchAll(/([A-Za-z_]\w*)=([^/]+)/g)].map((m) => [m[1], decodeURIComponent(m[2])]));
        return { path: rel, ...sizes(p), partition };
      });
    }
  }
  return new Response(JSON.stringify(out), { headers: { 'content-type': 'application/json' } });
}
