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
  // the same reports printed by a second producer (Chromium), without ruling lines, and with a running header
  '005_junshan-pianqu_2022.chromium': 'pingtan_001_junshan-pianqu_2022.expected.json',
  '005_junshan-pianqu_2022.borderless': 'pingtan_001_junshan-pianqu_2022.expected.json',
  '003_17bc6c5624a3c32d.running': '003_17bc6c5624a3c32d.expected.json',
};
/** Plain renderings whose table 三 the value stream settles whole (the others lose rows to page breaks: left null). */
const sequenceWhole = ['000_fec3dc6b6efa534b.pagebreak', '003_17bc6c5624a3c32d', '005_junshan-pianqu_2022', '006_pingtan-lvyou-wenti-ju_2019', '005_junshan-pianqu_2022.borderless'];

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

describe('plain pdftotext: table 三 placed by the grid\'s printed order when its labels drift', () => {
  for (const src of sequenceWhole) {
    const exp = sources[src]!;
    it(`${src}.raw.txt: every table-三 cell as the report states it`, async () => {
      const rec = await extract(`${src}.raw.txt`);
      expect(diffRecord(rec, loadExpected(exp)).filter((d) => d.startsWith('t3.'))).toEqual([]);
    });
  }
  it('003 (封丘县赵岗镇 2023): the whole record exact; the rows whose labels drifted (2.重复申请, 3.其他, (七) 总计 …) are settled by sequence', async () => {
    const rec = await extract('003_17bc6c5624a3c32d.raw.txt');
    expect(diffRecord(rec, loadExpected('003_17bc6c5624a3c32d.expected.json'))).toEqual([]);
    const bySeq = Object.entries(rec.provenance).filter(([, p]) => p.settled === 'sequence').map(([k]) => k);
    expect(bySeq).toContain('t3.reject_repeat[0]');
    expect(bySeq).toContain('t3.carry_forward[6]');
    expect(bySeq.every((k) => k.startsWith('t3.'))).toBe(true);
    expect(rec.warnings.some((w) => /placed by the grid's printed order/.test(w))).toBe(true);
  });
  it('005 (君山片区 2022, its （四）1. row 3 · 2 · 5 makes the results rule fail as printed): the grid is read, the failed check kept', async () => {
    const rec = await extract('005_junshan-pianqu_2022.raw.txt');
    expect(rec.t3.unable_no_info).toEqual([3, 0, 0, 0, 0, 2, 5]);
    expect(rec.t3.total).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(rec.checks.some((c) => c.status === 'fail' && c.rule === 't3.results_sum')).toBe(true);
  });
  it('a value dropped or a stray number added: the stream no longer holds the grid and nothing is placed by it', async () => {
    const text = readFileSync(join(dir, '005_junshan-pianqu_2022.raw.txt'), 'utf8');
    const lines = text.split('\n');
    const at = lines.findIndex((l, i) => l === '3' && i > lines.findIndex((x) => x.includes('收到和处理')));
    for (const changed of [[...lines.slice(0, at), ...lines.slice(at + 1)], [...lines.slice(0, at), '3', ...lines.slice(at)]]) {
      const out = await extractBytes(Buffer.from(changed.join('\n')), 'mutated.raw.txt');
      if (!out.ok) throw new Error(out.reason);
      expect(Object.values(out.record.provenance).some((p) => p.settled === 'sequence')).toBe(false);
      const wrong = diffRecord(out.record, loadExpected('pingtan_001_junshan-pianqu_2022.expected.json')).filter((d) => !/got null|missing row/.test(d));
      expect(wrong).toEqual([]);
    }
  });
});

describe('pdftotext -layout: a row printed over two lines is read by its columns', () => {
  it('005 (君山片区 2022) printed by Chromium: （四）1.本机关不掌握 prints "3 … 5" on one line and "0 0 0 0 2" on the next; read 3 0 0 0 0 2 5, not 3 5 0 0 0 0 2', async () => {
    const rec = await extract('005_junshan-pianqu_2022.chromium.layout.txt');
    expect(rec.t3.unable_no_info).toEqual([3, 0, 0, 0, 0, 2, 5]);
    expect(rec.provenance['t3.unable_no_info[6]']!.raw).toBe('5');
    expect(rec.warnings).toContain('table 三: 1 row printed over several lines read by the column positions of the table\'s full rows');
  });
});

describe('plain pdftotext: a table-二 row whose value is printed before its label', () => {
  it('005 (君山片区 2022) and its borderless print: "本年收费金额（单位：万元） / 0 / 行政事业性收费" → t2.fees 0; the whole record exact', async () => {
    for (const f of ['005_junshan-pianqu_2022.raw.txt', '005_junshan-pianqu_2022.borderless.raw.txt']) {
      const rec = await extract(f);
      expect(diffRecord(rec, loadExpected('pingtan_001_junshan-pianqu_2022.expected.json')), f).toEqual([]);
      expect(rec.t2.fees).toBe(0);
      expect(rec.warnings).toContain('table 二 row 行政事业性收费: its value printed before its label (one token per line); read as the only row of its 第二十条 block');
    }
  });
});
