/**
 * Narrative text → sentences with positions in the report's normalised text, so every finding can point at
 * (line, start, end) the way Provenance does.
 */
import type { ReportRecord, Section } from '../template/record.ts';
import type { SectionCode } from '../template/vocabulary.ts';

// Line/column arithmetic is the extractor's own (provenance and findings must index the text alike).
export { lineStarts, toLineCol } from '../text/normalise.ts';
import { lineStarts, toLineCol } from '../text/normalise.ts';

export interface Sentence {
  section: SectionCode;
  /** The sentence as printed (no trailing 。). */
  text: string;
  /** Absolute offset of text[0] in the report text, or -1 when the section text could not be located there. */
  offset: number;
}

/** Sentence ends: 。；;！!？? and newline (char codes, tested per character). */
const SENTENCE_END = new Set([...'。；;！!？?\n'].map((c) => c.charCodeAt(0)));

/**
 * Where each section's text sits in the report text. The extractor's Section.text is a verbatim slice
 * (maybe trimmed); when it is not found (another normalisation), sentences are located one by one.
 */
export function sectionSentences(record: ReportRecord, text: string, codes?: SectionCode[]): Sentence[] {
  const starts = lineStarts(text);
  const out: Sentence[] = [];
  for (const sec of record.sections ?? []) {
    if (codes && !codes.includes(sec.code)) continue;
    out.push(...splitSection(sec, text, starts));
  }
  return out;
}

function splitSection(sec: Section, text: string, starts: number[]): Sentence[] {
  const from = starts[Math.min(Math.max(sec.line, 0), starts.length - 1)] ?? 0;
  let base = sec.text ? text.indexOf(sec.text, from) : -1;
  if (base < 0 && sec.text) base = text.indexOf(sec.text);
  const out: Sentence[] = [];
  let i = 0;
  let cursor = from;
  const t = sec.text ?? '';
  while (i < t.length) {
    let j = i;
    while (j < t.length && !SENTENCE_END.has(t.charCodeAt(j))) j++;
    const raw = t.slice(i, j);
    const lead = raw.length - raw.trimStart().length;
    const s = raw.trim();
    if (s) {
      let offset = base >= 0 ? base + i + lead : text.indexOf(s, cursor);
      if (base < 0 && offset < 0) offset = text.indexOf(s);
      if (offset >= 0) cursor = offset + s.length;
      out.push({ section: sec.code, text: s, offset });
    }
    i = j + 1;
  }
  return out;
}

/** A span of the report text as evidence fields. */
export function spanOf(starts: number[], offset: number, length: number): { line: number; start: number; end: number } {
  if (offset < 0) return { line: -1, start: -1, end: -1 };
  const { line, col } = toLineCol(starts, offset);
  return { line, start: col, end: col + length };
}
