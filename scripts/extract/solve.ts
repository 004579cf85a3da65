/**
 * Joint reading of a table whose rows each have several possible readings (flattened text):
 * keep the combinations that satisfy every linear constraint of the template (勾稽关系). Where more
 * than one combination survives, the cells they disagree on are ambiguous — never guessed.
 */
import type { Reading } from './split.ts';

/** Σ coef × cell = 0 over (row, column) terms. */
export interface Constraint { name: string; terms: Array<{ row: string; col: number; coef: number }> }

export interface Solution { readings: Map<string, Reading>; count: number; exhausted: boolean }

export interface SolveResult {
  /** Per row: values all surviving combinations agree on (null where they differ). */
  agreed: Map<string, Array<number | null>>;
  /** Per row: the distinct surviving readings (for the ambiguity note); one when settled. */
  survivors: Map<string, Reading[]>;
  solutions: number;
  /** True when the search stopped at its cap: nothing beyond `agreed` is claimed. */
  capped: boolean;
  /** Which constraint set produced the result (all / none — when the printed sums are wrong). */
  used: 'all' | 'rows-only';
}

const NODE_CAP = 2_000_000;
const SOLUTION_CAP = 5000;

export function solveJoint(rows: Map<string, Reading[]>, constraints: Constraint[]): SolveResult {
  const withAll = search(rows, constraints);
  if (withAll.solutions > 0) return { ...withAll, used: 'all' };
  // The printed table breaks its own arithmetic: read each row on its own (row sums were applied
  // by the caller where they hold) and leave the failure to the checks.
  const alone = search(rows, []);
  return { ...alone, used: 'rows-only' };
}

/** State of one search (module-level functions, not per-call closures). */
interface Search {
  rows: Map<string, Reading[]>;
  order: string[];
  closeAt: Map<number, Constraint[]>;
  chosen: Map<string, Reading>;
  seen: Map<string, Map<string, Reading>>;
  agreedVals: Map<string, Array<number | null | undefined>>;
  solutions: number;
  nodes: number;
  capped: boolean;
}

function search(rows: Map<string, Reading[]>, constraints: Constraint[]) {
  const codes = [...rows.keys()];
  // Constraints can only be evaluated on rows that exist.
  const usable = constraints.filter((c) => c.terms.every((t) => rows.has(t.row)));
  if (codes.every((c) => rows.get(c)!.length === 1)) return searchSingle(rows, codes, usable);
  // Fixed rows first, then by fewest readings, so constraints close early.
  const order = codes.slice().sort((a, b) => rows.get(a)!.length - rows.get(b)!.length);
  const pos = new Map(order.map((c, i) => [c, i]));
  const closeAt = new Map<number, Constraint[]>();
  for (const c of usable) {
    const last = Math.max(...c.terms.map((t) => pos.get(t.row)!));
    closeAt.set(last, [...(closeAt.get(last) ?? []), c]);
  }
  const st: Search = {
    rows, order, closeAt, chosen: new Map(), seen: new Map(codes.map((c) => [c, new Map()])),
    agreedVals: new Map(), solutions: 0, nodes: 0, capped: false,
  };
  go(st, 0);
  const { capped, agreedVals, seen, solutions } = st;

  const agreed = new Map<string, Array<number | null>>();
  const survivors = new Map<string, Reading[]>();
  for (const code of codes) {
    const width = rows.get(code)![0]?.length ?? 0;
    const vals = agreedVals.get(code);
    // Capped search: only values shared by every reading of the row are certain.
    if (capped || !vals) {
      const all = rows.get(code)!;
      agreed.set(code, Array.from({ length: width }, (_, k) => (all.length && all.every((r) => r[k]!.value === all[0]![k]!.value) ? all[0]![k]!.value : null)));
      survivors.set(code, all.slice(0, 50));
    } else {
      agreed.set(code, vals.map((v) => (v === undefined ? null : v)));
      survivors.set(code, [...seen.get(code)!.values()]);
    }
  }
  return { agreed, survivors, solutions, capped };
}

/**
 * search() when every row has exactly one reading (separated cells: nearly every report): one
 * combination, which satisfies every constraint or not — the same result go() and the tally
 * below would give, without the recursion, the per-row maps and the reading keys.
 */
function searchSingle(rows: Map<string, Reading[]>, codes: string[], usable: Constraint[]) {
  const chosen = new Map<string, Reading>();
  for (const code of codes) chosen.set(code, rows.get(code)![0]!);
  const ok = usable.every((c) => holds(chosen, c));
  const agreed = new Map<string, Array<number | null>>();
  const survivors = new Map<string, Reading[]>();
  for (const code of codes) {
    const r = chosen.get(code)!;
    const vals: Array<number | null> = [];
    // A solution: its values (as recorded); none: the values every reading (this one) shares — a
    // value shares itself unless it is NaN (the r[k].value === all[0][k].value test).
    for (const c of r) vals.push(ok ? (c.value === undefined ? null : c.value) : c.value === c.value ? c.value : null);
    agreed.set(code, vals);
    survivors.set(code, [r]);
  }
  return { agreed, survivors, solutions: ok ? 1 : 0, capped: false };
}

function valuesKey(r: Reading): string {
  let k = '';
  for (let i = 0; i < r.length; i++) k += (i ? ',' : '') + r[i]!.value;
  return k;
}

function record(st: Search): void {
  st.solutions++;
  for (const [code, r] of st.chosen) {
    st.seen.get(code)!.set(valuesKey(r), r);
    const prev = st.agreedVals.get(code);
    if (!prev) st.agreedVals.set(code, r.map((c) => c.value));
    else for (let i = 0; i < prev.length; i++) if (prev[i] !== r[i]!.value) prev[i] = null;
  }
}

/** Σ coef × cell over a constraint's terms, in term order (as the reduce it replaces). */
function holds(chosen: Map<string, Reading>, c: Constraint): boolean {
  let s = 0;
  for (const t of c.terms) s = s + t.coef * chosen.get(t.row)![t.col]!.value;
  return s === 0;
}

function go(st: Search, i: number): void {
  if (st.capped) return;
  if (i === st.order.length) { record(st); if (st.solutions >= SOLUTION_CAP) st.capped = true; return; }
  const code = st.order[i]!;
  const closing = st.closeAt.get(i);
  for (const r of st.rows.get(code)!) {
    if (++st.nodes > NODE_CAP) { st.capped = true; return; }
    st.chosen.set(code, r);
    let ok = true;
    if (closing) for (const c of closing) if (!holds(st.chosen, c)) { ok = false; break; }
    if (ok) go(st, i + 1);
    st.chosen.delete(code);
    if (st.capped) return;
  }
}
