import { describe, it, expect } from 'vitest';
import { axisTicks, tickFormatter, valueAxis } from './axes.ts';

describe('value axes', () => {
  it('count axes tick at whole numbers only, even when every value is 0 or 1', () => {
    for (const max of [0, 1, 2, 3, 7, 12, 295, 18194]) {
      const t = axisTicks(max, 'count');
      expect(t.every(Number.isInteger), `max ${max}: ${t}`).toBe(true);
      expect(t.at(-1)!).toBeGreaterThanOrEqual(max);
    }
    expect(axisTicks(1, 'count')).toEqual([0, 1]);
    expect(axisTicks(295, 'count')).toEqual([0, 100, 200, 300]);
  });
  it('rate axes have no repeated labels, including an all-blank or tiny range', () => {
    for (const max of [0, 0.004, 0.013, 0.5, 0.97, 1]) {
      const t = axisTicks(max, 'rate');
      const labels = t.map(tickFormatter(t, 'rate'));
      expect(new Set(labels).size, labels.join(' ')).toBe(labels.length);
    }
    const { ticks, tickFormat, domain } = valueAxis(0, 'rate');
    expect(ticks.map(tickFormat)).toEqual(['0%', '0.25%', '0.5%', '0.75%', '1%']);
    expect(domain).toEqual([0, 0.01]);
  });
  it('a rate over 100% (a report whose parts exceed its total) stays on the axis', () => {
    expect(valueAxis(1.2, 'rate').domain[1]).toBeGreaterThanOrEqual(1.2);
  });
});
