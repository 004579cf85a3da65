/**
 * Normalise decoded report text so labels and numbers compare equal however they were typed:
 * full-width ASCII → half-width (（１）→ (1)), ideographic / no-break spaces → space, CR → LF, and the
 * Traditional forms of the template's words → Simplified (traditional.ts: 鄉→乡, 報→报, 開→开 …).
 * Every replacement is one UTF-16 unit for one, and a CR before LF is dropped at the end of its
 * line, so (line, column) positions in the result also index the decoded source text.
 */

import { simplify } from './traditional.ts';

const SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
// Zero-width characters and soft hyphens never carry content in these reports; they split numbers.
const INVISIBLE = /[\u200B-\u200D\u2060\u00AD\uFEFF]/g;

export function normaliseText(raw: string): string {
  let s = raw.replace(/\r\n/g, '\n').replace(/\r/g, '\n').replace(/\f/g, ' ');
  s = s.replace(SPACES, ' ').replace(INVISIBLE, ' ');
  return unglossPinyin(halfWidth(simplify(s)));
}

// A reading a mirror host writes after a character: 公開(kāi), 報(bào)告 (letters with at least one tone mark, in brackets).
const TONED = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ';
const GLOSS = `\\([a-zü${TONED}]{0,5}[${TONED}][a-zü${TONED}]{0,5}\\)`;
// A run of characters and the readings after them; one pass, no backtracking (a reading opens with a bracket).
const GLOSSED_RUN = new RegExp(`[\\u4e00-\\u9fff](?:[\\u4e00-\\u9fff]|${GLOSS})*`, 'g');
const GLOSS_G = new RegExp(GLOSS, 'g');

/**
 * The readings taken out of the words they split (報(bào)告 → 报告), the run of characters kept whole and the readings'
 * length put back as spaces before the run: the text keeps its length, and every character outside such a run (digits,
 * punctuation, every number of a table) keeps its position; only the characters of a glossed run move right.
 */
function unglossPinyin(s: string): string {
  if (!/[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]/.test(s)) return s;
  return s.replace(GLOSSED_RUN, (run) => {
    if (!run.includes('(')) return run;
    const bare = run.replace(GLOSS_G, '');
    return bare.length === run.length ? run : ' '.repeat(run.length - bare.length) + bare;
  });
}

/**
 * Full-width ASCII → half-width, one UTF-16 unit for one. Linear: a code array turned back into a
 * string in chunks (per-character concatenation took ~8 s on 10 MB of text, a replace callback per
 * character ~2 s on 4M full-width characters). Lone surrogates pass through unchanged.
 */
function halfWidth(s: string): string {
  if (!/[\uFF01-\uFF5E]/.test(s)) return s;
  const codes = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    codes[i] = c >= 0xff01 && c <= 0xff5e ? c - 0xfee0 : c;
  }
  // UTF-16LE bytes → string in one native step (~10× fromCharCode.apply in chunks); Node's utf16le
  // decoding copies code units as they are, lone surrogates included. Big-endian hosts keep the chunks.
  if (LITTLE_ENDIAN) return Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength).toString('utf16le');
  let out = '';
  for (let i = 0; i < codes.length; i += 8192) out += String.fromCharCode.apply(null, codes.subarray(i, i + 8192) as unknown as number[]);
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Label comparison form: no whitespace, unified quotes and dots. */
export function compact(label: string): string {
  // One pass instead of five regex replaces (every rule maps one character to at most one, so
  // the result is the same); a label needing no change is returned as is.
  let out = '';
  let last = 0;
  for (let i = 0; i < label.length; i++) {
    const r = compactChar(label.charCodeAt(i));
    if (r === null) continue;
    out += label.slice(last, i) + r;
    last = i + 1;
  }
  return last === 0 ? label : out + label.slice(last);
}

/** What compact() writes for a character: '' (whitespace), a replacement, or null (kept). */
function compactChar(c: number): string | null {
  if (c < 0x80) return c === 32 || (c >= 9 && c <= 13) ? '' : null;
  switch (c) {
    case 0x201c: case 0x201d: case 0x300c: case 0x300d: case 0x300e: case 0x300f: return '"';
    case 0xff0e: case 0x3002: case 0xb7: return '.';
    case 0x3010: case 0x3014: case 0xff3b: return '[';
    case 0x3011: case 0x3015: case 0xff3d: return ']';
  }
  return isSpaceCode(c) ? '' : null;
}

/** The characters a JavaScript regex \s matches. */
export function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * text.split('\n'), remembered for the last text asked: the metadata and the layout passes split the
 * same report text. The array is shared: callers must not change it.
 */
let lastSplit: { text: string; lines: readonly string[] } | null = null;
export function splitLines(text: string): readonly string[] {
  if (lastSplit && lastSplit.text === text) return lastSplit.lines;
  const lines = text.split('\n');
  lastSplit = { text, lines };
  return lines;
}

/** Start offset of every line in `text` (for global offset → line/column). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export function toLineCol(starts: number[], offset: number): { line: number; col: number } {
  const line = lineIndex(starts, offset);
  return { line, col: offset - starts[line]! };
}

/** toLineCol(starts, offset).line without the object. */
export function lineIndex(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
