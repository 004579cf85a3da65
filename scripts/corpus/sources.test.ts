/**
 * Published originals are named by the format found in their bytes, from an allowlist — never by the input's
 * extension, which a static host would otherwise honour (an `.xht` or `.svg` original ran its scripts on the
 * site's origin).
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from './build.ts';
import { PUBLISHED_EXTS, publishedExt, publishedSourceName, SOURCE_FORMATS } from './sources.ts';

const REPORTS = new URL('../../data/reports/', import.meta.url).pathname;
const FORMATS = new URL('../../tests/fixtures/formats/', import.meta.url).pathname;
const id = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

/** Extensions a browser may render as a live document or run (script, markup, SVG, XSLT, MHTML, …). */
const ACTIVE = /^(x?html?|xht|shtml|xml|xsl|xslt|svgz?|js|mjs|cjs|mht|mhtml|php|asp|jsp|swf|wasm|css|json)$/i;

describe('publishedSourceName', () => {
  it('maps each detected format to the allowlist (markup → .txt) and anything else to .bin', () => {
    expect(SOURCE_FORMATS.map((f) => publishedExt(f))).toEqual(['txt', 'txt', 'pdf', 'docx', 'doc']);
    expect(publishedSourceName('abc', 'page.xht', 'html')).toBe('abc.txt');
    expect(publishedSourceName('abc', 'x.svg', 'text')).toBe('abc.txt');
    expect(publishedSourceName('abc', 'report.html', 'docx')).toBe('abc.docx');
    expect(publishedSourceName('abc', 'x.xsl', null)).toBe('abc.bin');
    expect(publishedSourceName('abc', 'x.html', 'toString')).toBe('abc.bin'); // no prototype keys
  });

  it('can never produce an executable or renderable type, whatever the input name and format', () => {
    fc.assert(fc.property(
      fc.stringMatching(/^[0-9a-f]{16}$/),
      fc.oneof(fc.string(), fc.constantFrom('a.xht', 'a.xsl', 'a.svg', 'a.html', 'a.js', 'a.mhtml', 'a.txt.html', 'a.HTML', '')),
      fc.oneof(fc.constant(null), fc.string(), fc.constantFrom(...SOURCE_FORMATS, 'js-html', 'rtf', 'svg', 'xml')),
      (rid, file, format) => {
        const name = publishedSourceName(rid, file, format);
        const ext = name.slice(rid.length + 1);
        expect(name.startsWith(`${rid}.`)).toBe(true);
        expect(PUBLISHED_EXTS).toContain(ext);
        expect(ext).not.toMatch(ACTIVE);
      }), { numRuns: 500 });
  });
});

describe('a real build publishes originals under their detected format', () => {
  let tmp: string;
  // input name → real report bytes; the names are ones a static host would serve as live documents
  const inputs: Array<[string, string, string]> = [
    ['page.xht', join(REPORTS, 'pingtan_006_pingtan-lvyou-wenti-ju_2019.html'), 'txt'], // a real government page with <script>s
    ['style.xsl', join(FORMATS, '003_17bc6c5624a3c32d.word-html-named.doc'), 'txt'], // Word-saved HTML
    ['image.svg', join(REPORTS, '002_425035603a0bba90.txt'), 'txt'],
    ['report.html', join(FORMATS, '004_51f69ccf0222012c.docx'), 'docx'],
    ['junshan.mhtml', join(FORMATS, '005_junshan-pianqu_2022.doc'), 'doc'],
  ];
  let out: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'sources-test-'));
    const input = join(tmp, 'in');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(input);
    for (const [name, from] of inputs) await copyFile(from, join(input, name));
    out = join(tmp, 'out');
    const r = await build({ input, out, cacheDir: join(tmp, 'cache'), progress: false, jobs: 1, inProcess: true });
    expect(r).toMatchObject({ read: inputs.length, ok: inputs.length, failed: 0 });
  }, 120_000);
  afterAll(async () => { if (tmp) await rm(tmp, { recursive: true, force: true }); });

  it('.xht/.xsl/.svg markup or text is published as .txt, an Office file named .html/.mhtml by its real format; bytes unchanged', async () => {
    const names = (await readdir(join(out, 'archive', 'sources'))).sort();
    const expected: string[] = [];
    for (const [name, from, ext] of inputs) {
      const bytes = await readFile(from);
      expected.push(`${id(bytes)}.${ext}`);
      expect(await readFile(join(out, 'archive', 'sources', `${id(bytes)}.${ext}`)), name).toEqual(bytes);
    }
    expect(names).toEqual(expected.sort());
    for (const n of names) expect(n.split('.').pop()).not.toMatch(ACTIVE);
  });
});
