/**
 * End to end through extractBytes: every format fixture (tests/fixtures/formats, each derived from a real
 * report — see MAKE.sh) must give the same record as its source report's expected JSON
 * (agency, year, template, t2, t3, t4).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { extractBytes } from '../extract/file.ts';

const FIXTURES: Array<[fixture: string, expected: string, format: string]> = [
  ['000_fec3dc6b6efa534b.gbk.txt', '000_fec3dc6b6efa534b', 'text'],
  ['000_fec3dc6b6efa534b.document-write.html', '000_fec3dc6b6efa534b', 'html'],
  ['000_fec3dc6b6efa534b.content-var.js', '000_fec3dc6b6efa534b', 'html'],
  ['001_f9e7c90898d0e983.utf16le-bom.txt', '001_f9e7c90898d0e983', 'text'],
  ['002_425035603a0bba90.gb18030.txt', '002_425035603a0bba90', 'text'],
  ['003_17bc6c5624a3c32d.utf16be-bom.txt', '003_17bc6c5624a3c32d', 'text'],
  ['003_17bc6c5624a3c32d.word-chrome.html', '003_17bc6c5624a3c32d', 'html'],
  ['003_17bc6c5624a3c32d.word-html-named.doc', '003_17bc6c5624a3c32d', 'html'],
  ['004_51f69ccf0222012c.docx', '004_51f69ccf0222012c', 'docx'],
  ['003_17bc6c5624a3c32d.boxed.html', '003_17bc6c5624a3c32d', 'html'],
  ['003_17bc6c5624a3c32d.boxed.docx', '003_17bc6c5624a3c32d', 'docx'],
  ['003_17bc6c5624a3c32d.boxed.doc', '003_17bc6c5624a3c32d', 'doc'],
  ['003_17bc6c5624a3c32d.altchunk.docx', '003_17bc6c5624a3c32d', 'docx'],
  ['004_51f69ccf0222012c.doc', '004_51f69ccf0222012c', 'doc'],
  ['005_junshan-pianqu_2022.utf8-meta-gb2312.html', 'pingtan_001_junshan-pianqu_2022', 'html'],
  ['005_junshan-pianqu_2022.docx', 'pingtan_001_junshan-pianqu_2022', 'docx'],
  ['005_junshan-pianqu_2022.doc', 'pingtan_001_junshan-pianqu_2022', 'doc'],
  ['005_junshan-pianqu_2022.rtf', 'pingtan_001_junshan-pianqu_2022', 'doc'],
  ['004_51f69ccf0222012c.rtf', '004_51f69ccf0222012c', 'doc'],
  ['000_fec3dc6b6efa534b.rtf-cp936-named.doc', '000_fec3dc6b6efa534b', 'doc'],
  ['006_pingtan-lvyou-wenti-ju_2019.gbk-meta-utf8.html', 'pingtan_002_pingtan-lvyou-wenti-ju_2019', 'html'],
  ['006_pingtan-lvyou-wenti-ju_2019.gbk-meta-gb2312.html', 'pingtan_002_pingtan-lvyou-wenti-ju_2019', 'html'],
  ['006_pingtan-lvyou-wenti-ju_2019.word-web-archive.mht', 'pingtan_002_pingtan-lvyou-wenti-ju_2019', 'html'],
];

describe('format fixtures give their source report\'s record', () => {
  it.each(FIXTURES)('%s → %s', async (fixture, expectedId, format) => {
    const bytes = new Uint8Array(readFileSync(new URL(`../../tests/fixtures/formats/${fixture}`, import.meta.url)));
    const want = JSON.parse(readFileSync(new URL(`../../tests/fixtures/expected/${expectedId}.expected.json`, import.meta.url), 'utf8'));
    const out = await extractBytes(bytes, `tests/fixtures/formats/${fixture}`);
    if (!out.ok) throw new Error(`${fixture}: ${out.code}: ${out.reason}`);
    expect(out.format).toBe(format);
    const r = out.record;
    expect({ agency: r.agency, year: r.year, template: r.template }).toEqual({ agency: want.agency, year: want.year, template: want.template });
    expect(r.t2).toEqual(want.t2);
    expect(r.t3).toEqual(want.t3);
    expect(r.t4).toEqual(want.t4);
  });
});

describe('non-reports are refused through extractBytes', () => {
  it.each([
    ['empty.txt', 'empty'],
    ['random.bin', 'binary'],
    ['004_51f69ccf0222012c.truncated.docx', 'corrupt'],
  ])('%s → %s', async (fixture, code) => {
    const bytes = new Uint8Array(readFileSync(new URL(`../../tests/fixtures/formats/${fixture}`, import.meta.url)));
    const out = await extractBytes(bytes, `tests/fixtures/formats/${fixture}`);
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.code).toBe(code);
      expect(out.reason.startsWith(`${fixture}: `)).toBe(true);
    }
  });
});
