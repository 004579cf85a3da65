import { describe, expect, it } from 'vitest';
import { redirectFor } from './oldlinks.ts';

describe('old per-report and per-agency links → /report/?id=, /agency/?key=', () => {
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
  it('sends a per-agency link /agencies/<key>/ to /agency/?key=, the key decoded once and encoded again', () => {
    const key = '平潭综合实验区交通与建设局';
    const enc = encodeURIComponent(key);
    expect(redirectFor(`/agencies/${enc}/`, '')).toBe(`/agency/?key=${enc}`);
    expect(redirectFor(`/agencies/${enc}`, '#ag-cross-h')).toBe(`/agency/?key=${enc}#ag-cross-h`);
    expect(redirectFor(`/atlas/agencies/${enc}/index.html`, '', '/atlas/')).toBe(`/atlas/agency/?key=${enc}`);
    expect(redirectFor('/agencies/%E5%B9%B3%E6%BD%AD%2F..%2Fx/', '')).toBeNull(); // an encoded slash is not a name
    expect(redirectFor('/agencies/%E5%B9%B3%ZZ/', '')).toBeNull(); // broken percent-encoding
  });
  it('leaves every other unknown path alone', () => {
    for (const p of ['/reports/', '/nope/', '/reports/a/b/', '/reports/../x/', '/data/records/x.json', '/reports/index.html', '/agencies/', '/agencies/a/b/']) expect(redirectFor(p, ''), p).toBeNull();
  });
});
