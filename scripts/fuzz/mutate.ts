/**
 * Corpus mutations for the fuzzers: deterministic edits of a real report (or a SYNTHETIC rendering),
 * each described by plain data so a failing case can be saved and replayed (tests/fixtures/fuzz/).
 *
 * Positions are fractions (0 ≤ at < 1) of the current text or byte length, so a mutation list stays
 * meaningful whatever the earlier mutations did to the length.
 */
import iconv from 'iconv-lite';
import { normaliseText } from '../text/normalise.ts';
import { sectionSpans } from '../extract/sections.ts';
import { SECTIONS, T2_2019_ROWS, T2_DOC_KINDS, T2_SINGLE, T3_ROWS } from '../template/vocabulary.ts';

// Words that make a line part of a table or a heading (the vocabulary's own patterns).
const TABLE_WORDS: RegExp[] = [
  ...SECTIONS.map((s) => s.match), ...T3_ROWS.flatMap((r) => r.match), ...T2_DOC_KINDS.flatMap((d) => d.match),
  ...T2_SINGLE.flatMap((d) => d.match), ...T2_2019_ROWS.flatMap((d) => d.match), /行政复议|行政诉讼|维持|纠正|尚未审结|第二十条/,
].map((re) => new RegExp(re.source.replace(/^\^|\$$/g, '')));

/** Text edits (on the decoded text) first, then byte edits (on its UTF-8 encoding). */
export const TEXT_OPS = ['truncate', 'dup_line', 'delete_tabs', 'swap_digits', 'insert_cr', 'control', 'delete_line', 'join_lines', 'fullwidth', 'dup_block'] as const;
export const BYTE_OPS = ['gbk_slice', 'flip_byte', 'truncate_bytes', 'insert_bytes'] as const;
export type TextOp = (typeof TEXT_OPS)[number];
export type ByteOp = (typeof BYTE_OPS)[number];

export interface Mutation { op: TextOp | ByteOp | 'narrative'; at: number; arg: number }

const frac = (x: number) => (Number.isFinite(x) ? Math.min(Math.max(x, 0), 0.999999) : 0);
const idx = (len: number, at: number) => Math.floor(frac(at) * len);

function lineBounds(text: string, at: number): [number, number] {
  const p = idx(text.length, at);
  const s = text.lastIndexOf('\n', p - 1) + 1;
  let e = text.indexOf('\n', p);
  if (e < 0) e = text.length;
  return [s, e];
}

const CONTROLS = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085', '\u2028', '\u2029', '\u202e', '\ufeff', '\ufffd', '\u200b'];

export function applyTextOp(text: string, m: Mutation): string {
  const n = text.length;
  switch (m.op) {
    case 'truncate': return text.slice(0, idx(n, m.at));
    case 'dup_line': { const [s, e] = lineBounds(text, m.at); return text.slice(0, e) + '\n' + text.slice(s, e) + text.slice(e); }
    case 'dup_block': { // a page printed twice: a run of up to ~40 lines repeated
      const [s] = lineBounds(text, m.at);
      let e = s;
      for (let k = 0; k <= Math.floor(frac(m.arg) * 40) && e < n; k++) { const nx = text.indexOf('\n', e + 1); e = nx < 0 ? n : nx; }
      return text.slice(0, e) + '\n' + text.slice(s, e) + text.slice(e);
    }
    case 'delete_tabs': { // every tab of one line, or (arg ≥ 0.8) of the whole text
      if (m.arg >= 0.8) return text.replace(/\t/g, '');
      const [s, e] = lineBounds(text, m.at);
      return text.slice(0, s) + text.slice(s, e).replace(/\t/g, '') + text.slice(e);
    }
    case 'swap_digits': { // two adjacent digits swapped, or a digit replaced (arg ≥ 0.5)
      const digits: number[] = [];
      for (let i = 0; i < n; i++) if (/\d/.test(text[i]!)) digits.push(i);
      if (!digits.length) return text;
      const i = digits[idx(digits.length, m.at)]!;
      if (m.arg >= 0.5) return text.slice(0, i) + String(Math.floor(frac(m.arg) * 10)) + text.slice(i + 1);
      const j = i + 1 < n ? i + 1 : i - 1;
      if (j < 0) return text;
      const [a, b] = i < j ? [i, j] : [j, i];
      return text.slice(0, a) + text[b] + text[a] + text.slice(b + 1);
    }
    case 'insert_cr': { // a lone CR (old Mac line end), or every LF → CRLF (arg ≥ 0.7)
      if (m.arg >= 0.7) return text.replace(/\n/g, '\r\n');
      const p = idx(n + 1, m.at);
      return text.slice(0, p) + '\r' + text.slice(p);
    }
    case 'control': { const p = idx(n + 1, m.at); return text.slice(0, p) + CONTROLS[idx(CONTROLS.length, m.arg)] + text.slice(p); }
    case 'delete_line': { const [s, e] = lineBounds(text, m.at); return text.slice(0, s) + text.slice(Math.min(e + 1, n)); }
    case 'join_lines': { const [, e] = lineBounds(text, m.at); return e < n ? text.slice(0, e) + (m.arg < 0.5 ? '' : ' ') + text.slice(e + 1) : text; }
    case 'fullwidth': { // one line's ASCII digits/letters/punctuation typed full-width
      const [s, e] = lineBounds(text, m.at);
      return text.slice(0, s) + text.slice(s, e).replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)) + text.slice(e);
    }
    default: return text;
  }
}

export function applyByteOp(bytes: Uint8Array, text: string, m: Mutation): Uint8Array {
  const n = bytes.length;
  switch (m.op) {
    case 'gbk_slice': { // a slice of the text re-encoded as GBK inside UTF-8 (a copy-paste from another file)
      const a = idx(text.length, m.at);
      const b = Math.min(text.length, a + 1 + Math.floor(frac(m.arg) * 400));
      const enc = new TextEncoder();
      return concat([enc.encode(text.slice(0, a)), iconv.encode(text.slice(a, b), 'gbk'), enc.encode(text.slice(b))]);
    }
    case 'flip_byte': { if (!n) return bytes; const out = bytes.slice(); out[idx(n, m.at)] ^= 1 << Math.floor(frac(m.arg) * 8); return out; }
    case 'truncate_bytes': return bytes.slice(0, idx(n, m.at)); // may cut a UTF-8 sequence in half
    case 'insert_bytes': { const p = idx(n + 1, m.at); const junk = Uint8Array.from({ length: 1 + Math.floor(frac(m.arg) * 16) }, (_, k) => (Math.floor(frac(m.arg) * 997) * (k + 7)) & 0xff); return concat([bytes.slice(0, p), junk, bytes.slice(p)]); }
    default: return bytes;
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Apply a mutation list: text ops in order on the text, then byte ops in order on its UTF-8 bytes. */
export function mutate(text: string, muts: Mutation[]): Uint8Array {
  let t = text;
  for (const m of muts) if ((TEXT_OPS as readonly string[]).includes(m.op)) t = applyTextOp(t, m);
  let bytes: Uint8Array = new TextEncoder().encode(t);
  for (const m of muts) if ((BYTE_OPS as readonly string[]).includes(m.op)) bytes = applyByteOp(bytes, t, m);
  return bytes;
}

/**
 * Narrative-only edit of a plain-text report: inside the body of section 一 (总体情况, before the
 * tables) or 五/六 (after them), insert / delete / replace text that holds no digits and none of the
 * tables' labels. The table numbers must not change. Returns null when the report has no such section.
 */
const FILLER = ['进一步加强培训', '公开内容还不够丰富', '，', '。', '　', ' ', '我们将持续改进', '群众满意度较高', '\n', '强化宣传引导'];

export function narrativeEdit(text: string, m: Mutation): string | null {
  if (/\r/.test(text)) return null; // offsets below are into the normalised text, which is 1:1 only without CRs
  const norm = normaliseText(text);
  const spans = sectionSpans(norm).filter((s) => s.code === 's1' || s.code === 's5' || s.code === 's6');
  if (!spans.length) return null;
  const s = spans[idx(spans.length, m.at)]!;
  // Stay inside prose: a line that holds no digits and no tab (never a table row or a date).
  const body = norm.slice(s.bodyStart, s.end);
  const lines: Array<[number, number]> = [];
  let off = s.bodyStart;
  for (const line of body.split('\n')) {
    const c = line.replace(/\s+/g, '');
    if (line.length >= 4 && !/[\d\t]/.test(line) && /[\u4e00-\u9fff]/.test(line) && !TABLE_WORDS.some((re) => re.test(c))) lines.push([off, off + line.length]);
    off += line.length + 1;
  }
  if (!lines.length) return null;
  const [a, b] = lines[idx(lines.length, m.arg * 7 % 1)]!;
  const p = a + 1 + idx(b - a - 1, m.arg); // never at the very start (a heading number could glue on)
  const filler = FILLER[idx(FILLER.length, m.arg * 13 % 1)]!;
  if (m.arg < 0.4) return text.slice(0, p) + filler + text.slice(p);
  if (m.arg < 0.7) return text.slice(0, p) + text.slice(Math.min(p + 2, b)); // delete a character or two
  return text.slice(0, a) + text.slice(a, b) + text.slice(a, b) + text.slice(b); // repeat the sentence line
}
