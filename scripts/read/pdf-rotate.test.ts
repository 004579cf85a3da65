/**
 * Rotated pages (/Rotate 90: a landscape table printed on a portrait page) read upright. SYNTHETIC one-page PDF built
 * here on the fly (never written to disk): the words are placed the way a producer places upright text on a page
 * the viewer turns by 90°.
 */
import { describe, expect, it } from 'vitest';
import { readPdf } from './pdf.ts';
import { A4_PAGE, onePagePdf } from '../synthetic/pdf.ts';

function rotatedPdf(runs: Array<[string, number, number]>): Uint8Array {
  // Text direction +y, glyph up −x in user space = left→right, upright once the page is turned clockwise.
  const content = `BT /F1 12 Tf ${runs.map(([s, x, y]) => `0 1 -1 0 ${x} ${y} Tm (${s}) Tj`).join(' ')} ET`;
  return onePagePdf({ pages: '<< /Type /Pages /Count 1 /Kids [3 0 R] >>', page: A4_PAGE('/Rotate 90'), content });
}

describe('rotated page (synthetic)', () => {
  it('reads a row left to right in the turned page, origins in unrotated user space', async () => {
    // Glyph "up" is −x, so the row at x = 480 is above the row at x = 500 on the turned page.
    const d = await readPdf(rotatedPdf([
      ['PUNISHMENT', 500, 100], ['246900', 500, 300],
      ['LICENSING', 480, 100], ['11', 480, 300], ['3', 480, 400], ['7730.28', 480, 500],
    ]), 'rotated.pdf');
    expect(d.text.split('\n')).toEqual(['LICENSING\t11\t3\t7730.28', 'PUNISHMENT\t246900']);
    const o = d.origins.find((x) => d.text.split('\n')[x.line].slice(x.start, x.end) === '7730.28')?.origin;
    expect(o).toMatchObject({ kind: 'pdf', page: 1 });
    if (o?.kind !== 'pdf') throw new Error('no origin');
    // The run starts at user (480, 500) and extends along +y, glyphs towards −x.
    expect(o.y).toBeCloseTo(500, 0);
    expect(o.x).toBeLessThan(480);
    expect(o.x).toBeGreaterThan(460);
    expect(o.h!).toBeGreaterThan(30); // 7 characters of 12 pt along +y
  });
});
