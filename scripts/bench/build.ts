/**
 * npm run bench [-- --full] [--jobs N] [--sizes 1000,5000] [--only corpus]
 * Runs every benchmark section in scripts/bench/ (a module exporting `bench(opts): Promise<BenchSection>`, see
 * types.ts) and prints its figures. Standalone benchmarks (bench:site, bench:findings) keep their own npm scripts.
 */
import { readdir, readFile } from 'node:fs/promises';
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
// Only modules that export `bench` are sections; others (standalone scripts such as bench:site) run on import, so they
// are recognised by their source text and never imported.
const modules: string[] = [];
for (const f of (await readdir(dir)).filter((x) => /\.ts$/.test(x) && !/\.test\.ts$/.test(x) && x !== 'build.ts').sort()) {
  if (/export\s+(async\s+)?function\s+bench\b|export\s+const\s+bench\b/.test(await readFile(new URL(f, dir), 'utf8'))) modules.push(f);
}
process.stdout.write(`Gongkai Atlas benchmarks — ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}, Node ${process.version}, jobs ${opts.jobs}\n`);
for (const f of modules) {
  const name = f.replace(/\.ts$/, '');
  if (only && only !== name) continue;
  const mod = (await import(new URL(f, dir).href)) as { bench?: (o: BenchOptions) => Promise<BenchSection> };
  if (typeof mod.bench !== 'function') continue;
  const s = await mod.bench(opts);
  process.stdout.write(`\n## ${s.title}\n${table(s.rows)}\n${(s.notes ?? []).map((n) => `- ${n}`).join('\n')}\n`);
}
