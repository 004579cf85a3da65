/**
 * Bytes → text in whatever encoding Chinese government sites use: UTF-8 (with or without BOM),
 * UTF-16LE/BE (BOM, or a BOM-less NUL pattern), GB18030/GBK/GB2312, Big5.
 *
 * The bytes decide, never a declared charset alone: pages often say `<meta charset=gb2312>` and are
 * UTF-8 (or the reverse). A declared charset only breaks a tie between equally plausible decodings.
 * A decoding that still looks wrong (replacement characters, rare/unlikely Han characters, Latin-1
 * mojibake) is reported in `warnings`, or refused with NotAReport('encoding') when it is hopeless —
 * never handed on silently.
 */
import iconv from 'iconv-lite';
import { NotAReport } from '../template/record.ts';

export interface Decoded {
  text: string;
  /** Canonical label: utf-8, utf-16le, utf-16be, gb18030, gbk, big5. */
  encoding: string;
  warnings: string[];
}

/** Sets of everyday Han characters, built once from the encodings' own "level 1" blocks. */
let commonSimplified: Set<number> | null = null;
let commonTraditional: Set<number> | null = null;
function commonSets(): [Set<number>, Set<number>] {
  if (!commonSimplified || !commonTraditional) {
    // GB2312 levels 1+2 (rows 0xB0–0xF7): the 6763 Han characters of everyday simplified text.
    const gb: number[] = [];
    for (let hi = 0xb0; hi <= 0xf7; hi++) for (let lo = 0xa1; lo <= 0xfe; lo++) gb.push(hi, lo);
    commonSimplified = new Set([...iconv.decode(Buffer.from(gb), 'gb2312')].map((c) => c.codePointAt(0)!).filter(isHan));
    // Big5 常用字 (0xA440–0xC67E): the 5401 frequent traditional characters.
    const b5: number[] = [];
    for (let hi = 0xa4; hi <= 0xc6; hi++) {
      for (let lo = 0x40; lo <= 0x7e; lo++) b5.push(hi, lo);
      for (let lo = 0xa1; lo <= 0xfe; lo++) b5.push(hi, lo);
    }
    commonTraditional = new Set([...iconv.decode(Buffer.from(b5), 'big5')].map((c) => c.codePointAt(0)!).filter(isHan));
  }
  return [commonSimplified, commonTraditional];
}

/** commonSets() as one lookup table over the Han ranges (code point → 1 when everyday simplified or traditional). */
let commonTable: Uint8Array | null = null;
function commonHanTable(): Uint8Array {
  if (!commonTable) {
    const t = new Uint8Array(0x30000);
    for (const set of commonSets()) for (const cp of set) if (cp < t.length) t[cp] = 1;
    commonTable = t;
  }
  return commonTable;
}

function isHan(cp: number): boolean {
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x2ffff) || (cp >= 0xf900 && cp <= 0xfaff);
}

export interface TextStats {
  nonAscii: number;
  han: number;
  /** Han characters in the everyday simplified or traditional set. */
  commonHan: number;
  replacement: number;
  /** Characters that do not belong in a Chinese report: C1 controls, private use, kana/hangul, box drawing. */
  odd: number;
  /** Latin-1 letters À–ÿ (the signature of GBK/UTF-8 bytes read as a Western codepage). */
  latin1: number;
  controls: number;
}

export function textStats(text: string): TextStats {
  // A table lookup per Han character rather than two Set lookups (isHan code points are all below 0x30000).
  const common = commonHanTable();
  const s: TextStats = { nonAscii: 0, han: 0, commonHan: 0, replacement: 0, odd: 0, latin1: 0, controls: 0 };
  // charCodeAt with surrogate pairs by hand: the string iterator allocated a string per character.
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) { cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00); i++; }
    }
    if (cp < 0x80) {
      if (cp < 0x20 && cp !== 9 && cp !== 10 && cp !== 13 && cp !== 12 && cp !== 11) s.controls++;
      continue;
    }
    s.nonAscii++;
    if (isHan(cp)) {
      s.han++;
      if (common[cp] === 1) s.commonHan++;
    } else if (cp === 0xfffd) s.replacement++;
    else if (cp >= 0xc0 && cp <= 0xff) s.latin1++;
    else if ((cp >= 0x80 && cp <= 0x9f) || (cp >= 0xe000 && cp <= 0xf8ff) || (cp >= 0x3040 && cp <= 0x30ff) ||
      (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x2500 && cp <= 0x257f)) s.odd++;
  }
  return s;
}

/** 0..1, higher = more like real Chinese text. Text without non-ASCII characters scores 1. */
export function plausibility(s: TextStats): number {
  if (s.nonAscii === 0) return 1;
  const common = s.han > 0 ? s.commonHan / s.han : 0.5;
  return Math.max(0, common - (3 * s.replacement + 2 * s.odd + s.latin1) / s.nonAscii);
}

const LABELS: Record<string, string> = {
  'utf8': 'utf-8', 'utf-8': 'utf-8', 'unicode-1-1-utf-8': 'utf-8',
  'gb2312': 'gb18030', 'gbk': 'gb18030', 'gb18030': 'gb18030', 'x-gbk': 'gb18030', 'cp936': 'gb18030', 'euc-cn': 'gb18030', 'hz-gb-2312': 'gb18030',
  'big5': 'big5', 'big5-hkscs': 'big5', 'x-x-big5': 'big5', 'cp950': 'big5',
  'utf-16': 'utf-16le', 'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be',
};
/** A declared charset label → the decoder we would use for it (or null when unknown). */
export function normaliseLabel(label: string | null | undefined): string | null {
  if (!label) return null;
  return LABELS[label.trim().toLowerCase()] ?? null;
}

function utf16Guess(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 8192) & ~1;
  if (n < 8) return null;
  let evenZero = 0, oddZero = 0;
  for (let i = 0; i < n; i += 2) { if (bytes[i] === 0) evenZero++; if (bytes[i + 1] === 0) oddZero++; }
  const pairs = n / 2;
  // ASCII digits, tabs and newlines of a report leave NULs in one byte lane only.
  // (Han code units themselves rarely hold a zero byte: U+4E00 一 is one of the few.)
  if (oddZero / pairs > 0.04 && evenZero < oddZero / 8) return 'utf-16le';
  if (evenZero / pairs > 0.04 && oddZero < evenZero / 8) return 'utf-16be';
  return null;
}

// Decoders are stateless between whole-buffer decode() calls: one of each per process.
const UTF8_LOOSE = new TextDecoder('utf-8', { fatal: false });
const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true });

function decodeWith(bytes: Uint8Array, enc: string): string {
  if (enc === 'utf-8') return UTF8_LOOSE.decode(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), enc);
}

function strictUtf8(bytes: Uint8Array): string | null {
  try { return UTF8_STRICT.decode(bytes); } catch { return null; }
}

/** Bytes in GB18030's 4-byte form? (otherwise the text is plain GBK, or GB2312 if it stays in its rows). */
function gbLabel(bytes: Uint8Array): string {
  for (let i = 0; i < bytes.length - 3; i++) {
    const b = bytes[i];
    if (b < 0x80) continue;
    if (b >= 0x81 && b <= 0xfe && bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39) return 'gb18030';
    i++; // skip trail byte of a 2-byte character
  }
  return 'gbk';
}

/**
 * Text read through the wrong Western codepage and saved again as UTF-8 ("Õþ¸®" for 政府, "æ”¿åºœ").
 * Returns the repaired text when re-encoding the Latin-1 characters gives plausible Chinese.
 */
function repairMojibake(text: string): { text: string; via: string } | null {
  const cp1252 = iconv.encode(text, 'win1252');
  if (iconv.decode(cp1252, 'win1252') !== text) return null; // not representable: not this kind of mojibake
  for (const enc of ['utf-8', 'gb18030', 'big5']) {
    const t = enc === 'utf-8' ? strictUtf8(cp1252) : decodeWith(cp1252, enc);
    if (t === null) continue;
    const st = textStats(t);
    if (st.han >= 4 && plausibility(st) > 0.85) return { text: t, via: enc };
  }
  return null;
}

/**
 * Decode `bytes`. `declared` is a charset the container claims (HTML meta / HTTP header), used only to
 * break ties. Throws NotAReport('encoding') when no decoding gives believable text.
 */
export function decodeBytes(bytes: Uint8Array, name: string, declared?: string | null): Decoded {
  const warnings: string[] = [];
  // 1. A BOM settles it.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return finish(decodeWith(bytes.subarray(3), 'utf-8'), 'utf-8', warnings, name);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return finish(decodeWith(bytes.subarray(2), 'utf-16le'), 'utf-16le', warnings, name);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return finish(decodeWith(bytes.subarray(2), 'utf-16be'), 'utf-16be', warnings, name);
  // 2. UTF-16 without a BOM.
  const u16 = utf16Guess(bytes);
  if (u16) {
    warnings.push(`${name}: no byte-order mark; read as ${u16.toUpperCase()} from the NUL byte pattern`);
    return finish(decodeWith(bytes, u16), u16, warnings, name);
  }
  // 3. Valid UTF-8 is UTF-8 (GBK text of any length is practically never valid UTF-8).
  const utf8 = strictUtf8(bytes);
  const want = normaliseLabel(declared);
  if (utf8 !== null) {
    if (want && want !== 'utf-8' && /[^\x00-\x7f]/.test(utf8)) warnings.push(`${name}: declares charset ${declared} but the bytes are UTF-8; read as UTF-8`);
    const st = textStats(utf8);
    if (st.latin1 >= 4 && st.latin1 > st.han) {
      const fixed = repairMojibake(utf8);
      if (fixed) {
        warnings.push(`${name}: text was mojibake (${fixed.via} bytes read as a Western codepage, then saved as UTF-8); repaired`);
        return finish(fixed.text, 'utf-8', warnings, name);
      }
    }
    return finish(utf8, 'utf-8', warnings, name, st);
  }
  // 4. Not UTF-8: the Chinese legacy encodings, and damaged UTF-8, compete on plausibility.
  // BOM-less UTF-16 of Han-heavy text has too few NULs for the lane test above; let it compete too.
  const encs = ['gb18030', 'big5', 'utf-8', ...(bytes.length % 2 === 0 && bytes.includes(0) ? ['utf-16le', 'utf-16be'] : [])];
  const candidates = encs.map((enc) => {
    const text = decodeWith(bytes, enc);
    const st = textStats(text);
    // A declared charset earns a small bonus: it breaks ties, it does not beat the bytes.
    return { enc, text, st, score: plausibility(st) + (want === enc ? 0.02 : 0) };
  });
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0];
  const label = best.enc === 'gb18030' ? gbLabel(bytes) : best.enc;
  if (want && want !== best.enc) warnings.push(`${name}: declares charset ${declared} but the bytes read as ${label}; read as ${label}`);
  if (best.enc.startsWith('utf-16')) warnings.push(`${name}: no byte-order mark; read as ${best.enc.toUpperCase()} (the most plausible decoding)`);
  if (best.enc === 'utf-8') warnings.push(`${name}: not valid UTF-8 (${best.st.replacement} damaged sequence(s) replaced by U+FFFD), but no other encoding fits better`);
  return finish(best.text, label, warnings, name, best.st);
}

/** Final sanity check on the chosen decoding: refuse hopeless text, warn about doubtful text. */
function finish(text: string, encoding: string, warnings: string[], name: string, known?: TextStats): Decoded {
  const st = known ?? textStats(text);
  const score = plausibility(st);
  const enc = encoding.toUpperCase();
  if (st.nonAscii >= 20) {
    const bad = st.replacement / st.nonAscii;
    if (bad > 0.1 || (st.han >= 20 && score < 0.6)) {
      throw new NotAReport(`${name}: cannot tell the text encoding (best guess ${enc}: ${st.replacement} replacement and ${st.han - st.commonHan} unusual Han characters out of ${st.nonAscii} non-ASCII)`, 'encoding');
    }
  }
  if (st.replacement > 0 && !warnings.some((w) => w.includes('U+FFFD'))) warnings.push(`${name}: ${st.replacement} undecodable byte sequence(s) in ${enc}, shown as U+FFFD`);
  if (st.han >= 20 && score < 0.85) warnings.push(`${name}: decoded as ${enc} but ${st.han - st.commonHan} of ${st.han} Han characters are unusual — the encoding may be wrong`);
  if (st.latin1 >= 4 && st.latin1 > st.han) warnings.push(`${name}: ${st.latin1} Latin-1 letters and only ${st.han} Han characters — possibly mojibake`);
  return { text, encoding, warnings };
}
