import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

// a file whose extraction never finishes, simulated for the in-process extractor
vi.mock('./job.ts', async (orig) => {
  const real = await orig<typeof import('./job.ts')>();
  return { ...real, runJob: (bytes: Uint8Array, file: string) => (file.endsWith('hang.txt') ? new Promise(() => {}) : real.runJob(bytes, file)) };
});

const { inProcessExtractor, workerPool } = await import('./workers.ts');
const { runJob } = await import('./job.ts');
const REPORT = new URL('../../data/reports/pingtan_001_junshan-pianqu_2022.txt', import.meta.url).pathname;

describe('extractors', () => {
  it('in-process: a file that never finishes ends as timeout with a one-line reason', async () => {
    const r = await inProcessExtractor(300).run(new TextEncoder().encode('x'), 'dir/hang.txt');
    expect(r).toMatchObject({ ok: false, code: 'timeout', reason: 'dir/hang.txt: extraction took longer than 0.3 s' });
  });

  it('worker pool: the same result as in-process for a real report', async () => {
    const bytes = readFileSync(REPORT);
    const pool = workerPool(1);
    try {
      const [a, b] = await Promise.all([pool.run(bytes, 'pingtan_001_junshan-pianqu_2022.txt'), runJob(bytes, 'pingtan_001_junshan-pianqu_2022.txt')]);
      expect(a.ok).toBe(true);
      expect(a.record!.t3.unable_no_info).toEqual([3, 0, 0, 0, 0, 2, 5]);
      expect(a).toEqual(b);
    } finally { await pool.close(); }
  }, 120_000);

  it('worker pool: a file past the time limit ends as timeout with a one-line reason, not a hang', async () => {
    const bytes = readFileSync(REPORT);
    const pool = workerPool(1, 1); // 1 ms: less than a worker needs to start the extractor
    try {
      const r = await pool.run(bytes, 'slow.txt');
      expect(r).toMatchObject({ ok: false, code: 'timeout', reason: 'slow.txt: extraction took longer than 0.001 s' });
    } finally { await pool.close(); }
  }, 120_000);
});
