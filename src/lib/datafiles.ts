/**
 * At build time (Node): the Parquet files of each published table (single file, or hive partitions by year, id bucket
 * or rule part), with each file's size and the length of its footer (metadata + the 8-byte tail). The browser gets
 * them in data-files.json (and the findings page in its plan), so a read skips the HEAD request hyparquet would send
 * first and fetches the whole footer in one range request.
 */
import { closeSync, existsSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { compareCodePoints } from './codepoints.ts';

export const PUBLISHED_TABLES = ['reports', 'cells', 'checks', 'sections', 'slim_records', 'files', 'findings', 'findings_by_rule'];

/** `range`: the least and greatest value of the column the table's files are cut by (agency_key for reports' parts). */
export interface DataFile { path: string; bytes: number; footer?: number; partition?: Record<string, string>; range?: { column: string; min: string; max: string } }

/** Tables whose partitions are runs of a sort key (not a value in the path): the key a reader chooses a file by. */
const RANGE_KEYS: Record<string, string> = { reports: 'agency_key' };

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => { const p = join(dir, e); return statSync(p).isDirectory() ? walk(p) : p.endsWith('.parquet') ? [p] : []; });
}

/**
 * Size and footer of a Parquet file: its last 8 bytes give the metadata length (then `PAR1`); the footer's bytes
 * (metadata and tail) are read only when `withFooter` asks for them.
 */
function tail(p: string, withFooter: boolean): { bytes: number; footer?: number; footerBytes?: Buffer } {
  const bytes = statSync(p).size;
  if (bytes < 12) return { bytes };
  const fd = openSync(p, 'r');
  try {
    const end = Buffer.alloc(8);
    readSync(fd, end, 0, 8, bytes - 8);
    if (end.toString('latin1', 4) !== 'PAR1') return { bytes };
    const footer = end.readUInt32LE(0) + 8;
    if (!withFooter || footer > bytes) return { bytes, footer };
    const footerBytes = Buffer.alloc(footer);
    readSync(fd, footerBytes, 0, footer, bytes - footer);
    return { bytes, footer, footerBytes };
  } finally { closeSync(fd); }
}

/** The least and greatest `column` value in a footer's row-group statistics, in their own (code-point) order. */
function columnRange(footerBytes: Buffer, column: string): DataFile['range'] | undefined {
  const md = parquetMetadata(new Uint8Array(footerBytes).buffer);
  let min: string | undefined, max: string | undefined;
  for (const rg of md.row_groups) {
    const st = rg.columns.find((c) => c.meta_data?.path_in_schema.join('.') === column)?.meta_data?.statistics;
    if (st?.min_value == null || st.max_value == null) return undefined; // a group without statistics: no range to trust
    const lo = String(st.min_value), hi = String(st.max_value);
    if (min === undefined || compareCodePoints(lo, min) < 0) min = lo;
    if (max === undefined || compareCodePoints(hi, max) > 0) max = hi;
  }
  return min === undefined || max === undefined ? undefined : { column, min, max };
}

/** The files of `table` in `dataDir` (paths relative to it, `/`-separated), or null when it is not published. */
export function tableFileList(dataDir: string, table: string): DataFile[] | null {
  if (existsSync(join(dataDir, `${table}.parquet`))) {
    const { bytes, footer } = tail(join(dataDir, `${table}.parquet`), false);
    return [{ path: `${table}.parquet`, bytes, ...(footer ? { footer } : {}) }];
  }
  if (!existsSync(join(dataDir, table))) return null;
  return walk(join(dataDir, table)).sort().map((p) => {
    const rel = relative(dataDir, p).split(/[\\/]/).join('/');
    const partition = Object.fromEntries([...rel.matchAll(/([A-Za-z_]\w*)=([^/]+)/g)].map((m) => [m[1]!, decodeURIComponent(m[2]!)]));
    // a part of a table cut by a sort key names its range, so a reader by that key opens one file
    const rangeKey = partition.part !== undefined ? RANGE_KEYS[table] : undefined;
    const { bytes, footer, footerBytes } = tail(p, !!rangeKey);
    const range = rangeKey && footerBytes ? columnRange(footerBytes, rangeKey) : undefined;
    return { path: rel, bytes, ...(footer ? { footer } : {}), partition, ...(range ? { range } : {}) };
  });
}
