import { describe, expect, it } from 'vitest';
import { allFixtures, fixtureInput, peers, withProse } from './fixtures.ts';
import { allZeroFindings, impossibleValueFindings, missingYearFindings, rateOutlierFindings, regulationFindings, robustZ } from './outliers.ts';
import type { FindingInput } from './types.ts';

describe('outliers on the bundled corpus', () => {
  it('none: no impossible values, no all-zero table beside prose about applications, too few peers for rates, no agency with a gap', () => {
    // (规章 are covered below: 平潭国资局 2019 is the one report that prints them)
    const xs = allFixtures();
    expect(xs.flatMap(impossibleValueFindings)).toEqual([]);
    expect(xs.flatMap(allZeroFindings)).toEqual([]);
    expect(rateOutlierFindings(xs)).toEqual([]);
    expect(missingYearFindings(xs)).toEqual([]);
  });
});

describe('impossible values', () => {
  it('negative and non-integer counts in t3/t4 are flagged with their cells; fees may have decimals', () => {
    const base = fixtureInput('pingtan_001_junshan-pianqu_2022');
    const x: FindingInput = { ...base, record: structuredClone(base.record) };
    x.record.t3.granted![0] = -1;
    x.record.t4[4] = 2.5;
    x.record.t2.fees = 0.35;
    const fs = impossibleValueFindings(x);
    expect(fs).toHaveLength(1);
    expect(fs[0]!.evidence.map((e) => e.cell)).toEqual(['t3.granted[0]', 't4[4]']);
    expect(fs[0]!.message).toContain('1个负数和1个非整数');
    expect(fs[0]!.evidence[0]!.text).toBe(base.record.provenance['t3.granted[0]']!.raw);
  });
});

describe('all-zero table with prose about applications', () => {
  const base = fixtureInput('000_fec3dc6b6efa534b'); // 段村乡: every t3 cell is 0
  it('flags prose that reports applications handled, or an approximate count', () => {
    expect(allZeroFindings(withProse(base, '对收到的政府信息公开申请均在法定期限内予以答复。'))).toHaveLength(1);
    const fs = allZeroFindings(withProse(base, '全年共收到政府信息公开申请20余件。'));
    expect(fs).toHaveLength(1);
    expect(fs[0]!.evidence[0]!.text).toBe('全年共收到政府信息公开申请20余件');
  });
  it('not "未收到", not plans, not the real report', () => {
    expect(allZeroFindings(base)).toEqual([]); // "全年未收到公民申请公开要求"
    expect(allZeroFindings(withProse(base, '全年未收到政府信息公开申请，对收到的咨询均及时答复。'))).toEqual([]);
    expect(allZeroFindings(withProse(base, '下一步，对收到的申请将均在法定期限内答复。'))).toEqual([]);
    expect(allZeroFindings(withProse(base, '公开公示了依申请公开办理单位、办理地址、受理时间、受理办法。'))).toEqual([]);
  });
});

describe('纠正率 far from peers (robust z)', () => {
  it('robustZ: median/MAD, MAD 0 falls back to the mean absolute deviation, no spread → null', () => {
    expect(robustZ([1, 2, 3, 4, 100])!.median).toBe(3);
    expect(robustZ([0, 0, 0, 0, 0, 0, 0, 1])!.z[7]).toBeGreaterThan(3.5);
    expect(robustZ([0, 0, 0])).toBeNull();
  });
  it('one report at 90% among peers at about 10% is flagged; 8 peers are required', () => {
    const normal: Array<[number, number]> = [[1, 10], [1, 8], [2, 12], [1, 9], [1, 10], [2, 11], [1, 7], [1, 10]];
    const xs = peers([...normal, [9, 10]]);
    const fs = rateOutlierFindings(xs);
    expect(fs.map((f) => f.report_id)).toEqual(['synthetic0000008']);
    expect(fs[0]!.rule).toBe('outlier.correction_rate');
    expect(fs[0]!.message).toContain('90%');
    expect(rateOutlierFindings(peers([...normal.slice(0, 7), [9, 10]]))).toEqual([]); // 7 peers: skipped
    expect(rateOutlierFindings(peers([...normal, [9, 10]]).map((x, i) => (i === 8 ? { ...x, record: { ...x.record, level: 'township' as const } } : x)))).toEqual([]); // other level
  });
});

describe('missing years', () => {
  it('an agency with 2019 and 2022 but not 2020, 2021', () => {
    const a = fixtureInput('pingtan_002_pingtan-lvyou-wenti-ju_2019');
    const later = { ...a, id: 'synthetic2022000', record: { ...a.record, year: 2022 } };
    const fs = missingYearFindings([a, later, fixtureInput('pingtan_003_pingtan-shichang-jianguan-ju_2019')]);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ report_id: 'synthetic2022000', other_report_id: a.id, score: 2 });
    expect(fs[0]!.message).toContain('2020、2021年');
  });
});

describe('规章 from an agency that cannot make them', () => {
  it('平潭国资局 2019 prints 规章1411: every split (1|4|11, 1|41|1, 14|1|1) gives 规章 > 0', () => {
    const x = fixtureInput('pingtan_004_pingtan-guoziju_2019');
    const fs = regulationFindings(x);
    expect(fs).toHaveLength(1);
    expect(fs[0]!.rule).toBe('outlier.regulations_unempowered');
    const e = fs[0]!.evidence[0]!;
    expect(e).toMatchObject({ kind: 'cell', text: '1411', cell: 't2.regulations.made' });
    expect(x.text.split('\n')[e.line]!.slice(e.start - 2, e.end)).toBe('规章1411');
    for (const name of ['pingtan_002_pingtan-lvyou-wenti-ju_2019', 'pingtan_003_pingtan-shichang-jianguan-ju_2019', '000_fec3dc6b6efa534b']) expect(regulationFindings(fixtureInput(name))).toEqual([]);
  });
  it('a township reporting 规章; not a city government, not a State Council department; not when one split gives 0', () => {
    const base = fixtureInput('000_fec3dc6b6efa534b');
    const with2 = withProse(base, '无。', (r) => { r.t2.regulations = { made: 2, repealed: 0, valid: 2 }; });
    expect(regulationFindings(with2).map((f) => f.evidence.map((e) => e.cell))).toEqual([['t2.regulations.made', 't2.regulations.valid']]);
    expect(regulationFindings({ ...with2, record: { ...with2.record, level: 'city' } })).toEqual([]);
    expect(regulationFindings({ ...with2, record: { ...with2.record, level: 'department', agency: '国家市场监督管理总局' } })).toEqual([]);
    const x = fixtureInput('pingtan_004_pingtan-guoziju_2019');
    // a run shared with the next row: one reading gives 规章 0 (012 → 0 | 12), so nothing is certain
    x.record.ambiguity = [{ run: '012', cells: ['t2.regulations.valid', 't2.normative.made'], candidates: [[0, 12], [1, 2]] }];
    expect(regulationFindings(x)).toEqual([]);
  });
});

describe('same agency across years', () => {
  it('赵岗镇人民政府 and 赵岗镇政府 are one agency (2019, 2021 → 2020 missing)', () => {
    const a = fixtureInput('003_17bc6c5624a3c32d');
    const x2019 = { ...a, id: 'synthetic2019000', record: { ...a.record, year: 2019, agency: '封丘县赵岗镇人民政府' } };
    const x2021 = { ...a, id: 'synthetic2021000', record: { ...a.record, year: 2021, agency: '封丘县赵岗镇政府' } };
    expect(missingYearFindings([x2019, x2021]).map((f) => f.message)).toEqual([expect.stringContaining('2020年')]);
  });
});
