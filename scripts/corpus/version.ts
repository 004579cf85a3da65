/**
 * EXTRACTOR_VERSION: a hash of the sources that decide what a file extracts to (scripts/{extract,read,
 * template,checks,text}, tests excluded), so the extraction cache is invalidated whenever that code changes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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
  return hashSources(scriptsDir, EXTRACTOR_DIRS.flatMap((d) => listSources(join(scriptsDir, d))));
}

function hashSources(scriptsDir: string, paths: string[]): string {
  const h = createHash('sha256');
  const files = paths
    .map((p) => ({ p, rel: relative(scriptsDir, p).split('\\').join('/') }))
    .sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  for (const f of files) {
    h.update(f.rel).update('\0').update(readFileSync(f.p)).update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

export const EXTRACTOR_VERSION = extractorVersion();

/**
 * What a cache entry holds besides the extraction (the staged rows, own findings, digest: scripts/findings and the
 * build modules that make them) has a version of its own, so a change there is never served stale from the cache.
 */
export const ROWS_SOURCES = ['findings', 'corpus/job.ts', 'corpus/rows.ts', 'corpus/staging.ts', 'corpus/bundle.ts', 'corpus/cache.ts', 'corpus/findings.ts', 'corpus/dictionary.ts', 'corpus/sources.ts', 'corpus/agency-key.ts', 'corpus/settle.ts'];
export function rowsVersion(scriptsDir = SCRIPTS_DIR): string {
  return hashSources(scriptsDir, ROWS_SOURCES.flatMap((p) => (p.endsWith('.ts') ? [join(scriptsDir, p)].filter(existsSync) : listSources(join(scriptsDir, p)))));
}
export const ROWS_VERSION = rowsVersion();
