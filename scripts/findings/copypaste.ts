/**
 * Near-duplicate narratives across agencies (rule copypaste.near_duplicate).
 *
 * Each report's prose (sections s1, s5, s6 — s2…s4 are the template's tables) is normalised (punctuation and
 * spaces dropped, digit runs → #, the agency's own name → ◇, 我乡/本镇/我局 → 我◇) and cut into 5-character
 * shingles. A one-permutation MinHash signature (128 bins, densified) is banded for LSH (32 bands × 4 rows:
 * pairs at Jaccard ≈ 0.5 collide with probability > 0.86), so candidate pairs come from sorted band keys —
 * no all-pairs comparison; 100,000 reports cost 100,000 signatures and 32 sorts. Candidates are verified with
 * the exact Jaccard of their shingle sets, and the shared passages (longest common runs) are located in both
 * texts for the evidence. The steps are modules of their own: normalise.ts, minhash.ts, lsh.ts, passages.ts;
 * needs.ts drives the rule over records in memory or over digests with reports loaded from disk.
 */
import { agencyIdentity, type AgencyIdentity, type AgencyRef, sameIdentity } from './agency.ts';
import { candidateKeys, MAX_BUCKET } from './lsh.ts';
import { estimate, jaccard, shingles, signature } from './minhash.ts';
import { round } from './narrative.ts';
import { type Needs, runSync } from './needs.ts';
import { type Normalised, normalise } from './normalise.ts';
import { commonRuns, runEvidence } from './passages.ts';
import { lineStarts } from './text.ts';
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

export const DEFAULTS: CopyPasteOptions = { shingle: 5, threshold: 0.5, minShingles: 100, maxPerReport: 3, minRun: 20, maxBucket: MAX_BUCKET };

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

interface Loaded { text: string; norm: Normalised }
const RECENT = 16;

/**
 * The rule over every report's key, asking for a report's full input (see needs.ts) only when it is in a
 * candidate pair that passes the signature estimate; normalised texts are kept only for reports in verified
 * pairs (plus a few recent ones, so consecutive pairs sharing a report do not load it again).
 */
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

export function copyPasteFindings(inputs: FindingInput[], opts: CopyPasteOptions = DEFAULTS): Finding[] {
  return runSync(copyPaste(inputs.map((x) => copyPasteKey(x, opts)), opts), (i) => inputs[i]!);
}
