import { describe, expect, it } from 'vitest';
import { fixtureRecord } from './fixture-records.ts';
import { findDuplicates, sameNumbers } from './dedupe.ts';
import { recordToRows, type Summary } from './rows.ts';

const summary = (name: string, id: string, file: string, edit?: (r: ReturnType<typeof fixtureRecord>) => void): Summary => {
  const rec = fixtureRecord(name);
  edit?.(rec);
  return recordToRows(rec, { id, file, format: 'text', sourceText: null }).summary;
};

describe('duplicates by agency, year and numbers', () => {
  // 旅游与文化体育局 2019: the .txt dump cannot settle 行政许可 (run "11315"), the HTML page can (11 | 3 | 15)
  const html = summary('pingtan_002_pingtan-lvyou-wenti-ju_2019', 'h', 'pingtan_006.html');
  const txt = summary('pingtan_002_pingtan-lvyou-wenti-ju_2019', 't', 'pingtan_002.txt', (r) => {
    r.t2.licensing = null;
    r.t2_extra!.licensing_prev_year_items = null; r.t2_extra!.licensing_change = null; r.t2_extra!.licensing_decisions = null;
    r.ambiguous = ['t2.licensing', 't2_extra.licensing_prev_year_items', 't2_extra.licensing_change', 't2_extra.licensing_decisions'];
  });

  it('treats a copy with unsettled cells as the same report and publishes the copy that states more', () => {
    expect(findDuplicates([txt, html])).toEqual([{ id: 't', of: 'h', reason: expect.stringContaining('same report as pingtan_006.html (h)') }]);
    expect(findDuplicates([html, txt])[0]!.reason).toContain('4 more cell(s) blank or unsettled');
  });

  it('publishes the first path when both copies state the same cells', () => {
    const a = summary('pingtan_001_junshan-pianqu_2022', 'x2', 'b/junshan.html');
    const b = summary('pingtan_001_junshan-pianqu_2022', 'x1', 'a/junshan.txt');
    expect(findDuplicates([a, b])).toEqual([{ id: 'x2', of: 'x1', reason: expect.any(String) }]);
  });

  it('does not match different numbers, another year, another agency or another template', () => {
    const base = summary('pingtan_001_junshan-pianqu_2022', 'a', 'a.txt');
    const otherNumber = summary('pingtan_001_junshan-pianqu_2022', 'b', 'b.txt', (r) => { r.t3.unable_no_info![6] = 4; });
    const otherYear = summary('pingtan_001_junshan-pianqu_2022', 'c', 'c.txt', (r) => { r.year = 2023; });
    const otherAgency = summary('pingtan_001_junshan-pianqu_2022', 'd', 'd.txt', (r) => { r.agency = '平潭综合实验区潭城片区管理局'; });
    expect(findDuplicates([base, otherNumber, otherYear, otherAgency])).toEqual([]);
  });

  it('ignores spacing and full-width differences in the agency name', () => {
    const a = summary('002_425035603a0bba90', 'a', 'a.txt');
    const b = summary('002_425035603a0bba90', 'b', 'b.txt', (r) => { r.agency = '雷鸣镇 人民政府'; });
    expect(findDuplicates([a, b]).map((d) => d.id)).toEqual(['b']);
  });

  it('does not match a copy that states only a few of the other copy\'s cells', () => {
    const full = summary('002_425035603a0bba90', 'f', 'f.txt');
    const sparse = summary('002_425035603a0bba90', 's', 's.txt', (r) => {
      for (const k of Object.keys(r.t3)) r.t3[k] = r.t3[k]!.map(() => null);
      r.t4 = r.t4.map(() => null);
    });
    expect(sparse.stated).toBe(10); // table 二 only (licensing 295 and zeros)
    expect(sameNumbers(sparse.numbers, full.numbers)).toBeNull();
    expect(findDuplicates([full, sparse])).toEqual([]);
    const nothing = summary('002_425035603a0bba90', 'n', 'n.txt', (r) => {
      for (const k of Object.keys(r.t3)) r.t3[k] = r.t3[k]!.map(() => null);
      r.t4 = r.t4.map(() => null);
      r.t2 = { regulations: { made: null, repealed: null, valid: null }, normative: { made: null, repealed: null, valid: null }, licensing: null, punishment: null, coercion: null, fees: null };
    });
    expect(sameNumbers(nothing.numbers, nothing.numbers)).toBeNull(); // two blank tables are not "the same numbers"
  });
});
