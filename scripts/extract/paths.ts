/**
 * Cell path strings (t3.new[0], t4[4]) built once per process: the extractor, provenance and the
 * checks name the same ~200 cells in every report, and a fresh string per use (then hashed as a
 * property key) was a measurable share of extraction.
 */
import { T3_WIDTH, T4_WIDTH } from '../template/vocabulary.ts';

const t3Paths = new Map<string, string[]>();

/** `t3.${row}[${col}]`. */
export function t3Path(row: string, col: number): string {
  let ps = t3Paths.get(row);
  if (!ps) {
    ps = Array.from({ length: T3_WIDTH }, (_, i) => `t3.${row}[${i}]`);
    // Row codes come from the template vocabulary; anything else is built on each use and not kept.
    if (t3Paths.size < 64) t3Paths.set(row, ps);
  }
  return col >= 0 && col < ps.length && Number.isInteger(col) ? ps[col]! : `t3.${row}[${col}]`;
}

const T4_PATHS = Array.from({ length: T4_WIDTH }, (_, i) => `t4[${i}]`);

/** `t4[${i}]`. */
export function t4Path(i: number): string {
  return i >= 0 && i < T4_PATHS.length && Number.isInteger(i) ? T4_PATHS[i]! : `t4[${i}]`;
}
