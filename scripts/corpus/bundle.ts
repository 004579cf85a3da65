/**
 * One input file → what it contributes to the build (runs in an extraction worker, or in-process in tests):
 * the extractor's outcome turned into ready staging lines (a Bundle), plus records/<id>.json and the published
 * copy of the original written straight into the build's temp output, and the cache entry. Doing all of this
 * beside the extraction keeps the main thread to reading, hashing and appending, so it is never the bottleneck.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { putCache, type CacheSlot, type SidecarKey } from './cache.ts';
import { placeFile } from './output.ts';
import { bareReason, runJob, type JobResult } from './job.ts';
import { recordToRows } from './rows.ts';
import { digestOf, reportFindings, type FindingInput } from '../findings/index.ts';
import { findingStage } from './findings.ts';
import { publishedSourceName } from './sources.ts';
import { appendStaged, linesFor, type StagingTable } from './staging.ts';
import { threadId } from 'node:worker_threads';
import { utf8 } from './utf8.ts';

export interface JobRequest {
  /** Path relative to the input folder. */
  rel: string;
  bytes: Uint8Array;
  /** Report id (short content hash) and the full sha256 of the bytes. */
  id: string;
  sha256: string;
  sidecar: SidecarKey | null;
  /** The build's temp output folder (records/ and sources/ are written there); null writes nothing. */
  out: string | null;
  /** Staging folder: the report's rows are appended there by the thread that made them (and left out of the returned bundle). */
  staging: string | null;
  cache: CacheSlot | null;
}

/** The staging lines of one report, per table (files rows are the main thread's: it lists every path). */
export type StagedLines = Partial<Record<StagingTable, string>>;

export interface Bundle {
  ok: boolean;
  code: string | null;
  /** Without the file name (files has the path in its own column). */
  reason: string | null;
  format: string | null;
  /** The rows (null for a failure, and in the answer to a job that staged them itself). */
  lines: StagedLines | null;
}

/** The extractor's outcome → bundle and records/<id>.json text (pure). */
export function bundleOf(req: Pick<JobRequest, 'rel' | 'id' | 'sha256' | 'sidecar'> & { size: number }, r: JobResult): { bundle: Bundle; recordJson: string | null } {
  if (!r.ok || !r.record) {
    return { bundle: { ok: false, code: r.code, reason: r.reason ? bareReason(r.reason, req.rel) : 'not a report', format: r.format, lines: null }, recordJson: null };
  }
  const record = r.record;
  const format = r.format ?? record.source?.format ?? 'text';
  record.source = { ...(record.source ?? { encoding: null }), file: req.rel, format, sha256: req.sha256, bytes: req.size } as NonNullable<typeof record.source>;
  const rows = recordToRows(record, {
    id: req.id, file: req.rel, format, sourceText: r.sourceText,
    sourceUrl: req.sidecar?.url ?? r.sourceUrl, fetchedAt: req.sidecar?.fetched_at ?? null,
  });
  const lines: StagedLines = {
    reports: linesFor('reports', [rows.report]),
    cells: linesFor('cells', rows.cells),
    checks: linesFor('checks', rows.checks),
    sections: linesFor('sections', rows.sections),
    slim_records: linesFor('slim_records', rows.slim_records),
    summary: linesFor('summary', [rows.summary]),
    ...findingLines({ id: req.id, record, text: r.sourceText ?? '' }),
  };
  return { bundle: { ok: true, code: null, reason: null, format: r.format, lines }, recordJson: JSON.stringify({ ...record, source_text: r.sourceText }) + '\n' };
}

/** The report's own findings, and its digest for the corpus-wide rules run at publish (scripts/findings). */
function findingLines(input: FindingInput): StagedLines {
  return { findings: linesFor('findings', reportFindings(input).map(findingStage)), digests: linesFor('digests', [digestOf(input)]) };
}

/**
 * A report's staging lines and record as UTF-8, encoded once and written as they are to staging, records/ and the cache
 * (encoding Chinese text is a real cost on Node 20: ~4 µs a KB, and a report has ~100 KB of it).
 */
export type StagedBytes = Partial<Record<StagingTable, Buffer>>;

export function encodeLines(lines: StagedLines): StagedBytes {
  const out: StagedBytes = {};
  for (const [t, text] of Object.entries(lines) as Array<[StagingTable, string]>) if (text) out[t] = utf8(text);
  return out;
}

/** Extract, write the report's files into the temp output and the cache, and hand back its bundle. */
export async function bundleJob(req: JobRequest): Promise<Bundle> {
  const r = await runJob(req.bytes, req.rel);
  const { bundle, recordJson } = bundleOf({ ...req, size: req.bytes.length }, r);
  const record = recordJson === null ? null : utf8(recordJson);
  const parts = bundle.lines ? encodeLines(bundle.lines) : null;
  // cached first, so records/ can link the cached record instead of writing its bytes a second time
  const cachedRecord = putCache(req.cache, bundle, parts, record);
  if (req.out && record) {
    try {
      placeFile(cachedRecord, join(req.out, 'records', `${req.id}.json`), record);
      writeFileSync(join(req.out, 'sources', publishedSourceName(req.id, req.rel, r.format)), req.bytes);
    } catch (e) {
      // the build's own output failed (disk full, permissions): the build stops, the file is not to blame
      return failedBundle(OUTPUT_ERROR, `cannot write the build output (${(e as Error).message.split('\n')[0]})`);
    }
  }
  if (req.staging && parts) {
    // each extraction process is given its own tag (workers.ts): child processes all have thread id 0
    appendStaged(req.staging, process.env.GONGKAI_STAGING_TAG ?? `t${threadId}`, req.id, parts);
    return { ...bundle, lines: null };
  }
  return bundle;
}

/** Bundle code of a failure to write the build's output: fatal for the build, never cached. */
export const OUTPUT_ERROR = 'output';

/** A failed bundle for a job that never finished (timeout, crash). */
export function failedBundle(code: string, reason: string): Bundle {
  return { ok: false, code, reason, format: null, lines: null };
}
