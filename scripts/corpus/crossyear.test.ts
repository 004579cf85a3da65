import { describe, expect, it } from 'vitest';
import { crossYearChecks } from './crossyear.ts';
import { fixtureRecord } from './fixture-records.ts';
import { recordToRows } from './rows.ts';

const entry = (name: string, id: string, edit?: (r: ReturnType<typeof fixtureRecord>) => void) => {
  const rec = fixtureRecord(name);
  edit?.(rec);
  return recordToRows(rec, { id, file: `${id}.txt`, format: 'text', sourceText: null }).summary;
};

describe('cross-year checks', () => {
  // 雷鸣镇 2023 (real) and a 2024 made from it, as in tests/fixtures/crossyear/
  const y2023 = entry('002_425035603a0bba90', 'p2023');
  const y2024 = entry('002_425035603a0bba90', 'c2024', (r) => {
    r.year = 2024;
    r.t3.carried = [1, 0, 0, 0, 0, 0, 1];
    r.t3.carry_forward = [1, 0, 0, 0, 0, 0, 1];
    r.t2.regulations = { made: 0, repealed: 0, valid: 1 };
    r.t2.normative = { made: 2, repealed: 0, valid: 2 };
  });

  it('compares this year\'s 上年结转 with last year\'s 结转下年度, per column', () => {
    const rows = crossYearChecks([y2024, y2023]).filter((r) => r.rule === 'cross.carry_over');
    expect(rows).toHaveLength(7);
    expect(rows.every((r) => r.report_id === 'c2024')).toBe(true);
    expect(rows.map((r) => r.status)).toEqual(['fail', 'pass', 'pass', 'pass', 'pass', 'pass', 'fail']);
    expect(rows[0]).toMatchObject({ scope: '自然人', expected: 0, actual: 1, cells: JSON.stringify(['t3.carried[0]', 'p2023#t3.carry_forward[0]']) });
    expect(rows[0]!.detail).toContain('≠');
  });

  it('checks 现行有效 = last year\'s 现行有效 + 本年制发 − 本年废止 for 规章 and 行政规范性文件 (2021 template)', () => {
    const rows = crossYearChecks([y2023, y2024]).filter((r) => r.rule === 'cross.valid_count');
    expect(rows.map((r) => [r.scope, r.status, r.expected, r.actual])).toEqual([['规章', 'fail', 0, 1], ['行政规范性文件', 'pass', 2, 2]]);
  });

  it('is not applicable when a cell is blank, and silent without a consecutive year', () => {
    const blank = entry('002_425035603a0bba90', 'b2024', (r) => { r.year = 2024; r.t3.carried = [null, 0, 0, 0, 0, 0, 0]; });
    const rows = crossYearChecks([y2023, blank]).filter((r) => r.rule === 'cross.carry_over');
    expect(rows[0]).toMatchObject({ status: 'not_applicable', expected: 0, actual: null });
    const y2025 = entry('002_425035603a0bba90', 'x2025', (r) => { r.year = 2025; });
    expect(crossYearChecks([y2023, y2025])).toEqual([]);
    expect(crossYearChecks([y2023, entry('001_f9e7c90898d0e983', 'other')])).toEqual([]);
  });

  it('skips the 现行有效 rule when either year uses the 2019 template', () => {
    const p2019 = entry('pingtan_002_pingtan-lvyou-wenti-ju_2019', 'l2019');
    const c2020 = entry('pingtan_002_pingtan-lvyou-wenti-ju_2019', 'l2020', (r) => { r.year = 2020; });
    const rows = crossYearChecks([p2019, c2020]);
    expect(rows.map((r) => r.rule)).toEqual(Array(7).fill('cross.carry_over'));
    expect(rows.every((r) => r.status === 'pass')).toBe(true);
  });
});
