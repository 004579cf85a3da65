import { describe, expect, it } from 'vitest';
import { T3_ROWS } from '../template/vocabulary.ts';
import { TABLES } from './dictionary.ts';
import { FIXTURES, fixtureRecord } from './fixture-records.ts';
import { recordToRows } from './rows.ts';

const meta = (id: string) => ({ id, file: `${id}.txt`, format: 'text', sourceText: null });

describe('recordToRows', () => {
  it('puts table 二, the t3 总计 column and table 四 on the report row (雷鸣镇 licensing 295)', () => {
    const { report } = recordToRows(fixtureRecord('002_425035603a0bba90'), meta('a'));
    expect(report.agency).toBe('雷鸣镇人民政府');
    expect(report.year).toBe(2023);
    expect(report.t2_licensing).toBe(295);
    expect(report.t2_fees).toBe(0);
    expect(report.t3_total_total).toBe(0);
    expect(report.t3_other_total_total).toBeNull(); // 2021 template prints three sub-rows, not the one row
    expect(report.t4_review_total).toBe(0);
  });

  it('keeps the report\'s own wrong sums (君山 unable_no_info 总计 5 with 总计 row 0)', () => {
    const { report, cells } = recordToRows(fixtureRecord('pingtan_001_junshan-pianqu_2022'), meta('j'));
    expect(report.t3_unable_no_info_total).toBe(5);
    expect(report.t3_total_total).toBe(0);
    expect(report.t2_normative_valid).toBe(11);
    const row = cells.filter((c) => c.tbl === 't3' && c.row === 'unable_no_info').map((c) => c.value);
    expect(row).toEqual([3, 0, 0, 0, 0, 2, 5]);
  });

  it('keeps blanks as null, signs and units in as_stated, and flags ambiguous cells (市场监督管理局 2019)', () => {
    const { report, cells, summary } = recordToRows(fixtureRecord('pingtan_003_pingtan-shichang-jianguan-ju_2019'), meta('m'));
    expect(report.template).toBe('2019');
    expect(report.t2_regulations_repealed).toBeNull(); // 2019 template has no 本年废止
    expect(report.t2_extra_licensing_change).toBe(17);
    expect(report.t2_extra_procurement_total_amount).toBeNull(); // not settled by the text: null, never 0
    expect(report.t2_extra_procurement_amount_unit).toBe('元');
    expect(report.ambiguous_cells).toBe(11);
    const change = cells.find((c) => c.path === 't2_extra.licensing_change')!;
    expect(change).toMatchObject({ value: 17, as_stated: '+17', ambiguous: true });
    const run = cells.find((c) => c.path === 't2_extra.procurement_run_as_stated')!;
    expect(run).toMatchObject({ value: null, as_stated: '156805947.43元' });
    expect(summary.numbers.length).toBe(10 + 20 + T3_ROWS.length * 7 + 15); // t2, the 20 numeric 2019-only keys, t3, t4
    expect(summary.stated).toBe(summary.numbers.filter((v) => v !== null).length);
  });

  it('emits only dictionary columns (plus ord sort keys)', () => {
    for (const f of FIXTURES) {
      const r = recordToRows(fixtureRecord(f), meta(f));
      const reportCols = new Set(TABLES.reports.columns.map((c) => c.name));
      for (const k of Object.keys(r.report)) expect(reportCols.has(k), `reports.${k}`).toBe(true);
      const cellCols = new Set([...TABLES.cells.columns.map((c) => c.name), 'ord']);
      for (const k of Object.keys(r.cells[0]!)) expect(cellCols.has(k), `cells.${k}`).toBe(true);
    }
  });

  it('takes as_stated from the span of its own cell, not from a run shared by several cells', () => {
    const rec = fixtureRecord('002_425035603a0bba90');
    rec.provenance = {
      't2.licensing': { line: 1, start: 1, end: 4, raw: '295' },
      't3.new[0]': { line: 2, start: 0, end: 3, raw: '000' },
      't3.new[1]': { line: 2, start: 0, end: 3, raw: '000' },
    };
    const { cells } = recordToRows(rec, { ...meta('p'), sourceText: 'x\n\t295\n000' });
    expect(cells.find((c) => c.path === 't2.licensing')).toMatchObject({ as_stated: '295', line: 1, span_start: 1, span_end: 4, raw: '295' });
    expect(cells.find((c) => c.path === 't3.new[0]')).toMatchObject({ as_stated: null, raw: '000' });
  });
});
