/**
 * Table 四 行政复议、行政诉讼: one header block and one row of 15 values (three groups of
 * 维持 · 纠正 · 其他 · 尚未审结 · 总计).
 */
import { t4Path } from '../template/cell-path.ts';
import { T4_WIDTH } from '../template/vocabulary.ts';
import { printedOf, type Piece } from '../text/pieces.ts';
import { compact } from '../text/normalise.ts';
import { rawRows } from './rows.ts';
import { rowCells, rowReadings, type TableResult } from './table3.ts';

const GROUP_SUMS = [0, 5, 10].map((g) => ({ first: g, last: g + 4 }));
// Header words: text between value rows that is still the table's own header (stacked, repeated on a new page).
const HEADER_WORD = /^(行政复议|行政诉讼|结果|维持|纠正|其他|尚未|审结|总计|未经复议直接起诉|复议后起诉|直接起诉|起诉|复议后|未经复议|\s)+$/;

export function extractTable4(pieces: Piece[]): TableResult {
  const res: TableResult = { found: false, values: {}, sources: {}, ambiguity: [], ambiguous: [], warnings: [] };
  const raws = rawRows(pieces);
  const start = raws.findIndex((r) => r.values.some((v) => v.kind === 'num'));
  if (start < 0) {
    // The value row printed with every cell blank (a grid row of 15 empty cells under the header): found, all null.
    const lines = new Map<number, number>();
    for (const p of pieces) if (p.kind === 'blank' && !p.text) lines.set(p.line, (lines.get(p.line) ?? 0) + 1);
    const blankRow = [...lines.values()].some((n) => n === T4_WIDTH || n === T4_WIDTH - 1);
    if (blankRow && raws.some((r) => r.segments.some((s) => /维持/.test(compact(s.text))))) {
      res.found = true;
      res.values.t4 = Array(T4_WIDTH).fill(null);
      res.sources.t4 = Array(T4_WIDTH).fill(null);
      res.warnings.push('table 四: its value row is printed with every cell blank; all 15 cells are null');
    }
    return res;
  }
  const values: Piece[] = [...raws[start]!.values];
  const count = () => values.filter((v) => v.kind === 'num').length;
  for (let k = start + 1; k < raws.length && count() < T4_WIDTH; k++) {
    const label = raws[k]!.segments.map((s) => compact(s.text)).join('');
    if (!HEADER_WORD.test(label)) break;
    values.push(...raws[k]!.values);
  }
  const kinds = Array(T4_WIDTH).fill('count') as Array<'count'>;
  const rr = rowReadings(values, T4_WIDTH, kinds, GROUP_SUMS, null);
  if (rr.warning) res.warnings.push(`table 四: ${rr.warning}`);
  if (rr.truncated) {
    res.found = true;
    res.values.t4 = Array(T4_WIDTH).fill(null);
    res.sources.t4 = Array(T4_WIDTH).fill(null);
    res.ambiguous.push(...Array.from({ length: T4_WIDTH }, (_, i) => t4Path(i)));
    res.ambiguity.push({ run: values.filter((v) => v.kind === 'num').map((v) => v.text).join(' '), cells: res.ambiguous.slice(), candidates: [], resolved_by: 'not settled: too many possible splits to enumerate' });
    return res;
  }
  if (!rr.readings.length) { res.warnings.push('table 四: values could not be read as 15 cells'); return res; }
  res.found = true;
  const nums = values.filter((v) => v.kind === 'num');
  const src = (c: { piece: number; asStated: string }) => {
    const p = nums[c.piece]!;
    return { start: p.start, end: p.end, raw: printedOf(p), asStated: c.asStated };
  };
  if (rr.blanks) {
    const trimmed = rowCells(values, T4_WIDTH);
    const r = rr.readings[0]!;
    res.values.t4 = r.map((c, i) => (rr.blanks![i] ? null : c.value));
    res.sources.t4 = r.map((c, i) => (rr.blanks![i] ? null : { start: trimmed[i]!.start, end: trimmed[i]!.end, raw: trimmed[i]!.text, asStated: c.asStated }));
    return res;
  }
  const rs = rr.readings;
  const agreed = Array.from({ length: T4_WIDTH }, (_, i) => (rs.every((r) => r[i]!.value === rs[0]![i]!.value) ? rs[0]![i]!.value : null));
  res.values.t4 = agreed;
  res.sources.t4 = rs[0]!.map(src);
  const open = agreed.map((v, i) => (v === null ? i : -1)).filter((i) => i >= 0);
  if (open.length) {
    const paths = open.map((i) => t4Path(i));
    res.ambiguous.push(...paths);
    res.ambiguity.push({ run: nums.map((n) => n.text).join(' '), cells: paths, candidates: rs.slice(0, 20).map((r) => open.map((i) => r[i]!.value)) });
  }
  return res;
}

