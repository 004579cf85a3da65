import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanStale, swapIn, tempDirFor } from './output.ts';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'output-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

/** A pid no process has (above Linux's pid_max of 2^22). */
const DEAD = 9_999_999;

describe('atomic output', () => {
  it('swaps the new output in, and the old one is removed without the build waiting for it', async () => {
    const out = join(dir, 'data');
    await mkdir(join(out, 'records'), { recursive: true });
    await writeFile(join(out, 'records', 'old.json'), 'old');
    const tmp = tempDirFor(out);
    await mkdir(tmp);
    await writeFile(join(tmp, 'new.json'), 'new');
    await swapIn(tmp, out);
    expect(await readdir(out)).toEqual(['new.json']);
    expect(await readFile(join(out, 'new.json'), 'utf8')).toBe('new');
    // the old output went to .data.old-<pid>-<random>, removed in the background
    for (let i = 0; i < 100 && (await readdir(dir)).some((n) => n.startsWith('.data.old-')); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await readdir(dir)).toEqual(['data']);
  });

  it('removes the temp and old folders of builds whose process is gone, and keeps those of running ones', async () => {
    const out = join(dir, 'site');
    const names = [`.site.tmp-${DEAD}`, `.site.old-${DEAD}`, `.site.old-${DEAD}-k3x9q1`, `.site.tmp-${process.pid}`, `.site.old-${process.pid}-abc123`, '.site.other'];
    for (const n of names) await mkdir(join(dir, n, 'records'), { recursive: true });
    await cleanStale(out);
    expect((await readdir(dir)).filter((n) => n.startsWith('.site.')).sort()).toEqual([`.site.old-${process.pid}-abc123`, '.site.other', `.site.tmp-${process.pid}`].sort());
  });
});
