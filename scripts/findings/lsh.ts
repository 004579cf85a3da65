/**
 * Locality-sensitive hashing over MinHash signatures: the signature is cut into BANDS bands of ROWS bins, and two
 * reports are a candidate pair when one band hashes alike (32 × 4: pairs at Jaccard ≈ 0.5 collide with
 * probability > 0.86). Candidates come from sorted band keys, never from comparing all pairs.
 */
import { BINS, fmix } from './minhash.ts';

const BANDS = 32;
const ROWS = BINS / BANDS;
/** Buckets larger than this are linked as a star + chain instead of all pairs (identical-template floods). */
export const MAX_BUCKET = 40;

/** Candidate pairs [i, j] (i < j) whose signatures share at least one band, in order (see candidateKeys). */
export function lshCandidates(sigs: Array<Uint32Array | null>, maxBucket = MAX_BUCKET): Array<[number, number]> {
  const n = sigs.length;
  return Array.from(candidateKeys(sigs, maxBucket), (k): [number, number] => [Math.floor(k / n), k % n]);
}

/**
 * Candidate pairs as sorted keys i·n + j (i < j; n = sigs.length). Per band the band hashes are packed with the
 * document index into one float64 and sorted; the pairs found are sorted and merged into the pairs so far. Typed
 * arrays throughout: a large corpus of templated prose has millions of candidate pairs, which as arrays in a Set
 * took over a gigabyte.
 */
export function candidateKeys(sigs: Array<Uint32Array | null>, maxBucket = MAX_BUCKET): Float64Array {
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
