import { describe, it, expect } from 'vitest';
import { util } from 'apache-arrow';
import { exactNumber, plainValue, cellText } from './sqlvalues.ts';

describe('SQL result values', () => {
  it('keeps integers exact: a number while safe, the digit string beyond 2^53', () => {
    expect(exactNumber(18194n)).toBe(18194);
    expect(exactNumber(2n ** 53n + 1n)).toBe('9007199254740993');
    expect(exactNumber(-(2n ** 70n))).toBe('-1180591620717411303424');
  });
  it('places a DECIMAL point by its scale without rounding', () => {
    expect(exactNumber(12345n, 2)).toBe(123.45);
    expect(exactNumber(-5n, 3)).toBe(-0.005);
    expect(exactNumber(1250n, 3)).toBe(1.25);
    expect(exactNumber(123456789012345678901n, 2)).toBe('1234567890123456789.01');
  });
  it('reads an Arrow big number (HUGEINT) exactly and never with quotes', () => {
    const bn = util.BN.new(new Uint32Array([0x4712, 0, 0, 0]), true); // 18194 as a 128-bit word array
    expect(JSON.stringify(bn.toJSON())).toContain('\\"'); // what the page used to show
    expect(plainValue(bn)).toBe(18194);
    expect(cellText(plainValue(bn))).toBe('18194');
    const big = util.BN.new(new Uint32Array([0xffffffff, 0xffffffff, 0xffffffff, 0x7fffffff]), true);
    expect(plainValue(big)).toBe('170141183460469231731687303715884105727');
  });
});
