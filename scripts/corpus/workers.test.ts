import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { JobRequest } from './bundle.ts';

// a file whose extraction never finishes, simulated for the in-process extractor
vi.mock('./job.ts', async (orig) => {
  const real = await orig<typeof import('./job.ts')>();
  return { ...real, runJob: (bytes: Uint8Array, file: string) => (file.endsWith('hang.txt') ? new Promise(() => {}) : real.runJob(bytes, file)) };
});

const { inProcessExtractor, workerPool, extractPool } = await import('./workers.ts');
const { runJob } = await import('./job.ts');
const { ExtractCache } = await import('./cache.ts');
const { stagingFiles } = await import('./staging.ts');
const NAME = 'pingtan_001_junshan-pianqu_2022.txt';
const REPORT = new URL(`../../data/reports/${NAME}`, import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'workers-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function request(bytes: Uint8Array, rel: string, over: Partial<JobRequest> = {}): JobRequest {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { rel, bytes, id: sha256.slice(0, 16), sha256, sidecar: null, out: null, cache: null, staging: null, ...over };
}

describe('extractors', () => {
  it('in-process: a file that never finishes ends as timeout with a one-line reason', async () => {
    const r = await inProcessExtractor(300).run(request(new TextEncoder().encode('x'), 'dir/hang.txt'));
    expect(r).toMatchObject({ ok: false, code: 'timeout', reason: 'extraction took longer than 0.3 s', lines: null });
  });

  it('worker pool: the same bundle as in-process for a real report, its files written into the output and the cache', async () => {
    const bytes = readFileSync(REPORT);
    const out = join(tmp, 'out');
    for (const d of ['records', 'sources']) mkdirSync(join(out, d), { recursive: true });
    const cache = new ExtractCache(join(tmp, 'cache'), 'test');
    const req = request(bytes, `sub/${NAME}`);
    const slot = cache.slot(req.sha256, req.rel, null)!;
    const pool = workerPool(1);
    try {
      const [a, b] = await Promise.all([pool.run({ ...req, out, cache: slot }), inProcessExtractor().run(req)]);
      expect(a.ok).toBe(true);
      expect(a).toEqual(b);
      // reports row: 本机关不掌握 总计 as printed (3,0,0,0,0,2,5)
      expect(JSON.parse(a.lines!.reports!)).toMatchObject({ id: req.id, file: `sub/${NAME}`, t3_unable_no_info_total: 5 });
      const rec = JSON.parse(readFileSync(join(out, 'records', `${req.id}.json`), 'utf8'));
      expect(rec.t3.unable_no_info).toEqual([3, 0, 0, 0, 0, 2, 5]);
      expect(rec.source.file).toBe(`sub/${NAME}`);
      expect(readFileSync(join(out, 'sources', `${req.id}.txt`))).toEqual(bytes);
      const hit = cache.get(slot)!;
      expect(hit.bundle).toEqual({ ...a, lines: null });
      expect(Object.fromEntries(Object.entries(hit.parts).map(([t, b]) => [t, b.toString('utf8')]))).toEqual(a.lines);
      expect(readFileSync(hit.record!)).toEqual(readFileSync(join(out, 'records', `${req.id}.json`)));
      expect(statSync(hit.record!).ino).toBe(statSync(join(out, 'records', `${req.id}.json`)).ino); // linked, not written twice
      // staged by the worker itself: its own files hold the rows, and they do not travel back
      const staging = join(tmp, 'staging');
      mkdirSync(staging);
      const c = await pool.run({ ...req, staging });
      expect(c).toEqual({ ...a, lines: null });
      const staged = stagingFiles(staging, 'cells');
      expect(staged).toHaveLength(1);
      expect(staged[0]).toMatch(/cells\.p\d+-\d+\.csv$/); // the extraction process's own tag
      expect(readFileSync(staged[0]!, 'utf8')).toBe(a.lines!.cells);
      // another path or sidecar is another entry: rows carry the path and the sidecar's URL
      expect(cache.get(cache.slot(req.sha256, NAME, null))).toBeNull();
      expect(cache.get(cache.slot(req.sha256, req.rel, { url: 'http://x/', fetched_at: null }))).toBeNull();
    } finally { await pool.close(); }
  }, 120_000);

  it('worker pool: a file past the time limit ends as timeout with a one-line reason, not a hang, and writes nothing', async () => {
    const bytes = readFileSync(REPORT);
    const out = join(tmp, 'out-slow');
    for (const d of ['records', 'sources']) mkdirSync(join(out, d), { recursive: true });
    const pool = workerPool(1, 1); // 1 ms: less than a worker needs to start the extractor
    try {
      const req = request(bytes, 'slow.txt', { out });
      const r = await pool.run(req);
      expect(r).toMatchObject({ ok: false, code: 'timeout', reason: 'extraction took longer than 0.001 s' });
      expect(existsSync(join(out, 'records', `${req.id}.json`))).toBe(false);
    } finally { await pool.close(); }
  }, 120_000);

  it('a file that exhausts the extractor\'s heap fails alone: the build process lives, the next file is read', async () => {
    // SYNTHETIC: 60 MB of prose is under the 64 MB read limit, and its decoded text (24M UTF-16 characters) cannot be
    // normalised in a 24 MB heap. In a worker thread with resourceLimits such a file ended the whole process (V8 fatal
    // out-of-memory, exit 134: a 40 MB worker, 3 runs of 3); in a child process it ends only the child.
    const prose = Buffer.from('本年度，我镇认真贯彻落实政府信息公开条例，进一步加强培训。2023年1月15日\n');
    const big = Buffer.alloc(60 * 2 ** 20, prose);
    const pool = extractPool(1, 120_000, { heapMb: 24 });
    try {
      expect(await pool.run(big, 'heavy.txt')).toMatchObject({ ok: false, code: 'crash', reason: 'heavy.txt: extractor ran out of memory (heap limit 24 MB)' });
      // the pool goes on in a new process: a small file gets the extractor's own answer
      expect(await pool.run(prose, 'after.txt')).toMatchObject({ ok: false, code: 'no_tables' });
    } finally { await pool.close(); }
  }, 120_000);

  it('extract pool (the fuzzer\'s): the extractor\'s own result for a real report, and timeouts name the file', async () => {
    const bytes = readFileSync(REPORT);
    const pool = extractPool(1);
    try {
      const [a, b] = await Promise.all([pool.run(bytes, NAME), runJob(bytes, NAME)]);
      expect(a.ok).toBe(true);
      expect(a.record!.t3.unable_no_info).toEqual([3, 0, 0, 0, 0, 2, 5]);
      expect(a).toEqual(b);
    } finally { await pool.close(); }
    const slow = extractPool(1, 1);
    try {
      expect(await slow.run(bytes, 'slow.txt')).toMatchObject({ ok: false, code: 'timeout', reason: 'slow.txt: extraction took longer than 0.001 s' });
    } finally { await slow.close(); }
  }, 120_000);
});
