import { describe, expect, it } from 'vitest';
import { FIRST_PER_RULE, MAX_PAGE_SIZE, bySeverity, pageRange, parseState, partReads, severityRange, stateSearch, type RulePlan } from './findingslice.ts';

// A rule as findings_by_rule would publish it for a larger corpus (SYNTHETIC counts: 1,234 findings, parts of 500).
const plan: RulePlan = { rule: 'narrative.figure_mismatch', severities: [['high', 700], ['warn', 400], ['info', 134]], parts: [500, 500, 234] };

describe('findings slices', () => {
  it('orders severities as the files do: high, warn, info, then others by name', () => {
    expect(bySeverity([['info', 1], ['zzz', 2], ['high', 3], ['aaa', 4], ['warn', 5]]).map(([s]) => s)).toEqual(['high', 'warn', 'info', 'aaa', 'zzz']);
  });

  it('finds a severity\'s rows from the counts', () => {
    expect(severityRange(plan, '')).toEqual({ start: 0, end: 1234 });
    expect(severityRange(plan, 'high')).toEqual({ start: 0, end: 700 });
    expect(severityRange(plan, 'warn')).toEqual({ start: 700, end: 1100 });
    expect(severityRange(plan, 'info')).toEqual({ start: 1100, end: 1234 });
    expect(severityRange(plan, 'other')).toEqual({ start: 0, end: 0 });
  });

  it('pages within a severity, the last page short, pages past the end empty', () => {
    expect(pageRange(plan, '', 1, 20)).toEqual({ start: 0, end: 20, of: 1234 });
    expect(pageRange(plan, 'warn', 1, 20)).toEqual({ start: 700, end: 720, of: 400 });
    expect(pageRange(plan, 'warn', 20, 20)).toEqual({ start: 1080, end: 1100, of: 400 });
    expect(pageRange(plan, 'info', 7, 20)).toEqual({ start: 1220, end: 1234, of: 134 });
    expect(pageRange(plan, 'info', 8, 20)).toEqual({ start: 1234, end: 1234, of: 134 });
  });

  it('maps rows to part files, a page across two parts read from both', () => {
    expect(partReads(plan.parts, 0, 20)).toEqual([{ part: 0, rowStart: 0, rowEnd: 20 }]);
    expect(partReads(plan.parts, 490, 510)).toEqual([{ part: 0, rowStart: 490, rowEnd: 500 }, { part: 1, rowStart: 0, rowEnd: 10 }]);
    expect(partReads(plan.parts, 1220, 1234)).toEqual([{ part: 2, rowStart: 220, rowEnd: 234 }]);
    expect(partReads(plan.parts, 700, 1100)).toEqual([{ part: 1, rowStart: 200, rowEnd: 500 }, { part: 2, rowStart: 0, rowEnd: 100 }]);
    expect(partReads(plan.parts, 5, 5)).toEqual([]);
    // every row of the rule exactly once, whatever the page size
    for (const size of [1, 7, 20, 100]) {
      const seen: number[] = [];
      for (let p = 1; ; p++) {
        const r = pageRange(plan, '', p, size);
        if (r.start >= r.end) break;
        let at = 0;
        for (const x of partReads(plan.parts, r.start, r.end)) { const before = plan.parts.slice(0, x.part).reduce((a, b) => a + b, 0); for (let i = x.rowStart; i < x.rowEnd; i++) seen.push(before + i); at++; }
        expect(at).toBeLessThanOrEqual(2);
      }
      expect(seen).toEqual(Array.from({ length: 1234 }, (_, i) => i));
    }
  });

  it('keeps the state in the URL, defaults left out, bad numbers ignored, page size bounded', () => {
    const s = parseState('?rule=outlier.deny_share&severity=info&page=3&n=50');
    expect(s).toEqual({ rule: 'outlier.deny_share', severity: 'info', page: 3, size: 50 });
    expect(parseState(stateSearch(s))).toEqual(s);
    expect(stateSearch({ rule: '', severity: '', page: 1, size: FIRST_PER_RULE })).toBe('');
    expect(parseState('?page=-2&n=abc')).toEqual({ rule: '', severity: '', page: 1, size: FIRST_PER_RULE });
    expect(parseState('?n=100000').size).toBe(MAX_PAGE_SIZE);
    expect(parseState('?page=1.5').page).toBe(1);
  });
});
