/**
 * extractWithBudget (budget.ts): the build's worker pool enforces a per-file wall-clock budget from
 * outside the extractor, so even a hang in synchronous code ends as status 'timeout' with a reason.
 * The pool's clock starts when a job is handed to a worker, so a fresh worker's start-up (tsx, imports:
 * 2–10 s on this machine under load) counts against the first file: budgets here are generous.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractBytes } from '../extract/file.ts';
import { extractWithBudget } from './budget.ts';
import { ROOT } from './cases.ts';

describe('extractWithBudget', () => {
  it('a real report within its budget: the same record as in-process', async () => {
    const file = join(ROOT, 'data/reports/pingtan_001_junshan-pianqu_2022.txt');
    const bytes = readFileSync(file);
    const [r, local] = await Promise.all([extractWithBudget(bytes, file, 60_000), extractBytes(bytes, file)]);
    expect(r.status).toBe('ok');
    if (!local.ok) throw new Error(local.reason);
    expect(r.record!.t3).toEqual(local.record.t3);
    expect(r.record!.t4).toEqual(local.record.t4);
  }, 60_000);

  it('past its budget: status timeout, a one-line reason naming the file, the worker stopped', async () => {
    // 5 ms is less than a worker needs to start the extractor: the budget, not the input, ends it.
    const file = join(ROOT, 'data/reports/pingtan_005_junshan-pianqu_2022.html');
    const r = await extractWithBudget(readFileSync(file), file, 5);
    expect(r.status).toBe('timeout');
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/pingtan_005_junshan-pianqu_2022\.html: extraction took longer than 0\.005 s/);
    expect(r.reason).not.toMatch(/\n/);
  }, 60_000);

  it('unreadable input inside the budget: refused, not timed out', async () => {
    const r = await extractWithBudget(new Uint8Array([0, 1, 2, 3, 0, 0, 0, 9, 255, 254]), 'junk.bin', 60_000);
    expect(r.status).toBe('refused');
    expect(r.reason).toMatch(/^junk\.bin: /);
  }, 60_000);
});
