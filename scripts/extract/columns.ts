/**
 * Space-aligned text (`pdftotext -layout`) keeps each value at its column's position, but a row whose label wraps
 * can print its values on two or three lines (cells drawn at different heights: "3 … 5" on one line, "0 0 0 0 2"
 * on the next). Read in text order that row becomes 3 5 0 0 0 0 2 — values in the wrong columns.
 *
 * Here the row is rebuilt from the grid before any label is matched: the table's column positions are those its full
 * rows share (lines with one value per column, all at the same places), and a run of adjacent lines whose values
 * land on distinct columns, together exactly one per column, is one row: its values are put in column order.
 * Anything less (a value between columns, two on one column, a column left empty) and the text order stays.
 */
import type { Piece } from '../text/pieces.ts';
import { lineIndex } from '../text/normalise.ts';

/** The column (character offset in its line) of a piece, and its line number. */
interface At { piece: number; line: number; col: number }

/** The column starts shared by the most lines that hold exactly `width` values (at least two such lines), or null. */
function columnStarts(nums: At[][], width: number): number[] | null {
  const counts = new Map<string, { cols: number[]; n: number }>();
  for (const line of nums) {
    if (line.length !== width) continue;
    const cols = line.map((a) => a.col);
    const key = cols.join(',');
    const e = counts.get(key);
    if (e) e.n++;
    else counts.set(key, { cols, n: 1 });
  }
  let best: { cols: number[]; n: number } | null = null;
  for (const e of counts.values()) if (!best || e.n > best.n) best = e;
  return best && best.n >= 2 ? best.cols : null;
}

/**
 * The pieces with the values of each row that was printed over several lines put in column order (the pieces keep
 * their own spans, so provenance still points at each printed value). `starts`: the text's line starts.
 */
export function alignSplitRows(pieces: Piece[], starts: number[], width: number): { pieces: Piece[]; rows: number } {
  const byLine: At[][] = [];
  let last = -1;
  pieces.forEach((p, i) => {
    if (p.kind !== 'num') return;
    const line = lineIndex(starts, p.start);
    const at = { piece: i, line, col: p.start - starts[line]! };
    if (line === last) byLine[byLine.length - 1]!.push(at);
    else byLine.push([at]);
    last = line;
  });
  const cols = columnStarts(byLine, width);
  if (!cols) return { pieces, rows: 0 };
  const colOf = (a: At, p: Piece): number => {
    // A value starts at its column, or ends where a one-digit value there would (right-aligned numbers).
    const end = a.col + (p.end - p.start) - 1;
    const hit = cols.findIndex((c) => Math.abs(c - a.col) <= 1 || Math.abs(c - end) <= 1);
    return hit;
  };
  const out = pieces.slice();
  let rows = 0;
  for (let k = 0; k < byLine.length; k++) {
    if (byLine[k]!.length >= width) continue;
    // Adjacent lines (no line between them), each with fewer values than columns.
    const group: At[] = [...byLine[k]!];
    let j = k + 1;
    while (j < byLine.length && group.length < width && byLine[j]!.length < width && byLine[j]![0]!.line === byLine[j - 1]![0]!.line + 1) group.push(...byLine[j++]!);
    if (j === k + 1 || group.length !== width) continue;
    const placed = group.map((a) => colOf(a, pieces[a.piece]!));
    if (placed.some((c) => c < 0) || new Set(placed).size !== width) continue;
    if (placed.every((c, i) => c === i)) { k = j - 1; continue; } // already in column order
    const slots = group.map((a) => a.piece);
    const ordered = group.map((a, i) => ({ a, c: placed[i]! })).sort((x, y) => x.c - y.c).map((x) => pieces[x.a.piece]!);
    slots.forEach((s, i) => { out[s] = ordered[i]!; });
    rows++;
    k = j - 1;
  }
  return { pieces: out, rows };
}
