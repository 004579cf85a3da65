/** Which Parquet files make up each published table (single file, or hive partitions by year or id bucket), for the browser. */
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DATA_DIR } from '../lib/data.ts';

const TABLES = ['reports', 'cells', 'checks', 'sections', 'slim_records', 'files', 'findings', 'findings_by_rule'];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => { const p = join(dir, e); return statSync(p).isDirectory() ? walk(p) : p.endsWith('.parquet') ? [p] : []; });
}

export async function GET() {
  const out: Record<string, Array<{ path: string; partition?: Record<string, string> }>> = {};
  for (const t of TABLES) {
    if (existsSync(join(DATA_DIR, `${t}.parquet`))) out[t] = [{ path: `${t}.parquet` }];
    else if (existsSync(join(DATA_DIR, t))) {
      out[t] = walk(join(DATA_DIR, t)).sort().map((p) => {
        const rel = relative(DATA_DIR, p).split(/[\\/]/).join('/');
        const partition = Object.fromEntries([...rel.matchAll(/([A-Za-z_]\w*)=([^/]+)/g)].map((m) => [m[1], decodeURIComponent(m[2])]));
        return { path: rel, partition };
      });
    }
  }
  return new Response(JSON.stringify(out), { headers: { 'content-type': 'application/json' } });
}
