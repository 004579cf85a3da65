/**
 * Corpus digests: what the corpus rules (near-duplicate narratives, rates against peers, missing years) need of
 * one report, small and plain JSON, so a build can compute it in the worker that extracted the report, stage it
 * as one JSON line, and run the corpus rules over 100,000 digests without holding any record or text. Full
 * reports are loaded (by id) only for the few pairs whose signatures say they may be copies.
 */
import type { LevelCode } from '../template/vocabulary.ts';
import { agencyKey } from './agency.ts';
import { type CopyPasteKey, type CopyPasteOptions, copyPaste, proseSignature } from './copypaste.ts';
import type { Needs } from './needs.ts';
import { missingYears, rateDigest, type RateDigest, rateGroup, rateOutliers } from './outliers.ts';
import type { Finding, FindingInput } from './types.ts';

/** Bumped whenever the shape or the meaning of a field changes: a staging file from another version is refused. */
export const DIGEST_VERSION = 1;

export interface CorpusDigest {
  v: number;
  id: string;
  /** As the record prints it (messages name it). */
  agency: string;
  year: number | null;
  level: LevelCode;
  /** record.region.code (sameAgency compares it). */
  region_code: string | null;
  /** Grouping key of the agency's reports across years (agency.ts), null when the agency is unknown. */
  agency_key: string | null;
  /** Peer group of the rate rule: `${level}|${year}`. */
  group: string;
  /** 纠正率 (t4) and 不予公开 share (t3) with the evidence a finding cites; null when not computable. */
  correction: RateDigest | null;
  deny: RateDigest | null;
  /** Shingle length the signature was made with, and the prose's distinct shingle count. */
  shingle: number;
  shingles: number;
  /** MinHash signature of the prose: base64 of its 32-bit words, little-endian; null when the prose is too short. */
  sig: string | null;
}

const SIG_WORDS = 128;

export function encodeSig(sig: Uint32Array): string {
  const b = Buffer.allocUnsafe(sig.length * 4);
  for (let i = 0; i < sig.length; i++) b.writeUInt32LE(sig[i]!, i * 4);
  return b.toString('base64');
}

function decodeSig(s: string, into: Uint32Array, id: string): Uint32Array {
  const b = Buffer.from(s, 'base64');
  if (b.length !== into.length * 4) throw new Error(`findings: digest of report ${id} has a ${b.length}-byte signature, expected ${into.length * 4}`);
  for (let i = 0; i < into.length; i++) into[i] = b.readUInt32LE(i * 4);
  return into;
}

/** The digest of one report whose text is already normalised (index.ts prepares it). */
export function digestOfPrepared(x: FindingInput, opts: CopyPasteOptions): CorpusDigest {
  const { record } = x;
  if (!record) throw new Error(`findings: report ${x.id} has no record to digest`);
  const { shingles, sig } = proseSignature(x, opts);
  return {
    v: DIGEST_VERSION,
    id: x.id,
    agency: record.agency ?? '',
    year: record.year ?? null,
    level: record.level,
    region_code: record.region?.code ?? null,
    agency_key: agencyKey(record),
    group: rateGroup(record),
    correction: rateDigest(x.id, record, 'correction'),
    deny: rateDigest(x.id, record, 'deny'),
    shingle: opts.shingle,
    shingles,
    sig: sig ? encodeSig(sig) : null,
  };
}

/**
 * The corpus rules over digests (sorted by id by the caller). Yields the index of each digest whose full report
 * copy-paste needs (see copyPaste in copypaste.ts).
 */
export function* corpusRules(digests: CorpusDigest[], opts: CopyPasteOptions): Needs<Finding[]> {
  const slab = new Uint32Array(digests.length * SIG_WORDS); // one buffer, not 100,000 small arrays
  const keys: CopyPasteKey[] = digests.map((d, i) => {
    if (d.v !== DIGEST_VERSION) throw new Error(`findings: digest of report ${d.id} is version ${d.v}, this code reads version ${DIGEST_VERSION}; rebuild the digests`);
    if (d.shingle !== opts.shingle) throw new Error(`findings: digest of report ${d.id} was made with ${d.shingle}-character shingles, the options ask for ${opts.shingle}`);
    if (d.sig === null && d.shingles >= opts.minShingles) throw new Error(`findings: digest of report ${d.id} has no signature for ${d.shingles} shingles (made with a higher minShingles than ${opts.minShingles})`);
    const sig = d.sig !== null && d.shingles >= opts.minShingles ? decodeSig(d.sig, slab.subarray(i * SIG_WORDS, (i + 1) * SIG_WORDS), d.id) : null;
    return { id: d.id, agency: d.agency, year: d.year, ref: { agency: d.agency, level: d.level, region: { code: d.region_code } }, sig };
  });
  const copies = yield* copyPaste(keys, opts);
  return [...copies, ...rateOutliers(digests), ...missingYears(digests)];
}
