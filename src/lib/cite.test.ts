import { describe, it, expect } from 'vitest';
import { pageUrl, citation, wrapText, estimateWidth } from './cite.ts';

describe('pageUrl: a citation names the page, not the /embed/ address', () => {
  it('maps each embed to its page and drops the embed-only options', () => {
    expect(pageUrl('https://ex.org/atlas/embed/chart/?m=licensing&g=province&theme=dark&table=0&title=0', '/atlas/'))
      .toBe('https://ex.org/atlas/chart/?m=licensing&g=province');
    expect(pageUrl('https://ex.org/embed/compare/?ids=a%2Cb&m=open_rate&lang=en', '/')).toBe('https://ex.org/compare/?ids=a%2Cb&m=open_rate&lang=en');
    expect(pageUrl('https://ex.org/embed/compare/?ids=dc26b8e89c838af1,7186e4bc548a26a6&m=licensing&theme=auto', '/'))
      .toBe('https://ex.org/compare/?ids=dc26b8e89c838af1,7186e4bc548a26a6&m=licensing');
    expect(pageUrl('https://ex.org/embed/report/?id=c3990552e9eaecd6', '/')).toBe('https://ex.org/report/?id=c3990552e9eaecd6');
    expect(pageUrl('https://ex.org/embed/outcome-mix/?theme=auto', '/')).toBe('https://ex.org/#outcome-mix');
  });
  it('leaves other pages as they are', () => {
    expect(pageUrl('http://127.0.0.1:4321/chart/?m=new&g=year', '/')).toBe('http://127.0.0.1:4321/chart/?m=new&g=year');
  });
  it('writes the full citation with the date', () => {
    expect(citation('http://127.0.0.1:4321/embed/chart/?m=new&theme=light', '/', new Date('2026-12-07T10:00:00Z')))
      .toBe('数据来源：信息公开年报数据台 http://127.0.0.1:4321/chart/?m=new（2026-12-07）');
  });
});

describe('wrapText', () => {
  const w = (s: string) => estimateWidth(s, 10);
  it('breaks a long URL between characters and keeps every character', () => {
    const text = citation('http://127.0.0.1:4321/chart/?m=licensing&g=province&year=2021&level=township', '/', new Date('2026-12-07'));
    const lines = wrapText(text, 200, w);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, '')); // only breaking spaces are dropped
    for (const l of lines) expect(w(l)).toBeLessThanOrEqual(200);
  });
  it('breaks at spaces when words fit', () => {
    expect(wrapText('aaaa bbbb cccc', 60, w)).toEqual(['aaaa bbbb', 'cccc']);
  });
  it('counts CJK as a full em', () => {
    expect(estimateWidth('数据来源', 12)).toBe(48);
  });
});
