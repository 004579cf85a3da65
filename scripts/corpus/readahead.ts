/**
 * Reading the walked files ahead of their extraction, bounded in bytes: a file's bytes count against the budget from
 * the moment they are read until the build releases them (after its extraction), so many large files are never held
 * at once. Each file is opened without blocking and checked to be a regular file before a byte is read (a FIFO put
 * where a file was after the walk is refused, not waited on); a file over MAX_FILE_BYTES is refused unread.
 */
import { close, constants, fstat, open, read } from 'node:fs';

/** Largest file read (the extractor refuses far smaller texts; a PDF or DOCX this large is not a report). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
/** Bytes of read files held at once by default (read ahead, queued or being extracted). */
export const READ_BUDGET_BYTES = 256 * 1024 * 1024;
/** Files read ahead at most (small files: the byte budget does not bind). */
export const READ_AHEAD_FILES = 32;

export type ReadOutcome =
  | { ok: true; bytes: Buffer }
  | { ok: false; status: 'failed' | 'skipped'; reason: string; bytes: number };

/** Bytes held, granted first come first served; one request larger than the budget is granted when nothing is held. */
export class ByteBudget {
  held = 0;
  peak = 0;
  private waiting: Array<{ n: number; go: () => void }> = [];
  constructor(readonly limit: number) {}
  acquire(n: number): Promise<void> {
    return new Promise((go) => { this.waiting.push({ n, go }); this.grant(); });
  }
  release(n: number): void {
    this.held -= n;
    this.grant();
  }
  private grant() {
    while (this.waiting.length) {
      const w = this.waiting[0]!;
      if (this.held > 0 && this.held + w.n > this.limit) return;
      this.waiting.shift();
      this.held += w.n;
      this.peak = Math.max(this.peak, this.held);
      w.go();
    }
  }
}

const call = <T>(f: (cb: (err: NodeJS.ErrnoException | null, v: T) => void) => void) =>
  new Promise<T>((res, rej) => f((err, v) => (err ? rej(err) : res(v))));

interface Opened { fd: number; size: number }

/** Open without blocking or following a final symlink (the walk hands over real paths) and check what it is. */
async function openRegular(path: string | Buffer, maxBytes: number): Promise<Opened | Exclude<ReadOutcome, { ok: true }>> {
  let fd: number;
  try {
    fd = await call<number>((cb) => open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW, cb));
  } catch (e) {
    return { ok: false, status: 'failed', reason: `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, bytes: 0 };
  }
  try {
    const st = await call<import('node:fs').Stats>((cb) => fstat(fd, cb));
    if (!st.isFile()) return done(fd, { ok: false, status: 'skipped', reason: 'not a regular file when opened (it changed after the walk); not read', bytes: 0 });
    if (st.size > maxBytes) return done(fd, { ok: false, status: 'failed', reason: `too_large: ${st.size} bytes is more than the ${maxBytes}-byte limit of a file; not read`, bytes: st.size });
    return { fd, size: st.size };
  } catch (e) {
    return done(fd, { ok: false, status: 'failed', reason: `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, bytes: 0 });
  }
}
function done<T>(fd: number, v: T): T { close(fd, () => {}); return v; }

/** The file's bytes, at most the size it had when opened (a file still growing is read as it was). */
async function readBody(o: Opened): Promise<ReadOutcome> {
  const buf = Buffer.allocUnsafe(o.size);
  let at = 0;
  try {
    while (at < o.size) {
      const n = await call<number>((cb) => read(o.fd, buf, at, o.size - at, at, cb));
      if (n === 0) break;
      at += n;
    }
  } catch (e) {
    return { ok: false, status: 'failed', reason: `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, bytes: 0 };
  } finally { close(o.fd, () => {}); }
  return { ok: true, bytes: at === o.size ? buf : buf.subarray(0, at) };
}

export interface ReadAheadOptions { budgetBytes?: number; files?: number; maxFileBytes?: number }
export interface Read { outcome: ReadOutcome; /** Give the bytes' share of the budget back (once; after use). */ release(): void }

/**
 * Files read ahead in order: `next(i)` resolves with file i (call it for 0, 1, 2 … in order). Reads of later files run
 * while earlier ones are used, up to `files` ahead and within `budgetBytes` of bytes not yet released.
 */
export function readAhead(paths: Array<string | Buffer>, opts: ReadAheadOptions = {}) {
  const budget = new ByteBudget(opts.budgetBytes ?? READ_BUDGET_BYTES);
  const ahead = Math.max(1, opts.files ?? READ_AHEAD_FILES);
  const maxBytes = opts.maxFileBytes ?? MAX_FILE_BYTES;
  const reads: Array<Promise<Read> | undefined> = [];
  let started = 0;
  // the budget is taken in path order, so a large file waits only for the files before it
  let turn: Promise<unknown> = Promise.resolve();
  const start = (i: number) => {
    const opened = openRegular(paths[i]!, maxBytes);
    const granted = turn.then(async () => {
      const o = await opened;
      if (!('ok' in o)) await budget.acquire(o.size);
      return o;
    });
    turn = granted.catch(() => {});
    reads[i] = granted.then(async (o): Promise<Read> => {
      if ('ok' in o) return { outcome: o, release: () => {} };
      let released = false;
      const release = () => { if (!released) { released = true; budget.release(o.size); } };
      return { outcome: await readBody(o), release };
    });
  };
  return {
    budget,
    next(i: number): Promise<Read> {
      while (started < paths.length && started <= i + ahead) start(started++);
      const r = reads[i]!;
      reads[i] = undefined; // let the consumed read go
      return r;
    },
  };
}
