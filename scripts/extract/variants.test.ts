/**
 * Label typos and layout variants that published reports print, made from a real seed report (000, 段村乡 2023,
 * tab-separated) by editing its text in the test — each edit is stated next to its case.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractBytes } from './file.ts';
import type { ReportRecord } from '../template/record.ts';

const seed = readFileSync(join(import.meta.dirname, '../../data/reports/000_fec3dc6b6efa534b.txt'), 'utf8');

async function extract(text: string): Promise<ReportRecord> {
  const out = await extractBytes(new TextEncoder().encode(text), 'variant-of-000.txt');
  if (!out.ok) throw new Error(out.reason);
  return out.record;
}
const edit = (from: string | RegExp, to: string, text = seed) => {
  const next = text.replace(from, to);
  if (next === text) throw new Error(`edit did not apply: ${from}`);
  return next;
};

describe('label typos and variants as printed', () => {
  it('本年度止件数 for 本年废止件数 (as seed 000 prints it) and 规范性文件 for 行政规范性文件', async () => {
    const rec = await extract(edit('行政规范性文件\t0\t0\t0', '规范性文件\t2\t1\t9'));
    expect(rec.template).toBe('2021');
    expect(rec.t2.normative).toEqual({ made: 2, repealed: 1, valid: 9 });
  });

  it('其他法律行政止公开 (a dropped 法规禁) still names row deny_law', async () => {
    const rec = await extract(edit('2.其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0', '2.其他法律行政止公开\t4\t0\t0\t0\t0\t0\t4'));
    expect(rec.t3.deny_law).toEqual([4, 0, 0, 0, 0, 0, 4]);
  });

  it('full-width digits and brackets, spaces inside labels (总 计, 结果 维持)', async () => {
    let t = edit('(七) 总计\t0\t0', '（七）总 计\t０\t0');
    t = edit('行政许可\t0', '行 政 许 可\t１２', t);
    const rec = await extract(t);
    expect(rec.t3.total).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(rec.t2.licensing).toBe(12);
  });

  it('a 小计 column for 法人或其他组织 (8 value columns) is read past, not shifted into 总计', async () => {
    // Header gains 小计 after 其他; every data row gains the subtotal of the five 法人 columns.
    let t = edit('法律服务机构\t其他\t\t', '法律服务机构\t其他\t小计\t');
    t = edit(/^(一、本年新收政府信息公开申请数量)\t\t0\t0\t0\t0\t0\t0\t0/m, '$1\t\t3\t1\t0\t0\t0\t1\t2\t5', t);
    t = edit(/^(三、本年度办理结果\t\(一\) 予以公开)\t0\t0\t0\t0\t0\t0\t0/m, '$1\t3\t1\t0\t0\t0\t1\t2\t5', t);
    t = edit(/^(\(七\) 总计)\t0\t0\t0\t0\t0\t0\t0/m, '$1\t3\t1\t0\t0\t0\t1\t2\t5', t);
    const rec = await extract(t);
    expect(rec.t3.new).toEqual([3, 1, 0, 0, 0, 1, 5]);
    expect(rec.t3.granted).toEqual([3, 1, 0, 0, 0, 1, 5]);
    expect(rec.t3.total).toEqual([3, 1, 0, 0, 0, 1, 5]);
  });

  it('a 2019-style one-row （六）其他处理 in a 2021 report is other_total, and the template stays 2021', async () => {
    const t = edit(/\(六\) 其他处理\t1\.申请人[^\n]*\n\t2\.申请人[^\n]*\n\t3\.其他[^\n]*\n/, '(六) 其他处理\t\t0\t0\t0\t0\t0\t0\t0\t\n');
    const rec = await extract(t);
    expect(rec.template).toBe('2021');
    expect(rec.t3.other_total).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(rec.t3.other_overdue_correction).toBeUndefined();
    expect(rec.t3_other_single_row).toBe(true);
    expect(rec.checks.filter((c) => c.rule === 't3.results_sum').every((c) => c.status === 'pass')).toBe(true);
  });
});

describe('blank cells are null, and checks say so', () => {
  it('an empty 行政许可 cell is null, not 0, and table-二 counts still check', async () => {
    const rec = await extract(edit('行政许可\t0\t\t', '行政许可\t\t\t'));
    expect(rec.t2.licensing).toBeNull();
    expect(rec.checks.find((c) => c.rule === 't2.whole_count')!.status).toBe('pass');
  });

  it('a blank t3 row makes its checks not_applicable, naming the blank cell', async () => {
    const rec = await extract(edit(/^(\t\t2\.重复申请)\t0\t0\t0\t0\t0\t0\t0$/m, '$1\t\t\t\t\t\t\t\t'));
    expect(rec.t3.reject_repeat).toEqual([null, null, null, null, null, null, null]);
    const na = rec.checks.filter((c) => c.status === 'not_applicable' && c.rule === 't3.results_sum');
    expect(na).toHaveLength(7);
    expect(na[0]!.detail).toContain('t3.reject_repeat[0]');
  });
});

describe('a report whose sums are wrong in the source', () => {
  it('is extracted as stated; the failed checks name the cells and spell out the arithmetic', async () => {
    // 自然人 applies 2 in 新收 and gets 2 予以公开, but the row 总计 says 3 and （七）总计 says 1.
    let t = edit(/^(一、本年新收政府信息公开申请数量)\t\t0\t0\t0\t0\t0\t0\t0/m, '$1\t\t2\t0\t0\t0\t0\t0\t3');
    t = edit(/^(三、本年度办理结果\t\(一\) 予以公开)\t0\t0\t0\t0\t0\t0\t0/m, '$1\t2\t0\t0\t0\t0\t0\t2', t);
    t = edit(/^(\(七\) 总计)\t0\t0\t0\t0\t0\t0\t0/m, '$1\t1\t0\t0\t0\t0\t0\t1', t);
    const rec = await extract(t);
    expect(rec.t3.new).toEqual([2, 0, 0, 0, 0, 0, 3]);
    expect(rec.t3.total).toEqual([1, 0, 0, 0, 0, 0, 1]);
    const fails = rec.checks.filter((c) => c.status === 'fail');
    const row = fails.find((c) => c.rule === 't3.row_sum' && c.scope === 'row new')!;
    expect(row.cells).toEqual(['t3.new[0]', 't3.new[1]', 't3.new[2]', 't3.new[3]', 't3.new[4]', 't3.new[5]', 't3.new[6]']);
    expect(row).toMatchObject({ actual: 2, expected: 3 });
    const results = fails.find((c) => c.rule === 't3.results_sum' && c.scope === 'column 自然人')!;
    expect(results).toMatchObject({ actual: 2, expected: 1 });
    expect(results.detail).toMatch(/≠/);
    const balance = fails.find((c) => c.rule === 't3.balance' && c.scope === 'column 自然人')!;
    expect(balance.cells).toEqual(['t3.new[0]', 't3.carried[0]', 't3.total[0]', 't3.carry_forward[0]']);
  });
});
