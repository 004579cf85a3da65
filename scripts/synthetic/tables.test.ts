/**
 * The SYNTHETIC table generator: both value profiles satisfy the templates' arithmetic; the 'typical'
 * profile links an agency's years and leaves 规章 empty where the agency cannot make them.
 */
import { describe, expect, it } from 'vitest';
import { randomTables, rng, streamRng, type SyntheticTables } from './tables.ts';

const RESULT_FREE = ['new', 'carried', 'total', 'carry_forward'];

function expectArithmetic(t: SyntheticTables) {
  const n = (v: unknown) => v as number;
  for (let c = 0; c < 7; c++) {
    expect(n(t.t3.new![c]) + n(t.t3.carried![c])).toBe(n(t.t3.total![c]) + n(t.t3.carry_forward![c]));
    const handled = Object.entries(t.t3).filter(([k]) => !RESULT_FREE.includes(k)).reduce((a, [, v]) => a + n(v[c]), 0);
    expect(handled).toBe(t.t3.total![c]);
  }
  for (const row of Object.values(t.t3)) expect(row.slice(0, 6).reduce((a: number, b) => a + n(b), 0)).toBe(row[6]);
  for (let g = 0; g < 3; g++) expect(t.t4.slice(g * 5, g * 5 + 4).reduce((a: number, b) => a + n(b), 0)).toBe(t.t4[g * 5 + 4]);
  expect(t.t4).toHaveLength(15);
  if (t.template === '2021') {
    for (const k of ['regulations', 'normative'] as const) expect(t.t2[k].valid).toBeGreaterThanOrEqual(0);
    expect(t.t2_extra).toBeUndefined();
  } else {
    expect(t.t2.regulations.repealed).toBeNull();
    expect(t.t2_extra?.licensing_decisions).toBe(t.t2.licensing);
  }
}

describe('synthetic tables', () => {
  it('satisfy the templates\' arithmetic in both profiles and both templates', () => {
    for (let i = 0; i < 200; i++) {
      const template = i % 2 ? '2019' : '2021';
      expectArithmetic(randomTables(i, { template }));
      expectArithmetic(randomTables(streamRng(7, i), { template, profile: 'typical' }));
    }
  });

  it('are reproducible from a seed', () => {
    expect(randomTables(8000, { template: '2021' })).toEqual(randomTables(8000, { template: '2021' }));
    expect(randomTables(rng(5), { profile: 'typical' })).toEqual(randomTables(5, { profile: 'typical' }));
    expect(randomTables(streamRng(1, 2), { profile: 'typical' })).not.toEqual(randomTables(streamRng(1, 3), { profile: 'typical' }));
  });

  it('typical: mostly zeros and small counts', () => {
    let cells = 0, zeros = 0, max = 0;
    for (let i = 0; i < 100; i++) {
      const t = randomTables(streamRng(3, i), { profile: 'typical', template: '2021' });
      for (const [code, row] of Object.entries(t.t3)) if (code !== 'total' && code !== 'new') for (const v of row.slice(0, 6)) { cells++; if (v === 0) zeros++; max = Math.max(max, v as number); }
    }
    expect(zeros / cells).toBeGreaterThan(0.6);
    expect(max).toBeLessThanOrEqual(20);
  });

  it('typical with last year\'s tables: 上年结转 = last year\'s 结转下年度 and 现行有效 carries on (in most years)', () => {
    let linked = 0, validLinked = 0;
    const trials = 200;
    for (let i = 0; i < trials; i++) {
      const prev = randomTables(streamRng(11, i), { profile: 'typical', template: '2021' });
      const t = randomTables(streamRng(12, i), { profile: 'typical', template: '2021', prev });
      expectArithmetic(t);
      if (t.t3.carried!.every((v, c) => v === prev.t3.carry_forward![c])) linked++;
      const v = (x: SyntheticTables, k: 'regulations' | 'normative') => x.t2[k] as { made: number; repealed: number; valid: number };
      if ((['regulations', 'normative'] as const).every((k) => v(t, k).valid === v(prev, k).valid + v(t, k).made - v(t, k).repealed)) validLinked++;
    }
    expect(linked / trials).toBeGreaterThan(0.8);
    expect(linked).toBeLessThan(trials); // some reports break the chain, as real ones do
    expect(validLinked / trials).toBeGreaterThan(0.8);
  });

  it('typical without the power to make 规章: every 规章 cell is 0', () => {
    for (let i = 0; i < 50; i++) {
      const t = randomTables(streamRng(13, i), { profile: 'typical', regulations: false });
      expect(t.t2.regulations.made).toBe(0);
      if (t.template === '2021') expect([t.t2.regulations.repealed, t.t2.regulations.valid]).toEqual([0, 0]);
      else expect([t.t2_extra!.regulations_new_published, t.t2_extra!.regulations_total_published]).toEqual([0, 0]);
    }
  });
});
