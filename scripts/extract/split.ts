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
 * All readings of `pieces` as `kinds.length` cells, in a stable order. Stops at `limit` readings
 * (the caller treats hitting the limit as "too ambiguous to settle").
 */
export function readings(pieces: NumPiece[], kinds: CellKind[], limit = 20000): Reading[] {
  const width = kinds.length;
  const out: Reading[] = [];
  const cur: ReadCell[] = [];
  // Minimum cells the remaining pieces need: one each.
  const go = (pi: number): void => {
    if (out.length >= limit) return;
    if (pi === pieces.length) {
      if (cur.length === width) out.push(cur.slice());
      return;
    }
    const remainingPieces = pieces.length - pi - 1;
    const p = pieces[pi]!;
    const maxCells = width - cur.length - remainingPieces;
    if (maxCells < 1) return;
    if (p.own) {
      const kind = kinds[cur.length]!;
      if (!valid(p.text, kind, true)) return;
      cur.push({ value: Number(p.text), asStated: p.text + (p.unit ?? ''), piece: pi });
      go(pi + 1);
      cur.pop();
      return;
    }
    splitPiece(p, pi, 0, maxCells, () => go(pi + 1));
  };
  // Cut piece text p.text[from..] into at most `budget` cells, then continue.
  const splitPiece = (p: NumPiece, pi: number, from: number, budget: number, next: () => void): void => {
    const text = p.text;
    const kind = kinds[cur.length];
    if (kind === undefined) return;
    const rest = text.length - from;
    for (let len = 1; len <= rest; len++) {
      const part = text.slice(from, from + len);
      const last = from + len === text.length;
      // A decimal point cannot end a part; a sign can only open a piece.
      if (part.endsWith('.')) continue;
      if (!valid(part, kind, false)) {
        if (/^[+-]?0\d/.test(part)) break; // leading zero: longer parts stay invalid
        continue;
      }
      if (!last && budget <= 1) continue;
      cur.push({ value: Number(part), asStated: part + (last ? (p.unit ?? '') : ''), piece: pi });
      if (last) next();
      else splitPiece(p, pi, from + len, budget - 1, next);
      cur.pop();
      if (out.length >= limit) return;
    }
  };
  go(0);
  return out;
}

/** Cells on which all readings agree (value) or not (null). */
export function agreed(rs: Reading[], width: number): Array<number | null> {
  const out: Array<number | null> = [];
  for (let i = 0; i < width; i++) {
    const v = rs[0]?.[i]?.value;
    out.push(v !== undefined && rs.every((r) => r[i]?.value === v) ? v : null);
  }
  return out;
}
