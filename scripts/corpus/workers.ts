/**
 * A pool of extraction child processes (worker-process.mjs registers the tsx loader, so the TypeScript sources run
 * as they are). A job that crashes its process, exhausts its heap or runs past the time limit fails that file, not
 * the build. Child processes, not worker threads: V8 ends the whole process when an isolate's heap is exhausted in
 * some allocations (a large array, a last-resort GC) even with a worker's resourceLimits, so one heavy file could
 * take the build down (exit 134); a child's heap limit ends only the child.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { bundleJob, failedBundle, type Bundle, type JobRequest } from './bundle.ts';
import type { JobResult } from './job.ts';
import { closeStaged } from './staging.ts';

export interface Extractor {
  run(req: JobRequest): Promise<Bundle>;
  close(): Promise<void>;
}

/** Old-generation limit of an extraction process; the extractor keeps ~25 MB live per text report. */
export const WORKER_HEAP_MB = 512;
export interface PoolOptions { heapMb?: number }

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

export function workerPool(size: number, timeoutMs = DEFAULT_TIMEOUT_MS, opts: PoolOptions = {}): Extractor {
  const p = pool<JobRequest, Bundle>(size, timeoutMs, 'bundle', (_req, code, reason) => failedBundle(code, reason), opts);
  return { run: (req) => p.run(req), close: p.close };
}

export function extractPool(size: number, timeoutMs = DEFAULT_TIMEOUT_MS, opts: PoolOptions = {}): JobRunner {
  const p = pool<ExtractRequest, JobResult>(size, timeoutMs, 'extract', (req, code, reason) =>
    ({ ok: false, code, reason: `${req.file}: ${reason}`, format: null, record: null, sourceText: null, sourceUrl: null }), opts);
  return { run: (bytes, file) => p.run({ file, bytes }), close: p.close };
}

interface Pending<Q, R> { seq: number; req: Q; resolve: (r: R) => void }
interface Slot<Q, R> { child: ChildProcess; exited: Promise<void>; job: Pending<Q, R> | null; timer: NodeJS.Timeout | null; stderr: string }

const ENTRY = new URL('./worker-process.mjs', import.meta.url).pathname;
let spawned = 0;

/** Why a child ended mid-job, in one line (its heap limit, a signal, or its exit code). */
function endReason(slot: { stderr: string }, code: number | null, signal: NodeJS.Signals | null, heapMb: number): string {
  if (/heap out of memory|Reached heap limit|Allocation failed/i.test(slot.stderr)) return `extractor ran out of memory (heap limit ${heapMb} MB)`;
  const last = slot.stderr.trim().split('\n').pop()?.trim().slice(0, 200);
  return (signal ? `extractor process ended by ${signal}` : `extractor process exited (${code})`) + (last ? `: ${last}` : '');
}

function pool<Q extends { bytes: Uint8Array }, R>(size: number, timeoutMs: number, task: Task, failed: (req: Q, code: string, reason: string) => R, opts: PoolOptions) {
  const heapMb = opts.heapMb ?? WORKER_HEAP_MB;
  const queue: Pending<Q, R>[] = [];
  const slots: Slot<Q, R>[] = [];
  let seq = 0;
  let closing = false;

  const spawn = (): Slot<Q, R> => {
    // a bounded heap keeps the build's memory flat in N (V8 otherwise lets a busy heap grow before collecting); a
    // file that needs more ends its own process, and fails alone with the reason
    const child = fork(ENTRY, [], {
      execArgv: [`--max-old-space-size=${heapMb}`],
      // its own staging files: the tag outlives a crashed child's pid, which the system may give to the next one
      env: { ...process.env, GONGKAI_STAGING_TAG: `p${process.pid}-${++spawned}` },
      serialization: 'advanced', // Uint8Array in, structured results out
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    const exited = new Promise<void>((res) => child.once('exit', () => res()));
    const slot: Slot<Q, R> = { child, exited, job: null, timer: null, stderr: '' };
    // the tail of its stderr tells a heap exhaustion from another crash (V8's report of it is long; the file's reason says it)
    child.stderr!.on('data', (d: Buffer) => { slot.stderr = (slot.stderr + d.toString('utf8')).slice(-4096); });
    child.on('message', (msg: { seq: number; result: R }) => {
      const job = slot.job;
      if (!job || job.seq !== msg.seq) return;
      finish(slot, msg.result);
    });
    child.on('error', (err) => { if (slot.job) replace(slot, failed(slot.job.req, 'crash', `extractor crashed (${String(err?.message ?? err).split('\n')[0]})`)); });
    child.on('exit', (code, signal) => { if (!closing && slot.job) replace(slot, failed(slot.job.req, 'crash', endReason(slot, code, signal, heapMb))); });
    child.unref();
    (child as unknown as { channel?: { unref(): void } }).channel?.unref();
    (child.stderr as unknown as { unref?(): void }).unref?.();
    return slot;
  };
  const finish = (slot: Slot<Q, R>, result: R) => {
    const job = slot.job!;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = null; slot.timer = null;
    job.resolve(result);
    pump();
  };
  const stop = (slot: Slot<Q, R>) => {
    if (slot.child.exitCode === null && slot.child.signalCode === null) {
      slot.child.ref(); // held until it has exited: whoever awaits the stop is not left with a process that ended early
      slot.child.kill('SIGKILL');
    }
    return slot.exited;
  };
  const replace = (slot: Slot<Q, R>, result: R) => {
    const i = slots.indexOf(slot);
    if (i < 0) return;
    const job = slot.job;
    slot.job = null;
    if (slot.timer) clearTimeout(slot.timer);
    // the job settles only once the old process has stopped, so nothing it was writing lands after the caller cleans up
    const stopped = stop(slot);
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
      // the channel may be gone (the child just died): its exit handler fails the job
      try { slot.child.send({ seq: job.seq, task, req: job.req }); } catch { /* exit follows */ }
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
      // each process closes its staging files first (one stuck in a job is stopped at once, an idle one after a second)
      await Promise.all(slots.map((s) => new Promise<void>((done) => {
        s.child.ref();
        const timer = setTimeout(done, s.job ? 0 : 1000);
        s.child.on('message', (m: { seq: number }) => { if (m.seq === 0) { clearTimeout(timer); done(); } });
        void s.exited.then(() => { clearTimeout(timer); done(); });
        try { s.child.send({ seq: 0, task: 'close', req: null }); } catch { done(); }
      }).then(() => stop(s))));
    },
  };
}
