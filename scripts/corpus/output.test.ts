import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from './errors.ts';
import { checkOut, cleanStale, commitSlot, defaultStore, lockAlive, openSlot, REPO_ROOT } from './output.ts';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'output-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const MANIFEST = JSON.stringify({ about: 'Gongkai Atlas corpus build: every input file and what became of it (docs/DATA.md).', files: [] });

/** Wait until `f` holds (a detached removal, a child's exit). */
async function until(f: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const t0 = Date.now();
  while (!(await f())) { if (Date.now() - t0 > ms) return false; await new Promise((r) => setTimeout(r, 50)); }
  return true;
}

/** A build killed with SIGKILL while it held its slot: a child process that opens one and waits to be killed. */
async function killedBuild(out: string, store: string): Promise<string> {
  const code = `const { openSlot } = await import(${JSON.stringify(new URL('./output.ts', import.meta.url).pathname)});
    const s = await openSlot(${JSON.stringify(out)}, ${JSON.stringify(store)});
    await (await import('node:fs/promises')).writeFile(s.dir + '/half-written', 'x');
    process.stdout.write(s.id + '\\n'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const id = await new Promise<string>((res) => { let b = ''; child.stdout.on('data', (d) => { b += d; if (b.includes('\n')) res(b.trim()); }); });
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  return id;
}

describe('output folder: a link to the newest complete build', () => {
  it('each commit points --out at a new folder in one rename; the previous output is removed; --out is never a real folder', async () => {
    const out = join(dir, 'data');
    const store = defaultStore(out);
    expect(store).toBe(join(dir, '.data.builds'));
    const ids: string[] = [];
    for (const text of ['first', 'second']) {
      const slot = await openSlot(out, store);
      await writeFile(join(slot.dir, 'manifest.json'), MANIFEST);
      await writeFile(join(slot.dir, 'note.txt'), text);
      await commitSlot(slot);
      ids.push(slot.id);
      expect((await lstat(out)).isSymbolicLink()).toBe(true);
      expect(await readlink(out)).toBe(join('.data.builds', slot.id)); // relative: the tree can be moved
      expect(await readFile(join(out, 'note.txt'), 'utf8')).toBe(text);
    }
    expect(ids[0]).not.toBe(ids[1]);
    // the first output goes in the background; then the store holds the current build only (its lock is released)
    expect(await until(async () => (await readdir(store)).length === 1)).toBe(true);
    expect(await readdir(store)).toEqual([ids[1]]);
    expect((await readdir(dir)).sort()).toEqual(['.data.builds', 'data']);
  });

  it('--out is never missing while builds are swapped in, however often (a reader polls it throughout)', async () => {
    const out = join(dir, 'busy');
    const store = defaultStore(out);
    const commit = async (n: number) => {
      const slot = await openSlot(out, store);
      await writeFile(join(slot.dir, 'manifest.json'), MANIFEST);
      await writeFile(join(slot.dir, 'n.txt'), String(n));
      await commitSlot(slot);
    };
    await commit(0);
    let reads = 0, missing = 0, polling = true;
    const poll = () => {
      if (!polling) return;
      try { readFileSync(join(out, 'n.txt')); reads++; } catch { missing++; }
      setImmediate(poll);
    };
    poll();
    for (let n = 1; n <= 30; n++) await commit(n);
    polling = false;
    expect(reads).toBeGreaterThan(30);
    expect(missing).toBe(0);
    expect(await readFile(join(out, 'n.txt'), 'utf8')).toBe('30');
  });

  it('an --out in the site\'s public/ keeps its builds outside public/ (Astro would deploy dot-folders there)', () => {
    expect(defaultStore(join(REPO_ROOT, 'public', 'data'))).toBe(join(REPO_ROOT, '.output', 'data'));
    expect(defaultStore(join(REPO_ROOT, 'public', 'x', 'data'))).toBe(join(REPO_ROOT, '.output', 'x__data'));
    expect(defaultStore('/srv/site/data')).toBe('/srv/site/.data.builds');
  });

  it('replaces the real folder an older build left at --out by a link, keeping no copy of it', async () => {
    const out = join(dir, 'legacy');
    await mkdir(join(out, 'records'), { recursive: true });
    await writeFile(join(out, 'manifest.json'), MANIFEST);
    const slot = await openSlot(out, defaultStore(out));
    await writeFile(join(slot.dir, 'manifest.json'), MANIFEST);
    await commitSlot(slot);
    expect((await lstat(out)).isSymbolicLink()).toBe(true);
    expect((await readdir(dir)).filter((n) => n.includes('legacy')).sort()).toEqual(['.legacy.builds', 'legacy']);
  });
});

describe('stale builds: removed only when their lock is provably dead', () => {
  it('a SIGKILLed build\'s folder is removed by the next build; a running build\'s folder and the current output are kept', async () => {
    const out = join(dir, 'site');
    const store = defaultStore(out);
    // the current output
    const first = await openSlot(out, store);
    await writeFile(join(first.dir, 'manifest.json'), MANIFEST);
    await commitSlot(first);
    // a build running in this process (its lock is alive)
    const running = await openSlot(out, store);
    // a build killed midway: its socket file is still there, but nothing listens on it
    const dead = await killedBuild(out, store);
    expect((await readdir(store)).sort()).toEqual([dead, `${dead}.lock`, first.id, running.id, `${running.id}.lock`].sort());
    expect(await lockAlive(join(store, `${dead}.lock`))).toBe(false);
    expect(await lockAlive(join(store, `${running.id}.lock`))).toBe(true);
    await cleanStale(out, store);
    expect((await readdir(store)).sort()).toEqual([first.id, running.id, `${running.id}.lock`].sort());
    await commitSlot(running);
  }, 60_000);

  it('two builds of one --out started at the same time get folders of their own', async () => {
    const out = join(dir, 'twin');
    const slots = await Promise.all([openSlot(out, defaultStore(out)), openSlot(out, defaultStore(out))]);
    expect(slots[0].dir).not.toBe(slots[1].dir);
    for (const s of slots) { await writeFile(join(s.dir, 'manifest.json'), MANIFEST); await commitSlot(s); }
    expect([slots[0].dir, slots[1].dir]).toContain(await realpath(out));
  });
});

describe('--out refuses folders a build must not replace', () => {
  const refused = async (out: string, guard: Parameters<typeof checkOut>[1], message: RegExp) => {
    const e = await checkOut(out, guard).then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toMatch(message);
  };

  it('the input, a folder containing it, a folder inside it, also through a link', async () => {
    const input = join(dir, 'corpus', 'reports');
    await mkdir(join(input, 'sub'), { recursive: true });
    await writeFile(join(input, 'a.txt'), 'x');
    const inputs = [{ flag: '--input', dir: input }];
    await refused(input, { inputs }, /is the --input folder/);
    await refused(join(dir, 'corpus'), { inputs }, /contains the --input folder/);
    await refused(join(input, 'sub'), { inputs }, /is inside the --input folder/);
    await refused(join(input, 'new-out'), { inputs }, /is inside the --input folder/);
    await symlink(input, join(dir, 'alias'));
    await refused(join(dir, 'alias'), { inputs }, /is the --input folder/);
    // a store inside the input would be read as input
    await refused(join(dir, 'elsewhere'), { inputs, store: join(input, '.builds') }, /overlaps the --input folder/);
  });

  it('the repository, a folder containing it, the root', async () => {
    await refused(REPO_ROOT, {}, /is or contains the repository/);
    await refused(resolve(REPO_ROOT, '..'), {}, /is or contains the repository/);
    await refused('/', {}, /is or contains the repository/);
  });

  it('a file, a folder with files that is not a build output, a link to one', async () => {
    await writeFile(join(dir, 'plain-file'), 'x');
    await refused(join(dir, 'plain-file'), {}, /is a file/);
    await mkdir(join(dir, 'notes'));
    await writeFile(join(dir, 'notes', 'todo.md'), 'keep me');
    await refused(join(dir, 'notes'), {}, /not a previous build's output/);
    await writeFile(join(dir, 'notes', 'manifest.json'), '{"about": "something else"}');
    await refused(join(dir, 'notes'), {}, /not a previous build's output/);
    await symlink(join(dir, 'notes'), join(dir, 'notes-link'));
    await refused(join(dir, 'notes-link'), {}, /leads to .*not a previous build's output/);
  });

  it('accepts a missing folder, an empty one, a previous output, a link to one, a shard output', async () => {
    await checkOut(join(dir, 'missing', 'deeper'));
    await mkdir(join(dir, 'empty'));
    await checkOut(join(dir, 'empty'));
    await mkdir(join(dir, 'prev'));
    await writeFile(join(dir, 'prev', 'manifest.json'), MANIFEST);
    await checkOut(join(dir, 'prev'));
    await symlink(join(dir, 'prev'), join(dir, 'prev-link'));
    await checkOut(join(dir, 'prev-link'));
    await mkdir(join(dir, 'shard'));
    await writeFile(join(dir, 'shard', 'partial.json'), JSON.stringify({ about: 'Partial output of one shard of the Gongkai Atlas corpus build; …' }));
    await checkOut(join(dir, 'shard'));
  });
});
