/**
 * Real reports rendered to PDF and back to text by poppler (tests/fixtures/layouts, see
 * tests/fixtures/pdf/MAKE.md): `pdftotext -layout` (space-aligned columns, labels wrapped around
 * their values, a page break with a page number inside table 三) must extract exactly; plain
 * `pdftotext` (one token per line, labels displaced from values) may leave rows unread — with a
 * warning — but must never give a number the report does not state.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractBytes } from './file.ts';
import { diffRecord, loadExpected } from './expected.ts';

const dir = join(import.meta.dirname, '../../tests/fixtures/layouts');
const sources: Record<string, string> = {
  '000_fec3dc6b6efa534b.pagebreak': '000_fec3dc6b6efa534b.expected.json',
  '003_17bc6c5624a3c32d': '003_17bc6c5624a3c32d.expected.json',
  '005_junshan-pianqu_2022': 'pingtan_001_junshan-pianqu_2022.expected.json',
  '006_pingtan-lvyou-wenti-ju_2019': 'pingtan_002_pingtan-lvyou-wenti-ju_2019.expected.json',
};

async function extract(file: string) {
  const out = await extractBytes(readFileSync(join(dir, file)), file);
  if (!out.ok) throw new Error(out.reason);
  return out.record;
}

describe('pdftotext -layout (space-aligned columns)', () => {
  for (const [src, exp] of Object.entries(sources)) {
    it(`${src}.layout.txt → the report's record`, async () => {
      const rec = await extract(`${src}.layout.txt`);
      expect(rec.layout).toBe('aligned');
      expect(diffRecord(rec, loadExpected(exp))).toEqual([]);
    });
  }
});

describe('plain pdftotext (one token per line)', () => {
  for (const [src, exp] of Object.entries(sources)) {
    it(`${src}.raw.txt → only numbers the report states; unread rows are warned`, async () => {
      const rec = await extract(`${src}.raw.txt`);
      const diffs = diffRecord(rec, loadExpected(exp));
      // A difference may only be a value left unread (null / missing row), never another number.
      const wrong = diffs.filter((d) => !/got null|missing row/.test(d));
      expect(wrong).toEqual([]);
      if (diffs.length) expect(rec.warnings.length).toBeGreaterThan(0);
      expect(rec.agency).toBe(loadExpected(exp).agency);
    });
  }
});
