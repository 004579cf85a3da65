/**
 * extractWithBudget: one file with a wall-clock budget, enforced from outside the extractor.
 * Reuses the build's worker pool (scripts/corpus/workers.ts), which already terminates a worker that
 * runs past its time limit and reports the file as code 'timeout' — so a hang in synchronous code
 * (a runaway regex or loop) is stopped too, which no in-process timer could do.
 */
import { extractPool, type JobRunner } from '../corpus/workers.ts';
import type { JobResult } from '../corpus/job.ts';

export type BudgetResult = (JobResult & { status: 'ok' | 'refused' | 'timeout' | 'crash'; ms: number });

export function statusOf(r: JobResult): BudgetResult['status'] {
  if (r.ok) return 'ok';
  if (r.code === 'timeout') return 'timeout';
  if (r.code === 'crash') return 'crash';
  return 'refused';
}

/** A pool kept for many calls (run.ts); `close()` it when done. */
export function budgetPool(size: number, ms: number): { run(bytes: Uint8Array, name: string): Promise<BudgetResult>; close(): Promise<void>; pool: JobRunner } {
  const pool = extractPool(size, ms);
  return {
    pool,
    async run(bytes, name) {
      const t0 = performance.now();
      const r = await pool.run(bytes, name);
      return { ...r, status: statusOf(r), ms: performance.now() - t0 };
    },
    close: () => pool.close(),
  };
}

/** One file, one throw-away worker (includes the worker's start-up in the budget). */
export async function extractWithBudget(bytes: Uint8Array, name: string, ms: number): Promise<BudgetResult> {
  const p = budgetPool(1, ms);
  try { return await p.run(bytes, name); } finally { await p.close(); }
}
