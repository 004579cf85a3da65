/**
 * The DuckDB worker, started from a blob: URL that imports the self-hosted worker script. A worker loaded
 * by URL is governed only by the CSP of its own HTTP response, which a plain static host does not send, so
 * DuckDB's own fetches (its HTTP file system) would escape the page's `connect-src 'self'`. A blob: worker
 * inherits the page's policy instead, whatever the host sends.
 */
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';

export function startDuckWorker(): Worker {
  // absolute: inside a blob: worker, relative URLs would resolve against the blob's URL
  const src = new URL(ehWorker, location.href).href;
  const url = URL.createObjectURL(new Blob([`importScripts(${JSON.stringify(src)});\n`], { type: 'text/javascript' }));
  return new Worker(url, { name: 'duckdb' });
}
