/**
 * A tiny static file server with single-range support (what hyparquet's range reads need), used by the
 * e2e tests and the site benchmark. Serves `root` on 127.0.0.1 at an ephemeral port; counts bytes sent.
 */
import { createServer, type Server } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.csv': 'text/csv; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
  '.parquet': 'application/octet-stream', '.pdf': 'application/pdf', '.map': 'application/json',
};

export interface StaticServer { url: string; server: Server; bytes: (prefix?: string) => number; reset: () => void; close: () => Promise<void> }

export async function serveStatic(rootDir: string, _opts: { hosting?: boolean } = {}): Promise<StaticServer> {
  const root = resolve(rootDir);
  let sent = 0;
  const byPath = new Map<string, number>();
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    let p = normalize(join(root, decodeURIComponent(u.pathname)));
    if (!p.startsWith(root)) { res.writeHead(403).end(); return; }
    if (existsSync(p) && statSync(p).isDirectory()) p = join(p, 'index.html');
    if (!existsSync(p)) {
      const nf = join(root, '404.html');
      res.writeHead(404, { 'content-type': TYPES['.html'] });
      if (existsSync(nf)) createReadStream(nf).pipe(res); else res.end('not found');
      return;
    }
    const size = statSync(p).size;
    // original report files are third-party content: never let the browser render them on the site's origin
    const foreign = u.pathname.includes('/data/sources/');
    const headers: Record<string, string | number> = { 'content-type': foreign ? 'application/octet-stream' : TYPES[extname(p)] ?? 'application/octet-stream', 'accept-ranges': 'bytes', 'cache-control': 'no-store' };
    if (foreign) { headers['content-disposition'] = 'attachment'; headers['x-content-type-options'] = 'nosniff'; }
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    let start = 0, end = size - 1, status = 200;
    if (range) {
      if (range[1] === '') { start = Math.max(0, size - Number(range[2])); } else { start = Number(range[1]); if (range[2] !== '') end = Math.min(size - 1, Number(range[2])); }
      if (start > end || start >= size) { res.writeHead(416, { 'content-range': `bytes */${size}` }).end(); return; }
      status = 206; headers['content-range'] = `bytes ${start}-${end}/${size}`;
    }
    headers['content-length'] = end - start + 1;
    res.writeHead(status, headers);
    if (req.method === 'HEAD') { res.end(); return; }
    sent += end - start + 1;
    byPath.set(u.pathname, (byPath.get(u.pathname) ?? 0) + end - start + 1);
    createReadStream(p, { start, end }).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as any).port;
  return { url: `http://127.0.0.1:${port}/`, server, bytes: (prefix?: string) => (prefix ? [...byPath].filter(([k]) => k.startsWith(prefix)).reduce((a, [, v]) => a + v, 0) : sent), reset: () => { sent = 0; byPath.clear(); }, close: () => new Promise((ok) => server.close(() => ok())) };
}
