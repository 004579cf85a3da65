import { describe, expect, it } from 'vitest';
import { allFixtures, fixtureInput, rebadged } from './fixtures.ts';
import { copyPasteFindings, DEFAULTS } from './copypaste.ts';
import { lshCandidates } from './lsh.ts';
import { jaccard, shingles, signature } from './minhash.ts';
import { normalise } from './normalise.ts';
import { commonRuns } from './passages.ts';
import type { FindingInput } from './types.ts';

const spanText = (x: FindingInput, e: { line: number; start: number; end: number }) => x.text.split('\n')[e.line]!.slice(e.start, e.end);

describe('near-duplicate narratives', () => {
  it('the bundled corpus has none (its reports share at most a few sentences)', () => {
    const xs = allFixtures();
    expect(copyPasteFindings(xs).filter((f) => f.rule === 'copypaste.near_duplicate')).toEqual([]);
    const sh = xs.map((x) => shingles(normalise(x.record, x.text).s, DEFAULTS.shingle));
    for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) expect(jaccard(sh[i]!, sh[j]!)).toBeLessThan(0.2);
  });

  it('finds the passage 平潭市场监管局 and 平潭国资局 2019 share word for word', () => {
    const a = fixtureInput('pingtan_003_pingtan-shichang-jianguan-ju_2019');
    const b = fixtureInput('pingtan_004_pingtan-guoziju_2019');
    const na = normalise(a.record, a.text);
    const nb = normalise(b.record, b.text);
    const runs = commonRuns(na.s, nb.s, 20);
    expect(na.s.slice(runs[0]!.a, runs[0]!.a + runs[0]!.len)).toContain('将政务舆情回应作为网络舆情处置工作的重要环节严格落实政务舆情回应主体责任');
    expect(runs[0]!.len).toBeGreaterThanOrEqual(70);
  });

  it('a re-badged copy of 段村乡 2023 is found, with the shared passages located in both texts', () => {
    const orig = fixtureInput('000_fec3dc6b6efa534b');
    const copy = rebadged(orig, '某某镇', '0000synthetic000');
    const fs = copyPasteFindings([orig, copy, ...allFixtures().slice(1)]).filter((f) => f.rule === 'copypaste.near_duplicate');
    expect(fs.map((f) => [f.report_id, f.other_report_id]).sort()).toEqual([[orig.id, copy.id], [copy.id, orig.id]].sort());
    const f = fs.find((g) => g.report_id === orig.id)!;
    expect(f.score).toBeGreaterThan(0.8);
    expect(f.severity).toBe('high');
    expect(f.message).toContain('某某镇');
    const mine = f.evidence.filter((e) => e.kind === 'narrative');
    const theirs = f.evidence.filter((e) => e.kind === 'other_report');
    expect(mine.length).toBeGreaterThan(0);
    expect(theirs.length).toBeGreaterThan(0);
    for (const e of mine) expect(spanText(orig, e)).toBe(e.text);
    for (const e of theirs) expect(spanText(copy, e)).toBe(e.text);
    expect(mine[0]!.text.length).toBeGreaterThan(40);
  });

  it('the same agency\'s reports for different years are not copy-paste', () => {
    const orig = fixtureInput('000_fec3dc6b6efa534b');
    const next = rebadged(orig, '段村乡', '0000synthetic001');
    next.record.agency = orig.record.agency;
    next.record.year = 2024;
    next.record.region = orig.record.region;
    expect(copyPasteFindings([orig, next])).toEqual([]);
  });
});

describe('LSH', () => {
  it('identical signatures collide; unrelated ones do not', () => {
    const s1 = signature(shingles('甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥'.repeat(3) + '一二三四五六七八九十', 5));
    const s2 = signature(shingles('金木水火土日月星辰山川河海风云雷电霜雪雨露'.repeat(3) + '春夏秋冬东南西北中', 5));
    expect(lshCandidates([s1, s2, s1, null])).toEqual([[0, 2]]);
  });
});
