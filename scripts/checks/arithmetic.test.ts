/**
 * The template's arithmetic on real bundled reports. runChecks is a pure function of the record, so a rule is
 * tested on a record extracted from a real report, or on a copy of one with a single cell changed — the way to
 * test a new rule (CONTRIBUTING.md, "Add a check").
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { extractFile } from '../extract/file.ts';
import type { ReportRecord } from '../template/record.ts';
import { runChecks } from './arithmetic.ts';

const REPORTS = join(import.meta.dirname, '../../data/reports');

async function record(file: string): Promise<ReportRecord> {
  const out = await extractFile(join(REPORTS, file));
  if (!out.ok) throw new Error(`${file}: ${out.reason}`);
  return out.record;
}

const count = (rec: Pick<ReportRecord, 'checks'>, rule: string, status: string) => rec.checks.filter((c) => c.rule === rule && c.status === status).length;

describe('a real report whose sums are wrong in the source', () => {
  it('君山片区管理局 2022: 本机关不掌握 3 + 2 = 5 are printed while （七）总计 says 0 — kept as stated, three columns fail', async () => {
    const rec = await record('pingtan_001_junshan-pianqu_2022.txt');
    expect(rec.agency).toBe('平潭综合实验区君山片区管理局');
    // the values stay what the report prints; nothing is "corrected"
    expect(rec.t3.unable_no_info).toEqual([3, 0, 0, 0, 0, 2, 5]);
    expect(rec.t3.total).toEqual([0, 0, 0, 0, 0, 0, 0]);
    const fails = rec.checks.filter((c) => c.status === 'fail');
    expect(fails.map((c) => [c.rule, c.scope, c.actual, c.expected])).toEqual([
      ['t3.results_sum', 'column 自然人', 3, 0],
      ['t3.results_sum', 'column 其他', 2, 0],
      ['t3.results_sum', 'column 总计', 5, 0],
    ]);
    expect(fails[0]!.cells).toContain('t3.unable_no_info[0]');
    expect(fails[0]!.cells.at(-1)).toBe('t3.total[0]');
    expect(fails[2]!.detail).toMatch(/本机关不掌握相关政府信息 5 .*= 5 ≠ 总计 0$/);
    // the record's checks are runChecks over the record as extracted
    expect(runChecks(rec)).toEqual(rec.checks);
  });
});

describe('each rule over a real record, one cell changed', () => {
  it('段村乡 2023 passes every rule: 7 balances, 7 result sums, 25 row sums, 3 table-四 groups, table 二', async () => {
    const rec = await record('000_fec3dc6b6efa534b.txt');
    expect(rec.template).toBe('2021');
    expect([count(rec, 't3.balance', 'pass'), count(rec, 't3.results_sum', 'pass'), count(rec, 't3.row_sum', 'pass'), count(rec, 't4.group_sum', 'pass')]).toEqual([7, 7, 25, 3]);
    expect(rec.checks.filter((c) => c.status !== 'pass')).toEqual([]);
  });

  it('t4.group_sum: 行政复议 维持 1 with 总计 0 fails and names the five cells; a blank 维持 makes it not_applicable', async () => {
    const rec = await record('000_fec3dc6b6efa534b.txt');
    const upheld = { ...rec, t4: rec.t4.map((v, i) => (i === 0 ? 1 : v)) };
    const review = runChecks(upheld).find((c) => c.rule === 't4.group_sum' && c.scope === 'group 行政复议')!;
    expect(review).toMatchObject({ status: 'fail', actual: 1, expected: 0, cells: ['t4[0]', 't4[1]', 't4[2]', 't4[3]', 't4[4]'] });
    expect(review.detail).toBe('结果维持 1 + 结果纠正 0 + 其他结果 0 + 尚未审结 0 = 1 ≠ 总计 0');
    const blank = { ...rec, t4: rec.t4.map((v, i) => (i === 0 ? null : v)) };
    const na = runChecks(blank).find((c) => c.rule === 't4.group_sum' && c.scope === 'group 行政复议')!;
    expect(na).toMatchObject({ status: 'not_applicable', expected: null, actual: null });
    expect(na.detail).toBe('blank: 结果维持 (t4[0])');
  });

  it('a 2019-template report has no fee check, and a run the text cannot split fails extract.unique_split (平潭旅游局 2019)', async () => {
    const rec = await record('pingtan_002_pingtan-lvyou-wenti-ju_2019.txt');
    expect(rec.template).toBe('2019');
    expect(rec.checks.some((c) => c.rule === 't2.fee_nonneg')).toBe(false);
    const split = rec.checks.find((c) => c.rule === 'extract.unique_split')!;
    expect(split.status).toBe('fail');
    expect(split.cells).toEqual(['t2_extra.licensing_prev_year_items', 't2_extra.licensing_change', 't2_extra.licensing_decisions', 't2.licensing']);
    expect(rec.t2.licensing).toBeNull();
  });
});
