/**
 * The input walk on hostile folders made in a temp dir: FIFOs, sockets, symlink loops, symlinks out of the input,
 * unreadable folders, names that are not UTF-8. Each entry is listed (as a file to read, or skipped with its reason),
 * nothing hangs and nothing aborts; the builds at the end show the same in the published manifest.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// An unreadable folder cannot be made with permissions when the tests run as root (root reads anything): the walk's
// readdir is made to fail as the kernel would (EACCES) for folders named `locked`.
vi.mock('node:fs/promises', async (orig) => {
  const real = await orig<typeof import('node:fs/promises')>();
  const readdir = ((p: Parameters<typeof real.readdir>[0], o?: unknown) => (String(p).endsWith('/locked')
    ? Promise.reject(Object.assign(new Error(`EACCES: permission denied, scandir '${String(p)}'`), { code: 'EACCES' }))
    : (real.readdir as (p: unknown, o?: unknown) => Promise<unknown>)(p, o))) as typeof real.readdir;
  return { ...real, readdir, default: { ...real, readdir } };
});

const { walk, shownName } = await import('./walk.ts');
const { build } = await import('./build.ts');

const REPORT = new URL('../../data/reports/004_51f69ccf0222012c.txt', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'walk-test-'));
const servers: Server[] = [];
afterAll(() => { for (const s of servers) s.close(); rmSync(tmp, { recursive: true, force: true }); });

const NOT_UTF8 = Buffer.concat([Buffer.from('报告-'), Buffer.from([0xff, 0xfe]), Buffer.from('.txt')]);

/** A folder with one of everything: returns its path. */
async function hostile(name: string): Promise<string> {
  const root = join(tmp, name);
  const outside = join(tmp, `${name}-outside`);
  mkdirSync(join(root, 'sub', 'deeper'), { recursive: true });
  mkdirSync(join(root, 'locked'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  copyFileSync(REPORT, join(root, 'report.txt'));
  writeFileSync(join(root, 'sub', 'deeper', 'note.txt'), 'not a report');
  writeFileSync(join(root, 'locked', 'hidden.txt'), 'never listed');
  writeFileSync(join(outside, 'secret.txt'), 'OUTSIDE BYTES');
  execFileSync('mkfifo', [join(root, 'pipe.txt')]);
  await new Promise<void>((res) => { const s = createServer(); servers.push(s); s.listen(join(root, 'sock'), res); });
  symlinkSync('.', join(root, 'loop'));                 // a folder link to the folder it is in
  symlinkSync('..', join(root, 'sub', 'up'));            // a link to its parent
  symlinkSync('../..', join(root, 'sub', 'deeper', 'top'));
  symlinkSync('ring-b', join(root, 'ring-a'));          // a link chain that never ends
  symlinkSync('ring-a', join(root, 'ring-b'));
  symlinkSync(join(outside, 'secret.txt'), join(root, 'escape.txt'));
  symlinkSync(outside, join(root, 'escape-dir'));
  symlinkSync('nowhere.txt', join(root, 'broken.txt'));
  symlinkSync('report.txt', join(root, 'alias.txt'));   // a link to a file inside: read through its target
  symlinkSync('sub/deeper', join(root, 'shortcut'));    // a link to a folder inside: listed where it is
  writeFileSync(Buffer.concat([Buffer.from(root + '/'), NOT_UTF8]), readFileSync(REPORT));
  return root;
}

describe('walk', () => {
  it('lists regular files to read and every other entry as skipped with its reason, without opening any', async () => {
    const root = await hostile('one');
    const r = await walk(root);
    expect(r.files.map((f) => f.rel)).toEqual(['alias.txt', 'report.txt', 'sub/deeper/note.txt', '报告-\\xff\\xfe.txt']);
    expect(r.files.find((f) => f.rel === 'alias.txt')!.abs).toBe(join(root, 'report.txt'));
    expect(Object.fromEntries(r.skipped.map((s) => [s.rel, s.reason]))).toEqual({
      'broken.txt': 'broken symlink (its target does not exist)',
      'escape-dir': 'symlink to outside --input; not followed',
      'escape.txt': 'symlink to outside --input; not followed',
      locked: 'folder cannot be read (EACCES); its files are not listed',
      loop: 'symlink loop (a link to a folder it is inside); not followed',
      'pipe.txt': 'named pipe (FIFO): not a regular file; not opened',
      'ring-a': 'symlink loop (the link leads back to itself); not followed',
      'ring-b': 'symlink loop (the link leads back to itself); not followed',
      shortcut: 'symlink to a folder inside --input; not followed (its files are listed where they are)',
      sock: 'socket: not a regular file; not opened',
      'sub/deeper/top': 'symlink loop (a link to a folder it is inside); not followed',
      'sub/up': 'symlink loop (a link to a folder it is inside); not followed',
    });
  }, 20_000);

  it('a name that is not UTF-8 is opened by its bytes (the report reads) and shown escaped', async () => {
    const root = join(tmp, 'names');
    mkdirSync(root);
    writeFileSync(Buffer.concat([Buffer.from(root + '/'), NOT_UTF8]), readFileSync(REPORT));
    const [f] = (await walk(root)).files;
    expect(f!.rel).toBe('报告-\\xff\\xfe.txt');
    expect(Buffer.isBuffer(f!.abs)).toBe(true);
    expect(readFileSync(f!.abs)).toEqual(readFileSync(REPORT));
  });

  it('shows bad bytes as \\xNN and leaves valid UTF-8 (CJK, 4-byte) alone', () => {
    expect(shownName(Buffer.from('平潭𠀀.txt'))).toBe('平潭𠀀.txt');
    expect(shownName(Buffer.from([0x61, 0xc0, 0xaf, 0x62]))).toBe('a\\xc0\\xafb'); // an overlong '/' is not UTF-8
    expect(shownName(Buffer.from([0xed, 0xa0, 0x80]))).toBe('\\xed\\xa0\\x80');     // nor is a surrogate
    expect(shownName(Buffer.from([0xe5, 0xb9]))).toBe('\\xe5\\xb9');               // a character cut short
  });

  it.skipIf(process.getuid?.() === 0)('a folder without read permission is listed as skipped (non-root only)', async () => {
    const root = join(tmp, 'perm');
    mkdirSync(join(root, 'closed'), { recursive: true });
    writeFileSync(join(root, 'closed', 'x.txt'), 'x');
    execFileSync('chmod', ['000', join(root, 'closed')]);
    try {
      expect((await walk(root)).skipped).toEqual([{ rel: 'closed', reason: 'folder cannot be read (EACCES); its files are not listed' }]);
    } finally { execFileSync('chmod', ['755', join(root, 'closed')]); }
  });
});

describe('build over a hostile folder', () => {
  it('finishes; the manifest lists every entry with a status, the report under a non-UTF-8 name is read, no outside bytes are published', async () => {
    const root = await hostile('two');
    const out = join(tmp, 'two-out');
    const r = await build({ input: root, out, cacheDir: null, progress: false, jobs: 1, inProcess: true });
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: Array<{ path: string; status: string; reason: string | null; duplicate_of: string | null }> };
    const byPath = Object.fromEntries(manifest.files.map((f) => [f.path, f]));
    expect(Object.keys(byPath).sort()).toEqual(['alias.txt', 'broken.txt', 'escape-dir', 'escape.txt', 'locked', 'loop', 'pipe.txt', 'report.txt', 'ring-a', 'ring-b',
      'shortcut', 'sock', 'sub/deeper/note.txt', 'sub/deeper/top', 'sub/up', '报告-\\xff\\xfe.txt'].sort());
    expect(byPath['pipe.txt']).toMatchObject({ status: 'skipped', reason: 'named pipe (FIFO): not a regular file; not opened' });
    expect(byPath['escape.txt']).toMatchObject({ status: 'skipped' });
    expect(byPath['locked']).toMatchObject({ status: 'skipped' });
    expect(byPath['sub/deeper/note.txt']).toMatchObject({ status: 'failed' });
    // three copies of the same report: the first path is read, the others are its duplicates (none fails with ENOENT)
    expect(byPath['alias.txt']).toMatchObject({ status: 'ok' });
    expect(byPath['report.txt']).toMatchObject({ status: 'duplicate' });
    expect(byPath['报告-\\xff\\xfe.txt']).toMatchObject({ status: 'duplicate' });
    expect(r).toMatchObject({ ok: 1, duplicates: 2 });
    for (const f of execFileSync('ls', [join(out, 'archive', 'sources')], { encoding: 'utf8' }).split('\n').filter(Boolean)) {
      expect(readFileSync(join(out, 'archive', 'sources', f), 'utf8')).not.toContain('OUTSIDE BYTES');
    }
  }, 60_000);
});
