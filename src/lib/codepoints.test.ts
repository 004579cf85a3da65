import { describe, expect, it } from 'vitest';
import { compareCodePoints } from './codepoints.ts';

describe('compareCodePoints', () => {
  it('orders as UTF-8 bytes do, where UTF-16 units would not', () => {
    // 𠀀 (U+20000, an extension-B character) after 﨎 (U+FA0E); JavaScript's < puts it first
    expect('𠀀' < '﨎').toBe(true);
    expect(compareCodePoints('𠀀', '﨎')).toBeGreaterThan(0);
    expect(Buffer.compare(Buffer.from('𠀀'), Buffer.from('﨎'))).toBeGreaterThan(0);
  });
  it('orders agency names as a byte compare does, prefixes first', () => {
    const names = ['平潭县人民政府', '平潭综合实验区', '平潭', '北京市东城区𠀀街道', '北京市东城区', 'a'];
    const byBytes = [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect([...names].sort(compareCodePoints)).toEqual(byBytes);
    expect(compareCodePoints('平潭', '平潭')).toBe(0);
  });
});
