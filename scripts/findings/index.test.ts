import { describe, expect, it } from 'vitest';
import { allFixtures } from './fixtures.ts';
import { computeFindings, corpusFindings, countByRule, findingRow, reportFindings, RULES, sortFindings } from './index.ts';

describe('computeFindings on the bundled corpus', () => {
  it('finds the three real findings and nothing else', () => {
    const fs = computeFindings(allFixtures());
    expect(countByRule(fs)).toEqual({ 'copypaste.foreign_place': 1, 'narrative.none_received': 1, 'outlier.regulations_unempowered': 1 });
    expect(fs.map((f) => [f.report_id, f.rule])).toEqual([
      ['5cc32520fd119d7b', 'narrative.none_received'], // 君山片区 2022
      ['5e362fb8313d8008', 'copypaste.foreign_place'], // 别斯托别乡 2023
      ['dcf8cafe112ba584', 'outlier.regulations_unempowered'], // 平潭国资局 2019
    ]);
  });

  it('rows for findings.parquet carry the evidence as JSON', () => {
    const f = computeFindings(allFixtures())[0]!;
    const row = findingRow(f);
    expect(Object.keys(row)).toEqual(['report_id', 'rule', 'severity', 'score', 'message', 'evidence', 'other_report_id']);
    expect(JSON.parse(row.evidence)).toEqual(f.evidence);
  });

  it('is deterministic whatever the input order', () => {
    const xs = allFixtures();
    const a = JSON.stringify(computeFindings(xs));
    const b = JSON.stringify(computeFindings([...xs].reverse()));
    expect(b).toBe(a);
  });

  it('per-report + corpus findings = computeFindings', () => {
    const xs = allFixtures();
    expect(sortFindings([...xs.flatMap(reportFindings), ...corpusFindings(xs)])).toEqual(computeFindings(xs));
  });

  it('a record with nothing in it gives no findings and no error', () => {
    const x = allFixtures()[0]!;
    const bare = { id: 'bare000000000000', text: '', record: { ...x.record, sections: [], t3: {}, t4: [], provenance: {}, t2: { regulations: { made: null, repealed: null, valid: null }, normative: { made: null, repealed: null, valid: null }, licensing: null, punishment: null, coercion: null, fees: null } } };
    expect(computeFindings([bare])).toEqual([]);
  });

  it('every rule has a Chinese and an English explanation', () => {
    for (const r of RULES) {
      expect(r.zh.length).toBeGreaterThan(20);
      expect(r.en.length).toBeGreaterThan(20);
    }
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });
});
