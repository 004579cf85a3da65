/**
 * Label → values grouping shared by the tables: consecutive label pieces form a label buffer (wrapped
 * labels, stacked headers and group captions run together), the numbers after it are its values.
 * Which row a buffer names is decided by the table's own vocabulary (see table2.ts / table3.ts).
 */
import { compact } from '../text/normalise.ts';
import type { Piece } from '../text/pieces.ts';

export interface LabelSegment { text: string; start: number; end: number }

export interface RawRow {
  /** The label buffer, cut into segments at the template's own numbering (一、 (一) 1.). */
  segments: LabelSegment[];
  /** Numbers and blank cells after the label, in order. */
  values: Piece[];
}

// Where a new label starts inside a run of label text: 一、 … 十、, (一) … (十), 1. … 9.
const MARKER = /(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|(?<![\d.])\d[.、])/g;

/** Split label pieces into segments at numbering markers (and at piece boundaries that start one). */
export function segmentsOf(labels: Piece[]): LabelSegment[] {
  const segs: LabelSegment[] = [];
  const cuts: number[] = [];
  for (const p of labels) {
    const text = p.text;
    // Cut at 0 and at every later marker (matches come in increasing order, so no sort or dedupe).
    cuts.length = 0;
    cuts.push(0);
    MARKER.lastIndex = 0;
    for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) if (m.index > 0) cuts.push(m.index);
    MARKER.lastIndex = 0;
    for (let i = 0; i < cuts.length; i++) {
      const c = cuts[i]!;
      const e = i + 1 < cuts.length ? cuts[i + 1]! : text.length;
      const segText = text.slice(c, e);
      // A piece that does not open with a marker continues the previous segment (a wrapped label).
      const last = segs[segs.length - 1];
      if (i === 0 && last && !startsWithMarker(segText)) {
        last.text += segText;
        last.end = p.start + e;
      } else segs.push({ text: segText, start: p.start + c, end: p.start + e });
    }
  }
  return segs;
}

// A marker at the very start: the leftmost match of MARKER is at 0 exactly when one matches there.
const MARKER_AT_START = new RegExp(MARKER.source, 'y');

function startsWithMarker(s: string): boolean {
  MARKER_AT_START.lastIndex = 0;
  return MARKER_AT_START.test(s);
}

const isNum = (v: Piece) => v.kind === 'num';

function numCount(values: Piece[]): number {
  let n = 0;
  for (const v of values) if (v.kind === 'num') n++;
  return n;
}

/**
 * A row's values without the empty cells at either end (label columns and padding in tab layouts). A cell holding
 * text where a number goes (未增未减) is a column of the row, not padding: it stays.
 */
export function trimBlanks(values: Piece[]): Piece[] {
  let a = 0;
  let b = values.length;
  while (a < b && values[a]!.kind === 'blank' && !values[a]!.text) a++;
  while (b > a && values[b - 1]!.kind === 'blank' && !values[b - 1]!.text) b--;
  return values.slice(a, b);
}

/** Group a table region's pieces into label buffers and the values that follow each. */
export function rawRows(pieces: Piece[]): RawRow[] {
  const rows: RawRow[] = [];
  let labels: Piece[] = [];
  let values: Piece[] = [];
  for (const p of pieces) {
    if (p.kind === 'label') {
      // A row printed with every cell blank, on its label's own line (规章\t\t\t): a row of its own, not layout.
      const blankRow = values.length > 0 && labels.length > 0 && values.every((v) => v.kind === 'blank' && v.line === labels[labels.length - 1]!.line) && p.line !== labels[labels.length - 1]!.line;
      if (values.some(isNum) || blankRow) {
        rows.push({ segments: segmentsOf(labels), values });
        labels = [];
        values = [];
      } else if (values.length) values = []; // blank cells between label fragments are layout, not values
      labels.push(p);
    } else values.push(p);
  }
  if (labels.length || values.length) rows.push({ segments: segmentsOf(labels), values });
  return rows;
}

export function compactSeg(s: LabelSegment): string {
  return compact(s.text);
}

/**
 * Rows of a numbered table (table 三): a row runs from its label to the next label that opens a
 * new row — one starting with the template's numbering (a caption such as "（三）不予公开" becomes a
 * row of its own, without values), or any label once the row has all its values. Label text met before that (a wrapped label's tail printed after or between the values,
 * as PDF text layers do) stays with the row, and so do values that follow it.
 */
export function logicalRows(pieces: Piece[], width: number, opensRow: (label: string) => boolean): RawRow[] {
  const rows: Array<{ labels: Piece[]; values: Piece[] }> = [];
  let cur = { labels: [] as Piece[], values: [] as Piece[] };
  for (const p of pieces) {
    if (p.kind !== 'label') { cur.values.push(p); continue; }
    const n = numCount(cur.values);
    const hasValues = n > 0 || isBlankRow(cur.values, width, cur.labels[cur.labels.length - 1]?.line);
    const marker = startsWithMarker(p.text);
    // A sentence after a row's values is the narrative after the table (结转下年度继续办理2000002 + 2025年，我局…): its
    // numbers are not the row's.
    if ((marker && cur.labels.length) || (hasValues && (n >= width || opensRow(p.text) || isSentence(p.text)))) {
      rows.push(cur);
      cur = { labels: [p], values: [] };
    } else {
      if (!hasValues && cur.values.length) cur.values = []; // blank cells between label fragments
      cur.labels.push(p);
    }
  }
  rows.push(cur);
  return rows.filter((r) => r.labels.length || r.values.length).map((r) => ({ segments: segmentsOf(r.labels), values: r.values }));
}

/** A row printed with every cell empty (tab layouts show blanks): its label and width − 1 or more empty cells. */
export function isBlankRow(values: Piece[], width: number, line?: number): boolean {
  // On the label's own line: a header's empty cells spill over several lines, a blank row does not.
  if (!values.length || !values.every((v) => v.kind === 'blank')) return false;
  const own = line === undefined ? values : values.filter((v) => v.line === line); // the next line's leading blanks are not this row's
  return own.length >= width - 1;
}

/**
 * Narrative, not a table label: words ending in sentence punctuation (2025年，我局… / …395条。), outside brackets
 * (a header's remark （…之和，等于…） is the table's own). Table labels name rows and columns; they are not sentences.
 */
export function isSentence(label: string): boolean {
  let t = label;
  for (let prev = ''; prev !== t;) { prev = t; t = t.replace(/[(（][^()（）]*[)）]/g, ''); }
  return /[\u4e00-\u9fa5](?:[，。；！？,;]|\.(?=[\u4e00-\u9fa5]))/.test(t); // (compact() prints 。 as .)
}

/** Length of the longest common subsequence: how much of a template label a printed label holds, in order. */
// Two rows of the LCS table, reused across calls (grown when needed): a pair per call was most of its cost.
let lcsA = new Uint16Array(256);
let lcsB = new Uint16Array(256);

/**
 * Per-character position masks of a short first argument, in two 30-bit words (template labels:
 * the same few dozen strings every report, so they are kept).
 */
interface Masks { lo: Map<number, number>; hi: Map<number, number> }
const maskCache = new Map<string, Masks>();
const W = 30;
const WORD = (1 << W) - 1;

function masksOf(a: string): Masks {
  let m = maskCache.get(a);
  if (m) return m;
  m = { lo: new Map(), hi: new Map() };
  for (let i = 0; i < a.length; i++) {
    const c = a.charCodeAt(i);
    const word = i < W ? m.lo : m.hi;
    word.set(c, (word.get(c) ?? 0) | (1 << (i % W)));
  }
  if (maskCache.size < 512) maskCache.set(a, m);
  return m;
}

/**
 * Bit-parallel LCS (Allison–Dix / Hyyrö) of a (≤ 60 characters) and b1 + b2, without building
 * b1 + b2: per character of b, V = (V + U) | (V − U) with U = V & mask(char); the zero bits of V
 * count the common subsequence. Two 30-bit words; U ⊆ V, so V − U is V ^ U (no borrow).
 */
function lcsBits(a: string, b1: string, from: number, b2: string): number {
  const { lo, hi } = masksOf(a);
  const nLo = Math.min(a.length, W);
  const nHi = a.length - nLo;
  const fullLo = nLo === W ? WORD : (1 << nLo) - 1;
  const fullHi = (1 << nHi) - 1;
  let vLo = fullLo;
  let vHi = fullHi;
  for (let part = 0; part < 2; part++) {
    const b = part === 0 ? b1 : b2;
    for (let j = part === 0 ? from : 0; j < b.length; j++) {
      const c = b.charCodeAt(j);
      const mLo = lo.get(c) ?? 0;
      const mHi = nHi ? hi.get(c) ?? 0 : 0;
      if (!mLo && !mHi) continue;
      const uLo = vLo & mLo;
      const uHi = vHi & mHi;
      const sLo = vLo + uLo; // < 2^31
      const carry = sLo >>> W;
      const sHi = vHi + uHi + carry;
      vLo = ((sLo & WORD) | (vLo ^ uLo)) & fullLo;
      vHi = (sHi | (vHi ^ uHi)) & fullHi;
    }
  }
  return a.length - ones(vLo) - ones(vHi);
}

function ones(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}

/** lcs(a, b1.slice(from) + b2) without slicing or concatenating (0 ≤ from ≤ b1.length). */
export function lcsJoined(a: string, b1: string, from: number, b2: string): number {
  if (!a.length || (from >= b1.length && !b2.length)) return 0;
  if (a.length <= 2 * W) return lcsBits(a, b1, from, b2);
  return lcs(a, b1.slice(from) + b2);
}

export function lcs(a: string, b: string): number {
  if (!a.length || !b.length) return 0;
  if (a.length <= 2 * W) return lcsBits(a, b, 0, '');
  if (lcsA.length < b.length + 1) { lcsA = new Uint16Array(b.length + 1); lcsB = new Uint16Array(b.length + 1); }
  let prev = lcsA;
  let cur = lcsB;
  prev.fill(0, 0, b.length + 1);
  cur[0] = 0;
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) cur[j] = ca === b.charCodeAt(j - 1) ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length]!;
}

/** Label text of a row with the numbering left in, compacted. */
export function rowLabelText(r: RawRow): string {
  // compact() maps character by character, so compacting the joined text is the same as joining compacted segments.
  const segs = r.segments;
  if (segs.length === 1) return compact(segs[0]!.text);
  let t = '';
  for (const s of segs) t += s.text;
  return compact(t);
}

/** The wrapped tail a row's label leaves at the start of the next row (text before its first marker). */
export function leadingContinuation(next: RawRow | undefined): string {
  const first = next?.segments[0];
  if (!first || startsWithMarker(first.text)) return '';
  return compactSeg(first);
}
