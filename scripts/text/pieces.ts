/**
 * Text → a stream of pieces: label text, numbers, and blank cells, each with its global span.
 * Every text layout (tab rows, one cell per line, space-aligned columns, one token per line,
 * flattened runs with no separator at all) becomes the same stream, read label → values in order.
 */

import { isSpaceCode } from './normalise.ts';

export type Sep = 'none' | 'space' | 'spaces' | 'tab' | 'newline';
const SEP_RANK: Record<Sep, number> = { none: 0, space: 1, spaces: 2, tab: 3, newline: 4 };

export interface Piece {
  kind: 'label' | 'num' | 'blank';
  /**
   * Label: text as printed (trimmed). Num: the number as printed, without its unit. Blank: '' for an empty cell, or the
   * words of a cell that holds text where a number goes (未增未减, 无, —): it keeps its column, and its value is null.
   */
  text: string;
  /** A unit printed with the number (元, 万元, 个, 件, 笔 …). */
  unit?: string;
  /** A change printed in words (增 / 减 / 增加 / 减少) in place of the sign of `text` (减12 → text -12, word 减). */
  word?: string;
  start: number;
  end: number;
  /** Strongest separator between this piece and the previous one. */
  sep: Sep;
  /** A number bounded by cell separators on both sides (tab, line, 2+ spaces): exactly one cell. */
  own: boolean;
  /** Index of the source line's first piece (tab rows keep blank cells). */
  line: number;
  /**
   * A blank cell between a bar that closed one line and a bar that opens the next: on a line of its own (`|`) or
   * before the cells of the line it opens (`| 25 |`).
   */
  bar?: 'lone' | 'open';
}

const UNIT = '(?:万元|亿元|元|个|件|项|条|次|家|人|笔)';
// An item number that opens a label: "2.其他法律…", "2、…", "1. 属于国家秘密", or a "1." left at
// the end of a wrapped line. A value never ends in a dot, and "7730.28" has a digit after it.
const ITEM_PREFIX = /(\d)\s*[.、](?![\d.])/y;
// A number as printed: sign, digits, decimals, unit.
const NUMBER = new RegExp(`[+\\-]?\\d+(?:\\.\\d+)?(?:\\s*${UNIT})?`, 'y');
// Digits that belong to label text: dates, article/item references.
const LABEL_DIGITS = /\d+\s*(?:年|月|日|号|季度|\))/y;
// A digit run ending in a year (…02025年): the year opens the text after it, the digits before it are a number.
const GLUED_YEAR = /^(\d+?)((?:19[5-9]|20\d)\d)\s*年$/;
// 减12 / 增3 / 减少2 right after a number (16减12): a change printed in words, its own cell.
const GLUED_CHANGE = /(增加?|减少?)\s*(\d+)(?![\d.])/y;

const UNIT_END = new RegExp(`${UNIT}$`);

/** Is the page-number line of a PDF rendering ("- 3 -", "— 12 —", "第 3 页", "3 / 10")? */
export function isPageNumberLine(line: string): boolean {
  // Every form starts (after whitespace) with a dash, a tilde, 第 or a digit: most lines are
  // refused on their first character, without trimming them and running three regexes.
  let i = 0;
  while (i < line.length && isSpaceCode(line.charCodeAt(i))) i++;
  const c = codeAt(line, i);
  if (!(c === 45 || c === 0x2014 || c === 0x2013 || c === 126 || c === 0x7b2c || (c >= 48 && c <= 57))) return false;
  const t = line.trim();
  return /^[-—–~]\s*\d{1,3}\s*[-—–~]$/.test(t) || /^第\s*\d{1,3}\s*页(\s*共\s*\d{1,3}\s*页)?$/.test(t) || /^\d{1,3}\s*\/\s*\d{1,3}$/.test(t);
}

/**
 * A cell (or a whole line) that holds words where a number goes: 未增未减 / 持平 / 无变化, and in a separated row also
 * 无 / — / - / /. It is one cell: it holds its column (a blank piece carrying its text), so the numbers after it stay in
 * their own columns and are never cut into digits around it.
 */
const TEXT_CELL_LINE = /^(?:未增未减|未增减|无增减|持平|无变化|不变)$/;
const TEXT_CELL = /^(?:未增未减|未增减|无增减|持平|无变化|不变|无|—+|-+|–|\/|\\)$/;
/** 增3 / 减2 / 增加3 / 减少2: a change printed in words; its number is the signed value. */
const WORDED_CHANGE = /^(增加?|减少?)\s*(\d+)$/;

/**
 * The cell separator of a line: TAB, or `|` when the line is a `|`-separated table row: two or more bars, or a cell
 * that opens or closes with one (a page copied one cell per line prints `| ` then ` 规章  |`, ` 0  |`).
 */
function cellSeparator(line: string): string | null {
  if (line.includes('\t')) return '\t';
  const first = line.indexOf('|');
  if (first < 0) return null;
  if (line.indexOf('|', first + 1) >= 0) return '|';
  const t = line.trim();
  return t.startsWith('|') || t.endsWith('|') ? '|' : null;
}

/** Push a whole cell that is text where a number goes; false if the cell is something else. */
function textCell(cell: string, offset: number, out: Piece[], sep: Sep, line: number, re: RegExp): boolean {
  const t = cell.trim();
  if (!t) return false;
  const at = offset + cell.indexOf(t);
  const change = WORDED_CHANGE.exec(t);
  if (change) {
    out.push({ kind: 'num', text: (change[1]!.startsWith('增') ? '+' : '-') + change[2]!, word: change[1]!, start: at, end: at + t.length, sep, own: false, line });
    return true;
  }
  if (!re.test(t)) return false;
  out.push({ kind: 'blank', text: t, start: at, end: at + t.length, sep, own: true, line });
  return true;
}

/**
 * Cut `text[from, to)` into pieces. Tab lines keep their empty cells as blank pieces so that a
 * blank cell stays null; other layouts have no way to show a blank, so they have none.
 */
export function piecesOf(text: string, from = 0, to = text.length): Piece[] {
  const out: Piece[] = [];
  let pendingSep: Sep = 'newline';
  let lineNo = 0;
  let pos = from;
  // The last non-empty line closed on a bar: a bar opening this line then closes an empty cell between the two.
  let prevClosedByBar = false;
  while (pos < to) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0 || eol > to) eol = to;
    const line = text.slice(pos, eol);
    const sepChar = cellSeparator(line);
    const trimmed = line.trim();
    if (!isPageNumberLine(line) || trimmed === '') {
      if (sepChar === '|' && prevClosedByBar && trimmed.startsWith('|')) {
        // `数量 | 25 |` + `|` + `|` + `| 25 |`: each bar-to-bar step across lines is a blank cell (自然人 25, blanks,
        // 总计 25); without it the two 25s had no columns. A line that opens without a bar (`0` + `|` lines) keeps none.
        const at = pos + line.indexOf('|');
        out.push({ kind: 'blank', text: '', start: at, end: at, sep: 'tab', own: true, line: lineNo, bar: trimmed === '|' ? 'lone' : 'open' });
      }
      if (sepChar) {
        // The cells between tabs (or bars), walked in place (no split array, no per-line callback).
        let cellStart = pos;
        for (let i = 0; ; i++) {
          const tab = line.indexOf(sepChar, cellStart - pos);
          const cellEnd = tab < 0 ? line.length : tab;
          const cell = line.slice(cellStart - pos, cellEnd);
          if (i > 0) pendingSep = maxSep(pendingSep, 'tab');
          const before = out.length;
          if (!textCell(cell, cellStart, out, pendingSep, lineNo, TEXT_CELL)) scanCell(cell, cellStart, out, pendingSep, lineNo);
          if (out.length > before) pendingSep = 'none';
          else if ((sepChar === '\t' || (i > 0 && tab >= 0)) && cell.trim() === '') {
            // An empty cell of a TAB row, first and last included (\t0\t…, 行政处罚\t): a blank in the table. Before a
            // row's opening bar and after its closing bar (`| 0 |`) there is no cell.
            out.push({ kind: 'blank', text: '', start: cellStart, end: cellStart, sep: 'tab', own: true, line: lineNo });
          }
          if (tab < 0) break;
          cellStart += cell.length + 1;
        }
      } else if (!textCell(line, pos, out, pendingSep, lineNo, TEXT_CELL_LINE)) {
        scanCell(line, pos, out, pendingSep, lineNo);
      }
    }
    if (out.length && out[out.length - 1]!.line === lineNo) pendingSep = 'none';
    pendingSep = maxSep(pendingSep, 'newline');
    if (trimmed) prevClosedByBar = trimmed.endsWith('|');
    pos = eol + 1;
    lineNo++;
  }
  markOwnership(out);
  return out;
}

function maxSep(a: Sep, b: Sep): Sep {
  return SEP_RANK[a] >= SEP_RANK[b] ? a : b;
}

/**
 * Length of the sticky match of `re` at i, or -1. No slicing, so a 10 000-character flattened line
 * stays linear; test() leaves lastIndex at the match's end, so no match array is built either.
 */
function stickyLength(re: RegExp, s: string, i: number): number {
  re.lastIndex = i;
  return re.test(s) ? re.lastIndex - i : -1;
}

/** Push the label text cell[from, to) (trimmed) as a piece. */
function pushLabel(out: Piece[], cell: string, offset: number, from: number, to: number, sep: Sep, line: number): void {
  let a = from;
  let b = to;
  while (a < b && cell.charCodeAt(a) === 32) a++;
  while (b > a && cell.charCodeAt(b - 1) === 32) b--;
  if (b > a) out.push({ kind: 'label', text: cell.slice(a, b), start: offset + a, end: offset + b, sep, own: false, line });
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** The cell as printed, sign word and unit included (减12, 2笔, 246900元). */
export function printedOf(p: { text: string; unit?: string; word?: string }): string {
  return (p.word ? p.word + p.text.replace(/^[+-]/, '') : p.text) + (p.unit ?? '');
}

/**
 * Length of the number glued before a year in the label-digit match cell[i, i+len) (行政事业性收费0 + 2025年，… prints
 * 02025年), or 0. Report years have four digits, so the cut is fixed. A year printed with its century twice (202020年)
 * is a misprint of one year, not 20 + 2020年: a lead that is the year's own start is left to the label.
 */
function numberBeforeYear(cell: string, i: number, len: number): number {
  const m = GLUED_YEAR.exec(cell.slice(i, i + len));
  if (!m || m[2]!.startsWith(m[1]!)) return 0;
  return m[1]!.length;
}

/**
 * s.charCodeAt(i), or -1 past either end (where charCodeAt gives NaN; every use here only compares
 * codes, so the two read alike). Reading past the end deoptimised the compiled scanner each time a
 * new place did it first.
 */
const codeAt = (s: string, i: number) => (i >= 0 && i < s.length ? s.charCodeAt(i) : -1);

/** Scan one cell (or one untabbed line) into label and number pieces. */
function scanCell(cell: string, offset: number, out: Piece[], sepBefore: Sep, line: number): void {
  let i = 0;
  let sep: Sep = sepBefore;
  let labelStart = -1;
  let labelSep: Sep = sep;
  while (i < cell.length) {
    const c = cell.charCodeAt(i);
    if (c === 32) {
      // Two or more spaces separate cells (aligned layout); one space separates numbers only.
      let j = i;
      while (j < cell.length && cell.charCodeAt(j) === 32) j++;
      const gap: Sep = j - i >= 2 ? 'spaces' : 'space';
      const n = codeAt(cell, j);
      const nextIsDigit = isDigit(n) || n === 43 || n === 45;
      if (labelStart >= 0 && (gap === 'spaces' || nextIsDigit)) { pushLabel(out, cell, offset, labelStart, i, labelSep, line); labelStart = -1; }
      if (labelStart < 0) sep = maxSep(sep, gap);
      i = j;
      continue;
    }
    // The character before, as a code (cell[i - 1] allocated a string for every Han character).
    const prev = i > 0 ? cell.charCodeAt(i - 1) : -1;
    const startsNumber = isDigit(c) || ((c === 43 || c === 45) && isDigit(codeAt(cell, i + 1)));
    if (startsNumber && !(labelStart >= 0 && (prev === 0x28 || prev === 0xff08 || prev === 0x7b2c))) { // ( （ 第
      const item = stickyLength(ITEM_PREFIX, cell, i);
      if (item >= 0 && !isDigit(codeAt(cell, i - 1))) {
        // "1.属于国家秘密": an item number opening a label.
        if (labelStart >= 0) pushLabel(out, cell, offset, labelStart, i, labelSep, line);
        labelStart = i;
        labelSep = sep;
        sep = 'none';
        i += item;
        continue;
      }
      const dated = stickyLength(LABEL_DIGITS, cell, i);
      const lead = dated >= 0 ? numberBeforeYear(cell, i, dated) : 0;
      if (dated >= 0 && !lead) {
        if (labelStart < 0) { labelStart = i; labelSep = sep; sep = 'none'; }
        i += dated;
        continue;
      }
      const numLen = lead || stickyLength(NUMBER, cell, i);
      // (cannot happen: startsNumber means NUMBER matches here; fail as loudly as the exec()[0] this replaced)
      if (numLen < 0) throw new TypeError("Cannot read properties of null (reading '0')");
      let tok = cell.slice(i, i + numLen);
      // "00000002.其他…": the last digit before ".<label>" is the next label's item number.
      const nextCh = codeAt(cell, i + tok.length);
      const afterNext = codeAt(cell, i + tok.length + 1);
      const itemGlued = tok.length > 1 && /^\d+$/.test(tok) && (nextCh === 46 || nextCh === 0x3001) && !isDigit(afterNext) && afterNext !== 46; // . 、
      if (itemGlued) tok = tok.slice(0, -1);
      if (labelStart >= 0) { pushLabel(out, cell, offset, labelStart, i, labelSep, line); labelStart = -1; }
      const um = UNIT_END.exec(tok);
      const numText = um ? tok.slice(0, tok.length - um[0].length).trim() : tok;
      out.push({ kind: 'num', text: numText, unit: um?.[0], start: offset + i, end: offset + i + tok.length, sep, own: false, line });
      sep = 'none';
      i += tok.length;
      if (itemGlued) {
        labelStart = i;
        labelSep = 'none';
        const after = stickyLength(ITEM_PREFIX, cell, i);
        i += after >= 0 ? after : 1;
      }
      continue;
    }
    if (labelStart < 0 && (c === 0x589e || c === 0x51cf) && out[out.length - 1]?.kind === 'num' && out[out.length - 1]!.line === line) { // 增 减
      // 16减12: the 减 ends the number before it and signs the one after it; both are cells, neither a digit of the other.
      GLUED_CHANGE.lastIndex = i;
      const m = GLUED_CHANGE.exec(cell);
      if (m) {
        const len = m[0].length;
        out.push({ kind: 'num', text: (m[1]!.startsWith('增') ? '+' : '-') + m[2]!, word: m[1]!, start: offset + i, end: offset + i + len, sep, own: false, line });
        sep = 'none';
        i += len;
        continue;
      }
    }
    if (labelStart < 0) {
      labelStart = i;
      labelSep = sep;
      sep = 'none';
    }
    i++;
  }
  if (labelStart >= 0) pushLabel(out, cell, offset, labelStart, cell.length, labelSep, line);
}

/** A number is its own cell when strong separators (tab, line, 2+ spaces, blank cell) bound it on both sides. */
function markOwnership(ps: Piece[]): void {
  for (let k = 0; k < ps.length; k++) {
    const p = ps[k]!;
    if (p.kind !== 'num') continue;
    const next = ps[k + 1];
    const strongBefore = SEP_RANK[p.sep] >= SEP_RANK.spaces;
    const strongAfter = !next || SEP_RANK[next.sep] >= SEP_RANK.spaces || next.kind === 'blank';
    p.own = strongBefore && strongAfter;
  }
}
