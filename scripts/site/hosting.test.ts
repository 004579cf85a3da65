import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hostingHeaders, PAGE_CSP } from './hosting.ts';
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
