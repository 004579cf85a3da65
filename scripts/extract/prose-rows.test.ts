/**
 * A narrative sentence that names a table-二 row and holds figures between its words is not a table. A real page cut
 * before its tables (tests/fixtures/real/234, 武山县城关镇 2025) says 本年度行政规范性文件发布0条,废止数量0条,现行有效数量0条。
 * in its narrative: no cell is read from it, and the page counts as one with no table (template null, the warning
 * saying so), as the other pages cut before table 二. A row printed as a table row whose one value has no column
 * (tests/fixtures/real/019: 规章 then a lone 0) still makes the page a report with a table, and such a row's cells are
 * listed as ambiguous (null because no column is fixed, not because nothing is printed).
 */
import { describe, expect, it } from 'vitest';
import { realText as textOf, recordOf } from '../../tests/fixtures/real/files.ts';

const extract = (text: string) => recordOf(text, 'page.txt');

describe('a sentence naming a table-二 row is not a table', () => {
  it('234: the 行政规范性文件 sentence gives no cell and no template; the page is kept as one with no table', async () => {
    const text = textOf('234');
    expect(text).toContain('(三)政府信息管理。本年度行政规范性文件发布0条,废止数量0条,现行有效数量0条。');
    const rec = await extract(text);
    expect(rec.template).toBeNull();
    expect(rec.t2.normative).toEqual({ made: null, repealed: null, valid: null });
    expect(rec.warnings.find((w) => w.startsWith('no table found'))).toBeDefined();
    expect([rec.agency, rec.year]).toEqual(['武山县城关镇', 2025]);
  });

  it('019: a 规章 row with one value whose column is unknown is a table row (template 2019, cells null and ambiguous)', async () => {
    const rec = await extract(textOf('019'));
    expect(rec.template).toBe('2019');
    expect(rec.t2.regulations.made).toBeNull();
    expect(rec.ambiguous).toEqual(expect.arrayContaining(['t2.regulations.made', 't2_extra.regulations_new_published', 't2_extra.regulations_total_published']));
    expect(rec.ambiguity.find((a) => a.cells.includes('t2.regulations.made'))?.run).toBe('0');
    expect(rec.warnings.find((w) => w.startsWith('no table found'))).toBeUndefined();
  });
});

describe('a table row printing values no column can take lists its cells as ambiguous', () => {
  it('237: 行政许可 | 0 | ||| (one value for three cells) → the three cells null and ambiguous; 行政处罚 0 | 0 | 0 read', async () => {
    const text = textOf('237');
    expect(text).toContain('行政许可 | 0 | |||');
    const rec = await extract(text);
    const x = rec.t2_extra!;
    expect([x.licensing_prev_year_items, x.licensing_change, x.licensing_decisions, rec.t2.licensing]).toEqual([null, null, null, null]);
    expect(rec.ambiguous).toEqual(expect.arrayContaining(['t2_extra.licensing_prev_year_items', 't2_extra.licensing_change', 't2_extra.licensing_decisions', 't2_extra.other_mgmt_services_change']));
    expect([x.punishment_prev_year_items, x.punishment_change, x.punishment_decisions]).toEqual([0, 0, 0]);
  });

  it('234: a narrative sentence lists nothing as ambiguous', async () => {
    expect((await extract(textOf('234'))).ambiguous).toEqual([]);
  });
});
