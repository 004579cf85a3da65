/**
 * The digest path (a build's workers digest each report; the corpus rules run over the digests and load full
 * reports only for possible copy-paste pairs) gives exactly computeFindings, and loads only what it must.
 */
import { describe, expect, it } from 'vitest';
import { sameAgency } from './agency.ts';
import { DEFAULTS } from './copypaste.ts';
import { lshCandidates } from './lsh.ts';
import { allFixtures, FIXTURES, rebadged, syntheticCorpus } from './fixtures.ts';
import { computeFindings, type CorpusDigest, corpusFindingsFromDigests, countByRule, digestOf, type FindingInput, reportFindings, sortFindings } from './index.ts';

/** A loader over the inputs that records every id it is asked for. */
function loader(xs: FindingInput[]) {
  const byId = new Map(xs.map((x) => [x.id, x]));
  const calls: string[] = [];
  const load = async (id: string) => {
    calls.push(id);
    const x = byId.get(id);
    if (!x) throw new Error(`no report ${id}`);
    return x;
  };
  return { load, calls };
}

async function viaDigests(xs: FindingInput[], digests: CorpusDigest[] = xs.map((x) => digestOf(x))) {
  const { load, calls } = loader(xs);
  const corpus = await corpusFindingsFromDigests(digests, load);
  return { fs: sortFindings([...xs.flatMap(reportFindings), ...corpus]), calls, corpus };
}

/**
 * Independent oracle for which reports copy-paste may load: members of LSH candidate pairs (from the digests'
 * signatures) that are not the same agency and whose signatures agree in ≥ threshold − 0.15 of their bins.
 */
function mayLoad(ds: CorpusDigest[]): { all: number; passing: Set<string>; failing: string[][] } {
  const sigs = ds.map((d) => (d.sig ? new Uint32Array(new Uint8Array(Buffer.from(d.sig, 'base64')).buffer) : null));
  const cand = lshCandidates(sigs);
  const ref = (d: CorpusDigest) => ({ agency: d.agency, level: d.level, region: { code: d.region_code } });
  const passing = new Set<string>();
  const failing: string[][] = [];
  for (const [a, b] of cand) {
    if (sameAgency(ref(ds[a]!), ref(ds[b]!))) continue;
    let eq = 0;
    for (let i = 0; i < 128; i++) if (sigs[a]![i] === sigs[b]![i]) eq++;
    if (eq / 128 >= DEFAULTS.threshold - 0.15) { passing.add(ds[a]!.id); passing.add(ds[b]!.id); } else failing.push([ds[a]!.id, ds[b]!.id]);
  }
  return { all: cand.length, passing, failing };
}

const roundTrip = (ds: CorpusDigest[]): CorpusDigest[] => JSON.parse(JSON.stringify(ds));
const bytes = (d: CorpusDigest) => Buffer.byteLength(JSON.stringify(d));

describe('digest path on the bundled reports', () => {
  const xs = allFixtures();

  it('gives computeFindings (the three real findings) without loading any report', async () => {
    const { fs, calls, corpus } = await viaDigests(xs);
    expect(fs).toEqual(computeFindings(xs));
    expect(countByRule(fs)).toEqual({ 'copypaste.foreign_place': 1, 'narrative.none_received': 1, 'outlier.regulations_unempowered': 1 });
    expect(corpus).toEqual([]); // no corpus rule fires on nine reports
    expect(calls).toEqual([]); // every report has a signature, but no pair is similar enough to verify
    expect(mayLoad(xs.map((x) => digestOf(x))).passing.size).toBe(0);
  });

  it('digests are small plain JSON: a signature for every report, the same after a JSON round trip', async () => {
    const ds = xs.map((x) => digestOf(x));
    for (const d of ds) {
      expect(d.sig).not.toBeNull();
      expect(Buffer.from(d.sig!, 'base64')).toHaveLength(512);
      expect(d.shingles).toBeGreaterThan(600);
      expect(bytes(d)).toBeLessThan(1024);
    }
    expect(ds[0]!.agency_key).toBe('t:411221209'); // 段村乡: its township code
    expect(roundTrip(ds)).toEqual(ds);
    expect((await viaDigests(xs, roundTrip(ds))).fs).toEqual(computeFindings(xs));
  });
});

describe('digest path on a SYNTHETIC corpus (bundled reports + copies, partial copies, rate outliers, a missing year)', () => {
  const xs = syntheticCorpus();
  const id = (name: string) => xs[FIXTURES.indexOf(name)]!.id;
  const duancun = id('000_fec3dc6b6efa534b');
  const leiming = id('002_425035603a0bba90');
  const tour = id('pingtan_002_pingtan-lvyou-wenti-ju_2019');

  it('fires near-duplicates, both rate outliers and the missing years, exactly as computeFindings', async () => {
    const { fs, corpus } = await viaDigests(xs);
    const all = computeFindings(xs);
    expect(fs).toEqual(all);
    expect(countByRule(corpus)).toEqual({ 'copypaste.near_duplicate': 4, 'outlier.correction_rate': 1, 'outlier.deny_share': 1, 'outlier.missing_years': 1 });
    expect(corpus.filter((f) => f.rule === 'copypaste.near_duplicate').map((f) => [f.report_id, f.other_report_id]).sort()).toEqual([
      [duancun, 'synCopy000000000'], [leiming, 'synCopy000000001'], ['synCopy000000000', duancun], ['synCopy000000001', leiming],
    ].sort());
    const near = corpus.find((f) => f.report_id === 'synCopy000000000')!;
    expect(near.score).toBe(0.945);
    expect(near.message).toContain('段村乡人民政府2023年');
    const mine = near.evidence.filter((e) => e.kind === 'narrative');
    expect(mine.length).toBeGreaterThan(0);
    const copyText = xs.find((x) => x.id === 'synCopy000000000')!.text.split('\n');
    for (const e of mine) expect(copyText[e.line]!.slice(e.start, e.end)).toBe(e.text);
    const corr = corpus.find((f) => f.rule === 'outlier.correction_rate')!;
    expect(corr).toMatchObject({ report_id: 'synCorr000000008', score: 20.91 });
    expect(corr.evidence.map((e) => [e.cell, e.text])).toEqual([['t4[1]', '9'], ['t4[4]', '10']]);
    const deny = corpus.find((f) => f.rule === 'outlier.deny_share')!;
    expect(deny).toMatchObject({ report_id: 'synDeny000000008', score: 6.104, severity: 'warn' });
    expect(deny.message).toContain('90%（18/20）');
    expect(deny.evidence.map((e) => e.cell)).toEqual(['t3.deny_process[6]', 't3.total[6]']);
    expect(corpus.find((f) => f.rule === 'outlier.missing_years')).toMatchObject({ report_id: 'synYear000002022', other_report_id: tour, score: 2 });
  });

  it('loads only the reports of candidate pairs that pass the estimate, each once', async () => {
    const ds = xs.map((x) => digestOf(x));
    const { calls, corpus } = await viaDigests(xs, ds);
    // the two copied pairs, and synMix…2 (80% of 段村乡's prose: verified, Jaccard below 0.5, not reported)
    expect(calls).toHaveLength(5);
    expect([...calls].sort()).toEqual([duancun, leiming, 'synCopy000000000', 'synCopy000000001', 'synMix0000000002'].sort());
    expect(corpus.some((f) => f.report_id.startsWith('synMix') || f.other_report_id?.startsWith('synMix'))).toBe(false);
    const { all, passing, failing } = mayLoad(ds);
    expect(new Set(calls)).toEqual(passing);
    // synMix…1 (55% of 段村乡's prose) collides in LSH with 段村乡 and its copy but agrees in too few bins: never loaded
    expect(failing).toEqual([[duancun, 'synMix0000000001'], ['synCopy000000000', 'synMix0000000001']]);
    expect(calls).not.toContain('synMix0000000001');
    // 平潭旅游局 2019 and 2022 have the same prose: an LSH candidate, skipped as the same agency, never loaded
    expect(all).toBe(7);
    expect(ds.find((d) => d.id === tour)!.sig).toBe(ds.find((d) => d.id === 'synYear000002022')!.sig);
    expect(calls).not.toContain(tour);
  });

  it('a JSON round trip of the digests gives the same findings', async () => {
    const ds = xs.map((x) => digestOf(x));
    expect(roundTrip(ds)).toEqual(ds);
    expect((await viaDigests(xs, roundTrip(ds))).fs).toEqual(computeFindings(xs));
  });

  it('rate digests carry the evidence of the cells they cite; peers with one-line prose have no signature', () => {
    const d = digestOf(xs.find((x) => x.id === 'synDeny000000008')!);
    expect(d).toMatchObject({ group: 'department|2022', correction: null, sig: null, shingles: 9, agency: '合成部门8局', year: 2022 });
    expect(d.deny).toEqual({ num: 18, den: 20, evidence: [
      { kind: 'cell', report_id: 'synDeny000000008', line: -1, start: -1, end: -1, text: '18', cell: 't3.deny_process[6]' },
      { kind: 'cell', report_id: 'synDeny000000008', line: -1, start: -1, end: -1, text: '20', cell: 't3.total[6]' },
    ] });
    expect(bytes(d)).toBeLessThan(600);
  });
});

describe('digest path under a flood of one narrative', () => {
  it('50 re-badged copies of 段村乡 (buckets over maxBucket): same findings, every report loaded once', async () => {
    const orig = allFixtures()[0]!;
    const xs = [orig, ...Array.from({ length: 50 }, (_, i) => rebadged(orig, `复制${i}镇`, `synFlood${String(i).padStart(8, '0')}`))];
    const { fs, calls } = await viaDigests(xs);
    expect(fs).toEqual(computeFindings(xs));
    // each report is reported with its maxPerReport (3) most similar partners
    expect(fs.filter((f) => f.rule === 'copypaste.near_duplicate')).toHaveLength(51 * DEFAULTS.maxPerReport);
    expect(calls).toHaveLength(51);
    expect(new Set(calls).size).toBe(51);
  });
});

describe('digests that do not fit the options or the loader are refused with a reason', () => {
  const xs = allFixtures();
  const ds = xs.map((x) => digestOf(x));
  const { load } = loader(xs);

  it('another shingle length, a higher minShingles, another digest version', async () => {
    await expect(corpusFindingsFromDigests(ds, load, { copypaste: { shingle: 4 } })).rejects.toThrow(/made with 5-character shingles, the options ask for 4/);
    const strict = xs.map((x) => digestOf(x, { copypaste: { minShingles: 2000 } }));
    expect(strict.every((d) => d.sig === null)).toBe(true);
    await expect(corpusFindingsFromDigests(strict, load)).rejects.toThrow(/no signature for \d+ shingles/);
    expect(await corpusFindingsFromDigests(strict, load, { copypaste: { minShingles: 2000 } })).toEqual([]);
    await expect(corpusFindingsFromDigests([{ ...ds[0]!, v: 0 }], load)).rejects.toThrow(/version 0, this code reads version 1/);
  });

  it('a loader that returns another report', async () => {
    const orig = xs[0]!;
    const copy = rebadged(orig, '某某镇', 'synCopy000000000');
    const wrong = async () => orig;
    await expect(corpusFindingsFromDigests([orig, copy].map((x) => digestOf(x)), wrong)).rejects.toThrow(/load\(synCopy000000000\) returned report /);
  });
});
