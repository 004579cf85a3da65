/**
 * EXTRACTOR_VERSION: a hash of the sources that decide what a file extracts to (scripts/{extract,read,
 * template,checks,text}, tests excluded), so the extraction cache is invalidated whenever that code changes.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCRIPTS_DIR = fileURLToPath(new URL('..', import.meta.url));
export const EXTRACTOR_DIRS = ['extract', 'read', 'template', 'checks', 'text'];

function listSources(dir: string): string[] {
  let entries;
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return []; }
  return entries.flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return listSources(p);
    if (!e.isFile() || /\.test\.ts$/.test(e.name) || !/\.(ts|js|mjs|json)$/.test(e.name)) return [];
    return [p];
  });
}

export function extractorVersion(scriptsDir = SCRIPTS_DIR): string {
  const h = createHash('sha256');
  const files = EXTRACTOR_DIRS.flatMap((d) => listSources(join(scriptsDir, d)))
    .map((p) => ({ p, rel: relative(scriptsDir, p).split('\\').join('/') }))
    .sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  for (const f of files) {
    h.update(f.rel).update('\0').update(readFileSync(f.p)).update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

export const EXTRACTOR_VERSION = extractorVersion();
