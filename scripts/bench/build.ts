/**
 * npm run bench [-- --full] [--jobs N] [--sizes 1000,5000] [--only corpus]
 * Runs every benchmark section in scripts/bench/ (a module exporting `bench(opts)`) and prints its figures.
 */
import { readdir } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import type { BenchOptions, BenchSection } from './types.ts';

const args = process.argv.slice(2);
const val = (flag: string) => { const i = args.indexOf(flag); return i >= 0 ? args[i + 1] : undefined; };
const opts: BenchOptions = {
  full: args.includes('--full'),
  jobs: Number(val('--jobs') ?? availableParallelism()),
  sizes: val('--sizes') ? val('--sizes')!.split(',').map(Number) : null,
  log: (s) => process.stderr.write(`bench: ${s}\n`),
};
const only = val('--only');

function table(rows: BenchSection['rows']): string {
  if (rows.length === 0) return '(no rows)';
  const cols = Object.keys(rows[0]!);
  const cells = [cols, ...rows.map((r) => cols.map((c) => String(r[c] ?? '')))];
  const w = cols.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells.map((r, j) => r.map((c, i) => c.padStart(w[i]!)).join('  ') + (j === 0 ? '\n' + w.map((x) => '-'.repeat(x)).join('  ') : '')).join('\n');
}

const dir = new URL('.', import.meta.url);
const modules = (await readdir(dir)).filter((f) => /\.ts$/.test(f) && !/\.test\.ts$/.test(f) && !['build.ts', 'build-child.ts', 'synthetic.ts', 'types.ts'].includes(f)).sort();
process.stdout.write(`Gongkai Atlas benchmarks — ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}, Node ${process.version}, jobs ${opts.jobs}\n`);
for (const f of modules) {
  const name = f.replace(/\.ts$/, '');
  if (only && only !== name) continue;
  const mod = (await import(new URL(f, dir).href)) as { bench?: (o: BenchOptions) => Promise<BenchSection> };
  if (typeof mod.bench !== 'function') continue;
  const s = await mod.bench(opts);
  process.stdout.write(`\n## ${s.title}\n${table(s.rows)}\n${(s.notes ?? []).map((n) => `- ${n}`).join('\n')}\n`);
}
