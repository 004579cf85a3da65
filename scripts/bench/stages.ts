/**
 * Where a build's CPU goes, per report: the stages a worker runs for one file (scripts/corpus/bundle.ts), each
 * timed alone on one thread over the same synthetic reports (temp dir), then the publish cost per report from a
 * real build of them. The target is 1,000 text reports/s per core, i.e. 1 ms of CPU per report in all;
 * this table says which stage spends how much of it. Also runnable alone: `npm run bench -- --only stages`.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeLines } from '../corpus/bundle.ts';
import { build } from '../corpus/build.ts';
import { merge } from '../corpus/merge.ts';
import { findingStage } from '../corpus/findings.ts';
import { runJob, type JobResult } from '../corpus/job.ts';
import { recordToRows } from '../corpus/rows.ts';
import { appendStaged, closeStaged, linesFor } from '../corpus/staging.ts';
import { digestOf, reportFindings } from '../findings/index.ts';
import { writeSyntheticCorpus } from '../synthetic/corpus.ts';
import type { BenchOptions, BenchSection } from './types.ts';
import { utf8 } from '../corpus/utf8.ts';

const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };

export async function bench(opts: BenchOptions): Promise<BenchSection> {
  const n = opts.sizes?.[0] ?? (opts.full ? 5_000 : 1_000);
  const dir = mkdtempSync(join(tmpdir(), 'bench-stages-'));
  try {
    const input = join(dir, 'reports');
    opts.log(`stages: generating ${n} synthetic reports`);
    await writeSyntheticCorpus(input, n);
    const files = readdirSync(input).sort().map((f) => ({ f, bytes: readFileSync(join(input, f)) }));
    for (const { f, bytes } of files.slice(0, 50)) await runJob(bytes, f); // warm the JIT and the gazetteer

    const spent: Record<string, number> = {};
    const time = <T>(stage: string, fn: () => T): T => { const t0 = cpuMs(); const r = fn(); spent[stage] = (spent[stage] ?? 0) + cpuMs() - t0; return r; };
    const out = join(dir, 'out');
    for (const d of ['records', 'sources', 'staging', 'cache']) mkdirSync(join(out, d), { recursive: true });
    let i = 0;
    for (const { f, bytes } of files) {
      let t0 = cpuMs();
      const r: JobResult = await runJob(bytes, f);
      spent['read + extract + checks'] = (spent['read + extract + checks'] ?? 0) + cpuMs() - t0;
      if (!r.ok || !r.record) continue;
      const id = String(i++).padStart(16, '0');
      const input = { id, record: r.record, text: r.sourceText ?? '' };
      const lines = time('rows → staging lines', () => {
        const rows = recordToRows(r.record!, { id, file: f, format: r.format ?? 'text', sourceText: r.sourceText });
        return { reports: linesFor('reports', [rows.report]), cells: linesFor('cells', rows.cells), checks: linesFor('checks', rows.checks), sections: linesFor('sections', rows.sections), summary: linesFor('summary', [rows.summary]) };
      });
      const more = time('findings (own) + digest', () => ({ findings: linesFor('findings', reportFindings(input).map(findingStage)), digests: linesFor('digests', [digestOf(input)]) }));
      const record = time('record JSON', () => JSON.stringify({ ...r.record, source_text: r.sourceText }) + '\n');
      const parts = time('UTF-8 encoding', () => ({ parts: encodeLines({ ...lines, ...more }), record: utf8(record) }));
      t0 = cpuMs();
      writeFileSync(join(out, 'records', `${id}.json`), parts.record);
      writeFileSync(join(out, 'sources', `${id}.txt`), bytes);
      writeFileSync(join(out, 'cache', `${id}.bin`), Buffer.concat([...Object.values(parts.parts), parts.record]));
      appendStaged(join(out, 'staging'), 'bench', id, parts.parts);
      spent['file writes (record, source, cache, staging)'] = (spent['file writes (record, source, cache, staging)'] ?? 0) + cpuMs() - t0;
    }
    closeStaged();
    const ok = i;
    opts.log(`stages: a real build of the same ${n} reports (in-process): the extraction pass, then its publish (--merge)`);
    const c0 = cpuMs();
    await build({ input, out: join(dir, 'partial'), cacheDir: null, inProcess: true, jobs: 1, progress: false, shard: { k: 1, n: 1 } });
    const c1 = cpuMs();
    await merge([join(dir, 'partial')], join(dir, 'built'), { threads: 1 });
    const c2 = cpuMs();
    const perReport = (ms: number) => ms / ok;
    const rows: BenchSection['rows'] = Object.entries(spent).map(([stage, ms]) => ({ stage, 'ms CPU/report': perReport(ms).toFixed(3) }));
    const worker = Object.values(spent).reduce((a, b) => a + b, 0);
    rows.push({ stage: 'worker total (sum of the above)', 'ms CPU/report': perReport(worker).toFixed(3) });
    rows.push({ stage: 'build, extraction pass (the above + main thread: walk, read, hash, dispatch)', 'ms CPU/report': perReport(c1 - c0).toFixed(3) });
    rows.push({ stage: 'build, publish (dedupe, cross-year, corpus findings, CSV by copying blocks, DuckDB Parquet)', 'ms CPU/report': perReport(c2 - c1).toFixed(3) });
    rows.push({ stage: 'build, total', 'ms CPU/report': perReport(c2 - c0).toFixed(3) });
    return {
      title: `Where the CPU goes: per-report cost of each build stage (${ok} synthetic reports, one thread)`,
      rows,
      notes: [
        'Target: 1,000 reports/s per core = 1 ms of CPU per report for everything.',
        'The build rows come from a real build of the same files in one process (no worker start-up), its publish run as --merge with one DuckDB thread.',
        'File writes are mostly file creation (kernel time), which varies with the machine\'s other I/O.',
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
