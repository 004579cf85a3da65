/** `npm run build:search [-- --data DIR]` — the search index of the published data (default public/data). */
import { buildSearchIndex, closeSearchService } from '../search/build-index.ts';

const i = process.argv.indexOf('--data');
const dataDir = i > 0 ? process.argv[i + 1]! : 'public/data';
const t0 = performance.now();
try {
  const s = await buildSearchIndex(dataDir);
  for (const e of s.errors) console.error(`search index: ${e}`);
  console.log(`search index: ${s.records} reports → ${s.outDir} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
} catch (e: any) {
  console.error(`search index: ${e.message}`);
  process.exitCode = 1;
} finally {
  await closeSearchService();
}
