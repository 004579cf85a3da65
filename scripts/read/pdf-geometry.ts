/**
 * What a PDF engine hands to pdf.ts, and the geometry both engines share: matrices, the page's display
 * transform, and drawn paths → ruling lines. Display space is pdf-grid.ts's: origin top-left, y down, 1 pt.
 */
import type { HRule, Item, VRule } from './pdf-grid.ts';

export type Matrix = [number, number, number, number, number, number];
export const mul = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5],
];
export const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
export function invert(m: Matrix): Matrix {
  const d = m[0] * m[3] - m[1] * m[2];
  return [m[3] / d, -m[1] / d, -m[2] / d, m[0] / d, (m[2] * m[5] - m[3] * m[4]) / d, (m[1] * m[4] - m[0] * m[5]) / d];
}

/**
 * User space → display space at scale 1 for a page's view box [x0, y0, x1, y1] and /Rotate (degrees), the same
 * transform as pdf.js's PageViewport, so both engines place text and rules identically.
 */
export function displayTransform(box: [number, number, number, number], rotate: number): { view: Matrix; width: number; height: number } {
  const r = ((rotate % 360) + 360) % 360;
  const [a, b, c, d] = r === 90 ? [0, 1, 1, 0] : r === 180 ? [-1, 0, 0, 1] : r === 270 ? [0, -1, -1, 0] : [1, 0, 0, -1];
  const cx = (box[0] + box[2]) / 2, cy = (box[1] + box[3]) / 2;
  const sideways = a === 0;
  const offX = sideways ? Math.abs(cy - box[1]) : Math.abs(cx - box[0]);
  const offY = sideways ? Math.abs(cx - box[0]) : Math.abs(cy - box[1]);
  const w = box[2] - box[0], h = box[3] - box[1];
  return {
    view: [a, b, c, d, offX - a * cx - c * cy, offY - b * cx - d * cy],
    width: sideways ? h : w,
    height: sideways ? w : h,
  };
}

/** Kangxi radicals (U+2F00–U+2FD5) that some Word/WPS exports emit instead of the ideographs (⼀ for 一); 1:1 replacement. */
const KANGXI = /[\u2f00-\u2fd5]/g;
export const fixChars = (s: string) => s.replace(KANGXI, (c) => c.normalize('NFKC'));

/** Path commands as numbers, pdf.js's encoding: 0 moveTo x y, 1 lineTo x y, 2 curveTo (6 numbers), 3 close. */
export const MOVE = 0, LINE = 1, CURVE = 2, CLOSE = 3;

/**
 * Collects a page's horizontal and vertical rules (display space) from its painted paths: stroked straight
 * segments are rules; a filled subpath is a rule if thin, else its box's four edges (table cells drawn as
 * filled rectangles).
 */
export class RuleSink {
  readonly h: HRule[] = [];
  readonly v: VRule[] = [];
  constructor(private readonly pageW: number, private readonly pageH: number) {}

  private boxEdges(x0: number, y0: number, x1: number, y1: number) {
    const w = x1 - x0, ht = y1 - y0;
    if (ht <= 3 && w > 2) this.h.push({ y: (y0 + y1) / 2, x0, x1 });
    else if (w <= 3 && ht > 2) this.v.push({ x: (x0 + x1) / 2, y0, y1 });
    else if (w < this.pageW * 0.95 && ht < this.pageH * 0.95) {
      this.h.push({ y: y0, x0, x1 }, { y: y1, x0, x1 });
      this.v.push({ x: x0, y0, y1 }, { x: x1, y0, y1 });
    }
  }

  /** A stroked straight segment: a rule if horizontal or vertical. */
  private seg(x0: number, y0: number, x1: number, y1: number) {
    if (Math.abs(y1 - y0) < 1 && Math.abs(x1 - x0) > 2) this.h.push({ y: (y0 + y1) / 2, x0: Math.min(x0, x1), x1: Math.max(x0, x1) });
    else if (Math.abs(x1 - x0) < 1 && Math.abs(y1 - y0) > 2) this.v.push({ x: (x0 + x1) / 2, y0: Math.min(y0, y1), y1: Math.max(y0, y1) });
  }

  /**
   * One painted path; `ctm` maps its coordinates to display space. Called for every path object of a page,
   * so it allocates nothing of its own (no closures, no point arrays).
   */
  path(path: ArrayLike<number>, ctm: Matrix, stroke: boolean, fill: boolean) {
    if (!stroke && !fill) return;
    const [a, b, c, d, e, f] = ctm;
    let sx = 0, sy = 0, px = 0, py = 0;
    // The current subpath's box (for filled shapes).
    let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity;
    for (let k = 0; k < path.length;) {
      const op = path[k++];
      if (op === CURVE) k += 4; // only the end point moves the pen
      if (op === MOVE || op === LINE || op === CURVE) {
        const ux = path[k++], uy = path[k++];
        const x = a * ux + c * uy + e, y = b * ux + d * uy + f;
        if (op === MOVE) {
          if (fill && bx0 < Infinity) this.boxEdges(bx0, by0, bx1, by1);
          bx0 = by0 = Infinity; bx1 = by1 = -Infinity;
          sx = x; sy = y;
        } else if (op === LINE && stroke) this.seg(px, py, x, y);
        px = x; py = y;
        bx0 = Math.min(bx0, x); by0 = Math.min(by0, y); bx1 = Math.max(bx1, x); by1 = Math.max(by1, y);
      } else if (op === CLOSE) {
        if (stroke) this.seg(px, py, sx, sy);
        px = sx; py = sy;
      } else break; // unknown drawing op: stop reading this path
    }
    if (fill && bx0 < Infinity) this.boxEdges(bx0, by0, bx1, by1);
  }
}

/** One page's positioned text, display space. */
export interface PageText { width: number; height: number; view: Matrix; items: Item[]; cut: boolean }

/** An open document, whichever engine reads it. Pages are 1-based. */
export interface PdfEngineDoc {
  numPages: number;
  title(): Promise<string | undefined>;
  text(page: number, maxItems: number): Promise<PageText>;
  rules(page: number): Promise<{ h: HRule[]; v: VRule[] }>;
  release(page: number): void;
  close(): void;
}

export type PdfEngineName = 'pdfium' | 'pdfjs';

/** Why an engine could not open a file: a password, or anything else (the next engine may still read it). */
export class PdfOpenError extends Error {
  constructor(message: string, readonly password: boolean) { super(message); }
}
