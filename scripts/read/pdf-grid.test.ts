/** Page-number lines are dropped only when they are nothing but a page number (pdf-grid.ts isPageNumber). */
import { describe, expect, it } from 'vitest';
import { isPageNumber, type GridLine } from './pdf-grid.ts';

const H = 842; // A4 height in pt
const line = (text: string, top: number, table = -1): GridLine =>
  ({ cells: text.split('\t').map((t) => ({ text: t, box: null })), top, left: 280, right: 320, size: 10.5, table });

describe('isPageNumber', () => {
  it.each(['— 3 —', '-3-', '- 12 -', '第3页', '第 3 页 共 8 页', '共8页 第3页', '－ 4 －', 'Page 3 of 8'])('"%s" anywhere outside a table is a page number', (t) => {
    expect(isPageNumber(line(t, 400), H)).toBe(true);
  });
  it('a bare number counts only in the top or bottom margin', () => {
    expect(isPageNumber(line('3', 800), H)).toBe(true);
    expect(isPageNumber(line('3', 20), H)).toBe(true);
    expect(isPageNumber(line('3', 400), H)).toBe(false);
    expect(isPageNumber(line('3/8', 810), H)).toBe(true);
    expect(isPageNumber(line('3/8', 400), H)).toBe(false);
  });
  it('never a table row, a year, a heading or a value with a unit', () => {
    expect(isPageNumber(line('— 3 —', 800, 0), H)).toBe(false);
    expect(isPageNumber(line('0\t0\t0', 800), H)).toBe(false);
    expect(isPageNumber(line('2022年', 800), H)).toBe(false);
    expect(isPageNumber(line('第二十条第（一）项', 800), H)).toBe(false);
    expect(isPageNumber(line('246900元', 800), H)).toBe(false);
    expect(isPageNumber(line('7730.28', 800), H)).toBe(false);
    expect(isPageNumber(line('-3', 400), H)).toBe(false); // a signed value (本年增/减)
    expect(isPageNumber(line('+12', 800), H)).toBe(false);
  });
});
