/**
 * Text helpers shared by the metadata passes: the 1:1 fold that lets regexes ignore full-width forms
 * while offsets still index the text as given, and where a name sits in the text (spans).
 */

export interface Span { line: number; start: number; end: number }

/** 1:1 fold so regexes need not care whether the text was normalised (offsets are unchanged). */
export function fold(s: string): string {
  // Normalised text (what extractReport passes) has nothing to fold: return it without a per-character copy.
  let i0 = 0;
  for (; i0 < s.length; i0++) {
    const c = s.charCodeAt(i0);
    if ((c >= 0xff01 && c <= 0xff5e) || c === 0x3000 || c === 0x00a0) break;
  }
  if (i0 === s.length) return s;
  let out = s.slice(0, i0);
  for (let i = i0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000 || c === 0x00a0) out += ' ';
    else out += s[i];
  }
  return out;
}

/** Where `name` (compacted) sits in `line`, allowing spaces between its characters. */
export function spanOf(lines: readonly string[], line: number, from: number, name: string): Span | null {
  const text = lines[line];
  if (text === undefined) return null;
  // Same match as the regex name[0]\s*name[1]\s*… (between code points) from `from`, without compiling
  // a regex per agency name (compiling one per report was ~6% of extraction). Names holding
  // whitespace (or empty) keep the regex: there the \s* could give back what a literal space needs.
  if (!name || HAS_SPACE.test(name)) {
    const re = new RegExp([...name].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*'), 'g');
    re.lastIndex = from;
    const m = re.exec(text);
    return m ? { line, start: m.index, end: m.index + m[0].length } : null;
  }
  const first = name.charCodeAt(0);
  for (let i = text.indexOf(name[0]!, from); i !== -1; i = text.indexOf(name[0]!, i + 1)) {
    if (i < from) break;
    const end = spacedMatchEnd(text, i, name, first);
    if (end >= 0) return { line, start: i, end };
  }
  return null;
}

const HAS_SPACE = /\s/;

/** Code of a JavaScript regex \s character (the set `\s` matches). */
function isRegexSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * End of `name` matched at `at` in `text` with any run of whitespace between its code points (never
 * inside a surrogate pair), or -1. `name` holds no whitespace, so the greedy \s* never backtracks.
 */
function spacedMatchEnd(text: string, at: number, name: string, first: number): number {
  if (text.charCodeAt(at) !== first) return -1;
  let t = at + 1;
  for (let k = 1; k < name.length; k++) {
    const c = name.charCodeAt(k);
    const prev = name.charCodeAt(k - 1);
    // The low half of a surrogate pair follows its high half directly (one code point).
    const inPair = c >= 0xdc00 && c <= 0xdfff && prev >= 0xd800 && prev <= 0xdbff;
    if (!inPair) while (t < text.length && isRegexSpace(text.charCodeAt(t))) t++;
    if (text.charCodeAt(t) !== c) return -1;
    t++;
  }
  return t;
}

/** First place the text writes `name` (for an agency taken from opts.title). */
export function firstMention(lines: readonly string[], name: string): Span | null {
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.includes(name[0]!)) continue;
    const s = spanOf(lines, i, 0, name);
    if (s) return s;
  }
  return null;
}

export function lineColOf(text: string, offset: number): { line: number; col: number } {
  let line = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start };
}
