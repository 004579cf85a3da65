/**
 * Atomic output: everything is written to a temp folder beside --out and renamed into place at the end,
 * so an interrupted build leaves the previous output intact (its temp folder is removed by the next run).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, linkSync, unlinkSync, writeFileSync } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export function tempDirFor(out: string): string {
  return join(dirname(out), `.${basename(out)}.tmp-${process.pid}`);
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** Remove temp/old folders of earlier builds of the same --out whose process is gone. */
export async function cleanStale(out: string): Promise<void> {
  const dir = dirname(out);
  const prefix = `.${basename(out)}.`;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const n of names) {
    const m = n.startsWith(prefix) ? /^(?:tmp|old)-(\d+)(?:-[a-z0-9]+)?$/.exec(n.slice(prefix.length)) : null;
    if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) await rm(join(dir, n), { recursive: true, force: true });
  }
}

export async function swapIn(tmp: string, out: string): Promise<void> {
  // a name of its own: the previous swap's old output may still be being removed
  const old = join(dirname(out), `.${basename(out)}.old-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  let hadOld = false;
  try { await rename(out, old); hadOld = true; } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; }
  try {
    await rename(tmp, out);
  } catch (e) {
    if (hadOld) await rename(old, out);
    throw e;
  }
  if (hadOld) await removeLater(old);
}

/**
 * Remove a folder nothing reads any more (the old output after a swap) without waiting for it: the old output of a
 * national corpus is 200,000 files, and removing them while the disk still writes the new output took seconds per
 * 10,000 reports. A detached `rm -rf` does it; where one cannot start, it is removed here. A removal cut short is
 * finished by the next build (cleanStale: its builder's process is gone).
 */
async function removeLater(dir: string): Promise<void> {
  if (process.platform !== 'win32') {
    const started = await new Promise<boolean>((res) => {
      const child = spawn('rm', ['-rf', '--', dir], { detached: true, stdio: 'ignore' });
      child.once('spawn', () => { child.unref(); res(true); });
      child.once('error', () => res(false));
    });
    if (started) return;
  }
  await rm(dir, { recursive: true, force: true });
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
