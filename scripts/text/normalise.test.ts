import { describe, expect, it } from 'vitest';
import { normaliseText } from './normalise.ts';

// Real lines: tests/fixtures/real/248 (麻阳苗族自治县 2025), a page on a mirror host that writes a reading after characters.
const TITLE = '麻陽(yáng)苗族自治縣2025年政府信息公開(kāi)工作年度報(bào)告';
const PERIOD = '本報(bào)告中使用數(shù)據(jù)統(tǒng)計(jì)期限為2025年1月1日至12月31日,';

describe('normaliseText: readings written after characters', () => {
  it('takes 公開(kāi) / 報(bào)告 back to whole words, the readings\' length as spaces before the run', () => {
    const t = normaliseText(TITLE);
    expect(t).toBe(`${' '.repeat(6)}麻阳苗族自治县2025${' '.repeat(10)}年政府信息公开工作年度报告`);
    expect(normaliseText(PERIOD)).toBe(`${' '.repeat(24)}本报告中使用数据统计期限为2025年1月1日至12月31日,`);
  });

  it('keeps the length, and every digit where it was', () => {
    for (const s of [TITLE, PERIOD]) {
      const t = normaliseText(s);
      expect(t.length).toBe(s.length);
      const digits = (x: string) => [...x].flatMap((c, i) => (/\d/.test(c) ? [`${i}:${c}`] : []));
      expect(digits(t)).toEqual(digits(s));
    }
  });

  it('leaves brackets that are not a toned reading after a character as they are', () => {
    for (const s of ['附件(pdf)下载', '行政许可(a)', '信息 (kāi) 公开', '(yáng)开头']) expect(normaliseText(s)).toBe(s);
  });
});
