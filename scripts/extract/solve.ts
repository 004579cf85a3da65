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

function search(rows: Map<string, Reading[]>, constraints: Constraint[]) {
  const codes = [...rows.keys()];
  // Constraints can only be evaluated on rows that exist.
  const usable = constraints.filter((c) => c.terms.every((t) => rows.has(t.row)));
  // Fixed rows first, then by fewest readings, so constraints close early.
  const order = codes.slice().sort((a, b) => rows.get(a)!.length - rows.get(b)!.length);
  const pos = new Map(order.map((c, i) => [c, i]));
  const closeAt = new Map<number, Constraint[]>();
  for (const c of usable) {
    const last = Math.max(...c.terms.map((t) => pos.get(t.row)!));
    closeAt.set(last, [...(closeAt.get(last) ?? []), c]);
  }
  const chosen = new Map<string, Reading>();
  const seen = new Map<string, Map<string, Reading>>(codes.map((c) => [c, new Map()]));
  let solutions = 0;
  let nodes = 0;
  let capped = false;
  const agreedVals = new Map<string, Array<number | null | undefined>>();

  const record = () => {
    solutions++;
    for (const [code, r] of chosen) {
      seen.get(code)!.set(r.map((c) => c.value).join(','), r);
      const prev = agreedVals.get(code);
      if (!prev) agreedVals.set(code, r.map((c) => c.value));
      else prev.forEach((v, i) => { if (v !== r[i]!.value) prev[i] = null; });
    }
  };
  const go = (i: number): void => {
    if (capped) return;
    if (i === order.length) { record(); if (solutions >= SOLUTION_CAP) capped = true; return; }
    const code = order[i]!;
    for (const r of rows.get(code)!) {
      if (++nodes > NODE_CAP) { capped = true; return; }
      chosen.set(code, r);
      const ok = (closeAt.get(i) ?? []).every((c) => c.terms.reduce((s, t) => s + t.coef * chosen.get(t.row)![t.col]!.value, 0) === 0);
      if (ok) go(i + 1);
      chosen.delete(code);
      if (capped) return;
    }
  };
  go(0);

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
