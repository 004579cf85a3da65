/**
 * End to end: a PDF printed from a real report → extractBytes (reader dispatch → readPdf → text extractor) must give
 * the same record as the report's hand-checked expected file. Fixtures: tests/fixtures/pdf/MAKE.md.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { extractBytes } from '../extract/file.ts';

const FIX = new URL('../../tests/fixtures/', import.meta.url).pathname;
const expected = (f: string) => JSON.parse(readFileSync(`${FIX}expected/${f}`, 'utf8'));
const extract = (f: string) => extractBytes(new Uint8Array(readFileSync(`${FIX}pdf/${f}`)), `tests/fixtures/pdf/${f}`);

const CASES: Array<[pdf: string, expectedFile: string]> = [
  ['003_17bc6c5624a3c32d.pdf', '003_17bc6c5624a3c32d.expected.json'],
  ['003_17bc6c5624a3c32d.running.pdf', '003_17bc6c5624a3c32d.expected.json'],
  ['000_fec3dc6b6efa534b.pagebreak.pdf', '000_fec3dc6b6efa534b.expected.json'],
  ['005_junshan-pianqu_2022.pdf', 'pingtan_001_junshan-pianqu_2022.expected.json'],
  ['005_junshan-pianqu_2022.chromium.pdf', 'pingtan_001_junshan-pianqu_2022.expected.json'],
  ['005_junshan-pianqu_2022.borderless.pdf', 'pingtan_001_junshan-pianqu_2022.expected.json'],
  ['006_pingtan-lvyou-wenti-ju_2019.pdf', 'pingtan_002_pingtan-lvyou-wenti-ju_2019.expected.json'],
];

describe('PDF fixtures through extractBytes give the expected records', () => {
  for (const [pdf, exp] of CASES) {
    it(`${pdf} = ${exp}`, async () => {
      const out = await extract(pdf);
      if (!out.ok) throw new Error(`not extracted: ${out.code}: ${out.reason}`);
      expect(out.format).toBe('pdf');
      const want = expected(exp);
      const r = out.record;
      expect({ agency: r.agency, year: r.year, template: r.template }).toEqual({ agency: want.agency, year: want.year, template: want.template });
      expect(r.t2).toEqual(want.t2);
      expect(r.t3).toEqual(want.t3);
      expect(r.t4).toEqual(want.t4);
    });
  }

  it('006: the 2019 template\'s extra table 二 cells (行政许可 11 · 3 · 15, 采购 1个 · 246900元)', async () => {
    const out = await extract('006_pingtan-lvyou-wenti-ju_2019.pdf');
    if (!out.ok) throw new Error(`not extracted: ${out.code}: ${out.reason}`);
    const want = expected('pingtan_002_pingtan-lvyou-wenti-ju_2019.expected.json').t2_extra;
    for (const k of ['licensing_prev_year_items', 'licensing_change', 'licensing_decisions', 'procurement_items', 'procurement_total_amount']) {
      expect(out.record.t2_extra?.[k], k).toBe(want[k]);
    }
  });

  it('005: the value 3 of 本机关不掌握 carries its PDF origin (page 4)', async () => {
    const out = await extract('005_junshan-pianqu_2022.pdf');
    if (!out.ok) throw new Error(`not extracted: ${out.code}: ${out.reason}`);
    const p = out.record.provenance['t3.unable_no_info[0]'];
    expect(p?.raw).toBe('3');
    expect(p?.origin).toMatchObject({ kind: 'pdf', page: 4 });
  });
});

describe('PDFs that are not readable reports give a reason, not a record', () => {
  it.each([
    ['005_junshan-pianqu_2022.scanned.pdf', 'scanned', /scanned PDF without a text layer — needs OCR/],
    ['005_junshan-pianqu_2022.truncated.pdf', 'corrupt', /corrupt PDF \(truncated/],
    ['003_17bc6c5624a3c32d.encrypted.pdf', 'unsupported', /encrypted PDF/],
  ])('%s → %s', async (pdf, code, reason) => {
    const out = await extract(pdf);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.code).toBe(code);
    expect(out.reason).toMatch(reason);
    expect(out.reason.startsWith(pdf)).toBe(true);
  });
});

describe('a report whose table pages are scanned images (005 mixed: text pages around 2 image pages)', () => {
  it('gives no number for a cell printed only in the images: a one-line reason, or nulls — never zeros', async () => {
    const out = await extract('005_junshan-pianqu_2022.mixed.pdf');
    if (!out.ok) {
      expect(out.reason.startsWith('tests/fixtures/pdf/005_junshan-pianqu_2022.mixed.pdf: ') || out.reason.startsWith('005_junshan-pianqu_2022.mixed.pdf: ')).toBe(true);
      expect(out.reason).not.toMatch(/\n/);
      return;
    }
    // Table 二 and table 三 up to （五） were on the scanned pages.
    expect(out.record.t2.normative.valid).toBeNull();
    expect(out.record.t2.licensing).toBeNull();
    // a row printed only in the images is absent or null, never zeros …
    expect((out.record.t3.unable_no_info ?? []).every((v) => v === null)).toBe(true);
    // … while a row printed on a text page after the scans is read (四、结转下年度继续办理, all 0 on page 4)
    expect(out.record.t3.carry_forward).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(out.record.warnings.join('\n')).toMatch(/pages 2, 3 have no text layer/);
  });
});
