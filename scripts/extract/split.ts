/**
 * Reading a row's numbers when cells may have run together ("801000081" = 80,1,0,0,0,0,81):
 * enumerate every way the printed number pieces can make exactly `width` cells. The caller filters
 * readings with the table's arithmetic; it never picks among survivors (see solve.ts).
 */

export type CellKind = 'count' | 'delta' | 'amount';

export interface NumPiece {
  text: string; // as printed, without unit
  unit?: string;
  /** 增 / 减 printed in place of the sign (减12): the cell's printed text keeps it. */
  word?: string;
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

// The strict (split-part) forms of COUNT / DELTA / AMOUNT checked on text[a, b) without slicing it:
// the enumeration tries every cut of a run, and a string and a regex test per try dominated it.
const isDigitAt = (t: string, i: number) => { const c = t.charCodeAt(i); return c >= 48 && c <= 57; };

/** /^(0|[1-9]\d*)$/ on text[a, b). */
function countAt(t: string, a: number, b: number): boolean {
  if (b <= a) return false;
  if (b - a > 1 && t.charCodeAt(a) === 48) return false;
  for (let i = a; i < b; i++) if (!isDigitAt(t, i)) return false;
  return true;
}

/** /^[+-]?(0|[1-9]\d*)$/ on text[a, b). */
function deltaAt(t: string, a: number, b: number): boolean {
  const c = t.charCodeAt(a);
  return countAt(t, c === 43 || c === 45 ? a + 1 : a, b);
}

/** /^(0|[1-9]\d*)(\.\d+)?$/ on text[a, b). */
function amountAt(t: string, a: number, b: number): boolean {
  let e = a;
  while (e < b && isDigitAt(t, e)) e++;
  if (!countAt(t, a, e)) return false;
  if (e === b) return true;
  if (t.charCodeAt(e) !== 46 || e + 1 >= b) return false;
  for (let i = e + 1; i < b; i++) if (!isDigitAt(t, i)) return false;
  return true;
}

/** valid(text.slice(a, b), kind, false) without the slice. */
function validAt(t: string, a: number, b: number, kind: CellKind): boolean {
  if (kind === 'count') return countAt(t, a, b);
  if (kind === 'delta') return deltaAt(t, a, b);
  return amountAt(t, a, b) || deltaAt(t, a, b);
}

/** /^[+-]?0\d/ on text[a, b). */
function leadingZeroAt(t: string, a: number, b: number): boolean {
  const c = t.charCodeAt(a);
  const z = c === 43 || c === 45 ? a + 1 : a;
  return z + 1 < b && t.charCodeAt(z) === 48 && isDigitAt(t, z + 1);
}

const NO_GROUPS: ReadonlyMap<number, SumGroup> = new Map();

/** State of one enumeration (module-level functions, not closures: a closure per call cost more than the search). */
interface Enum {
  pieces: NumPiece[];
  kinds: CellKind[];
  sums: SumGroup[];
  width: number;
  limit: number;
  out: Reading[];
  cur: ReadCell[];
  groupOfLast: ReadonlyMap<number, SumGroup>;
  truncated: boolean;
  nodes: number;
}

/**
 * All readings of `pieces` as `kinds.length` cells, in a stable order. With `sums`, only readings
 * in which every group adds up are produced: a group's total is then forced (it must read as the
 * sum of its addends), which keeps long runs tractable. Stops at `limit` (→ truncated).
 */
export function enumerate(pieces: NumPiece[], kinds: CellKind[], sums: SumGroup[] = [], limit = 50000): ReadingsResult {
  const e: Enum = {
    pieces, kinds, sums, width: kinds.length, limit, out: [], cur: [],
    groupOfLast: sums.length ? new Map(sums.map((g) => [g.last, g])) : NO_GROUPS,
    truncated: false, nodes: 0,
  };
  go(e, 0);
  return { readings: e.out, truncated: e.truncated };
}

function groupOf(e: Enum, cell: number): SumGroup | undefined {
  for (const g of e.sums) if (cell >= g.first && cell < g.last) return g;
  return undefined;
}

function sumOf(e: Enum, g: SumGroup): number {
  let s = 0;
  for (let i = g.first; i < g.last; i++) s += e.cur[i]!.value;
  return s;
}

function fits(e: Enum, cell: number, value: number): boolean {
  const g = e.groupOfLast.get(cell);
  return !g || Math.abs(sumOf(e, g) - value) < 1e-9;
}

function maxLen(e: Enum, from: number, to: number): number {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, e.cur[i]!.asStated.length);
  return m;
}

function go(e: Enum, pi: number): void {
  if (e.truncated) return;
  const { pieces, cur } = e;
  if (pi === pieces.length) {
    if (cur.length === e.width) { e.out.push(cur.slice()); if (e.out.length >= e.limit) e.truncated = true; }
    return;
  }
  const remainingPieces = pieces.length - pi - 1;
  const p = pieces[pi]!;
  const maxCells = e.width - cur.length - remainingPieces;
  if (maxCells < 1) return;
  if (p.own) {
    const cell = cur.length;
    if (!valid(p.text, e.kinds[cell]!, true)) return;
    const value = Number(p.text);
    if (!fits(e, cell, value)) return;
    cur.push({ value, asStated: (p.word ? p.word + p.text.replace(/^[+-]/, '') : p.text) + (p.unit ?? ''), piece: pi });
    go(e, pi + 1);
    cur.pop();
    return;
  }
  split(e, p, pi, 0, maxCells);
}

/** Cut p.text[from..] into at most `budget` cells, then go on with the next piece. */
function split(e: Enum, p: NumPiece, pi: number, from: number, budget: number): void {
  if (e.truncated) return;
  if (++e.nodes > e.limit * 40) { e.truncated = true; return; }
  const cur = e.cur;
  const cell = cur.length;
  const kind = e.kinds[cell];
  if (kind === undefined) return;
  const text = p.text;
  const rest = text.length - from;
  const g = e.groupOfLast.get(cell);
  if (g) {
    // A group total is forced: the digits must spell the sum of its addends.
    const want = sumOf(e, g);
    const s = Number.isInteger(want) ? String(want) : null;
    if (s && text.startsWith(s, from)) tryPart(e, p, pi, from, s.length, budget, kind, true);
    return;
  }
  // An addend is never longer than its group's total; when that total is the last cell of this
  // piece, at least as many characters must remain for it.
  const inGroup = groupOf(e, cell);
  // (the group's total is the row's last cell and the last this piece can yield)
  const totalHere = inGroup && inGroup.last === e.width - 1 && inGroup.last === cell + budget - 1;
  const cellsBetween = totalHere ? inGroup.last - cell - 1 : 0; // addends after this one, before the total
  const before = totalHere ? maxLen(e, inGroup.first, cell) : 0;
  for (let len = 1; len <= rest; len++) {
    if (totalHere && rest - len - cellsBetween < Math.max(len, before)) break;
    const r = tryPart(e, p, pi, from, len, budget, kind, false);
    if (r === STOP) return;
    if (r === BREAK) break;
  }
}

const GO_ON = 0;
const BREAK = 1;
const STOP = 2;

/** Take text[from, from+len) as the next cell (if it reads as one) and go on; BREAK: no longer part can read. */
function tryPart(e: Enum, p: NumPiece, pi: number, from: number, len: number, budget: number, kind: CellKind, forced: boolean): number {
  const text = p.text;
  const end = from + len;
  const last = end === text.length;
  if (text.charCodeAt(end - 1) === 46) return GO_ON; // a part never ends in '.'
  if (!validAt(text, from, end, kind)) {
    if (!forced && leadingZeroAt(text, from, end)) return BREAK; // leading zero: longer parts stay invalid
    return GO_ON;
  }
  if (!last && budget <= 1) return GO_ON;
  const part = text.slice(from, end);
  const shown = from === 0 && p.word ? p.word + part.replace(/^[+-]/, '') : part;
  e.cur.push({ value: Number(part), asStated: last ? shown + (p.unit ?? '') : shown, piece: pi });
  if (last) go(e, pi + 1);
  else split(e, p, pi, end, budget - 1);
  e.cur.pop();
  return e.truncated ? STOP : GO_ON;
}
