/**
 * Read-ahead bounded in bytes, on files made in a temp dir (SYNTHETIC bytes): large files are not all held at once,
 * files come back in order with their bytes, a FIFO is refused without blocking, an oversized file is refused unread.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ByteBudget, readAhead } from './readahead.ts';

const tmp = mkdtempSync(join(tmpdir(), 'readahead-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const MB = 2 ** 20;

describe('readAhead', () => {
  it('24 files of 2 MB with a 5 MB budget: at most 5 MB held at once, each file whole and in order', async () => {
    const paths = Array.from({ length: 24 }, (_, i) => {
      const p = join(tmp, `big-${String(i).padStart(2, '0')}.bin`);
      writeFileSync(p, Buffer.alloc(2 * MB, i));
      return p;
    });
    const r = readAhead(paths, { budgetBytes: 5 * MB });
    // the consumer works on each file for a while and gives its bytes back when done, as the build's extractions do
    const working: Array<Promise<void>> = [];
    for (let i = 0; i < paths.length; i++) {
      const { outcome, release } = await r.next(i);
      if (!outcome.ok) throw new Error(outcome.reason);
      expect(outcome.bytes.length).toBe(2 * MB);
      expect(outcome.bytes[0]).toBe(i);
      expect(outcome.bytes[2 * MB - 1]).toBe(i);
      working.push(new Promise((res) => setTimeout(res, 10)).then(release));
    }
    await Promise.all(working);
    expect(r.budget.peak).toBeLessThanOrEqual(5 * MB);
    expect(r.budget.peak).toBeGreaterThanOrEqual(4 * MB); // it did read ahead
    expect(r.budget.held).toBe(0);
  });

  it('a file larger than the whole budget is still read once nothing else is held', async () => {
    const p = join(tmp, 'larger.bin');
    writeFileSync(p, Buffer.alloc(3 * MB, 7));
    const r = readAhead([p, p], { budgetBytes: MB });
    const a = await r.next(0);
    expect(a.outcome.ok && a.outcome.bytes.length).toBe(3 * MB);
    a.release();
    const b = await r.next(1);
    expect(b.outcome.ok).toBe(true);
    b.release();
    expect(r.budget.peak).toBe(3 * MB);
  });

  it('a FIFO (put where a file was after the walk) is refused without blocking; an oversized file is refused unread', async () => {
    const fifo = join(tmp, 'swapped.txt');
    execFileSync('mkfifo', [fifo]);
    const big = join(tmp, 'huge.txt');
    writeFileSync(big, Buffer.alloc(2 * MB));
    const r = readAhead([fifo, big], { maxFileBytes: MB });
    expect((await r.next(0)).outcome).toEqual({ ok: false, status: 'skipped', reason: 'not a regular file when opened (it changed after the walk); not read', bytes: 0 });
    expect((await r.next(1)).outcome).toEqual({ ok: false, status: 'failed', reason: `too_large: ${2 * MB} bytes is more than the ${MB}-byte limit of a file; not read`, bytes: 2 * MB });
    expect(r.budget.peak).toBe(0);
  }, 10_000);

  it('ByteBudget grants in order: a large request is not overtaken by later small ones', async () => {
    const b = new ByteBudget(10);
    const order: string[] = [];
    await b.acquire(6);
    const big = b.acquire(8).then(() => order.push('big'));
    const small = b.acquire(1).then(() => order.push('small'));
    await new Promise((res) => setTimeout(res, 5));
    expect(order).toEqual([]);
    b.release(6);
    await Promise.all([big, small]);
    expect(order).toEqual(['big', 'small']);
    expect(b.held).toBe(9);
  });
});
