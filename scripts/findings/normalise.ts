/**
 * A report's narrative as the copy-paste rule compares it: the prose sections (s1, s5, s6 — s2…s4 are the
 * template's tables) with punctuation and spaces dropped, digit runs → #, the agency's own name → ◇ and
 * 我乡/本镇/我局 → 我◇, each normalised character keeping its offset in the report text for the evidence.
 */
import type { ReportRecord } from '../template/record.ts';
import { lineStarts } from './text.ts';

const NARRATIVE_SECTIONS = new Set(['s1', 's5', 's6']);

export interface Normalised {
  /** Normalised characters. */
  s: string;
  /** Offset in the report text of each normalised character (-1 when the section could not be located). */
  at: Int32Array;
}

const isKeep = (c: number) => (c >= 0x3400 && c <= 0x9fff) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number) => (c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19);
const SELF = /(我|本|全|该)(乡|镇|街道|局|委|办|县|区|市|单位|机关|部门)/g;
const SEP = '‖'.charCodeAt(0);
const OWN = '◇'.charCodeAt(0);
const HASH = '#'.charCodeAt(0);

/** Agency name variants blanked out before comparison (a copied report usually swaps in its own name). */
function ownNames(record: ReportRecord): string[] {
  const a = (record.agency ?? '').trim();
  const names = new Set<string>();
  if (a.length >= 2) {
    names.add(a);
    const short = a.replace(/(人民政府|办事处|管理局)$/, '');
    if (short.length >= 2) names.add(short);
    for (const p of record.parents ?? []) if (a.startsWith(p) && a.length > p.length + 1) names.add(a.slice(p.length));
    const t = record.region?.township;
    if (t && t.length >= 2) names.add(t);
  }
  return [...names].sort((x, y) => y.length - x.length);
}

const UTF16 = new TextDecoder('utf-16le');

/** `positions` false (the signature pass) skips locating the sections in the text: at[] is then all -1. */
export function normalise(record: ReportRecord, text: string, positions = true): Normalised {
  const secs = (record.sections ?? []).filter((sec) => NARRATIVE_SECTIONS.has(sec.code) && sec.text);
  const cap = secs.reduce((n, sec) => n + sec.text.length + 1, 0);
  const chars = new Uint16Array(cap); // typed buffers: this runs once per report, 100,000 times
  const at = new Int32Array(cap);
  let n = 0;
  const names = ownNames(record);
  const starts = positions ? lineStarts(text) : [0];
  for (const sec of secs) {
    let base = -1;
    if (positions) {
      base = text.indexOf(sec.text, starts[Math.min(Math.max(sec.line, 0), starts.length - 1)] ?? 0);
      if (base < 0) base = text.indexOf(sec.text);
    }
    const t = sec.text;
    // sections are not contiguous in the text: a shared run must not bridge two of them
    if (n > 0) { chars[n] = SEP; at[n++] = -1; }
    // cover own names and self-references
    const cover = new Int32Array(t.length).fill(-1); // cover[i] = end of a blanked range starting at i
    for (const nm of names) {
      for (let i = t.indexOf(nm); i >= 0; i = t.indexOf(nm, i + nm.length)) if (cover[i] === -1) cover[i] = i + nm.length;
    }
    SELF.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = SELF.exec(t))) if (cover[m.index + 1] === -1) cover[m.index + 1] = m.index + m[0].length;
    let inDigits = false;
    for (let i = 0; i < t.length; ) {
      const c = t.charCodeAt(i);
      if (cover[i]! >= 0) {
        chars[n] = OWN; at[n++] = base >= 0 ? base + i : -1;
        i = cover[i]!; inDigits = false;
        continue;
      }
      if (isDigit(c)) {
        if (!inDigits) { chars[n] = HASH; at[n++] = base >= 0 ? base + i : -1; }
        inDigits = true;
      } else if (isKeep(c)) {
        chars[n] = c; at[n++] = base >= 0 ? base + i : -1;
        inDigits = false;
      } else if (c !== 44 && c !== 46) inDigits = false; // 3,119 / 1.5 stay one number
      i++;
    }
  }
  return { s: UTF16.decode(chars.subarray(0, n)), at: at.slice(0, n) };
}
