/**
 * `npm run build:search [-- [--data] DIR] [--jobs N]` — the search index of the published data (default public/data),
 * its parts written by N Pagefind processes at once (default: the machine's cores, at most 4).
 */
import { buildSearchIndex, closeSearchService } from '../search/build-index.ts';

const arg = (k: string) => { const i = process.argv.indexOf(k); return i > 0 ? process.argv[i + 1] : undefined; };
// the folder as `--data DIR` or as the one argument that is not an option's value
const argv = process.argv.slice(2);
const positional = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && ['--data', '--jobs'].includes(argv[i - 1]!)));
const dataDir = arg('--data') ?? positional[0] ?? 'public/data';
const jobs = arg('--jobs') ? Number(arg('--jobs')) : undefined;
const t0 = performance.now();
try {
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs > 0)) throw new Error(`--jobs ${arg('--jobs')}: a whole number of at least 1`);
  const s = await buildSearchIndex(dataDir, { concurrency: jobs });
  for (const e of s.errors) console.error(`search index: ${e}`);
  console.log(`search index: ${s.records} reports in ${s.parts} parts → ${s.outDir} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
} catch (e: any) {
  console.error(`search index: ${e.message}`);
  process.exitCode = 1;
} finally {
  await closeSearchService();
}
