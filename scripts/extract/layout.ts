/**
 * Name the text layout a report arrived in (for the record and for statistics; extraction itself
 * does not branch on it — every layout becomes the same piece stream).
 */
export type Layout = 'tab' | 'cell-per-line' | 'aligned' | 'token-per-line' | 'flattened' | 'mixed';

export function layoutOf(text: string): Layout {
  const lines = text.split('\n').filter((l) => l.trim());
  if (!lines.length) return 'mixed';
  const tabRows = lines.filter((l) => /\S\t+\S/.test(l)).length;
  const aligned = lines.filter((l) => /\S {2,}\d/.test(l)).length;
  const longest = Math.max(...lines.map((l) => l.length));
  const numberLines = lines.filter((l) => /^\s*[+-]?\d+(\.\d+)?\s*$/.test(l)).length;
  if (longest > 2000 && /\d{7,}/.test(text)) return 'flattened';
  if (tabRows > 20) return 'tab';
  if (aligned > 20) return 'aligned';
  if (numberLines > 60) return lines.some((l) => /^\t/.test(l)) ? 'cell-per-line' : 'token-per-line';
  return 'mixed';
}
