/**
 * Format recognition by content (never by name) and the one-line refusals.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { readSource } from './index.ts';
import { detectContainer, sniffMarkup } from './detect.ts';
import { NotAReport } from '../template/record.ts';

const bytes = (rel: string) => new Uint8Array(readFileSync(new URL(`../../${rel}`, import.meta.url)));
const F = (f: string) => bytes(`tests/fixtures/formats/${f}`);

async function refusal(b: Uint8Array, name: string): Promise<NotAReport> {
  const e = await readSource(b, name).then(() => null, (x) => x);
  expect(e).toBeInstanceOf(NotAReport);
  expect((e as Error).message.startsWith(`${name}: `)).toBe(true);
  expect((e as Error).message).not.toContain('\n');
  return e as NotAReport;
}

describe('containers by magic bytes', () => {
  it.each([
    ['004_51f69ccf0222012c.docx', 'docx'],
    ['005_junshan-pianqu_2022.docx', 'docx'],
    ['004_51f69ccf0222012c.doc', 'doc'],
    ['003_17bc6c5624a3c32d.word-html-named.doc', 'textual'],
    ['000_fec3dc6b6efa534b.gbk.txt', 'textual'],
    ['001_f9e7c90898d0e983.utf16le-bom.txt', 'textual'],
  ])('%s → %s', (f, want) => {
    expect(detectContainer(F(f), f)).toBe(want);
  });

  it('a PDF goes to the PDF reader', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
    expect(detectContainer(pdf, 'x.pdf')).toBe('pdf');
    if (!existsSync(new URL('./pdf.ts', import.meta.url))) {
      const e = await refusal(pdf, 'x.pdf');
      expect(e.code).toBe('unsupported');
      expect(e.message).toBe('x.pdf: PDF reading not available');
    }
  });
});

describe('text kinds by markup', () => {
  const text = (f: string) => new TextDecoder().decode(F(f));
  it('HTML pages, Word HTML, HTML in JavaScript, plain text', () => {
    expect(sniffMarkup(text('003_17bc6c5624a3c32d.word-chrome.html'))).toBe('html');
    expect(sniffMarkup(text('003_17bc6c5624a3c32d.word-html-named.doc'))).toBe('html');
    expect(sniffMarkup(text('000_fec3dc6b6efa534b.document-write.html'))).toBe('html');
    expect(sniffMarkup(text('000_fec3dc6b6efa534b.content-var.js'))).toBe('js-html');
    expect(sniffMarkup(readFileSync(new URL('../../data/reports/000_fec3dc6b6efa534b.txt', import.meta.url), 'utf8'))).toBe('text');
    expect(sniffMarkup(readFileSync(new URL('../../data/reports/pingtan_001_junshan-pianqu_2022.txt', import.meta.url), 'utf8'))).toBe('text');
  });
});

describe('readSource on every format', () => {
  it.each([
    ['000_fec3dc6b6efa534b.gbk.txt', 'text', 'gbk'],
    ['002_425035603a0bba90.gb18030.txt', 'text', 'gb18030'],
    ['001_f9e7c90898d0e983.utf16le-bom.txt', 'text', 'utf-16le'],
    ['003_17bc6c5624a3c32d.utf16be-bom.txt', 'text', 'utf-16be'],
    ['006_pingtan-lvyou-wenti-ju_2019.gbk-meta-utf8.html', 'html', 'gbk'],
    ['005_junshan-pianqu_2022.utf8-meta-gb2312.html', 'html', 'utf-8'],
    ['000_fec3dc6b6efa534b.content-var.js', 'html', 'utf-8'],
    ['004_51f69ccf0222012c.docx', 'docx', null],
    ['004_51f69ccf0222012c.doc', 'doc', null],
  ])('%s → %s (%s)', async (f, format, encoding) => {
    const d = await readSource(F(f), f);
    expect(d.format).toBe(format);
    expect(d.encoding).toBe(encoding);
  });

  it('plain text keeps the decoded text as is (offsets index the source)', async () => {
    const d = await readSource(F('000_fec3dc6b6efa534b.gbk.txt'), 'g.txt');
    expect(d.text).toBe(readFileSync(new URL('../../data/reports/000_fec3dc6b6efa534b.txt', import.meta.url), 'utf8'));
    expect(d.origins).toEqual([]);
  });
});

describe('refusals: one line, naming the file and the reason', () => {
  it('empty file', async () => {
    expect((await refusal(F('empty.txt'), 'empty.txt')).code).toBe('empty');
  });
  it('whitespace only', async () => {
    expect((await refusal(new TextEncoder().encode(' \n\t\n'), 'blank.txt')).code).toBe('empty');
  });
  it('random binary', async () => {
    const e = await refusal(F('random.bin'), 'random.bin');
    expect(e.code).toBe('binary');
  });
  it('truncated DOCX', async () => {
    expect((await refusal(F('004_51f69ccf0222012c.truncated.docx'), 'cut.docx')).code).toBe('corrupt');
  });
  it('images and other containers are named', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const e = await refusal(png, 'scan.png');
    expect(e.code).toBe('binary');
    expect(e.message).toBe('scan.png: a PNG image, not a report document');
  });
  it('an OLE2 file without a WordDocument stream is not taken for a .doc', async () => {
    const doc = F('004_51f69ccf0222012c.doc');
    const broken = doc.slice(0, 1024); // header intact, directory gone
    const e = await refusal(broken, 'short.doc');
    expect(['unsupported', 'corrupt']).toContain(e.code);
  });
});
