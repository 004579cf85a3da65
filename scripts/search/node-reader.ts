/**
 * Query a written Pagefind index from Node, through the very pagefind.js the browser loads: its fetches of
 * `file:` URLs are answered from disk (Node's fetch has no file: scheme). For tests and benchmarks.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

let patched = false;
function patchFetch() {
  if (patched) return;
  patched = true;
  const orig = globalThis.fetch;
  globalThis.fetch = (async (input: any, init?: any) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('file:')) return orig(input, init);
    try {
      return new Response(await readFile(fileURLToPath(url.split('?')[0]!)));
    } catch {
      return new Response(null, { status: 404 });
    }
  }) as typeof fetch;
}

export interface NodePagefind {
  search(term: string | null, opts?: { filters?: Record<string, string> }): Promise<{ results: { id: string; data(): Promise<any> }[] }>;
  destroy?(): Promise<void>;
}

/** The index in `dir` (a folder written by writeSearchIndex). Each call loads a fresh module instance. */
export async function openSearchIndex(dir: string): Promise<NodePagefind> {
  patchFetch();
  const url = pathToFileURL(join(dir, 'pagefind.js')).href + `?i=${Math.random()}`;
  const pf = await import(url);
  await pf.init?.();
  return pf as NodePagefind;
}
