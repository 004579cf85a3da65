/** Which Parquet files make up each published table, with their sizes and footer lengths, for the browser (src/lib/datafiles.ts). */
import { DATA_DIR } from '../lib/data.ts';
import { PUBLISHED_TABLES, tableFileList, type DataFile } from '../lib/datafiles.ts';

export async function GET() {
  const out: Record<string, DataFile[]> = {};
  for (const t of PUBLISHED_TABLES) { const fl = tableFileList(DATA_DIR, t); if (fl) out[t] = fl; }
  return new Response(JSON.stringify(out), { headers: { 'content-type': 'application/json' } });
}
