/**
 * Near-duplicate narratives across agencies (rule copypaste.near_duplicate).
 *
 * Each report's prose (sections s1, s5, s6 — s2…s4 are the template's tables) is normalised (punctuation and
 * spaces dropped, digit runs → #, the agency's own name → ◇, 我乡/本镇/我局 → 我◇) and cut into 5-character
 * shingles. A one-permutation MinHash signature (128 bins, densified) is banded for LSH (32 bands × 4 rows:
 * pairs at Jaccard ≈ 0.5 collide with probability > 0.86), so candidate pairs come from sorted band keys —
 * no all-pairs comparison; 100,000 reports cost 100,000 signatures and 32 sorts. Candidates are verified with
 * the exact Jaccard of their shingle sets, and the shared passages (longest common runs) are located in both
 * texts for the evidence.
 */
import type { ReportRecord } from '../template/record.ts';
import { agencyIdentity, type AgencyIdentity, type AgencyRef, sameIdentity } from './agency.ts';
import { round } from './narrative.ts';
import { lineStarts, toLineCol } from './text.ts';
import type { Evidence, Finding, FindingInput } from './types.ts';

export interface CopyPasteOptions {
  shingle: number;
  /** Verified Jaccard similarity at or above which a pair is reported. */
  threshold: number;
  /** Reports with fewer distinct shingles are too short to judge. */
  minShingles: number;
  /** At most this many partners reported per report (the most similar). */
  maxPerReport: number;
  /** Shortest shared passage reported as evidence (normalised characters). */
  minRun: number;
  /** Buckets larger than this are linked as a star + chain instead of all pairs (identical-template floods). */
  maxBucket: number;
}

export const DEFAULTS: CopyPasteOptions = { shingle: 5, threshold: 0.5, minShingles: 100, maxPerReport: 3, minRun: 20, maxBucket: 40 };

const BINS = 128;
const BANDS = 32;
const ROWS = BINS / BANDS;
const NARRATIVE_SECTIONS = new Set(['s1', 's5', 's6']);

// ---------------------------------------------------------------- normalisation

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

// ---------------------------------------------------------------- shingles and signatures

/** murmur3 finaliser: a good 32-bit mix. */
function fmix(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Distinct shingle hashes, sorted. */
export function shingles(s: string, k: number): Uint32Array {
  const n = s.length - k + 1;
  if (n <= 0) return new Uint32Array(0);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5;
    for (let j = 0; j < k; j++) h = Math.imul(h ^ s.charCodeAt(i + j), 0x01000193);
    out[i] = fmix(h);
  }
  out.sort();
  let w = 0;
  for (let i = 0; i < n; i++) if (i === 0 || out[i] !== out[i - 1]) out[w++] = out[i]!;
  return out.slice(0, w);
}

/** One-permutation MinHash with rotation densification: one hash per shingle, BINS minima. */
export function signature(sh: Uint32Array): Uint32Array {
  const sig = new Uint32Array(BINS).fill(0xffffffff);
  const filled = new Uint8Array(BINS);
  for (let i = 0; i < sh.length; i++) {
    const h = fmix(sh[i]! ^ 0x9e3779b9);
    const bin = h >>> 25; // top 7 bits
    const v = h & 0x1ffffff;
    if (v < sig[bin]!) { sig[bin] = v; filled[bin] = 1; }
  }
  if (sh.length === 0) return sig;
  for (let b = 0; b < BINS; b++) {
    if (filled[b]) continue;
    // borrow the next filled bin to the right, offset by the distance (keeps estimates unbiased)
    let d = 1;
    while (!filled[(b + d) % BINS]) d++;
    sig[b] = (sig[(b + d) % BINS]! + d * 0x2000000) >>> 0;
  }
  return sig;
}

export function jaccard(a: Uint32Array, b: Uint32Array): number {
  let i = 0, j = 0, inter = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) { inter++; i++; j++; } else if (a[i]! < b[j]!) i++; else j++;
  }
  const uni = a.length + b.length - inter;
  return uni === 0 ? 0 : inter / uni;
}

function estimate(a: Uint32Array, b: Uint32Array): number {
  let eq = 0;
  for (let i = 0; i < BINS; i++) if (a[i] === b[i]) eq++;
  return eq / BINS;
}

/** Candidate pairs [i, j] (i < j) whose signatures share at least one band, in order (see candidateKeys). */
export function lshCandidates(sigs: Array<Uint32Array | null>, maxBucket = DEFAULTS.maxBucket): Array<[number, number]> {
  const n = sigs.length;
  return Array.from(candidateKeys(sigs, maxBucket), (k): [number, number] => [Math.floor(k / n), k % n]);
}

/**
 * Candidate pairs as sorted keys i·n + j (i < j; n = sigs.length). Per band the band hashes are packed with the
 * document index into one float64 and sorted; the pairs found are sorted and merged into the pairs so far. Typed
 * arrays throughout: a large corpus of templated prose has millions of candidate pairs, which as arrays in a Set
 * took over a gigabyte.
 */
export function candidateKeys(sigs: Array<Uint32Array | null>, maxBucket = DEFAULTS.maxBucket): Float64Array {
  const n = sigs.length;
  const idxBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  if (idxBits > 21) throw new Error(`copypaste: ${n} reports exceed the LSH index width`);
  const scale = 2 ** idxBits;
  const keys = new Float64Array(n);
  let all: Float64Array = new Float64Array(0);
  // new pairs are gathered over bands and merged into `all` when they outnumber it (few merges, bounded memory)
  let pending = new Float64Array(1024);
  let len = 0;
  for (let band = 0; band < BANDS; band++) {
    let m = 0;
    for (let d = 0; d < n; d++) {
      const sig = sigs[d];
      if (!sig) continue;
      let h = 0x811c9dc5 ^ band;
      for (let r = 0; r < ROWS; r++) h = fmix(Math.imul(h ^ sig[band * ROWS + r]!, 0x01000193));
      keys[m++] = h * scale + d;
    }
    const add = (a: number, b: number) => {
      if (len === pending.length) { const g = new Float64Array(len * 2); g.set(pending); pending = g; }
      pending[len++] = a < b ? a * n + b : b * n + a;
    };
    const sorted = keys.subarray(0, m).sort();
    for (let i = 0; i < m; ) {
      const k = Math.floor(sorted[i]! / scale);
      let j = i + 1;
      while (j < m && Math.floor(sorted[j]! / scale) === k) j++;
      const size = j - i;
      if (size > 1) {
        const docs: number[] = [];
        for (let t = i; t < j; t++) docs.push(sorted[t]! - k * scale);
        if (size <= maxBucket) {
          for (let a = 0; a < size; a++) for (let b = a + 1; b < size; b++) add(docs[a]!, docs[b]!);
        } else {
          // a flood of identical narratives: link each to the first and to its neighbour (verification still runs)
          for (let a = 1; a < size; a++) { add(docs[0]!, docs[a]!); add(docs[a - 1]!, docs[a]!); }
        }
      }
      i = j;
    }
    if (len > Math.max(all.length, 1 << 20) || (band === BANDS - 1 && len)) { all = mergeUnique(all, pending.subarray(0, len).sort()); len = 0; }
  }
  return all;
}

/** The sorted union, without repeats, of a sorted unique array and a sorted array. */
function mergeUnique(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0, j = 0, k = 0;
  const push = (v: number) => { if (k === 0 || out[k - 1] !== v) out[k++] = v; };
  while (i < a.length && j < b.length) push(a[i]! <= b[j]! ? a[i++]! : b[j++]!);
  while (i < a.length) push(a[i++]!);
  while (j < b.length) push(b[j++]!);
  return out.slice(0, k);
}

// ---------------------------------------------------------------- shared passages

export interface Run { a: number; b: number; len: number }

/** Longest common runs of two normalised strings, non-overlapping in both, longest first (at least minRun). */
export function commonRuns(a: string, b: string, minRun: number, max = 5): Run[] {
  const k = Math.min(8, minRun);
  if (a.length < k || b.length < k) return [];
  const index = new Map<string, number[]>();
  for (let i = 0; i + k <= a.length; i++) {
    const g = a.slice(i, i + k);
    const l = index.get(g);
    if (l) { if (l.length < 64) l.push(i); } else index.set(g, [i]);
  }
  const runs: Run[] = [];
  const covered = new Set<number>(); // diagonal+start keys already extended
  for (let j = 0; j + k <= b.length; j++) {
    const l = index.get(b.slice(j, j + k));
    if (!l) continue;
    for (const i of l) {
      const diag = i - j;
      if (i > 0 && j > 0 && a[i - 1] === b[j - 1]) continue; // not the start of a maximal run
      const key = diag * 1_000_003 + i;
      if (covered.has(key)) continue;
      covered.add(key);
      let len = k;
      while (i + len < a.length && j + len < b.length && a[i + len] === b[j + len] && a[i + len] !== '‖') len++;
      if (len >= minRun) runs.push({ a: i, b: j, len });
    }
  }
  runs.sort((x, y) => y.len - x.len || x.a - y.a || x.b - y.b);
  const chosen: Run[] = [];
  for (const r of runs) {
    if (chosen.some((c) => r.a < c.a + c.len && c.a < r.a + r.len || r.b < c.b + c.len && c.b < r.b + r.len)) continue;
    chosen.push(r);
    if (chosen.length >= max) break;
  }
  return chosen;
}

/** Evidence spans (one per line touched, at most `cap`) for a normalised run. */
function runEvidence(kind: Evidence['kind'], id: string, text: string, starts: number[], norm: Normalised, from: number, len: number, cap: number): Evidence[] {
  const out: Evidence[] = [];
  const first = norm.at[from]!;
  const last = norm.at[from + len - 1]!;
  if (first < 0 || last < 0) return [{ kind, report_id: id, line: -1, start: -1, end: -1, text: norm.s.slice(from, from + len) }];
  let pos = first;
  const stop = last + 1;
  while (pos < stop && out.length < cap) {
    const { line, col } = toLineCol(starts, pos);
    const lineEnd = line + 1 < starts.length ? starts[line + 1]! - 1 : text.length;
    const end = Math.min(stop, lineEnd);
    const piece = text.slice(pos, end);
    if (piece.trim()) out.push({ kind, report_id: id, line, start: col, end: col + piece.length, text: piece });
    pos = lineEnd + 1;
  }
  return out;
}

// ---------------------------------------------------------------- findings

/** What the rule needs of a report before verification: its signature and what sameAgency and the message read. */
export interface CopyPasteKey {
  id: string;
  agency: string;
  year: number | null;
  /** For sameAgency (name, level, region code). */
  ref: AgencyRef;
  /** MinHash signature, null when the prose is too short to judge. */
  sig: Uint32Array | null;
}

/** Distinct shingle count and signature of a report's prose (signature null under opts.minShingles). */
export function proseSignature(x: FindingInput, opts: CopyPasteOptions = DEFAULTS): { shingles: number; sig: Uint32Array | null } {
  const sh = shingles(normalise(x.record, x.text, false).s, opts.shingle);
  return { shingles: sh.length, sig: sh.length >= opts.minShingles ? signature(sh) : null };
}

export function copyPasteKey(x: FindingInput, opts: CopyPasteOptions = DEFAULTS): CopyPasteKey {
  return { id: x.id, agency: x.record.agency ?? '', year: x.record.year, ref: x.record, sig: proseSignature(x, opts).sig };
}

/**
 * The rule as a generator: it yields the index (into keys) of each report whose full input it needs and is
 * resumed with that input — so one implementation runs over records in memory (runSync) or over corpus digests
 * with reports loaded from disk (runAsync). A report is asked for only when it is in a candidate pair that
 * passes the signature estimate; normalised texts are kept only for reports in verified pairs (plus a few
 * recent ones, so consecutive pairs sharing a report do not load it again).
 */
export type Needs<T> = Generator<number, T, FindingInput>;

interface Loaded { text: string; norm: Normalised }
const RECENT = 16;

export function* copyPaste(keys: CopyPasteKey[], opts: CopyPasteOptions = DEFAULTS): Needs<Finding[]> {
  const cand = candidateKeys(keys.map((k) => k.sig), opts.maxBucket);
  const n = keys.length;
  const idents: Array<AgencyIdentity | undefined> = [];
  const identity = (i: number) => (idents[i] ??= agencyIdentity(keys[i]!.ref));
  const kept = new Map<number, Loaded>();
  const recent = new Map<number, Loaded>(); // insertion order = least recently used first
  const sets = new Map<number, Uint32Array>();
  function* entry(i: number): Needs<Loaded> {
    let e = kept.get(i);
    if (e) return e;
    e = recent.get(i);
    if (e) { recent.delete(i); recent.set(i, e); return e; }
    const x: FindingInput = yield i;
    e = { text: x.text, norm: normalise(x.record, x.text) };
    recent.set(i, e);
    if (recent.size > RECENT) recent.delete(recent.keys().next().value!);
    return e;
  }
  function* setOf(i: number): Needs<Uint32Array> {
    let sh = sets.get(i);
    if (!sh) { sh = shingles((yield* entry(i)).norm.s, opts.shingle); sets.set(i, sh); }
    return sh;
  }
  const pairs: NearDuplicate[] = [];
  for (const key of cand) {
    const a = Math.floor(key / n), b = key % n;
    if (sameIdentity(identity(a), identity(b))) continue;
    if (estimate(keys[a]!.sig!, keys[b]!.sig!) < opts.threshold - 0.15) continue;
    const sim = jaccard(yield* setOf(a), yield* setOf(b));
    if (sim < opts.threshold) continue;
    pairs.push({ a, b, similarity: sim });
    // only the normalised texts of reported pairs are needed later
    for (const i of [a, b]) if (!kept.has(i)) { kept.set(i, yield* entry(i)); recent.delete(i); }
  }
  recent.clear();
  sets.clear();
  pairs.sort((p, q) => q.similarity - p.similarity || p.a - q.a || p.b - q.b);
  return findingsFor(keys, pairs, kept, opts);
}

function findingsFor(keys: CopyPasteKey[], pairs: NearDuplicate[], kept: Map<number, Loaded>, opts: CopyPasteOptions): Finding[] {
  const perReport = new Map<number, NearDuplicate[]>();
  for (const p of pairs) {
    for (const side of [p.a, p.b]) {
      const l = perReport.get(side) ?? [];
      if (l.length < opts.maxPerReport) l.push(p);
      perReport.set(side, l);
    }
  }
  const startsCache = new Map<number, number[]>();
  const starts = (i: number) => {
    let s = startsCache.get(i);
    if (!s) { s = lineStarts(kept.get(i)!.text); startsCache.set(i, s); }
    return s;
  };
  const out: Finding[] = [];
  for (const [self, list] of perReport) {
    for (const p of list) {
      const other = p.a === self ? p.b : p.a;
      const me = kept.get(self)!;
      const them = kept.get(other)!;
      const runs = commonRuns(me.norm.s, them.norm.s, opts.minRun);
      const evidence: Evidence[] = [];
      for (const r of runs.slice(0, 3)) {
        evidence.push(...runEvidence('narrative', keys[self]!.id, me.text, starts(self), me.norm, r.a, r.len, 2));
        evidence.push(...runEvidence('other_report', keys[other]!.id, them.text, starts(other), them.norm, r.b, r.len, 2));
      }
      const longest = runs[0]?.len ?? 0;
      const pct = Math.round(p.similarity * 100);
      const ko = keys[other]!;
      out.push({
        report_id: keys[self]!.id,
        rule: 'copypaste.near_duplicate',
        severity: p.similarity >= 0.8 ? 'high' : 'warn',
        score: round(p.similarity),
        message: `本报告的文字部分与${ko.agency || '另一机关'}${ko.year ? `${ko.year}年` : ''}的年报高度雷同（相似度${pct}%${longest ? `，最长一段相同文字约${longest}字` : ''}），可能相互照抄。`,
        evidence,
        other_report_id: ko.id,
      });
    }
  }
  return out;
}

export interface NearDuplicate { a: number; b: number; similarity: number }

/** Drive a rule that needs reports: each request answered from memory. */
export function runSync<T>(g: Needs<T>, get: (i: number) => FindingInput): T {
  let r = g.next();
  while (!r.done) r = g.next(get(r.value));
  return r.value;
}

/** Drive a rule that needs reports: each request answered by an asynchronous load (one at a time). */
export async function runAsync<T>(g: Needs<T>, get: (i: number) => Promise<FindingInput>): Promise<T> {
  let r = g.next();
  while (!r.done) r = g.next(await get(r.value));
  return r.value;
}

export function copyPasteFindings(inputs: FindingInput[], opts: CopyPasteOptions = DEFAULTS): Finding[] {
  return runSync(copyPaste(inputs.map((x) => copyPasteKey(x, opts)), opts), (i) => inputs[i]!);
}
