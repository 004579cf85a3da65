/**
 * The output folder. A build writes into a folder of its own in the output's *store* and, when it is complete, points
 * --out at it: --out is a symbolic link, replaced by renaming a new link over it (one atomic rename), so --out always
 * names a complete output — the previous one or the new one — whenever the build is stopped.
 *
 * Store entries, per build (`<id>` is the start time and 48 random bits, so two builds never share one):
 *   <id>/       the build's output, written in place (records/, sources/, the tables, and a .work/ folder while publishing)
 *   <id>.lock   a Unix socket the build listens on while it runs
 *   <id>.link   the new --out link, for the instant before it is renamed over --out
 * A build folder is removed only when nothing listens on its lock (connect() is refused, or the socket is gone) and
 * --out does not point at it. The kernel closes a process's sockets as it exits — before its parent reaps it — so a
 * killed build's lock refuses connections at once, and neither an unreaped process nor a reused PID (a fresh PID
 * namespace: every container start) can make a dead build look alive, as a PID check can. Builds on one host that
 * share a store (two containers, one volume) see each other's locks; builds on different hosts must not share one.
 * (A socket rather than flock/fcntl: Node has no file-lock call without a native addon, and a lock file's PID or
 * timestamp proves nothing.)
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, linkSync, openSync, unlinkSync, writeFileSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, readlink, realpath, rename, rm, symlink, unlink } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from './errors.ts';
import { isInside } from './walk.ts';

/** The repository this build belongs to: never an output. */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * Where the build folders of `out` live. Beside it (`.<name>.builds`), except for an output inside the site's public/
 * folder: Astro copies everything there — dot-folders too — into the deployed site, so those builds live in .output/
 * at the repository root instead.
 */
export function defaultStore(out: string): string {
  const o = resolve(out);
  const pub = join(REPO_ROOT, 'public');
  if (isInside(o, pub) && o !== pub) return join(REPO_ROOT, '.output', relative(pub, o).replace(/[\\/]/g, '__'));
  return join(dirname(o), `.${basename(o)}.builds`);
}

const ID = /^([0-9a-z]+-[0-9a-f]{12})(\.lock|\.link)?$/;
const newId = () => `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;

/**
 * A path for a socket at `file`: sun_path holds ~107 bytes, so a longer path goes through /proc/self/fd/<fd of its
 * folder>/ (Linux). Returns the path to use and a function to close what it opened; null when no usable path exists.
 */
function socketPath(file: string): { path: string; done: () => void } | null {
  if (Buffer.byteLength(file) < 100) return { path: file, done: () => {} };
  if (process.platform !== 'linux') return null;
  let fd: number;
  try { fd = openSync(dirname(file), 'r'); } catch { return null; }
  return { path: `/proc/self/fd/${fd}/${basename(file)}`, done: () => closeSync(fd) };
}

/** True when a build listens on `lock`; false only when that is proven not to be so (refused, or no socket there). */
export function lockAlive(lock: string): Promise<boolean> {
  const p = socketPath(lock);
  if (!p) return Promise.resolve(true); // cannot ask: treated as alive, so never removed
  return new Promise((res) => {
    const s = connect(p.path);
    const end = (alive: boolean) => { s.destroy(); p.done(); res(alive); };
    s.once('connect', () => end(true));
    s.once('error', (e: NodeJS.ErrnoException) => end(!(e.code === 'ECONNREFUSED' || e.code === 'ENOENT')));
  });
}

/** The store id --out points at (null: no link, or a link elsewhere). */
async function currentId(out: string, store: string): Promise<string | null> {
  const target = await readlink(out).catch(() => null);
  if (target === null) return null;
  const abs = resolve(dirname(out), target);
  return dirname(abs) === resolve(store) && ID.test(basename(abs)) ? basename(abs) : null;
}

/** Removing a build folder: the folder, then its link and lock (a lock outlives its folder, never the reverse). */
const leftovers = (store: string, id: string) => [join(store, id), join(store, `${id}.link`), join(store, `${id}.lock`)];

/**
 * Remove what dead builds of `out` left in the store: their folders (a killed build's half-written output, an old
 * output whose removal was cut short) and their links and locks. A folder is removed only when its lock is proven
 * dead, and --out (read after that proof: a build points --out at its folder before it closes its lock) does not
 * point at it. A lock without a folder is removed when dead and a minute old (its build died between the lock and
 * the folder, or is in the instant between binding and listening).
 */
export async function cleanStale(out: string, store: string, keep: string | null = null): Promise<void> {
  const names = await readdir(store).catch(() => [] as string[]);
  const ids = new Map<string, Set<string>>();
  for (const n of names) {
    const m = ID.exec(n);
    if (m) ids.set(m[1]!, (ids.get(m[1]!) ?? new Set()).add(m[2] ?? ''));
  }
  for (const [id, kinds] of ids) {
    if (id === keep || await lockAlive(join(store, `${id}.lock`))) continue;
    if (!kinds.has('') && !kinds.has('.link')) {
      const st = await lstat(join(store, `${id}.lock`)).catch(() => null);
      if (st && Date.now() - st.mtimeMs > 60_000) await unlink(join(store, `${id}.lock`)).catch(() => {});
      continue;
    }
    if (await currentId(out, store) === id) continue;
    for (const p of leftovers(store, id)) await rm(p, { recursive: true, force: true });
  }
  // a link made beside --out (when the store is on another file system) by a build that died before renaming it
  const beside = `.${basename(out)}.`;
  for (const n of await readdir(dirname(out)).catch(() => [] as string[])) {
    const m = n.startsWith(beside) && n.endsWith('.link') ? ID.exec(n.slice(beside.length)) : null;
    if (m && m[1] !== keep && !(await lockAlive(join(store, `${m[1]}.lock`)))) await unlink(join(dirname(out), n)).catch(() => {});
  }
}

/** Why `dir` is a previous build's output (its manifest, or a shard's partial.json), or null. */
async function buildOutputMark(dir: string): Promise<string | null> {
  for (const [file, about] of [['manifest.json', 'Gongkai Atlas corpus build'], ['partial.json', 'Partial output of one shard of the Gongkai Atlas']]) {
    const text = await readFile(join(dir, file!), 'utf8').catch(() => null);
    if (text === null) continue;
    try { if (String(JSON.parse(text).about ?? '').startsWith(about!)) return file!; } catch { /* not ours */ }
  }
  return null;
}

async function real(p: string): Promise<string> {
  // the real path of p, or of its nearest existing parent joined with the rest (an output not made yet)
  const abs = resolve(p);
  try { return await realpath(abs); } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : join(await real(parent), basename(abs));
  }
}

export interface OutGuard {
  /** Folders the output must not be, contain or sit inside (the input; --merge's shard outputs). */
  inputs?: Array<{ flag: string; dir: string }>;
  store?: string;
}

/**
 * Refuse an --out that a build must not replace (UsageError, exit 2): one that is, contains or sits inside an input,
 * that is or contains the repository, a file, or a folder with something in it that is not a previous build's output.
 * The check looks at both the path as given and where it leads (through symbolic links).
 */
export async function checkOut(out: string, guard: OutGuard = {}): Promise<void> {
  const o = resolve(out);
  const oReal = await real(o);
  const said = (p: string) => (p === o ? `--out ${out}` : `--out ${out} (${p})`);
  for (const { flag, dir } of guard.inputs ?? []) {
    for (const d of new Set([resolve(dir), await real(dir)])) {
      for (const p of new Set([o, oReal])) {
        if (p === d) throw new UsageError(`${said(p)} is the ${flag} folder: a build would replace its own input`);
        if (isInside(d, p)) throw new UsageError(`${said(p)} contains the ${flag} folder ${dir}: a build would replace its own input`);
        if (isInside(p, d)) throw new UsageError(`${said(p)} is inside the ${flag} folder ${dir}: the output would be read as input`);
      }
    }
  }
  const repo = await real(REPO_ROOT);
  for (const p of new Set([o, oReal])) {
    if (isInside(repo, p)) throw new UsageError(`${said(p)} is or contains the repository ${REPO_ROOT}: choose a folder of its own`);
  }
  if (guard.store) {
    const s = resolve(guard.store);
    if (isInside(s, o) || isInside(o, s)) throw new UsageError(`--out ${out} and its build store ${s} overlap`);
    for (const { flag, dir } of guard.inputs ?? []) {
      if (isInside(s, resolve(dir)) || isInside(resolve(dir), s)) throw new UsageError(`the build store ${s} of --out ${out} overlaps the ${flag} folder ${dir}`);
    }
  }
  const st = await lstat(o).catch(() => null);
  if (!st) return;
  if (st.isSymbolicLink()) {
    const target = await realpath(o).catch(() => null);
    if (target === null) return; // a dangling link: nothing to lose
    const tst = await lstat(target);
    if (!tst.isDirectory()) throw new UsageError(`--out ${out} leads to ${target}, which is not a folder`);
    if ((await readdir(target)).length && !(await buildOutputMark(target))) {
      throw new UsageError(`--out ${out} leads to ${target}, which holds files but is not a previous build's output (no manifest.json or partial.json of this build)`);
    }
    return;
  }
  if (!st.isDirectory()) throw new UsageError(`--out ${out} is a file, not a folder`);
  if ((await readdir(o)).length && !(await buildOutputMark(o))) {
    throw new UsageError(`--out ${out} holds files but is not a previous build's output (no manifest.json or partial.json of this build): refusing to replace it`);
  }
}

/** A build's folder in the store, held by its lock until it is committed or abandoned. */
export interface OutputSlot { out: string; store: string; id: string; dir: string; lock: Server }

async function listen(file: string): Promise<Server> {
  const p = socketPath(file);
  if (!p) throw new Error(`cannot make a lock socket at ${file} (path too long)`);
  const server = createServer((s) => s.destroy());
  try {
    await new Promise<void>((res, rej) => { server.once('error', rej); server.listen(p.path, () => { server.off('error', rej); res(); }); });
  } finally { p.done(); }
  server.unref(); // the lock must not keep the process alive
  return server;
}

/**
 * A new build folder for `out`: first its lock (bind() creates the socket exclusively; a taken name is EADDRINUSE),
 * then the folder (exclusive mkdir), so a folder never exists without a live lock while its build runs. Stale folders
 * of dead builds are removed first.
 */
export async function openSlot(out: string, store: string): Promise<OutputSlot> {
  const o = resolve(out), s = resolve(store);
  await mkdir(s, { recursive: true });
  await cleanStale(o, s);
  for (let attempt = 0; ; attempt++) {
    const id = newId();
    let lock: Server;
    try { lock = await listen(join(s, `${id}.lock`)); } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE' && attempt < 5) continue;
      throw e;
    }
    try {
      await mkdir(join(s, id));
    } catch (e) {
      await release(lock, join(s, `${id}.lock`));
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 5) continue;
      throw e;
    }
    return { out: o, store: s, id, dir: join(s, id), lock };
  }
}

async function release(lock: Server, file: string): Promise<void> {
  await new Promise<void>((res) => lock.close(() => res()));
  await unlink(file).catch(() => {});
}

/**
 * Point --out at the slot's folder: a new link renamed over --out (atomic: --out is never missing), then the previous
 * output is removed in the background and the lock released. An --out that is still a real folder (an output of an
 * older version of the build, or an empty folder) is first moved aside — the only time --out is briefly missing.
 */
export async function commitSlot(slot: OutputSlot): Promise<void> {
  const { out, store, id } = slot;
  const target = relative(dirname(out), slot.dir);
  const previous = await currentId(out, store);
  let link = join(store, `${id}.link`);
  await symlink(target, link);
  const st = await lstat(out).catch(() => null);
  let aside: string | null = null;
  if (st?.isDirectory()) {
    aside = join(dirname(out), `.${basename(out)}.replaced-${id}`);
    await rename(out, aside);
  }
  try {
    try { await rename(link, out); } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
      // the store is on another file system: the link is made beside --out instead
      await unlink(link);
      link = join(dirname(out), `.${basename(out)}.${id}.link`);
      await symlink(target, link);
      await rename(link, out);
    }
  } catch (e) {
    if (aside) await rename(aside, out).catch(() => {});
    await unlink(link).catch(() => {});
    throw e;
  }
  if (aside) await rm(aside, { recursive: true, force: true });
  await release(slot.lock, join(store, `${id}.lock`));
  if (previous && previous !== id && !(await lockAlive(join(store, `${previous}.lock`)))) await removeLater(leftovers(store, previous));
}

/** Give the slot up (a failed build): its folder is removed and its lock released. */
export async function abandonSlot(slot: OutputSlot): Promise<void> {
  await rm(slot.dir, { recursive: true, force: true }).catch(() => {});
  await unlink(join(slot.store, `${slot.id}.link`)).catch(() => {});
  await release(slot.lock, join(slot.store, `${slot.id}.lock`));
}

/**
 * Remove folders nothing reads any more (the old output after a swap) without waiting for them: the old output of a
 * national corpus is 200,000 files, and removing them while the disk still writes the new output took seconds per
 * 10,000 reports. A detached `rm -rf` does it; where one cannot start, they are removed here. A removal cut short is
 * finished by the next build (cleanStale: the folder's lock is dead and --out does not point at it).
 */
async function removeLater(paths: string[]): Promise<void> {
  if (process.platform !== 'win32') {
    const started = await new Promise<boolean>((res) => {
      const child = spawn('rm', ['-rf', '--', ...paths], { detached: true, stdio: 'ignore' });
      child.once('spawn', () => { child.unref(); res(true); });
      child.once('error', () => res(false));
    });
    if (started) return;
  }
  for (const p of paths) await rm(p, { recursive: true, force: true });
}

/**
 * `dest` as a hard link to `cached` (a cache entry's record, a shard's output: no copy of its bytes), or a copy where a link cannot be
 * made (another file system), or `bytes` written where there is no cached file.
 */
export function placeFile(cached: string | null, dest: string, bytes: Buffer | null = null): void {
  if (cached) {
    try { linkSync(cached, dest); return; } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') { unlinkSync(dest); return placeFile(cached, dest, bytes); }
    }
    if (!bytes) { copyFileSync(cached, dest); return; }
  }
  writeFileSync(dest, bytes!);
}
