/**
 * The corpus build: walk → (cache | worker) extraction → staging rows, records/ and sources/ → publish
 * (or, for --shard, stop at the partial output) → atomic swap into --out.
 */
import { publishedSourceName } from './sources.ts';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { SOURCE_FORMATS } from './sources.ts';
import { extname, join, resolve } from 'node:path';
import { ExtractCache, type SidecarKey } from './cache.ts';
import { isCollectorMetadata, readSidecar, SIDECAR_SUFFIX } from '../collect/sidecar.ts';
import { OUTPUT_ERROR } from './bundle.ts';
import { oneLine } from './job.ts';
import { publish, type PublishStats } from './parquet.ts';
import { Progress } from './progress.ts';
import { shortId } from './rows.ts';
import { StagingWriter } from './staging.ts';
import { EXTRACTOR_VERSION, ROWS_VERSION } from './version.ts';
import { walk } from './walk.ts';
import { readAhead } from './readahead.ts';
import { abandonSlot, checkOut, commitSlot, defaultStore, openSlot, placeFile } from './output.ts';
import { inProcessExtractor, workerPool, type Extractor } from './workers.ts';

import { BuildIOError, UsageError } from './errors.ts';
export { BuildIOError, UsageError };

export interface Shard { k: number; n: number }
export interface BuildOptions {
  input: string;
  out: string;
  /** Where the build folders --out links to are kept (output.ts); default defaultStore(out). */
  store?: string;
  jobs?: number;
  shard?: Shard | null;
  partitionByYear?: boolean;
  /** Bucket digits of the tables read by id (parquet.ts bucketDigitsFor); absent = by the number of reports. */
  bucketDigits?: number;
  /** Reports per file of a bucketed corpus's `reports` (parquet.ts REPORTS_PER_PART); for tests. */
  reportsPerPart?: number;
  /** null disables the cache. Default .cache/extract under the current directory. */
  cacheDir?: string | null;
  /** Progress output (stderr by default); false for none. */
  progress?: boolean | { write(s: string): unknown; isTTY?: boolean };
  extractorVersion?: string;
  /** Extract in the main thread (tests: no worker start-up). A file that hangs synchronously then hangs the build. */
  inProcess?: boolean;
  /** Bytes of read files held at once (read ahead, queued or extracting); default READ_BUDGET_BYTES. */
  readBudgetBytes?: number;
  /** For tests: called with each file that was actually extracted (cache miss). */
  onExtract?: (rel: string) => void;
}
export interface BuildResult extends PublishStats {
  extracted: number; cached: number; partial: boolean; seconds: number;
  /** Entries never opened (FIFOs, devices, symlinks out of --input or in loops, unreadable folders), with the reason. */
  skipped: Array<{ path: string; reason: string }>;
  /** Walk + read + extract/cache + records/sources/staging, and the publish (dedupe, cross-year, Parquet/CSV) with the swap. */
  extractSeconds: number; publishSeconds: number;
}

/** What a worker that was stopped mid-job may have written for the file (records/, sources/ under any format's name). */
async function removeOutputs(tmp: string, id: string, rel: string): Promise<void> {
  await rm(join(tmp, 'records', `${id}.json`), { force: true });
  for (const f of [null, ...SOURCE_FORMATS]) await rm(join(tmp, 'sources', publishedSourceName(id, rel, f)), { force: true });
}

export function parseShard(s: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(s);
  const k = m ? Number(m[1]) : NaN, n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || k < 1 || k > n) throw new UsageError(`--shard wants K/N with 1 ≤ K ≤ N, got "${s}"`);
  return { k, n };
}

/** Shard of a file: by its content hash, so identical files always land in the same shard. */
export function shardOf(sha256: string, n: number): number {
  return (parseInt(sha256.slice(0, 8), 16) % n) + 1;
}

interface FileRow { path: string; sha256: string | null; bytes: number; format: string | null; status: 'ok' | 'failed' | 'metadata' | 'skipped'; reason: string | null; report_id: string | null }

export async function build(opts: BuildOptions): Promise<BuildResult> {
  const t0 = Date.now();
  const input = resolve(opts.input);
  const out = resolve(opts.out);
  const version = opts.extractorVersion ?? EXTRACTOR_VERSION;
  const st = await stat(input).catch(() => null);
  if (!st?.isDirectory()) throw new BuildIOError(`--input ${opts.input}: not a readable folder`);
  const cacheDir = opts.cacheDir === undefined ? resolve('.cache/extract') : opts.cacheDir === null ? null : resolve(opts.cacheDir);
  // the cache holds rows and findings as well as the extraction: both versions decide an entry
  const cache = new ExtractCache(cacheDir, `${version}-${ROWS_VERSION}`);

  const store = opts.store ? resolve(opts.store) : defaultStore(out);
  await checkOut(out, { inputs: [{ flag: '--input', dir: input }], store });
  let slot;
  try {
    slot = await openSlot(out, store);
    await mkdir(join(slot.dir, 'records'), { recursive: true });
    await mkdir(join(slot.dir, 'sources'), { recursive: true });
  } catch (e) {
    if (slot) await abandonSlot(slot);
    throw new BuildIOError(`--out ${opts.out}: cannot write (${(e as Error).message})`);
  }
  const tmp = slot.dir;

  try {
    const walked = await walk(input, [out, store, ...(cacheDir ? [cacheDir] : [])]);
    const entries = walked.files;
    const jobs = Math.max(1, opts.jobs ?? availableParallelism());
    // worker threads even for --jobs 1: only a worker can be stopped when a file hangs the extractor
    const extractor: Extractor = opts.inProcess ? inProcessExtractor() : workerPool(jobs);
    const stagingDir = opts.shard ? join(tmp, 'staging') : join(tmp, '.work', 'staging');
    const staging = await StagingWriter.create(stagingDir);
    const progressStream = opts.progress === false ? null : opts.progress === true || opts.progress === undefined ? process.stderr : opts.progress;
    const progress = new Progress(entries.length, progressStream ?? process.stderr, progressStream === null);
    const counts = { done: 0, ok: 0, failed: 0, cached: 0, dup: 0, meta: 0, skipped: 0 };
    const warn = (line: string) => { if (progressStream) progressStream.write(`\n${line}\n`); };
    let extracted = 0;
    // Files are read and hashed one by one in path order, so the first path of identical files is always the one
    // extracted (deterministic); only hashes are kept, not the corpus.
    const seen = new Set<string>();
    const failures: Array<{ path: string; reason: string }> = []; // for a shard's summary (publish lists them otherwise)
    const skippedList: Array<{ path: string; reason: string }> = [];
    const emitFile = (row: FileRow) => {
      if (row.status === 'failed') failures.push({ path: row.path, reason: row.reason ?? '' });
      if (row.status === 'skipped') skippedList.push({ path: row.path, reason: row.reason ?? '' });
      return staging.add('files', [row as unknown as Record<string, string>]);
    };

    // collector sidecars are read only where the walk saw one (no failed open per report)
    const paths = new Set(entries.map((e) => e.rel));
    const sidecarOf = async (rel: string, abs: string | Buffer): Promise<SidecarKey | null> => {
      // the collector names its files in UTF-8: a name that is not has no sidecar
      if (typeof abs !== 'string' || !paths.has(rel + SIDECAR_SUFFIX)) return null;
      try {
        const side = await readSidecar(abs);
        return side ? { url: side.url ?? null, fetched_at: side.fetched_at ?? null } : null;
      } catch (err) { warn(`${rel}: sidecar ignored (${oneLine((err as Error).message)})`); return null; }
    };

    const processBytes = async (rel: string, abs: string | Buffer, bytes: Buffer, sha: string): Promise<void> => {
      const id = shortId(sha);
      const sidecar = await sidecarOf(rel, abs);
      const slot = cache.slot(sha, rel, sidecar);
      const hit = cache.get(slot);
      let b = hit?.bundle ?? null;
      if (hit && b?.ok) {
        placeFile(hit.record, join(tmp, 'records', `${id}.json`));
        writeFileSync(join(tmp, 'sources', publishedSourceName(id, rel, b.format)), bytes);
      }
      if (b) {
        counts.cached++;
      } else {
        extracted++;
        opts.onExtract?.(rel);
        b = await extractor.run({ rel, bytes, id, sha256: sha, sidecar, out: tmp, cache: slot, staging: stagingDir });
        if (b.code === OUTPUT_ERROR) throw new BuildIOError(`--out ${opts.out}: ${b.reason}`);
        if (b.code === 'timeout' || b.code === 'crash') await removeOutputs(tmp, id, rel);
      }
      if (!b.ok) {
        await emitFile({ path: rel, sha256: sha, bytes: bytes.length, format: b.format, status: 'failed', reason: b.reason ?? 'not a report', report_id: null });
        counts.failed++;
        return;
      }
      // a cache hit's rows are appended here (as bytes); an extraction's were appended by its worker
      const lines = hit?.parts ?? b.lines;
      await Promise.all([
        emitFile({ path: rel, sha256: sha, bytes: bytes.length, format: b.format, status: 'ok', reason: null, report_id: id }),
        lines ? staging.appendReport(id, lines) : null,
      ]);
      counts.ok++;
    };

    const limit = Math.max(16, jobs * 8);
    const inflight = new Set<Promise<void>>();
    const tick = () => { counts.done++; progress.update(counts); };
    let fatal: unknown = null;
    try {
      // entries that are not read (FIFOs, devices, symlinks out of --input or in loops, unreadable folders): listed
      // with the reason, once (in shard 1 of a sharded build, so merged shards list them once too)
      const firstShard = !opts.shard || opts.shard.k === 1;
      if (firstShard) for (const s of walked.skipped) {
        counts.skipped++;
        await emitFile({ path: s.rel, sha256: null, bytes: 0, format: null, status: 'skipped', reason: s.reason, report_id: null });
        warn(`${s.rel}: skipped, ${s.reason}`);
      }
      // reads run ahead (overlapping I/O) but are consumed in path order; the bytes held are bounded, not the files
      const reader = readAhead(entries.map((e) => e.abs), { budgetBytes: opts.readBudgetBytes });
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i]!;
        const { outcome: got, release } = await reader.next(i);
        if (!got.ok) {
          release();
          if (firstShard) {
            if (got.status === 'skipped') counts.skipped++; else counts.failed++;
            await emitFile({ path: e.rel, sha256: null, bytes: got.bytes, format: null, status: got.status, reason: got.reason, report_id: null });
          }
          tick();
          continue;
        }
        const bytes = got.bytes;
        const sha = createHash('sha256').update(bytes).digest('hex');
        if (opts.shard && shardOf(sha, opts.shard.n) !== opts.shard.k) { release(); tick(); continue; }
        if (isCollectorMetadata(e.rel)) {
          // the collector's provenance sidecars and state: listed, not read as reports (their URL and date go to reports)
          counts.meta++;
          release();
          await emitFile({ path: e.rel, sha256: sha, bytes: bytes.length, format: 'json', status: 'metadata', reason: e.rel.endsWith(SIDECAR_SUFFIX) ? `collector provenance of ${e.rel.slice(0, -SIDECAR_SUFFIX.length)}` : 'collector state', report_id: null });
          tick();
          continue;
        }
        if (seen.has(sha)) {
          // identical bytes: publish gives this row the first path's status, reason and report (failed or ok) and
          // lists it as a duplicate when ok. No report id of its own: the first copy may have failed, and a staged
          // id is taken for a report to publish
          counts.dup++;
          release();
          await emitFile({ path: e.rel, sha256: sha, bytes: bytes.length, format: null, status: 'ok', reason: null, report_id: null });
          tick();
          continue;
        }
        seen.add(sha);
        const p: Promise<void> = processBytes(e.rel, e.abs, bytes, sha).finally(release).then(tick);
        inflight.add(p);
        // an output I/O error stops the build (after the files in flight settle); a bad report never throws here
        void p.then(() => inflight.delete(p), (err) => { inflight.delete(p); fatal ??= err; });
        if (inflight.size >= limit) await Promise.race(inflight).catch(() => {});
        if (fatal) break;
      }
      await Promise.allSettled(inflight);
      if (fatal) throw fatal;
    } finally {
      await extractor.close();
      await staging.close();
    }
    progress.update(counts, true);
    const tExtracted = Date.now();
    progress.end();

    let stats: PublishStats;
    if (opts.shard) {
      await writeFile(join(tmp, 'partial.json'), JSON.stringify({
        about: 'Partial output of one shard of the Gongkai Atlas corpus build; merge all shards with npm run build:data -- --merge DIR...',
        shard: `${opts.shard.k}/${opts.shard.n}`, k: opts.shard.k, n: opts.shard.n, extractor_version: version,
      }, null, 1) + '\n');
      stats = { read: counts.ok + counts.failed + counts.dup + counts.meta + counts.skipped, ok: counts.ok, metadata: counts.meta, failed: counts.failed, duplicates: 0, reports: counts.ok, checksFailed: 0, failures: failures.sort((a, b) => (a.path < b.path ? -1 : 1)), duplicateList: [] };
    } else {
      stats = await publish([stagingDir], tmp, {
        workDir: join(tmp, '.work'), partitionByYear: opts.partitionByYear, bucketDigits: opts.bucketDigits, reportsPerPart: opts.reportsPerPart, extractorVersion: version, threads: jobs,
        parquetCache: cacheDir ? join(cacheDir, 'parquet') : null,
      });
      await rm(join(tmp, '.work'), { recursive: true, force: true });
    }
    await commitSlot(slot);
    const t1 = Date.now();
    return { ...stats, skipped: skippedList.sort((a, b) => (a.path < b.path ? -1 : 1)), extracted, cached: counts.cached, partial: Boolean(opts.shard), seconds: (t1 - t0) / 1000, extractSeconds: (tExtracted - t0) / 1000, publishSeconds: (t1 - tExtracted) / 1000 };
  } catch (e) {
    await abandonSlot(slot);
    throw e;
  }
}
