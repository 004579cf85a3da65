/**
 * Blank cells printed as bars stepping across lines, in real page copies (tests/fixtures/real): a row that closes a
 * line on `|` and opens the next on `|` has an empty cell between the two bars. 215 (区发改局 2020) opens its table-三
 * rows inline and prints the blanks as lone `|` lines (`… | 25 |`, `|` ×4, `| 25 |`); 013 (区统计局 2023) prints one
 * cell per line ending ` |`, its blanks as lone `|` lines. Blank is null; the printed values keep their columns.
 * Layouts where a lone `|` only separates cells (020: `0`, `|`, `0`, `|`) or opens a row keep no extra cell.
 */
import { describe, expect, it } from 'vitest';
import { realExpected as expectedOf, realFile as fileOf, realText as textOf, recordOf } from '../../tests/fixtures/real/files.ts';
import { piecesOf } from '../text/pieces.ts';

const extract = (n: string) => recordOf(textOf(n), fileOf(n));

describe('215 区发改局 2020: table-三 rows opened inline, blanks as lone `|` lines', () => {
  const row = '一、本年新收政府信息公开申请数量 | 25 |\n|\n|\n|\n|\n| 25 |\n';

  it('each bar-to-bar step is one blank cell: 25, five blanks, 25', () => {
    expect(textOf('215')).toContain(row);
    const cells = piecesOf(row).filter((p) => p.kind !== 'label').map((p) => (p.kind === 'num' ? p.text : '_'));
    expect(cells).toEqual(['25', '_', '_', '_', '_', '_', '25']);
  });

  it('reads 自然人 and 总计 where the text prints them, the five blank columns null', async () => {
    const rec = await extract('215');
    expect(rec.t3.new).toEqual([25, null, null, null, null, null, 25]);
    expect(rec.t3.carried).toEqual([null, null, null, null, null, null, 0]); // six blanks, then 总计 0
    expect(rec.t3.granted).toEqual([7, null, null, null, null, null, 7]);
    expect(rec.t3.partial).toEqual([1, null, null, null, null, null, 1]); // the text ends at `| 1 `
    const exp = expectedOf('215');
    for (const r of ['new', 'carried', 'granted', 'partial']) expect(rec.t3[r]).toEqual(exp.t3[r]);
  });
});

describe('013 区统计局 2023: one cell per line ending ` |`, blanks as lone `|` lines', () => {
  it('six blank applicant columns, then 总计 0, in 新收 and in 结转', async () => {
    expect(textOf('013')).toContain('一、本年新收政府信息公开申请数量 |\n|\n|\n|\n|\n|\n|\n0 |\n||\n');
    const rec = await extract('013');
    expect(rec.t3.new).toEqual([null, null, null, null, null, null, 0]);
    expect(rec.t3.carried).toEqual([null, null, null, null, null, null, 0]);
    expect((rec.t3.granted ?? []).every((v) => v === null)).toBe(true); // every cell blank: nothing read
  });
});

describe('a lone `|` that does not step from bar to bar adds no cell', () => {
  it('020 prints each cell followed by a `|` line: the row keeps its seven values in order', async () => {
    const text = textOf('020');
    const at = text.indexOf('一、本年新收');
    const cells = piecesOf(text, at, text.indexOf('二、上年结转', at)).filter((p) => p.kind !== 'label');
    expect(cells.every((p) => p.kind === 'num')).toBe(true);
    const rec = await extract('020');
    expect(rec.t3.new).toEqual(expectedOf('020').t3.new);
  });

  it('217 opens every row with a bar on the label\'s own line: no value moves', async () => {
    const rec = await extract('217');
    expect(rec.t3.new).toEqual([3, 0, 0, 0, 0, 0, 3]);
    expect(rec.t2.normative).toEqual({ made: 0, repealed: 0, valid: 0 });
  });
});
