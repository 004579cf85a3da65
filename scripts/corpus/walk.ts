/**
 * The input walk: every entry under --input, as sorted /-separated paths relative to it. Regular files are listed to be
 * read; everything else is listed as skipped with the reason, and never opened:
 *   - FIFOs, sockets and devices (opening a FIFO blocks until a writer comes, which may be never);
 *   - symlinks that lead out of --input (the outside file's bytes must not be published), broken symlinks and
 *     symlink loops;
 *   - symlinks to folders: never followed (a folder inside --input is walked where it is, so following a link to it
 *     would only list its files twice, or forever when it is a parent);
 *   - folders that cannot be read (e.g. lost+found on a mounted volume).
 * A symlink to a regular file inside --input is listed and read through its target (a duplicate of it, usually).
 * Names are kept as bytes: a name that is not UTF-8 is opened by its bytes and shown with each bad byte as \xNN.
 * Nothing here throws for an entry; only an unreadable --input itself is an error.
 */
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

/** A regular file to read: `abs` is a string when the whole path is UTF-8, else the path's bytes. */
export interface WalkEntry { rel: string; abs: string | Buffer }
/** An entry that is not read, and why (one line). */
export interface SkippedEntry { rel: string; reason: string }
export interface WalkResult { files: WalkEntry[]; skipped: SkippedEntry[] }

const SLASH = Buffer.from('/');

export async function walk(root: string, exclude: string[] = []): Promise<WalkResult> {
  const files: WalkEntry[] = [];
  const skipped: SkippedEntry[] = [];
  // compared with real paths (the walk starts from --input's real path); a folder not made yet keeps its given path
  const skip = new Set(await Promise.all(exclude.map((p) => realpath(resolve(p)).catch(() => resolve(p)))));
  const top = await realpath(resolve(root));
  const topBuf = Buffer.from(top);
  const isExcluded = (p: string | Buffer) => typeof p === 'string' && skip.has(p);

  // folders on the path being walked, by device and inode: a bind mount of a parent is a loop too
  async function visit(dir: Buffer, prefix: string, ancestors: Set<string>): Promise<void> {
    let entries: Dirent<Buffer>[];
    try {
      entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (e) {
      if (!prefix) throw e;
      skipped.push({ rel: prefix, reason: `folder cannot be read (${errCode(e)}); its files are not listed` });
      return;
    }
    for (const e of entries) {
      const absBuf = Buffer.concat([dir, SLASH, e.name]);
      const abs = asPath(absBuf);
      if (isExcluded(abs)) continue;
      const rel = prefix ? `${prefix}/${shownName(e.name)}` : shownName(e.name);
      if (e.isDirectory()) {
        let key: string;
        try { const st = await stat(absBuf); key = `${st.dev}:${st.ino}`; } catch (err) {
          skipped.push({ rel, reason: `folder cannot be read (${errCode(err)}); its files are not listed` });
          continue;
        }
        if (ancestors.has(key)) { skipped.push({ rel, reason: 'folder loop (the same folder as one it is inside, e.g. a bind mount); not walked again' }); continue; }
        await visit(absBuf, rel, new Set([...ancestors, key]));
      } else if (e.isFile()) {
        files.push({ rel, abs });
      } else if (e.isSymbolicLink()) {
        const s = await symlink(absBuf, ancestors);
        if ('reason' in s) skipped.push({ rel, reason: s.reason });
        else if (!isExcluded(s.target)) files.push({ rel, abs: s.target });
        else skipped.push({ rel, reason: 'symlink into the build\'s own output or cache; not followed' });
      } else {
        skipped.push({ rel, reason: `${kindOf(e)}: not a regular file; not opened` });
      }
    }
  }

  /** Where a symlink leads, when it is to be read; else why not. */
  async function symlink(link: Buffer, ancestors: Set<string>): Promise<{ target: string | Buffer } | { reason: string }> {
    let target: Buffer;
    try { target = await realpath(link, { encoding: 'buffer' }); } catch (e) {
      const code = errCode(e);
      return { reason: code === 'ELOOP' ? 'symlink loop (the link leads back to itself); not followed' : code === 'ENOENT' ? 'broken symlink (its target does not exist)' : `symlink cannot be resolved (${code})` };
    }
    if (!(target.equals(topBuf) || (target.length > topBuf.length && target.subarray(0, topBuf.length).equals(topBuf) && target[topBuf.length] === SLASH[0]))) {
      return { reason: 'symlink to outside --input; not followed' };
    }
    let st;
    try { st = await stat(target); } catch (e) { return { reason: `symlink target cannot be read (${errCode(e)})` }; }
    if (st.isDirectory()) {
      return ancestors.has(`${st.dev}:${st.ino}`) || target.equals(topBuf)
        ? { reason: 'symlink loop (a link to a folder it is inside); not followed' }
        : { reason: 'symlink to a folder inside --input; not followed (its files are listed where they are)' };
    }
    if (!st.isFile()) return { reason: `symlink to a ${kindOfStat(st)}: not a regular file; not opened` };
    return { target: asPath(target) };
  }

  const rootSt = await stat(topBuf);
  await visit(topBuf, '', new Set([`${rootSt.dev}:${rootSt.ino}`]));
  const byRel = (a: { rel: string }, b: { rel: string }) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0);
  return { files: files.sort(byRel), skipped: skipped.sort(byRel) };
}

const errCode = (e: unknown) => (e as NodeJS.ErrnoException)?.code ?? String((e as Error)?.message ?? e).split('\n')[0];

function kindOf(e: Dirent<Buffer>): string {
  return e.isFIFO() ? 'named pipe (FIFO)' : e.isSocket() ? 'socket' : e.isCharacterDevice() ? 'character device' : e.isBlockDevice() ? 'block device' : 'not a file or folder';
}
function kindOfStat(st: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  return st.isFIFO() ? 'named pipe (FIFO)' : st.isSocket() ? 'socket' : st.isCharacterDevice() ? 'character device' : st.isBlockDevice() ? 'block device' : 'special file';
}

/** A path for the fs API: a string when its bytes are UTF-8 (they round-trip), else the bytes themselves. */
function asPath(b: Buffer): string | Buffer {
  return isUtf8(b) ? b.toString('utf8') : b;
}

/** UTF-8 (no overlongs, no surrogates) — what decodes to a string that encodes back to the same bytes. */
function utf8Length(b: Buffer, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const need = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (!need || i + need > b.length) return 0;
  for (let k = 1; k < need; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  const c1 = b[i + 1]!;
  if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return 0;
  return need;
}
function isUtf8(b: Buffer): boolean {
  for (let i = 0; i < b.length;) { const n = utf8Length(b, i); if (!n) return false; i += n; }
  return true;
}

/** A name as shown in the manifest: its UTF-8 text, each byte that is not part of valid UTF-8 written as \xNN. */
export function shownName(b: Buffer): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < b.length;) {
    const n = utf8Length(b, i);
    if (n) { i += n; continue; }
    out += b.toString('utf8', start, i) + `\\x${b[i]!.toString(16).padStart(2, '0')}`;
    start = ++i;
  }
  return out + b.toString('utf8', start);
}

/** True when `child` is inside (or equal to) `parent`. */
export function isInside(child: string, parent: string): boolean {
  const c = resolve(child), p = resolve(parent);
  return c === p || c.startsWith(p.endsWith(sep) ? p : p + sep);
}
