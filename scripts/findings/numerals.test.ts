import { describe, expect, it } from 'vitest';
import { findNumbers, parseChineseNumeral } from './numerals.ts';

describe('parseChineseNumeral', () => {
  it('reads the numerals reports write', () => {
    expect(parseChineseNumeral('三')).toBe(3);
    expect(parseChineseNumeral('十二')).toBe(12);
    expect(parseChineseNumeral('二十')).toBe(20);
    expect(parseChineseNumeral('一百零五')).toBe(105);
    expect(parseChineseNumeral('两千三百')).toBe(2300);
    expect(parseChineseNumeral('三万五千')).toBe(35000);
    expect(parseChineseNumeral('二〇二三')).toBe(2023);
    expect(parseChineseNumeral('零')).toBe(0);
  });
  it('rejects what is not a numeral', () => {
    expect(parseChineseNumeral('三四五')).toBe(345); // digit-by-digit form
    expect(parseChineseNumeral('十百')).toBeNull();
    expect(parseChineseNumeral('件')).toBeNull();
    expect(parseChineseNumeral('')).toBeNull();
  });
});

describe('findNumbers', () => {
  const one = (s: string) => { const n = findNumbers(s); expect(n).toHaveLength(1); return n[0]!; };
  it('exact Arabic figures, thousands commas and full-width digits', () => {
    expect(one('全年共受理政府信息公开申请3119件')).toMatchObject({ value: 3119, exact: true, text: '3119' });
    expect(one('受理3,119件')).toMatchObject({ value: 3119, exact: true });
    expect(one('受理３１１９件')).toMatchObject({ value: 3119, exact: true, text: '３１１９' });
  });
  it('余/多/约/近/左右 and ranges are not exact', () => {
    expect(one('主动公开政府信息5500余条')).toMatchObject({ value: 5500, exact: false, text: '5500余' });
    expect(one('约30个')).toMatchObject({ value: 30, exact: false, text: '约30' });
    expect(one('近百件')).toMatchObject({ value: 100, exact: false });
    expect(one('200多条')).toMatchObject({ value: 200, exact: false });
    expect(one('收到申请3-5件')).toMatchObject({ value: 3, upto: 5, exact: false, text: '3-5' });
    expect(one('三至五件')).toMatchObject({ value: 3, upto: 5, exact: false });
    expect(one('申请数3件')).toMatchObject({ value: 3, exact: true }); // 数 qualifies only Chinese numerals (数十件)
    expect(one('数十件')).toMatchObject({ value: 10, exact: false });
  });
  it('Chinese numerals and two figures in one sentence', () => {
    expect(one('收到申请三件')).toMatchObject({ value: 3, exact: true, form: 'chinese' });
    expect(findNumbers('受理3259件，答复3278件').map((n) => n.value)).toEqual([3259, 3278]);
  });
});
