/** Every regular file under a folder, as sorted /-separated paths relative to it. Nothing is skipped but `exclude`. */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';

export interface WalkEntry { rel: string; abs: string }

export async function walk(root: string, exclude: string[] = []): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  const skip = new Set(exclude.map((p) => resolve(p)));
  async function visit(dir: string, prefix: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      const abs = join(dir, e.name);
      if (skip.has(resolve(abs))) continue;
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      let isDir = e.isDirectory(), isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try { const st = await stat(abs); isDir = st.isDirectory(); isFile = st.isFile(); } catch { isFile = true; /* dangling: listed, fails as io */ }
      }
      if (isDir) await visit(abs, rel);
      else if (isFile || !isDir) out.push({ rel, abs });
    }
  }
  await visit(resolve(root), '');
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/** True when `child` is inside (or equal to) `parent`. */
export function isInside(child: string, parent: string): boolean {
  const c = resolve(child), p = resolve(parent);
  return c === p || c.startsWith(p.endsWith(sep) ? p : p + sep);
}
