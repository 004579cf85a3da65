/**
 * A small static file server for the built site: single-range requests (what hyparquet's range reads need),
 * the hosting headers of hosting.ts, and gzip for text and WASM when the client accepts it (compressed once
 * per file and kept in memory). Used by `npm run preview`, the e2e tests and the site benchmark.
 */
import { createServer, type Server } from 'node:http';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { compressible, contentType, hostingHeaders } from './hosting.ts';

export interface ServeOptions {
  /** Send the hosting headers (default true). false = a bare static host that sends only a type, like `python3 -m http.server`. */
  hosting?: boolean;
  /** `cache-control: no-store` on every response (tests and benchmarks measure cold loads). */
  noStore?: boolean;
  host?: string;
  port?: number;
}
export interface StaticServer { url: string; server: Server; bytes: (prefix?: string) => number; reset: () => void; close: () => Promise<void> }

export async function serveStatic(rootDir: string, opts: ServeOptions = {}): Promise<StaticServer> {
  const root = resolve(rootDir);
  const hosting = opts.hosting ?? true;
  let sent = 0;
  const byPath = new Map<string, number>();
  const gz = new Map<string, { mtime: number; body: Buffer }>();
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    let pathname: string;
    try { pathname = decodeURIComponent(u.pathname); } catch { res.writeHead(400).end(); return; }
    let p = normalize(join(root, pathname));
    if (p !== root && !p.startsWith(root + '/')) { res.writeHead(403).end(); return; }
    if (existsSync(p) && statSync(p).isDirectory()) p = join(p, 'index.html');
    if (!existsSync(p)) {
      const nf = join(root, '404.html');
      res.writeHead(404, hosting ? hostingHeaders('/404.html') : { 'content-type': contentType(nf) });
      if (existsSync(nf)) createReadStream(nf).pipe(res); else res.end('not found');
      return;
    }
    const st = statSync(p);
    const size = st.size;
    const headers: Record<string, string | number> = hosting ? hostingHeaders(u.pathname, p) : { 'content-type': contentType(p) };
    headers['accept-ranges'] = 'bytes';
    if (opts.noStore) headers['cache-control'] = 'no-store';
    const count = (n: number) => { sent += n; byPath.set(u.pathname, (byPath.get(u.pathname) ?? 0) + n); };
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    if (hosting && !range && compressible(u.pathname) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      let c = gz.get(p);
      if (!c || c.mtime !== st.mtimeMs) { c = { mtime: st.mtimeMs, body: gzipSync(readFileSync(p), { level: 6 }) }; gz.set(p, c); }
      headers['content-encoding'] = 'gzip';
      headers['vary'] = 'accept-encoding';
      headers['content-length'] = c.body.length;
      res.writeHead(200, headers);
      if (req.method === 'HEAD') { res.end(); return; }
      count(c.body.length);
      res.end(c.body);
      return;
    }
    let start = 0, end = size - 1, status = 200;
    if (range) {
      if (range[1] === '') { start = Math.max(0, size - Number(range[2])); } else { start = Number(range[1]); if (range[2] !== '') end = Math.min(size - 1, Number(range[2])); }
      if (start > end || start >= size) { res.writeHead(416, { 'content-range': `bytes */${size}` }).end(); return; }
      status = 206; headers['content-range'] = `bytes ${start}-${end}/${size}`;
    }
    headers['content-length'] = end - start + 1;
    res.writeHead(status, headers);
    if (req.method === 'HEAD') { res.end(); return; }
    count(end - start + 1);
    createReadStream(p, { start, end }).pipe(res);
  });
  await new Promise<void>((ok, fail) => { server.once('error', fail); server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', ok); });
  const port = (server.address() as any).port;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}/`, server,
    bytes: (prefix?: string) => (prefix ? [...byPath].filter(([k]) => k.startsWith(prefix)).reduce((a, [, v]) => a + v, 0) : sent),
    reset: () => { sent = 0; byPath.clear(); },
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
