/**
 * Corpus build benchmark: synthetic corpora of N text reports (temp dir), a cold build in a child process
 * (so peak RSS is the build's own), output bytes per report, and the rebuild after adding one file.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractorVersion } from '../corpus/version.ts';
import { writeSyntheticCorpus } from '../synthetic/corpus.ts';
import type { BenchOptions, BenchSection } from './types.ts';

const CHILD = fileURLToPath(new URL('./build-child.ts', import.meta.url));

interface ChildResult { ok: number; read: number; failed: number; duplicates: number; extracted: number; cached: number; seconds: number; extractSeconds: number; publishSeconds: number; maxRssMB: number; cpuSeconds: number; conversions?: { converted: number; reused: number } }

function runChild(input: string, out: string, cache: string, jobs: number, version: string, layout: 'flat' | 'by-year' = 'flat'): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', CHILD, input, out, cache, String(jobs), version, layout], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    p.stdout.on('data', (d) => { buf += d; });
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(buf.trim().split('\n').pop()!)) : reject(new Error(`build child exited ${code}`))));
  });
}

async function sizeOf(path: string): Promise<number> {
  const st = await stat(path).catch(() => null);
  if (!st) return 0;
  if (!st.isDirectory()) return st.size;
  let n = 0;
  for (const e of await readdir(path)) n += await sizeOf(join(path, e));
  return n;
}

export async function bench(opts: BenchOptions): Promise<BenchSection> {
  const sizes = opts.sizes ?? (opts.full ? [1_000, 10_000, 100_000] : [1_000, 10_000]);
  const rows: BenchSection['rows'] = [];
  const version = extractorVersion();
  for (const n of sizes) {
    const dir = await mkdtemp(join(tmpdir(), `bench-${n}-`));
    try {
      const input = join(dir, 'reports'), out = join(dir, 'out'), cache = join(dir, 'cache');
      opts.log(`corpus: generating ${n} synthetic reports in ${input}`);
      const bytes = await writeSyntheticCorpus(input, n);
      opts.log(`corpus: cold build of ${n} (jobs ${opts.jobs})`);
      const cold = await runChild(input, out, cache, opts.jobs, version);
      const per = async (f: string) => (await sizeOf(join(out, f))) / cold.ok;
      const [reports, cells, checks, sections] = await Promise.all(['reports.parquet', 'cells.parquet', 'checks.parquet', 'sections.parquet'].map(per));
      opts.log('corpus: rebuild with no change');
      const same = await runChild(input, out, cache, opts.jobs, version);
      await writeSyntheticCorpus(input, 1, { from: n });
      opts.log('corpus: rebuild after adding one file');
      const inc = await runChild(input, out, cache, opts.jobs, version);
      // the layout for a national corpus: after one build by year, another file added touches only its year's Parquet
      opts.log('corpus: by year (--partition-by-year), then again after adding one more file');
      const byYear = join(dir, 'out-by-year');
      await runChild(input, byYear, cache, opts.jobs, version, 'by-year');
      await writeSyntheticCorpus(input, 1, { from: n + 1 });
      const incYear = await runChild(input, byYear, cache, opts.jobs, version, 'by-year');
      rows.push({
        reports: n,
        'input MB': +(bytes / 1e6).toFixed(1),
        ok: cold.ok,
        'build s': +cold.seconds.toFixed(1),
        'of which publish s': +cold.publishSeconds.toFixed(1),
        'reports/s': Math.round(cold.ok / cold.seconds),
        'per core (wall)': Math.round(cold.ok / cold.seconds / opts.jobs),
        'per CPU-s': Math.round(cold.ok / cold.cpuSeconds),
        'peak RSS MB': Math.round(cold.maxRssMB),
        'B/report reports.parquet': Math.round(reports),
        'B/report cells.parquet': Math.round(cells),
        'B/report checks.parquet': Math.round(checks),
        'B/report sections.parquet': Math.round(sections),
        'no-change rebuild s': +same.seconds.toFixed(1),
        '+1 file rebuild s': +inc.seconds.toFixed(1),
        'of which publish s ': +inc.publishSeconds.toFixed(1),
        '+1 file CPU s': +inc.cpuSeconds.toFixed(1),
        '+1 extracted': inc.extracted,
        '+1 file by year s': +incYear.seconds.toFixed(1),
        'of which publish s  ': +incYear.publishSeconds.toFixed(1),
        'by year: Parquet reused': `${incYear.conversions?.reused ?? 0}/${(incYear.conversions?.reused ?? 0) + (incYear.conversions?.converted ?? 0)}`,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return {
    title: 'Corpus build (npm run build:data) on synthetic reports (every text layout and Word HTML)',
    rows,
    notes: [
      'Synthetic reports (scripts/synthetic/corpus.ts): random valid tables in every text layout and Word HTML, agencies of four levels with six consecutive years each, varied prose with 5 % planted copies; written to a temp dir and deleted.',
      'Cold build = empty extraction cache; time includes worker start-up, extraction, staging, dedupe/cross-year and the DuckDB publish (Parquet + CSV).',
      '"numeric tables" = reports.parquet + cells.parquet; "no-change rebuild" = the same input again; "+1 file" = same input plus one new report, cache warm.',
      '"+1 file by year" = --partition-by-year: one build by year, then one more report added; only the Parquet of the years whose rows changed is converted again (the rest is copied from the cache by content).',
      '"per CPU-s" = reports per second of CPU time used by the build process (all threads): the per-core rate without other load on the machine.',
    ],
  };
}
