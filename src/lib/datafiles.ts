/**
 * At build time (Node): the Parquet files of each published table (single file, or hive partitions by year, id bucket
 * or rule part), with each file's size and the length of its footer (metadata + the 8-byte tail). The browser gets
 * them in data-files.json (and the findings page in its plan), so a read skips the HEAD request hyparquet would send
 * first and fetches the whole footer in one range request.
 */
import { closeSync, existsSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const PUBLISHED_TABLES = ['reports', 'cells', 'checks', 'sections', 'slim_records', 'files', 'findings', 'findings_by_rule'];

export interface DataFile { path: string; bytes: number; footer?: number; partition?: Record<string, string> }

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

/** The files of `table` in `dataDir` (paths relative to it, `/`-separated), or null when it is not published. */
export function tableFileList(dataDir: string, table: string): DataFile[] | null {
  if (existsSync(join(dataDir, `${table}.parquet`))) return [{ path: `${table}.parquet`, ...sizes(join(dataDir, `${table}.parquet`)) }];
  if (!existsSync(join(dataDir, table))) return null;
  return walk(join(dataDir, table)).sort().map((p) => {
    const rel = relative(dataDir, p).split(/[\\/]/).join('/');
    const partition = Object.fromEntries([...rel.matchAll(/([A-Za-z_]\w*)=([^/]+)/g)].map((m) => [m[1]!, decodeURIComponent(m[2]!)]));
    return { path: rel, ...sizes(p), partition };
  });
}
