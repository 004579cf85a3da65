import { reports } from '../lib/data.ts';
import { packIndex } from '../lib/listindex.ts';
export async function GET() {
  return new Response(JSON.stringify(packIndex(await reports())), { headers: { 'content-type': 'application/json' } });
}
