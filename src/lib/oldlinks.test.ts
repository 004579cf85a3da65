import { describe, expect, it } from 'vitest';
import { redirectFor } from './oldlinks.ts';

describe('old per-report links → /report/?id=', () => {
  it('sends a report page link on, keeping the cell deep link', () => {
    expect(redirectFor('/reports/425035603a0bba90/', '#cell=t2.licensing')).toBe('/report/?id=425035603a0bba90#cell=t2.licensing');
    expect(redirectFor('/reports/425035603a0bba90', '')).toBe('/report/?id=425035603a0bba90');
    expect(redirectFor('/reports/425035603a0bba90/index.html', '#narrative')).toBe('/report/?id=425035603a0bba90#narrative');
  });
  it('sends the former per-report CSV to the report page (its CSV is made there)', () => {
    expect(redirectFor('/reports/425035603a0bba90.csv', '')).toBe('/report/?id=425035603a0bba90');
  });
  it('respects the site base', () => {
    expect(redirectFor('/atlas/reports/abc/', '', '/atlas')).toBe('/atlas/report/?id=abc');
    expect(redirectFor('/reports/abc/', '', '/atlas/')).toBeNull();
  });
  it('leaves every other unknown path alone', () => {
    for (const p of ['/reports/', '/nope/', '/reports/a/b/', '/reports/../x/', '/data/records/x.json', '/reports/index.html']) expect(redirectFor(p, ''), p).toBeNull();
  });
});
