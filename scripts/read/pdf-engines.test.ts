/**
 * The two PDF engines: PDFium reads, pdf.js is the per-file fallback, and neither leaves anything behind in the
 * thread. Real report PDFs (tests/fixtures/pdf); the two variants built here are SYNTHETIC, made on the fly from a
 * real report's PDF and never written to disk: one preceded by junk bytes, one padded to 5,000 pages.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readPdf, MAX_PAGES } from './pdf.ts';
import { extractBytes } from '../extract/file.ts';
import { ENGINE_PACKAGES } from './pdf-pdfium.ts';
import { createRequire } from 'node:module';

const FIX = new URL('../../tests/fixtures/', import.meta.url).pathname;
const bytes = (f: string) => new Uint8Array(readFileSync(`${FIX}pdf/${f}`));
const expected = (f: string) => JSON.parse(readFileSync(`${FIX}expected/${f}`, 'utf8'));

/** SYNTHETIC: a real PDF behind `n` bytes of spaces (as when a server writes something before the file). */
function withJunkBefore(real: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(n + real.length);
  out.fill(0x20, 0, n);
  out.set(real, n);
  return out;
}

/**
 * SYNTHETIC: a real PDF (classic xref table) with an incremental update that makes its page tree `total` pages
 * long: the real pages first, then one blank page object repeated.
 */
function paddedTo(real: Uint8Array, total: number): Uint8Array {
  const src = new TextDecoder('latin1').decode(real);
  const pages = /(\d+) 0 obj\s*(<<\/Type\/Pages[\s\S]*?>>)\s*endobj/.exec(src)!;
  const kids = /\/Kids\[([^\]]*)\]/.exec(pages[2])![1].trim();
  const count = Number(/\/Count (\d+)/.exec(pages[2])![1]);
  const size = Number([...src.matchAll(/\/Size (\d+)/g)].at(-1)![1]);
  const root = [...src.matchAll(/\/Root (\d+ \d+ R)/g)].at(-1)![1];
  const prev = Number([...src.matchAll(/startxref\s+(\d+)/g)].at(-1)![1]);
  const blank = size;
  const dict = pages[2].replace(/\/Kids\[[^\]]*\]/, `/Kids[${kids}${` ${blank} 0 R`.repeat(total - count)}]`).replace(/\/Count \d+/, `/Count ${total}`);
  let tail = src.endsWith('\n') ? '' : '\n';
  const pagesAt = real.length + tail.length;
  tail += `${pages[1]} 0 obj\n${dict}\nendobj\n`;
  const blankAt = real.length + tail.length;
  tail += `${blank} 0 obj\n<</Type/Page/Parent ${pages[1]} 0 R/MediaBox[0 0 595 842]>>\nendobj\n`;
  const xref = real.length + tail.length;
  const entry = (o: number) => `${String(o).padStart(10, '0')} 00000 n \n`;
  tail += `xref\n${pages[1]} 1\n${entry(pagesAt)}${blank} 1\n${entry(blankAt)}trailer\n<</Size ${blank + 1}/Root ${root}/Prev ${prev}>>\nstartxref\n${xref}\n%%EOF\n`;
  const add = new Uint8Array([...tail].map((c) => c.charCodeAt(0)));
  const out = new Uint8Array(real.length + add.length);
  out.set(real); out.set(add, real.length);
  return out;
}

describe('PDF engines', () => {
  // First in this file (each test file runs in its own process): nothing has loaded pdf.js yet.
  it('a PDF PDFium reads never loads pdf.js, and PDFium leaves no global behind', async () => {
    const push = Array.prototype.push;
    const globals = new Set(Reflect.ownKeys(globalThis));
    const d = await readPdf(bytes('003_17bc6c5624a3c32d.pdf'), '003.pdf');
    expect(Reflect.ownKeys(globalThis).filter((k) => !globals.has(k))).toEqual([]);
    expect(d.text).toContain('行政规范性文件');
    expect((globalThis as { pdfjsLib?: unknown }).pdfjsLib).toBeUndefined();
    expect((globalThis as { pdfjsWorker?: unknown }).pdfjsWorker).toBeUndefined();
    expect(Array.prototype.push).toBe(push);
  });

  it('PDFium and pdf.js read real reports to the same text (000, 006 and a mixed-page 005)', async () => {
    for (const f of ['000_fec3dc6b6efa534b.pagebreak.pdf', '006_pingtan-lvyou-wenti-ju_2019.pdf', '005_junshan-pianqu_2022.mixed.pdf']) {
      const a = await readPdf(bytes(f), f, { engine: 'pdfium' });
      const b = await readPdf(bytes(f), f, { engine: 'pdfjs' });
      expect(a.text).toBe(b.text);
      expect(a.origins.map((o) => [o.line, o.start, o.end])).toEqual(b.origins.map((o) => [o.line, o.start, o.end]));
    }
  }, 60_000);

  it('PDFium reads 民 where pdf.js gives the look-alike radical ⺠ (Chromium-printed 005)', async () => {
    const f = '005_junshan-pianqu_2022.chromium.pdf';
    const a = await readPdf(bytes(f), f);
    expect(a.text).toContain('《中华人民共和国政府信息公开条例》');
    expect(a.text).not.toContain('⺠');
    const b = await readPdf(bytes(f), f, { engine: 'pdfjs' });
    expect(b.text).toContain('《中华人⺠共和国政府信息公开条例》');
  }, 60_000);

  it('a PDF PDFium cannot open is read by pdf.js, and the warnings say so and why (synthetic: junk before the header)', async () => {
    const real = bytes('006_pingtan-lvyou-wenti-ju_2019.pdf');
    const d = await readPdf(withJunkBefore(real, 1100), 'junk.pdf');
    expect(d.warnings[0]).toBe('junk.pdf: read with pdf.js because PDFium could not read it (PDFium: not a PDF or corrupted)');
    expect(d.text).toBe((await readPdf(real, 'junk.pdf')).text);
    // PDFium alone refuses it.
    const e = await readPdf(withJunkBefore(real, 1100), 'junk.pdf', { engine: 'pdfium' }).then(() => null, (x: Error) => x.message);
    expect(e).toBe('junk.pdf: corrupt PDF (PDFium: not a PDF or corrupted)');
  }, 60_000);

  it('the engine packages installed are the ones the reader names (so an upgrade invalidates the extraction cache)', () => {
    const req = createRequire(import.meta.url);
    for (const [pkg, version] of Object.entries(ENGINE_PACKAGES)) {
      // The package's own package.json, found upwards from its entry point (not every package exports it).
      let dir = dirname(req.resolve(pkg));
      while (!existsSync(join(dir, 'package.json')) || JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name !== pkg) {
        if (dirname(dir) === dir) throw new Error(`${pkg}: package.json not found`);
        dir = dirname(dir);
      }
      expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version, pkg).toBe(version);
    }
  });

  it('a file read by PDFium carries no engine warning', async () => {
    const d = await readPdf(bytes('006_pingtan-lvyou-wenti-ju_2019.pdf'), '006.pdf');
    expect(d.warnings.filter((w) => /pdf\.js|PDFium/.test(w))).toEqual([]);
  });

  it('reading with pdf.js leaves the built-ins its polyfills replace as they were', async () => {
    const originals = {
      push: Array.prototype.push, parse: JSON.parse, toString: Function.prototype.toString,
    };
    const keys = (o: object) => Reflect.ownKeys(o).map((k) => [k, Object.getOwnPropertyDescriptor(o, k)?.value] as const);
    const before = [Array.prototype, String.prototype, Object, JSON, Function.prototype, Map.prototype].map((o) => new Map(keys(o)));
    await readPdf(bytes('006_pingtan-lvyou-wenti-ju_2019.pdf'), '006.pdf', { engine: 'pdfjs' });
    const { pdfjsRestored } = await import('./pdf-pdfjs.ts');
    // pdf.js did replace them (so this test can fail), and they were put back.
    expect(pdfjsRestored).toEqual(expect.arrayContaining(['Array.prototype.push', 'JSON.parse', 'Function.prototype.toString']));
    expect((globalThis as { self?: unknown }).self).toBeUndefined();
    expect((globalThis as { pdfjsLib?: unknown }).pdfjsLib).toBeUndefined();
    expect((globalThis as { DOMMatrix?: unknown }).DOMMatrix).toBeUndefined();
    expect(Array.prototype.push).toBe(originals.push);
    expect(JSON.parse).toBe(originals.parse);
    expect(Function.prototype.toString).toBe(originals.toString);
    [Array.prototype, String.prototype, Object, JSON, Function.prototype, Map.prototype].forEach((o, i) => {
      for (const [k, v] of before[i]) expect(Object.getOwnPropertyDescriptor(o, k)?.value, String(k)).toBe(v);
    });
  }, 60_000);

  it(`a 5,000-page PDF is read to page ${MAX_PAGES} and its record says how many pages were read of how many (synthetic, real report first)`, async () => {
    const big = paddedTo(bytes('005_junshan-pianqu_2022.pdf'), 5000);
    const out = await extractBytes(big, 'big.pdf');
    if (!out.ok) throw new Error(`not extracted: ${out.reason}`);
    expect(out.record.warnings).toContain(`big.pdf: read only the first ${MAX_PAGES} of 5000 pages`);
    const want = expected('pingtan_001_junshan-pianqu_2022.expected.json');
    expect(out.record.t3).toEqual(want.t3);
  }, 120_000);
});
