/**
 * `astro build` of a test's own site, one build at a time across test files: vitest runs test files in parallel, and
 * every build of this project writes and cleans the same `.astro/` folder, so two at once can remove what the other
 * is loading ("Cannot find module …/.astro/renderers.mjs"). The lock is a folder (mkdir is atomic) holding the
 * builder's pid; a lock whose process is gone is taken over.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const LOCK = join(ROOT, 'node_modules', '.atlas-astro-build.lock');

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch (e: any) { return e.code === 'EPERM'; } };

function acquire(): void {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try { mkdirSync(LOCK); writeFileSync(join(LOCK, 'pid'), String(process.pid)); return; } catch (e: any) { if (e.code !== 'EEXIST') throw e; }
    let pid = NaN;
    try { pid = Number(readFileSync(join(LOCK, 'pid'), 'utf8')); } catch { /* being written or removed: look again */ }
    if (Number.isInteger(pid) && pid > 0 && !alive(pid)) rmSync(LOCK, { recursive: true, force: true });
    else Atomics.wait(nap, 0, 0, 250);
  }
}

/** Builds the site with `env` (ATLAS_DATA_DIR, ATLAS_OUT_DIR, …) once no other test file is building. */
export function astroBuild(env: NodeJS.ProcessEnv): void {
  acquire();
  try { execFileSync('npx', ['astro', 'build'], { cwd: ROOT, env, stdio: 'pipe' }); } finally { rmSync(LOCK, { recursive: true, force: true }); }
}
