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
  for (const p of labels) {
    const text = p.text;
    const cuts = new Set<number>([0]);
    for (const m of text.matchAll(MARKER)) if (m.index! > 0) cuts.add(m.index!);
    const sorted = [...cuts].sort((a, b) => a - b);
    sorted.forEach((c, i) => {
      const e = sorted[i + 1] ?? text.length;
      const seg = { text: text.slice(c, e), start: p.start + c, end: p.start + e };
      // A piece that does not open with a marker continues the previous segment (a wrapped label).
      const last = segs[segs.length - 1];
      if (i === 0 && last && c === 0 && !startsWithMarker(seg.text)) {
        last.text += seg.text;
        last.end = seg.end;
      } else segs.push(seg);
    });
  }
  return segs;
}

function startsWithMarker(s: string): boolean {
  MARKER.lastIndex = 0;
  const m = MARKER.exec(s);
  MARKER.lastIndex = 0;
  return !!m && m.index === 0;
}

/** A row's values without the blank cells at either end (label columns and padding in tab layouts). */
export function trimBlanks(values: Piece[]): Piece[] {
  let a = 0;
  let b = values.length;
  while (a < b && values[a]!.kind === 'blank') a++;
  while (b > a && values[b - 1]!.kind === 'blank') b--;
  return values.slice(a, b);
}

/** Group a table region's pieces into label buffers and the values that follow each. */
export function rawRows(pieces: Piece[]): RawRow[] {
  const rows: RawRow[] = [];
  let labels: Piece[] = [];
  let values: Piece[] = [];
  const flush = () => {
    if (labels.length || values.length) rows.push({ segments: segmentsOf(labels), values });
    labels = [];
    values = [];
  };
  for (const p of pieces) {
    if (p.kind === 'label') {
      if (values.some((v) => v.kind === 'num')) flush();
      else if (values.length) values = []; // blank cells between label fragments are layout, not values
      labels.push(p);
    } else values.push(p);
  }
  flush();
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
  const nums = () => cur.values.filter((v) => v.kind === 'num').length;
  for (const p of pieces) {
    if (p.kind !== 'label') { cur.values.push(p); continue; }
    const hasValues = nums() > 0 || isBlankRow(cur.values, width, cur.labels[cur.labels.length - 1]?.line);
    const marker = startsWithMarker(p.text);
    if ((marker && cur.labels.length) || (hasValues && (nums() >= width || opensRow(p.text)))) {
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

/** Length of the longest common subsequence: how much of a template label a printed label holds, in order. */
export function lcs(a: string, b: string): number {
  if (!a.length || !b.length) return 0;
  let prev = new Uint16Array(b.length + 1);
  let cur = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) cur[j] = ca === b.charCodeAt(j - 1) ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** Label text of a row with the numbering left in, compacted. */
export function rowLabelText(r: RawRow): string {
  return r.segments.map(compactSeg).join('');
}

/** The wrapped tail a row's label leaves at the start of the next row (text before its first marker). */
export function leadingContinuation(next: RawRow | undefined): string {
  const first = next?.segments[0];
  if (!first || startsWithMarker(first.text)) return '';
  return compactSeg(first);
}
