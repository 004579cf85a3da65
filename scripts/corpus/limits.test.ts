/**
 * Resource limits in the corpus build: an oversized file is refused with its reason in the manifest while the rest of the build
 * completes; and the output does not depend on how many workers extracted it.
 */
import { copyFile, mkdir, mkdtemp, open, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from './build.ts';
import { fileTree } from './tree.ts';

const REPORTS = new URL('../../data/reports/', import.meta.url).pathname;
let tmp: string;
beforeAll(async () => { tmp = await mkdtemp(join(tmpdir(), 'build-limits-')); });
afterAll(async () => { await rm(tmp, { recursive: true, force: true }); });


describe('resource limits in a build', () => {
  it('a 200 MB "PDF" is refused as too large, named in the manifest, and the real report beside it is published', async () => {
    const input = join(tmp, 'big');
    await mkdir(input);
    await copyFile(join(REPORTS, '002_425035603a0bba90.txt'), join(input, '002.txt'));
    // A sparse 200 MB file that opens like a PDF (SYNTHETIC; made here, never committed).
    const fh = await open(join(input, 'huge.pdf'), 'w');
    await fh.write('%PDF-1.7\n% synthetic 200 MB test file\n');
    await fh.truncate(200 * 1024 * 1024);
    await fh.close();
    const out = join(tmp, 'big-out');
    const r = await build({ input, out, cacheDir: join(tmp, 'cache-big'), progress: false, jobs: 1, inProcess: true });
    expect(r).toMatchObject({ read: 2, ok: 1, failed: 1 });
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    const huge = manifest.files.find((f: { path: string }) => f.path === 'huge.pdf');
    expect(huge).toMatchObject({ status: 'failed', bytes: 200 * 1024 * 1024 });
    expect(huge.reason).toMatch(/200 MB is larger than the 64 MB/);
    expect(manifest.files.find((f: { path: string }) => f.path === '002.txt').status).toBe('ok');
  }, 120_000);
});

describe('determinism across worker counts', () => {
  it('--jobs 1 (in process) and --jobs 2 (worker threads) publish byte-identical output', async () => {
    const one = join(tmp, 'jobs1');
    const two = join(tmp, 'jobs2');
    await build({ input: REPORTS, out: one, cacheDir: join(tmp, 'cache-j1'), progress: false, jobs: 1, inProcess: true });
    await build({ input: REPORTS, out: two, cacheDir: join(tmp, 'cache-j2'), progress: false, jobs: 2 });
    expect(await fileTree(two)).toEqual(await fileTree(one));
  }, 300_000);
});

describe('a build killed midway', () => {
  it('leaves the previous output intact, and the next run completes (SIGKILL of the real CLI)', async () => {
    const { spawn } = await import('node:child_process');
    const input = join(tmp, 'kill-in');
    await mkdir(input);
    // Enough real reports (copies of the bundled ones, each made distinct) that extraction takes a while.
    const files = (await readdir(REPORTS)).filter((f) => f.endsWith('.txt'));
    for (let k = 0; k < 12; k++) for (const f of files) {
      const text = (await readFile(join(REPORTS, f), 'utf8')) + `\n<!-- copy ${k} -->\n`;
      await (await import('node:fs/promises')).writeFile(join(input, `${k}_${f}`), text);
    }
    const out = join(tmp, 'kill-out');
    await build({ input: REPORTS, out, cacheDir: join(tmp, 'cache-kill-prev'), progress: false, jobs: 1, inProcess: true });
    const before = await fileTree(out);
    const cli = (args: string[]) => spawn('npx', ['tsx', 'scripts/cli/build-data.ts', '--input', input, '--out', out, '--no-cache', '--quiet', ...args], { cwd: join(REPORTS, '../..'), detached: true, stdio: 'ignore' });
    const child = cli(['--jobs', '1']);
    // Kill the whole process group once the build is writing its new output beside the old
    // (.<out>.tmp-<pid of the builder>, see output.ts).
    const staging = async () => (await readdir(tmp)).some((n) => n.startsWith('.kill-out.tmp-'));
    const t0 = Date.now();
    while (!(await staging()) && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 50));
    expect(await staging()).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(await fileTree(out)).toEqual(before);
    const again = cli(['--jobs', '2']);
    const code = await new Promise<number | null>((r) => again.once('exit', r));
    expect(code).toBe(0);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.files).toHaveLength(files.length * 12);
    expect(await staging()).toBe(false);
  }, 300_000);
});
