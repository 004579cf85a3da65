/**
 * A pool of extraction worker threads (worker_threads + the tsx loader, so the TypeScript sources run
 * as they are). A job that crashes its worker or runs past the time limit fails that file, not the build.
 */
import { Worker } from 'node:worker_threads';
import { bundleJob, failedBundle, type Bundle, type JobRequest } from './bundle.ts';
import type { JobResult } from './job.ts';
import { closeStaged } from './staging.ts';

export interface Extractor {
  run(req: JobRequest): Promise<Bundle>;
  close(): Promise<void>;
}

/** Old-generation limit of an extraction worker; the extractor keeps ~25 MB live per text report. */
export const WORKER_HEAP_MB = 512;

export const DEFAULT_TIMEOUT_MS = 120_000;

const timedOut = (ms: number) => failedBundle('timeout', `extraction took longer than ${ms / 1000} s`);

/**
 * In-process extraction (tests, and builds with `inProcess`): same results, no thread start-up cost. A file whose
 * extraction stops making progress asynchronously ends as 'timeout' after `timeoutMs`; a synchronous hang cannot be
 * interrupted in-process, which is why the build itself always extracts in worker threads (--jobs 1 = one worker).
 */
export function inProcessExtractor(timeoutMs = DEFAULT_TIMEOUT_MS): Extractor {
  return {
    async run(req) {
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<Bundle>((res) => {
        timer = setTimeout(() => res(timedOut(timeoutMs)), timeoutMs);
        timer.unref?.();
      });
      try {
        return await Promise.race([bundleJob(req), limit]);
      } catch (e) {
        return failedBundle('corrupt', `could not be read (${String((e as Error)?.message ?? e).split('\n')[0]})`);
      } finally { clearTimeout(timer); }
    },
    async close() { closeStaged(); },
  };
}

/**
 * The worker's tasks: a build job (bundle), a bare extraction (the fuzzer's budgeted runs want the record), and
 * `close` (close its staging files) before the pool stops it.
 */
export type Task = 'bundle' | 'extract' | 'close';
export interface ExtractRequest { file: string; bytes: Uint8Array }

/** Bare extraction in workers with the same time limit and crash isolation as the build (scripts/fuzz). */
export interface JobRunner {
  run(bytes: Uint8Array, file: string): Promise<JobResult>;
  close(): Promise<void>;
}

export function workerPool(size: number, timeoutMs = DEFAULT_TIMEOUT_MS): Extractor {
  const p = pool<JobRequest, Bundle>(size, timeoutMs, 'bundle', (_req, code, reason) => failedBundle(code, reason));
  return { run: (req) => p.run(req), close: p.close };
}

export function extractPool(size: number, timeoutMs = DEFAULT_TIMEOUT_MS): JobRunner {
  const p = pool<ExtractRequest, JobResult>(size, timeoutMs, 'extract', (req, code, reason) =>
    ({ ok: false, code, reason: `${req.file}: ${reason}`, format: null, record: null, sourceText: null, sourceUrl: null }));
  return { run: (bytes, file) => p.run({ file, bytes }), close: p.close };
}

interface Pending<Q, R> { seq: number; req: Q; resolve: (r: R) => void }
interface Slot<Q, R> { worker: Worker; job: Pending<Q, R> | null; timer: NodeJS.Timeout | null }

function pool<Q extends { bytes: Uint8Array }, R>(size: number, timeoutMs: number, task: Task, failed: (req: Q, code: string, reason: string) => R) {
  const queue: Pending<Q, R>[] = [];
  const slots: Slot<Q, R>[] = [];
  let seq = 0;
  let closing = false;

  const spawn = (): Slot<Q, R> => {
    // `execArgv: ['--import', 'tsx']` does not reach a worker's ESM loader on Node 20, so the worker
    // registers tsx itself before importing the TypeScript entry.
    const worker = new Worker(
      `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)}); })`,
      // a bounded heap keeps the build's memory flat in N (V8 otherwise lets a busy isolate's heap grow before
      // collecting); a file that needs more fails alone, with the reason, instead of exhausting the machine
      { eval: true, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } },
    );
    const slot: Slot<Q, R> = { worker, job: null, timer: null };
    worker.on('message', (msg: { seq: number; result: R }) => {
      const job = slot.job;
      if (!job || job.seq !== msg.seq) return;
      finish(slot, msg.result);
    });
    worker.on('error', (err) => { if (slot.job) replace(slot, failed(slot.job.req, 'crash', `extractor crashed (${String(err?.message ?? err).split('\n')[0]})`)); });
    worker.on('exit', (code) => { if (!closing && slot.job) replace(slot, failed(slot.job.req, 'crash', `extractor worker exited (${code})`)); });
    worker.unref();
    return slot;
  };
  const finish = (slot: Slot<Q, R>, result: R) => {
    const job = slot.job!;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = null; slot.timer = null;
    job.resolve(result);
    pump();
  };
  const replace = (slot: Slot<Q, R>, result: R) => {
    const i = slots.indexOf(slot);
    if (i < 0) return;
    const job = slot.job;
    slot.job = null;
    if (slot.timer) clearTimeout(slot.timer);
    // the job settles only once the old worker has stopped, so nothing it was writing lands after the caller cleans up
    const stopped = slot.worker.terminate();
    slots[i] = spawn();
    if (job) void stopped.then(() => job.resolve(result), () => job.resolve(result));
    pump();
  };
  const pump = () => {
    for (const slot of slots) {
      if (slot.job || queue.length === 0) continue;
      const job = queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => replace(slot, failed(job.req, 'timeout', `extraction took longer than ${timeoutMs / 1000} s`)), timeoutMs);
      // copy into a transferable buffer (the caller's buffer may be a pooled slice)
      const bytes = new Uint8Array(job.req.bytes);
      slot.worker.postMessage({ seq: job.seq, task, req: { ...job.req, bytes } }, [bytes.buffer]);
    }
  };
  return {
    run(req: Q) {
      return new Promise<R>((resolve) => {
        queue.push({ seq: ++seq, req, resolve });
        if (slots.length < size) slots.push(spawn());
        pump();
      });
    },
    async close() {
      closing = true;
      // each worker closes its staging files first (a worker stuck in a job is stopped after a second)
      await Promise.all(slots.map((s) => new Promise<void>((done) => {
        const timer = setTimeout(done, s.job ? 0 : 1000);
        s.worker.on('message', (m: { seq: number }) => { if (m.seq === 0) { clearTimeout(timer); done(); } });
        s.worker.once('exit', () => { clearTimeout(timer); done(); });
        s.worker.postMessage({ seq: 0, task: 'close', req: null });
      }).then(() => s.worker.terminate())));
    },
  };
}
