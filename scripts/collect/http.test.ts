/** PoliteHttp against throwaway local servers: delay per host, robots.txt rules, redirects, size limits. */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PoliteHttp, userAgent, type HttpOptions } from './http.ts';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(h: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ origin: string; host: string; log: { path: string; at: number }[] }> {
  const log: { path: string; at: number }[] = [];
  const s = createServer((req, res) => {
    log.push({ path: req.url!, at: Date.now() });
    h(req, res);
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(s.address() as AddressInfo).port}`;
  return { origin: `http://${host}`, host, log };
}

const opts = (hosts: string[], o: Partial<HttpOptions> = {}): HttpOptions => ({
  userAgent: userAgent(),
  delayMs: 0,
  timeoutMs: 5000,
  maxBytes: 1024 * 1024,
  retries: 1,
  backoffMs: 1,
  allowedHosts: new Set(hosts),
  ...o,
});

describe('PoliteHttp', () => {
  it('waits --delay-ms between two requests to the same host', async () => {
    const site = await serve((_q, r) => r.end('ok'));
    const http = new PoliteHttp(opts([site.host], { delayMs: 150 }));
    await Promise.all([http.get(site.origin + '/a'), http.get(site.origin + '/b'), http.get(site.origin + '/c')]);
    const at = site.log.map((l) => l.at); // robots.txt, a, b, c
    expect(site.log.map((l) => l.path)).toEqual(['/robots.txt', '/a', '/b', '/c']);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(140);
  });

  it('honours a longer Crawl-delay from robots.txt for its user agent', async () => {
    const site = await serve((q, r) => r.end(q.url === '/robots.txt' ? 'User-agent: GongkaiAtlas\nCrawl-delay: 0.3\nDisallow: /no/\n' : 'ok'));
    const http = new PoliteHttp(opts([site.host], { delayMs: 10 }));
    expect((await http.get(site.origin + '/a')).kind).toBe('ok');
    expect(await http.get(site.origin + '/no/x')).toMatchObject({ kind: 'failed', code: 'robots' });
    await http.get(site.origin + '/b');
    const [, a, b] = site.log.map((l) => l.at);
    expect(b! - a!).toBeGreaterThanOrEqual(290);
  });

  it('treats an unreachable robots.txt (5xx) as disallow-all, per RFC 9309', async () => {
    const site = await serve((q, r) => {
      r.statusCode = q.url === '/robots.txt' ? 500 : 200;
      r.end('x');
    });
    const http = new PoliteHttp(opts([site.host]));
    expect(await http.get(site.origin + '/a')).toMatchObject({ kind: 'failed', code: 'robots' });
    expect(site.log.map((l) => l.path)).toEqual(['/robots.txt', '/robots.txt']); // one retry, never /a
  });

  it('does not follow a redirect to a host not given with --from', async () => {
    const elsewhere = await serve((_q, r) => r.end('elsewhere'));
    const site = await serve((q, r) => {
      if (q.url === '/robots.txt') return void r.writeHead(404).end();
      r.writeHead(302, { location: elsewhere.origin + '/x' }).end();
    });
    const http = new PoliteHttp(opts([site.host]));
    expect(await http.get(site.origin + '/a')).toMatchObject({ kind: 'failed', code: 'off-host' });
    expect(elsewhere.log).toEqual([]);
  });

  it('refuses a body whose Content-Length is over the limit without reading it', async () => {
    const site = await serve((q, r) => {
      if (q.url === '/robots.txt') return void r.writeHead(404).end();
      r.writeHead(200, { 'content-length': String(5 * 1024 * 1024), 'content-type': 'application/pdf' });
      r.write(Buffer.alloc(1024));
    });
    const http = new PoliteHttp(opts([site.host], { maxBytes: 1024 * 1024 }));
    expect(await http.get(site.origin + '/big.pdf')).toMatchObject({ kind: 'failed', code: 'too-large', reason: 'Content-Length 5242880 exceeds the 1 MB limit' });
  });
});
