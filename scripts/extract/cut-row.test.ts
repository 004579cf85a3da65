/**
 * The row a stored page is cut in, on real page copies (tests/fixtures/real): the store keeps about 2,000 characters
 * from a page's start, so a page may end inside a table-三 row. In pipe rows the cells it prints keep their columns
 * from the first (blanks are empty cells between bars), and the cells after the cut are null. 225 (a 和平县 township,
 * 2023) ends `7.属于行政执法案卷 | 0 | 0 | 0 | 0 | `, 038 (a 龙岗区 department, 2024) after six cells of the same row,
 * 023 (官洲街道 2023) on an unclosed `| 0` in 6.属于四类过程性信息. A number the cut left unclosed, other than 0, may
 * have lost digits; a row with text after it was not cut: those stay null.
 */
import { describe, expect, it } from 'vitest';
import { realFile as fileOf, realText as textOf, recordOf as extract } from '../../tests/fixtures/real/files.ts';

describe('a pipe row the stored text ends in keeps the cells it prints', () => {
  it('225: `7.属于行政执法案卷 | 0 | 0 | 0 | 0 | ` → four cells 0, the last three null', async () => {
    const text = textOf('225');
    expect(text.endsWith('7.属于行政执法案卷 | 0 | 0 | 0 | 0 | ')).toBe(true);
    const rec = await extract(text, fileOf('225'));
    expect(rec.t3.deny_enforcement).toEqual([0, 0, 0, 0, null, null, null]);
    expect(rec.warnings).toContain('table 三 row 7.属于行政执法案卷: the text ends inside this row after 4 of 7 cells; the cells printed keep their columns, the rest are null');
    // Each value keeps its own place in the text.
    const p = rec.provenance['t3.deny_enforcement[3]']!;
    expect(text.split('\n')[p.line]!.slice(p.start, p.end)).toBe('0');
    expect(p.start).toBe('7.属于行政执法案卷 | 0 | 0 | 0 | '.length);
  });

  it('038: six cells closed by bars, 总计 cut: six 0, 总计 null', async () => {
    expect(textOf('038').trimEnd().endsWith('7.属于行政执法案卷 | 0 | 0 | 0 | 0 | 0 | 0 |')).toBe(true);
    const rec = await extract(textOf('038'), fileOf('038'));
    expect(rec.t3.deny_enforcement).toEqual([0, 0, 0, 0, 0, 0, null]);
    expect(rec.t3.deny_internal).toEqual([1, 0, 0, 0, 0, 0, 1]);
  });

  it('023: the text ends on an unclosed `| 0` — a lone 0 lost no digit', async () => {
    expect(textOf('023').endsWith('6.属于四类过程性信息 | 0 | 0 | 0 | 0 | 0 | 0')).toBe(true);
    const rec = await extract(textOf('023'), fileOf('023'));
    expect(rec.t3.deny_process).toEqual([0, 0, 0, 0, 0, 0, null]);
  });
});

describe('no guess where the row was not cut, or a digit may be lost (derived from the real texts)', () => {
  it('225 with a line after the short row: the row prints four cells and is not cut — null', async () => {
    const rec = await extract(`${textOf('225')}\n8.属于行政查询事项 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n`, 'derived-225.txt');
    expect(rec.t3.deny_enforcement ?? Array(7).fill(null)).toEqual(Array(7).fill(null));
  });

  it('225 with a 小计 column in its header: the cut row\'s cells are not the template\'s columns — null', async () => {
    const text = textOf('225').replace('法律服务机构 | 其他 |', '法律服务机构 | 其他 | 小计 |');
    expect(text).not.toBe(textOf('225'));
    const rec = await extract(text, 'derived-225-subtotal.txt');
    expect(rec.t3.deny_enforcement ?? Array(7).fill(null)).toEqual(Array(7).fill(null));
  });

  it('023 ending on an unclosed `| 1` instead of `| 0`: the 1 may be the start of 12, so the row is null', async () => {
    const rec = await extract(textOf('023').replace(/\| 0$/, '| 1'), 'derived-023.txt');
    expect(rec.t3.deny_process ?? Array(7).fill(null)).toEqual(Array(7).fill(null));
  });
});
