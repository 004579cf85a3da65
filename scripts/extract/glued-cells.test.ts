/**
 * Cells glued to their neighbours in crawler text dumps of real Pingtan reports (tests/fixtures/real, the same bytes
 * as data/reports/pingtan_NNN_*.txt): a change printed in words (16减12), a table cell glued to the narrative that
 * follows the table (收费0 + 2025年，…395条), a measure word (2笔) and a unit in the row label (政府集中采购（元）).
 * Each reading is the one the text fixes; where it fixes none the cell is null, never a number from elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { realFile as fileOf, realText as textOf, recordOf as extract } from '../../tests/fixtures/real/files.ts';
import type { ReportRecord } from '../template/record.ts';
import { piecesOf } from '../text/pieces.ts';
import { isSentence } from './rows.ts';

/** The text at a value's recorded source position. */
function sourceText(rec: ReportRecord, text: string, path: string): string {
  const p = rec.provenance[path]!;
  return text.split('\n')[p.line]!.slice(p.start, p.end);
}

describe('a change printed in words after a number (186 农业农村局 2019: "行政事业性收费16减12")', () => {
  it('the 减 ends the number before it and signs the one after it', () => {
    const line = '第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费16减12第二十条第（九）项';
    expect(textOf('186')).toContain(line);
    const nums = piecesOf(line).filter((p) => p.kind === 'num').map((p) => [p.text, p.word ?? null]);
    expect(nums).toEqual([['16', null], ['-12', '减']]);
  });

  it('reads 上一年项目数量 16 and 本年增/减 -12, printed 减12, each at its own place in the text', async () => {
    const text = textOf('186');
    const rec = await extract(text, fileOf('186'));
    expect(rec.t2_extra!.fees_prev_year_items).toBe(16);
    expect(rec.t2_extra!.fees_change).toBe(-12);
    expect(rec.t2_extra!.fees_change_as_stated).toBe('减12');
    expect(sourceText(rec, text, 't2_extra.fees_prev_year_items')).toBe('16');
    expect(sourceText(rec, text, 't2_extra.fees_change')).toBe('减12');
    expect(rec.warnings.filter((w) => /unrecognised label "减"/.test(w))).toEqual([]);
  });

  it('an unknown word glued between two numbers leaves the row null, never a digit cut (derived: 186\'s 减 replaced by 降)', async () => {
    // Synthetic variant of the real text, made here: the reader does not know 降, so the 12 after it may be this
    // row's; cutting 16 into 1 / 6 would be a guess.
    const text = textOf('186').replace('行政事业性收费16减12', '行政事业性收费16降12');
    const rec = await extract(text, 'derived-186-unknown-word.txt');
    expect(rec.t2_extra!.fees_prev_year_items).toBeNull();
    expect(rec.t2_extra!.fees_change).toBeNull();
    expect(rec.warnings).toContain('table 二 row 行政事业性收费: its run is followed at once by "降" and more numbers, so where the row ends is not fixed; its cells are null');
  });

  it('a 减 inside a label (本年增/减) or after label text stays label text', () => {
    expect(piecesOf('上一年项目数量本年增/减行政事业性收费').every((p) => p.kind === 'label')).toBe(true);
    // (derived from 186's line: the 减12 follows words, not a number, so nothing fixes it as a cell)
    expect(piecesOf('行政事业性收费减12').filter((p) => p.kind === 'num').map((p) => p.text)).toEqual(['12']);
  });
});

describe('a table followed at once by narrative (140 市场监督管理局 2025)', () => {
  it('"行政事业性收费02025年，…" is the cell 0, then a sentence that opens with its year', () => {
    const line = '本年收费金额（单位：万元）行政事业性收费02025年，我局严格按照《条例》规定的主动公开范围';
    expect(textOf('140')).toContain(line);
    const ps = piecesOf(line);
    expect(ps.filter((p) => p.kind === 'num').map((p) => p.text)).toEqual(['0']);
    expect(ps[ps.length - 1]!.text.startsWith('2025年，我局')).toBe(true);
  });

  it('reads the fee 0 (not 395, the narrative\'s count of published items) and 结转 "2000002" as 2,0,0,0,0,0,2', async () => {
    const text = textOf('140');
    expect(text).toContain('四、结转下年度继续办理20000022025年，我局共收到');
    expect(text).toContain('主动公开政府信息395条');
    const rec = await extract(text, fileOf('140'));
    expect(rec.t2.fees).toBe(0);
    expect(sourceText(rec, text, 't2.fees')).toBe('0');
    expect(rec.t3.carry_forward).toEqual([2, 0, 0, 0, 0, 0, 2]);
    expect(sourceText(rec, text, 't3.carry_forward[0]')).toBe('2000002');
    // 21 received = 19 decided + 2 carried forward: the table's own balance holds
    expect(rec.checks.filter((c) => c.status === 'fail' && c.rule !== 'extract.unique_split')).toEqual([]);
  });

  it('a row name followed by a sentence takes none of the sentence\'s numbers (derived: the cell 0 removed from 140\'s line)', async () => {
    // Synthetic variant of the real text, made here: without its own value the row has no cell; the 395 after
    // "2025年，…公开政府信息" belongs to the sentence.
    const text = textOf('140').replace('行政事业性收费02025年，', '行政事业性收费2025年，');
    const rec = await extract(text, 'derived-140-no-fee-cell.txt');
    expect(rec.t2.fees).toBeNull();
    expect(rec.warnings.some((w) => /^table 二 row 行政事业性收费: the numbers after its label follow a sentence/.test(w))).toBe(true);
    expect(rec.warnings).toContain('table 二 row 行政事业性收费: not found; its cells are null');
  });

  it('a year printed with its century twice (054: "202020年12月31日") is not a number glued before a year', () => {
    const line = '本报告中所列数据的统计期限自2020年1月1日起至202020年12月31日止。';
    expect(textOf('054')).toContain(line);
    expect(piecesOf(line).filter((p) => p.kind === 'num')).toEqual([]);
  });

  it('sentences are told from labels by their punctuation outside brackets', () => {
    expect(isSentence('2025年，我局共收到公民、法人及其他组织提出的政府信息公开申请')).toBe(true);
    expect(isSentence('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况')).toBe(false);
    expect(isSentence('其他对外管理服务事项(指行政许可以外的政务服务事项,含行政确认、行政处罚)')).toBe(false);
    expect(isSentence('四、结转下年度继续办理')).toBe(false);
  });
});

describe('procurement units (129 财政金融局 2020, 201 综合执法与应急管理局 2020)', () => {
  it('"政府集中采购 2笔 984361元": 采购项目数量 2 (printed 2笔), 采购总金额 984361 元', async () => {
    const text = textOf('129');
    expect(text).toContain('政府集中采购 2笔 984361元 三、');
    const rec = await extract(text, fileOf('129'));
    expect(rec.t2_extra).toMatchObject({ procurement_items: 2, procurement_items_as_stated: '2笔', procurement_total_amount: 984361, procurement_total_amount_as_stated: '984361元', procurement_amount_unit: '元' });
    expect(sourceText(rec, text, 't2_extra.procurement_items')).toBe('2笔');
  });

  it('"政府集中采购（元）6675809": the unit 元 from the row label; the run of items and amount stays null and ambiguous', async () => {
    const text = textOf('201');
    expect(text).toContain('政府集中采购（元）6675809三、');
    const rec = await extract(text, fileOf('201'));
    expect(rec.t2_extra!.procurement_amount_unit).toBe('元');
    expect(rec.t2_extra!.procurement_items).toBeNull();
    expect(rec.t2_extra!.procurement_total_amount).toBeNull();
    expect(rec.ambiguous).toEqual(expect.arrayContaining(['t2_extra.procurement_items', 't2_extra.procurement_total_amount']));
  });
});
