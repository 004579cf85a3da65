/**
 * Resource limits in the corpus build: an oversized file is refused with its reason in the manifest while the rest of the build
 * completes; and the output does not depend on how many workers extracted it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, open, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from './build.ts';
import { fileTree } from './tree.ts';

const REPORTS = new URL('../../data/reports/', import.meta.url).pathname;
const ROOT = new URL('../../', import.meta.url).pathname;
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

/** `unshare` can give a process a PID namespace of its own (root, or user namespaces allowed): else why not. */
function pidNamespaceUnavailable(): string | null {
  const r = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true'], { stdio: 'ignore' });
  if (r.error) return `unshare is not installed (${(r.error as NodeJS.ErrnoException).code})`;
  return r.status === 0 ? null : `unshare --pid --fork --mount-proc failed with status ${r.status} (needs root or user namespaces)`;
}
const noPidNamespace = pidNamespaceUnavailable();

/**
 * Kill a real build (its whole process group, SIGKILL) while it writes its folder, then build again: the previous
 * output stays whole throughout, the next build publishes every file, and the killed build's folder is gone after it.
 * `pidNamespace`: each build runs as PID 1 of a PID namespace of its own (a container start), so the killed build and
 * the next one have the same PID.
 */
/** What an uninterrupted build makes of the input (made once, for both variants). */
let reference: Promise<{ input: string; files: unknown[] }> | null = null;
function killInput(): Promise<{ input: string; files: unknown[] }> {
  reference ??= (async () => {
    const input = join(tmp, 'kill-in');
    await mkdir(input);
    // Enough real reports (copies of the bundled ones, each made distinct) that extraction takes a while.
    // Nine of them (the bundled corpus has grown past a hundred; twelve copies of nine is enough work to kill midway).
    const nine = (await readdir(REPORTS)).filter((x) => x.endsWith('.txt')).sort().slice(0, 9);
    for (let k = 0; k < 12; k++) for (const f of nine) {
      const text = (await readFile(join(REPORTS, f), 'utf8')) + `\n<!-- copy ${k} -->\n`;
      await writeFile(join(input, `${k}_${f}`), text);
    }
    const out = join(tmp, 'kill-reference');
    await build({ input, out, cacheDir: null, progress: false, jobs: 1, inProcess: true });
    return { input, files: JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')).files };
  })();
  return reference;
}

async function killAndRebuild(name: string, pidNamespace: boolean): Promise<void> {
  const { input, files } = await killInput();
  const out = join(tmp, `${name}-out`);
  const store = join(tmp, `.${name}-out.builds`);
  await build({ input: REPORTS, out, cacheDir: join(tmp, `cache-${name}-prev`), progress: false, jobs: 1, inProcess: true });
  const before = await fileTree(out);
  const current = basename(await realpath(out));
  const args = (jobs: string) => ['scripts/cli/build-data.ts', '--input', input, '--out', out, '--no-cache', '--quiet', '--jobs', jobs];
  const cli = (jobs: string) => pidNamespace
    ? spawn('unshare', ['--pid', '--fork', '--mount-proc', process.execPath, '--import', 'tsx', ...args(jobs)], { cwd: ROOT, detached: true, stdio: 'ignore' })
    : spawn('npx', ['tsx', ...args(jobs)], { cwd: ROOT, detached: true, stdio: 'ignore' });
  const child = cli('1');
  // Kill the whole process group once the build has written records into its own folder in the store.
  const others = async () => (await readdir(store)).filter((n) => !n.startsWith(current));
  const writing = async () => {
    for (const n of await others()) if (!n.includes('.') && (await readdir(join(store, n, 'records')).catch(() => [])).length > 3) return true;
    return false;
  };
  const t0 = Date.now();
  while (!(await writing()) && Date.now() - t0 < 120_000) await new Promise((r) => setTimeout(r, 50));
  expect(await writing()).toBe(true);
  process.kill(-child.pid!, 'SIGKILL');
  await new Promise((r) => child.once('exit', r));
  expect(await fileTree(out)).toEqual(before);
  const killed = (await others()).filter((n) => !n.includes('.'));
  expect(killed).toHaveLength(1);
  const again = cli('2');
  const code = await new Promise<number | null>((r) => again.once('exit', r));
  expect(code).toBe(0);
  const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
  // every file with what an uninterrupted build gives it (a reused folder once published some reports as
  // "same report as" themselves and dropped them)
  expect(manifest.files).toHaveLength(108);
  expect(manifest.files).toEqual(files);
  // the killed build's folder and lock went when the next build started; the previous output, in the background after it
  const now = basename(await realpath(out));
  const t1 = Date.now();
  while ((await readdir(store)).length > 1 && Date.now() - t1 < 20_000) await new Promise((r) => setTimeout(r, 50));
  expect(await readdir(store)).toEqual([now]);
}

describe('a build killed midway (SIGKILL of the real CLI)', () => {
  it('leaves the previous output intact, and the next run publishes every file and removes the killed build\'s folder', async () => {
    await killAndRebuild('kill', false);
  }, 300_000);

  it.skipIf(noPidNamespace)(`the same when each build is PID 1 of its own PID namespace (a container start)${noPidNamespace ? ` — skipped: ${noPidNamespace}` : ''}`, async () => {
    await killAndRebuild('kill-ns', true);
  }, 300_000);
});
