/**
 * Shared passages of two normalised texts (the longest common runs) and the evidence spans they cover in each
 * report's own text.
 */
import type { Normalised } from './normalise.ts';
import { toLineCol } from './text.ts';
import type { Evidence } from './types.ts';

export interface Run { a: number; b: number; len: number }

/** Longest common runs of two normalised strings, non-overlapping in both, longest first (at least minRun). */
export function commonRuns(a: string, b: string, minRun: number, max = 5): Run[] {
  const k = Math.min(8, minRun);
  if (a.length < k || b.length < k) return [];
  const index = new Map<string, number[]>();
  for (let i = 0; i + k <= a.length; i++) {
    const g = a.slice(i, i + k);
    const l = index.get(g);
    if (l) { if (l.length < 64) l.push(i); } else index.set(g, [i]);
  }
  const runs: Run[] = [];
  const covered = new Set<number>(); // diagonal+start keys already extended
  for (let j = 0; j + k <= b.length; j++) {
    const l = index.get(b.slice(j, j + k));
    if (!l) continue;
    for (const i of l) {
      const diag = i - j;
      if (i > 0 && j > 0 && a[i - 1] === b[j - 1]) continue; // not the start of a maximal run
      const key = diag * 1_000_003 + i;
      if (covered.has(key)) continue;
      covered.add(key);
      let len = k;
      while (i + len < a.length && j + len < b.length && a[i + len] === b[j + len] && a[i + len] !== '‖') len++;
      if (len >= minRun) runs.push({ a: i, b: j, len });
    }
  }
  runs.sort((x, y) => y.len - x.len || x.a - y.a || x.b - y.b);
  const chosen: Run[] = [];
  for (const r of runs) {
    if (chosen.some((c) => r.a < c.a + c.len && c.a < r.a + r.len || r.b < c.b + c.len && c.b < r.b + r.len)) continue;
    chosen.push(r);
    if (chosen.length >= max) break;
  }
  return chosen;
}
export /** Evidence spans (one per line touched, at most `cap`) for a normalised run. */
function runEvidence(kind: Evidence['kind'], id: string, text: string, starts: number[], norm: Normalised, from: number, len: number, cap: number): Evidence[] {
  const out: Evidence[] = [];
  const first = norm.at[from]!;
  const last = norm.at[from + len - 1]!;
  if (first < 0 || last < 0) return [{ kind, report_id: id, line: -1, start: -1, end: -1, text: norm.s.slice(from, from + len) }];
  let pos = first;
  const stop = last + 1;
  while (pos < stop && out.length < cap) {
    const { line, col } = toLineCol(starts, pos);
    const lineEnd = line + 1 < starts.length ? starts[line + 1]! - 1 : text.length;
    const end = Math.min(stop, lineEnd);
    const piece = text.slice(pos, end);
    if (piece.trim()) out.push({ kind, report_id: id, line, start: col, end: col + piece.length, text: piece });
    pos = lineEnd + 1;
  }
  return out;
}
