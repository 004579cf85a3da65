/**
 * Name the text layout a report arrived in (for the record and for statistics; extraction itself
 * does not branch on it — every layout becomes the same piece stream).
 */
import { splitLines } from '../text/normalise.ts';

export type Layout = 'tab' | 'cell-per-line' | 'aligned' | 'token-per-line' | 'flattened' | 'mixed';

const TAB_ROW = /\S\t+\S/;
const ALIGNED_ROW = /\S {2,}\d/;
const NUMBER_LINE = /^\s*[+-]?\d+(\.\d+)?\s*$/;

export function layoutOf(text: string): Layout {
  const lines = splitLines(text).filter((l) => l.trim());
  if (!lines.length) return 'mixed';
  // One pass for the three counts (the same tests as one filter each).
  let tabRows = 0;
  let aligned = 0;
  let numberLines = 0;
  const lengths: number[] = [];
  for (const l of lines) {
    if (TAB_ROW.test(l)) tabRows++;
    if (ALIGNED_ROW.test(l)) aligned++;
    if (NUMBER_LINE.test(l)) numberLines++;
    lengths.push(l.length);
  }
  const longest = Math.max(...lengths);
  if (longest > 2000 && /\d{7,}/.test(text)) return 'flattened';
  if (tabRows > 20) return 'tab';
  if (aligned > 20) return 'aligned';
  if (numberLines > 60) return lines.some((l) => /^\t/.test(l)) ? 'cell-per-line' : 'token-per-line';
  return 'mixed';
}
