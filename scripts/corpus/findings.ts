/**
 * findings.parquet, streamed: each worker stages its report's own findings and a small digest
 * (bundle.ts); publish runs the corpus-wide rules over the digests of the published reports, loading a full
 * record (records/<id>.json, with its source text) only for the few pairs copy-paste must verify and cite.
 * Memory grows with the digests (~1 KB a report), not with the records and texts.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { corpusFindingsFromDigests, findingRow, type CorpusDigest, type Finding, type FindingInput } from '../findings/index.ts';
import type { ReportRecord } from '../template/record.ts';
import { Worker } from 'node:worker_threads';
import { readJsonl } from './staging.ts';

/** A staged finding: its published row plus the sort keys of sortFindings (first evidence span), so publish can order the union. */
export function findingStage(f: Finding): ReturnType<typeof findingRow> & { k_line: number; k_start: number } {
  return { ...findingRow(f), k_line: f.evidence[0]?.line ?? -1, k_start: f.evidence[0]?.start ?? -1 };
}

/** Corpus-wide findings of the published reports → JSON lines in `file`; returns their number. */
export async function stageCorpusFindings(digestFiles: string[], published: Set<string>, outDir: string, file: string): Promise<number> {
  const digests: CorpusDigest[] = [];
  for (const f of digestFiles) for await (const d of readJsonl<CorpusDigest>(f)) if (published.has(d.id)) digests.push(d);
  digests.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)); // staging order depends on which worker finished first
  const load = async (id: string): Promise<FindingInput> => {
    const { source_text, ...record } = JSON.parse(await readFile(join(outDir, 'records', `${id}.json`), 'utf8')) as ReportRecord & { source_text?: string };
    return { id, record: record as ReportRecord, text: source_text ?? '' };
  };
  const rows = (await corpusFindingsFromDigests(digests, load)).map((f) => JSON.stringify(findingStage(f)) + '\n');
  await writeFile(file, rows.join(''));
  return rows.length;
}

/** stageCorpusFindings in a worker thread, whose heap is released when it ends (see findings-worker.ts). */
export function stageCorpusFindingsInWorker(digestFiles: string[], published: Set<string>, outDir: string, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const entry = JSON.stringify(new URL('./findings-worker.ts', import.meta.url).href);
    const worker = new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${entry}); })`, {
      eval: true, workerData: { digestFiles, published: [...published], outDir, file },
    });
    let n: number | null = null;
    worker.on('message', (m: { n: number }) => { n = m.n; });
    worker.on('error', reject);
    worker.on('exit', (code) => (n !== null ? resolve(n) : reject(new Error(`corpus findings worker exited (${code}) without a result`))));
  });
}
