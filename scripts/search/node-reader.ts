/**
 * Query a written search index from Node, through the very pagefind.js and part merging the browser uses
 * (src/lib/search.ts): its fetches of `file:` URLs are answered from disk (Node's fetch has no file: scheme)
 * and recorded, so a test can tell which parts a query loaded. For tests and benchmarks.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { partedIndex, type PagefindModule, type PartedIndex } from '../../src/lib/search.ts';
import { PARTS_FILE, type SearchManifest } from './parts.ts';

/** Every file: URL fetched, in order (reset it between queries to see one query's files). */
export const fetchedFiles: string[] = [];

let patched = false;
function patchFetch() {
  if (patched) return;
  patched = true;
  const orig = globalThis.fetch;
  globalThis.fetch = (async (input: any, init?: any) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('file:')) return orig(input, init);
    fetchedFiles.push(fileURLToPath(url.split('?')[0]!));
    try {
      return new Response(await readFile(fileURLToPath(url.split('?')[0]!)));
    } catch {
      return new Response(null, { status: 404 });
    }
  }) as typeof fetch;
}

export interface NodePagefind {
  search(term: string | null, opts?: { filters?: Record<string, string> }): Promise<{ results: { id: string; data(): Promise<any> }[] }>;
  manifest: SearchManifest;
  /** The index as the browser holds it (for searchIndex). */
  index: PartedIndex;
}

/** The index in `dir` (a folder written by writeSearchIndex). Each call loads a fresh module instance. */
export async function openSearchIndex(dir: string): Promise<NodePagefind> {
  patchFetch();
  const manifest = JSON.parse(await readFile(join(dir, PARTS_FILE), 'utf8')) as SearchManifest;
  let mod: Promise<PagefindModule> | null = null;
  const load = () => (mod ??= import(/* @vite-ignore */ pathToFileURL(join(dir, 'pagefind.js')).href + `?i=${Math.random()}`));
  const index = partedIndex(manifest, load, (d) => pathToFileURL(join(dir, d)).href + '/');
  return { manifest, index, search: async (term, opts) => ({ results: (await index.search(term, opts))?.results as any ?? [] }) };
}
