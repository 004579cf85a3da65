/**
 * Table 三 read as a grid by its printed order, for text that lost the grid's rows: plain `pdftotext` (no -layout)
 * prints a table one token per line in reading order, so a short label ("2.重复申请", "3.其他", "(七) 总计") drifts away
 * from its values — to the end of a block, after the next row's values — while every value stays in the order of
 * the grid (row by row, 自然人 … 总计). Label matching then loses those rows.
 *
 * The value stream alone fixes each value's row and column only when it is the whole grid: exactly 7 values for
 * every row of the template, one token per line, and the table's row sums and column balance all holding
 * (a value dropped or a stray number — a page number — breaks a sum). Anything less and nothing is placed.
 */
import { T3_ROWS, T3_WIDTH, T3_OTHER_SPLIT, type TemplateId } from '../template/vocabulary.ts';
import type { Piece } from '../text/pieces.ts';
import { compact } from '../text/normalise.ts';
import type { CellSource } from './table3.ts';

export interface SequenceGrid {
  template: TemplateId;
  values: Record<string, number[]>;
  sources: Record<string, CellSource[]>;
}

const ROWS_2021 = T3_ROWS.filter((r) => r.templates.includes('2021') && r.code !== 'other_total').map((r) => r.code);
const ROWS_2019 = T3_ROWS.filter((r) => !(T3_OTHER_SPLIT as readonly string[]).includes(r.code)).map((r) => r.code);

/**
 * Does the grid hold together: every row's six applicant columns add up to its 总计, and in every column 新收 + 上年结转
 * = 总计 + 结转下年度? Every value takes part in a row sum, so a value dropped or a stray number shifts what follows
 * and breaks one. (The results rule （一）…（六） = （七）总计 is left to the checks: a report that prints it wrong, as
 * some do, keeps its numbers and a failed check.)
 */
function balances(v: Record<string, number[]>, rows: string[]): boolean {
  for (const code of rows) {
    const r = v[code]!;
    let s = 0;
    for (let c = 0; c < T3_WIDTH - 1; c++) s += r[c]!;
    if (s !== r[T3_WIDTH - 1]) return false;
  }
  for (let c = 0; c < T3_WIDTH; c++) if (v.new![c]! + v.carried![c]! !== v.total![c]! + v.carry_forward![c]!) return false;
  return true;
}

/**
 * The grid of table 三 from its pieces (the region from its header to table 四), or null when the stream does not
 * fix every value: the numbers are not all one count per line, their number is not 7 × the template's rows, the
 * template's own row labels disagree with that count, or a row sum or column balance fails.
 */
export function sequenceGrid(pieces: Piece[]): SequenceGrid | null {
  const nums: Piece[] = [];
  let labels = '';
  for (const p of pieces) {
    if (p.kind === 'num') nums.push(p);
    else if (p.kind === 'label') labels += p.text;
    else if (p.text) return null; // a text cell (未增未减, —) holds a column the stream cannot see
  }
  // One token per line: every value a whole count set apart from its neighbours (a few follow a label's last line
  // after a space: "或重新出具已获取信 0"), nearly all on lines of their own.
  if (!nums.every((p) => p.sep !== 'none' && !p.unit && /^(?:0|[1-9]\d*)$/.test(p.text))) return null;
  if (nums.filter((p) => p.own && p.sep === 'newline').length < 0.9 * nums.length) return null;
  const c = compact(labels);
  const split = /逾期未按收费|逾期不补正/.test(c);
  const rows = nums.length === ROWS_2021.length * T3_WIDTH && split ? ROWS_2021 : nums.length === ROWS_2019.length * T3_WIDTH && !split && /其他处理/.test(c) ? ROWS_2019 : null;
  if (!rows || !(/总计/.test(c) && /结转下年度/.test(c))) return null;
  const values: Record<string, number[]> = {};
  const sources: Record<string, CellSource[]> = {};
  rows.forEach((code, i) => {
    const cells = nums.slice(i * T3_WIDTH, (i + 1) * T3_WIDTH);
    values[code] = cells.map((p) => Number(p.text));
    sources[code] = cells.map((p) => ({ start: p.start, end: p.end, raw: p.text, asStated: p.text, settled: 'sequence' as const }));
  });
  if (!balances(values, rows)) return null;
  return { template: rows === ROWS_2021 ? '2021' : '2019', values, sources };
}
