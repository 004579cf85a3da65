/**
 * The corpus build's in-process extractor (used by tests) has a time limit too, and `--jobs 1` (the default on a
 * 1-core machine) runs in a worker thread: without them one file that never finishes would hang the whole build
 * and never reach the manifest. This keeps the in-process path honest.
 */
import { describe, expect, it, vi } from 'vitest';

// A file whose extraction never finishes (pdf.js awaiting a stream that never ends, say): simulated
// by a runJob that never resolves for one file name.
vi.mock('../corpus/job.ts', async (orig) => {
  const real = await orig<typeof import('../corpus/job.ts')>();
  return { ...real, runJob: (bytes: Uint8Array, file: string) => (file.endsWith('hang.txt') ? new Promise(() => {}) : real.runJob(bytes, file)) };
});

describe('scripts/corpus/workers.ts: a file that never finishes is reported, not waited for', () => {
  it('the in-process extractor reports it as timeout within its limit', async () => {
    const { inProcessExtractor } = await import('../corpus/workers.ts');
    const ex = inProcessExtractor(1000);
    const STILL_RUNNING = Symbol('still running after 5 s');
    const r = await Promise.race([ex.run({ rel: 'dir/hang.txt', bytes: new TextEncoder().encode('x'), id: 'hang', sha256: 'hang', sidecar: null, out: null, cache: null, staging: null }), new Promise((res) => setTimeout(() => res(STILL_RUNNING), 5000))]);
    expect(r, 'inProcessExtractor().run never settles for a hanging file').not.toBe(STILL_RUNNING);
    expect(r).toMatchObject({ ok: false, code: 'timeout' });
    expect((r as { reason: string }).reason).toBe('extraction took longer than 1 s');
  }, 20_000);

});
