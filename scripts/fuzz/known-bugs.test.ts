/**
 * Bugs the fuzzing work found in code it does not own, as failing tests until their owners fix them
 * (issue 8). Each names the file, the input and the symptom.
 */
import { describe, expect, it, vi } from 'vitest';

// A file whose extraction never finishes (pdf.js awaiting a stream that never ends, say): simulated
// by a runJob that never resolves for one file name.
vi.mock('../build/job.ts', async (orig) => {
  const real = await orig<typeof import('../build/job.ts')>();
  return { ...real, runJob: (bytes: Uint8Array, file: string) => (file.endsWith('hang.txt') ? new Promise(() => {}) : real.runJob(bytes, file)) };
});

describe('scripts/build/workers.ts + build.ts: --jobs 1 (and any 1-core machine) has no time limit', () => {
  it('the in-process extractor used for --jobs 1 reports a file that never finishes as timeout', async () => {
    // build.ts: `jobs === 1 ? inProcessExtractor() : workerPool(jobs)`, and availableParallelism() is the
    // default --jobs, so on a 1-core machine every build runs here. inProcessExtractor().run has no
    // timer: a hanging file hangs the whole build and never reaches the manifest.
    const { inProcessExtractor } = await import('../build/workers.ts');
    const ex = inProcessExtractor();
    const TIMED_OUT = Symbol('still running after 5 s');
    const r = await Promise.race([ex.run(new TextEncoder().encode('x'), 'hang.txt'), new Promise((res) => setTimeout(() => res(TIMED_OUT), 5000))]);
    expect(r, 'inProcessExtractor().run never settles for a hanging file').not.toBe(TIMED_OUT);
    expect(r).toMatchObject({ ok: false, code: 'timeout' });
  }, 20_000);
});
