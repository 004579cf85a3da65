/**
 * Normalise decoded report text so labels and numbers compare equal however they were typed:
 * full-width ASCII → half-width (（１）→ (1)), ideographic / no-break spaces → space, CR → LF.
 * Every replacement is one UTF-16 unit for one, and a CR before LF is dropped at the end of its
 * line, so (line, column) positions in the result also index the decoded source text.
 */

const SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
// Zero-width characters and soft hyphens never carry content in these reports; they split numbers.
const INVISIBLE = /[\u200B-\u200D\u2060\u00AD\uFEFF]/g;

export function normaliseText(raw: string): string {
  let s = raw.replace(/\r\n/g, '\n').replace(/\r/g, '\n').replace(/\f/g, ' ');
  s = s.replace(SPACES, ' ').replace(INVISIBLE, ' ');
  // One regex pass, not a character-by-character concatenation: that took ~8 s on 10 MB of text (fuzz, issue 8).
  return s.replace(FULLWIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}
const FULLWIDTH = /[\uFF01-\uFF5E]/g;

/** Label comparison form: no whitespace, unified quotes and dots. */
export function compact(label: string): string {
  return label
    .replace(/\s+/g, '')
    .replace(/[“”"「」『』]/g, '"')
    .replace(/[．。·]/g, '.')
    .replace(/[【〔［]/g, '[')
    .replace(/[】〕］]/g, ']');
}

/** Start offset of every line in `text` (for global offset → line/column). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export function toLineCol(starts: number[], offset: number): { line: number; col: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, col: offset - starts[lo]! };
}
