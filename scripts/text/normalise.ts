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
  return halfWidth(s);
}

/**
 * Full-width ASCII → half-width, one UTF-16 unit for one. Linear: a code array turned back into a
 * string in chunks (per-character concatenation took ~8 s on 10 MB of text, a replace callback per
 * character ~2 s on 4M full-width characters; fuzz, issue 8). Lone surrogates pass through unchanged.
 */
function halfWidth(s: string): string {
  if (!/[\uFF01-\uFF5E]/.test(s)) return s;
  const codes = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    codes[i] = c >= 0xff01 && c <= 0xff5e ? c - 0xfee0 : c;
  }
  let out = '';
  for (let i = 0; i < codes.length; i += 8192) out += String.fromCharCode.apply(null, codes.subarray(i, i + 8192) as unknown as number[]);
  return out;
}

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
