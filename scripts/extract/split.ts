/**
 * Reading a row's numbers when cells may have run together ("801000081" = 80,1,0,0,0,0,81):
 * enumerate every way the printed number pieces can make exactly `width` cells. The caller filters
 * readings with the table's arithmetic; it never picks among survivors (see solve.ts).
 */

export type CellKind = 'count' | 'delta' | 'amount';

export interface NumPiece {
  text: string; // as printed, without unit
  unit?: string;
  /** Bounded by cell separators: exactly one cell, never split. */
  own: boolean;
  start: number;
  end: number;
}

export interface ReadCell {
  value: number;
  /** The cell's text as printed (with sign and unit where printed). */
  asStated: string;
  /** Index of the piece it came from; pieces split into several cells share it. */
  piece: number;
}

export type Reading = ReadCell[];

/** cells[last] = Σ cells[first..last-1] (a row's 总计, a table-四 group's 总计). */
export interface SumGroup { first: number; last: number }

export interface ReadingsResult {
  readings: Reading[];
  /** Enumeration stopped at its limit: the readings are a sample and settle nothing. */
  truncated: boolean;
}

const COUNT = /^(0|[1-9]\d*)$/;
const COUNT_LOOSE = /^\d+$/; // a separated cell may be printed "05"
const DELTA = /^[+-]?(0|[1-9]\d*)$/;
const DELTA_LOOSE = /^[+-]?\d+$/;
const AMOUNT = /^(0|[1-9]\d*)(\.\d+)?$/;
const AMOUNT_LOOSE = /^\d+(\.\d+)?$/;

function valid(part: string, kind: CellKind, own: boolean): boolean {
  if (kind === 'count') return (own ? COUNT_LOOSE : COUNT).test(part);
  if (kind === 'delta') return (own ? DELTA_LOOSE : DELTA).test(part);
  return (own ? AMOUNT_LOOSE : AMOUNT).test(part) || (own ? DELTA_LOOSE : DELTA).test(part);
}

/**
 * All readings of `pieces` as `kinds.length` cells, in a stable order. With `sums`, only readings
 * in which every group adds up are produced: a group's total is then forced (it must read as the
 * sum of its addends), which keeps long runs tractable. Stops at `limit` (→ truncated).
 */
export function enumerate(pieces: NumPiece[], kinds: CellKind[], sums: SumGroup[] = [], limit = 50000): ReadingsResult {
  const width = kinds.length;
  const out: Reading[] = [];
  const cur: ReadCell[] = [];
  const groupOfLast = new Map(sums.map((g) => [g.last, g]));
  const groupOf = (cell: number) => sums.find((g) => cell >= g.first && cell < g.last);
  let truncated = false;
  let nodes = 0;
  const sumOf = (g: SumGroup) => { let s = 0; for (let i = g.first; i < g.last; i++) s += cur[i]!.value; return s; };
  const fits = (cell: number, value: number) => {
    const g = groupOfLast.get(cell);
    return !g || Math.abs(sumOf(g) - value) < 1e-9;
  };

  const go = (pi: number): void => {
    if (truncated) return;
    if (pi === pieces.length) {
      if (cur.length === width) { out.push(cur.slice()); if (out.length >= limit) truncated = true; }
      return;
    }
    const remainingPieces = pieces.length - pi - 1;
    const p = pieces[pi]!;
    const maxCells = width - cur.length - remainingPieces;
    if (maxCells < 1) return;
    if (p.own) {
      const cell = cur.length;
      if (!valid(p.text, kinds[cell]!, true)) return;
      const value = Number(p.text);
      if (!fits(cell, value)) return;
      cur.push({ value, asStated: p.text + (p.unit ?? ''), piece: pi });
      go(pi + 1);
      cur.pop();
      return;
    }
    split(p, pi, 0, maxCells);
  };

  // Cut p.text[from..] into at most `budget` cells, then go on with the next piece.
  const split = (p: NumPiece, pi: number, from: number, budget: number): void => {
    if (truncated) return;
    if (++nodes > limit * 40) { truncated = true; return; }
    const cell = cur.length;
    const kind = kinds[cell];
    if (kind === undefined) return;
    const text = p.text;
    const rest = text.length - from;
    const g = groupOfLast.get(cell);
    // A group total is forced: the digits must spell the sum of its addends.
    const lengths: number[] = [];
    if (g) {
      const want = sumOf(g);
      const s = Number.isInteger(want) ? String(want) : null;
      if (s && text.startsWith(s, from)) lengths.push(s.length);
    } else {
      // An addend is never longer than its group's total; when that total is the last cell of this
      // piece, at least as many characters must remain for it.
      const inGroup = groupOf(cell);
      // (the group's total is the row's last cell and the last this piece can yield)
      const totalHere = inGroup && inGroup.last === width - 1 && inGroup.last === cell + budget - 1;
      for (let len = 1; len <= rest; len++) {
        if (totalHere) {
          const cellsBetween = inGroup!.last - cell - 1; // addends after this one, before the total
          const left = rest - len - cellsBetween;
          if (left < Math.max(len, maxLen(inGroup!.first, cell))) break;
        }
        lengths.push(len);
      }
    }
    for (const len of lengths) {
      const part = text.slice(from, from + len);
      const last = from + len === text.length;
      if (part.endsWith('.')) continue;
      if (!valid(part, kind, false)) {
        if (!g && /^[+-]?0\d/.test(part)) break; // leading zero: longer parts stay invalid
        continue;
      }
      if (!last && budget <= 1) continue;
      cur.push({ value: Number(part), asStated: part + (last ? (p.unit ?? '') : ''), piece: pi });
      if (last) go(pi + 1);
      else split(p, pi, from + len, budget - 1);
      cur.pop();
      if (truncated) return;
    }
  };
  const maxLen = (from: number, to: number) => { let m = 0; for (let i = from; i < to; i++) m = Math.max(m, cur[i]!.asStated.length); return m; };

  go(0);
  return { readings: out, truncated };
}
