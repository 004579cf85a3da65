/**
 * Atomic output: everything is written to a temp folder beside --out and renamed into place at the end,
 * so an interrupted build leaves the previous output intact (its temp folder is removed by the next run).
 */
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
    const m = n.startsWith(prefix) ? /^(?:tmp|old)-(\d+)$/.exec(n.slice(prefix.length)) : null;
    if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) await rm(join(dir, n), { recursive: true, force: true });
  }
}

export async function swapIn(tmp: string, out: string): Promise<void> {
  const old = join(dirname(out), `.${basename(out)}.old-${process.pid}`);
  let hadOld = false;
  try { await rename(out, old); hadOld = true; } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; }
  try {
    await rename(tmp, out);
  } catch (e) {
    if (hadOld) await rename(old, out);
    throw e;
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
}
