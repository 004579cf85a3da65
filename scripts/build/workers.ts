/**
 * A pool of extraction worker threads (worker_threads + the tsx loader, so the TypeScript sources run
 * as they are). A job that crashes its worker or runs past the time limit fails that file, not the build.
 */
import { Worker } from 'node:worker_threads';
import { runJob, type JobResult } from './job.ts';

export interface Extractor {
  run(bytes: Uint8Array, file: string): Promise<JobResult>;
  close(): Promise<void>;
}

/** Old-generation limit of an extraction worker; the extractor keeps ~25 MB live per text report. */
export const WORKER_HEAP_MB = 512;

const failed = (file: string, code: string, reason: string): JobResult =>
  ({ ok: false, code, reason: `${file}: ${reason}`, format: null, record: null, sourceText: null, sourceUrl: null });

export const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * In-process extraction (tests, and builds with `inProcess`): same results, no thread start-up cost. A file whose
 * extraction stops making progress asynchronously ends as 'timeout' after `timeoutMs`; a synchronous hang cannot be
 * interrupted in-process, which is why the build itself always extracts in worker threads (--jobs 1 = one worker).
 */
export function inProcessExtractor(timeoutMs = DEFAULT_TIMEOUT_MS): Extractor {
  return {
    async run(bytes, file) {
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<JobResult>((res) => {
        timer = setTimeout(() => res(failed(file, 'timeout', `extraction took longer than ${timeoutMs / 1000} s`)), timeoutMs);
        timer.unref?.();
      });
      try {
        return await Promise.race([runJob(bytes, file), limit]);
      } catch (e) {
        return failed(file, 'corrupt', `could not be read (${String((e as Error)?.message ?? e).split('\n')[0]})`);
      } finally { clearTimeout(timer); }
    },
    async close() {},
  };
}

interface Pending { seq: number; file: string; bytes: Uint8Array; resolve: (r: JobResult) => void }
interface Slot { worker: Worker; job: Pending | null; timer: NodeJS.Timeout | null }

export function workerPool(size: number, timeoutMs = DEFAULT_TIMEOUT_MS): Extractor {
  const queue: Pending[] = [];
  const slots: Slot[] = [];
  let seq = 0;
  let closing = false;

  const spawn = (): Slot => {
    // `execArgv: ['--import', 'tsx']` does not reach a worker's ESM loader on Node 20, so the worker
    // registers tsx itself before importing the TypeScript entry.
    const worker = new Worker(
      `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)}); })`,
      // a bounded heap keeps the build's memory flat in N (V8 otherwise lets a busy isolate's heap grow before
      // collecting); a file that needs more fails alone, with the reason, instead of exhausting the machine
      { eval: true, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } },
    );
    const slot: Slot = { worker, job: null, timer: null };
    worker.on('message', (msg: { seq: number; result: JobResult }) => {
      const job = slot.job;
      if (!job || job.seq !== msg.seq) return;
      finish(slot, msg.result);
    });
    worker.on('error', (err) => replace(slot, failed(slot.job?.file ?? '?', 'crash', `extractor crashed (${String(err?.message ?? err).split('\n')[0]})`)));
    worker.on('exit', (code) => { if (!closing && slot.job) replace(slot, failed(slot.job.file, 'crash', `extractor worker exited (${code})`)); });
    worker.unref();
    return slot;
  };
  const finish = (slot: Slot, result: JobResult) => {
    const job = slot.job!;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = null; slot.timer = null;
    job.resolve(result);
    pump();
  };
  const replace = (slot: Slot, result: JobResult) => {
    const i = slots.indexOf(slot);
    if (i < 0) return;
    const job = slot.job;
    slot.job = null;
    if (slot.timer) clearTimeout(slot.timer);
    void slot.worker.terminate();
    slots[i] = spawn();
    if (job) job.resolve(result);
    pump();
  };
  const pump = () => {
    for (const slot of slots) {
      if (slot.job || queue.length === 0) continue;
      const job = queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => replace(slot, failed(job.file, 'timeout', `extraction took longer than ${timeoutMs / 1000} s`)), timeoutMs);
      // copy into a transferable buffer (the caller's buffer may be a pooled slice)
      const copy = new Uint8Array(job.bytes);
      slot.worker.postMessage({ seq: job.seq, file: job.file, bytes: copy }, [copy.buffer]);
    }
  };
  return {
    run(bytes, file) {
      return new Promise<JobResult>((resolve) => {
        queue.push({ seq: ++seq, file, bytes, resolve });
        if (slots.length < size) slots.push(spawn());
        pump();
      });
    },
    async close() {
      closing = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
