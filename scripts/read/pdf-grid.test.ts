/** pdf-grid.ts: page-number lines and table detection on small page geometries. */
import { describe, expect, it } from 'vitest';
import { isPageNumber, layoutPage, type GridLine } from './pdf-grid.ts';

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

describe('layoutPage: ruled frames are not tables', () => {
  // Geometry of a page framed by a rectangle (as some letterhead templates print), with two lines of text inside.
  const item = (str: string, x0: number, base: number) => ({ str, x0, x1: x0 + str.length * 12, base, size: 12 });
  const frameH = [{ y: 50, x0: 40, x1: 555 }, { y: 800, x0: 40, x1: 555 }];
  const frameV = [{ x: 40, y0: 50, y1: 800 }, { x: 555, y0: 50, y1: 800 }];

  it('text inside a page frame stays as separate free lines', () => {
    const lines = layoutPage([item('一、总体情况', 80, 100), item('二、主动公开政府信息情况', 80, 130)], frameH, frameV);
    expect(lines.map((l) => [l.table, l.cells.map((c) => c.text)])).toEqual([[-1, ['一、总体情况']], [-1, ['二、主动公开政府信息情况']]]);
  });

  it('a real grid inside the frame is still a table', () => {
    const gridH = [200, 230, 260].map((y) => ({ y, x0: 60, x1: 400 }));
    const gridV = [60, 200, 400].map((x) => ({ x, y0: 200, y1: 260 }));
    const lines = layoutPage([item('规章', 70, 220), item('0', 300, 220), item('规范性文件', 70, 250), item('11', 300, 250)], [...frameH, ...gridH], [...frameV, ...gridV]);
    expect(lines.map((l) => l.cells.map((c) => c.text).join('\t'))).toEqual(['规章\t0', '规范性文件\t11']);
    expect(lines.every((l) => l.table >= 0)).toBe(true);
  });
});
