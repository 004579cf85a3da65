import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dataOrigin, hostingHeaders, pageCsp, PAGE_CSP } from './hosting.ts';
import { PUBLISHED_EXTS } from '../corpus/sources.ts';

describe('hostingHeaders', () => {
  it('pages: the page CSP with frame-ancestors \'self\'; embed pages without frame-ancestors; nosniff everywhere', () => {
    expect(hostingHeaders('/sql/', 'dist/sql/index.html')).toMatchObject({
      'content-type': 'text/html; charset=utf-8', 'x-content-type-options': 'nosniff', 'content-security-policy': `${PAGE_CSP}; frame-ancestors 'self'`,
    });
    expect(hostingHeaders('/embed/outcome-mix/', 'dist/embed/outcome-mix/index.html')['content-security-policy']).toBe(PAGE_CSP);
    expect(hostingHeaders('/embed.js')).toMatchObject({ 'access-control-allow-origin': '*', 'content-type': 'text/javascript; charset=utf-8' });
    expect(hostingHeaders('/_astro/duckdb-eh.9ubY-jlA.wasm')).toMatchObject({ 'content-type': 'application/wasm', 'cache-control': expect.stringContaining('immutable') });
  });

  it('originals are sandboxed downloads whatever their name', () => {
    fc.assert(fc.property(fc.stringMatching(/^[0-9a-f]{16}$/), fc.constantFrom(...PUBLISHED_EXTS, 'html', 'xht', 'svg', 'html.txt'), (id, ext) => {
      const h = hostingHeaders(`/data/sources/${id}.${ext}`);
      expect(h).toMatchObject({ 'content-type': 'application/octet-stream', 'content-disposition': 'attachment', 'x-content-type-options': 'nosniff' });
      expect(h['content-security-policy']).toContain('sandbox');
    }));
  });
});

describe('pageCsp with a data folder elsewhere (ATLAS_DATA_URL)', () => {
  it('names only the data origin, in connect-src and script-src', () => {
    expect(dataOrigin('/atlas-data/')).toBeNull();
    expect(dataOrigin('https://data.example.org/atlas/')).toBe('https://data.example.org');
    const csp = pageCsp(dataOrigin('https://data.example.org/atlas/'));
    expect(csp).toContain("connect-src 'self' https://data.example.org");
    expect(csp).toContain("script-src 'self' https://data.example.org 'wasm-unsafe-eval'");
    expect(csp.match(/data\.example\.org/g)).toHaveLength(2);
    expect(pageCsp(null)).toBe(PAGE_CSP);
  });
});
