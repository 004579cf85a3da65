/**
 * Shingles and MinHash: a normalised text's distinct k-character shingle hashes, their one-permutation MinHash
 * signature (BINS bins, densified), the exact Jaccard similarity of two shingle sets and its signature estimate.
 */

export const BINS = 128;

/** murmur3 finaliser: a good 32-bit mix. */
export function fmix(h: number): number {
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

export function estimate(a: Uint32Array, b: Uint32Array): number {
  let eq = 0;
  for (let i = 0; i < BINS; i++) if (a[i] === b[i]) eq++;
  return eq / BINS;
}
