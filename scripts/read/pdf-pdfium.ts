/**
 * PDF engine on PDFium (the PDF library of Chromium), compiled to WebAssembly by @embedpdf/pdfium (MIT; PDFium
 * itself BSD-3/Apache-2.0). The .wasm ships inside the npm package and is read from disk: no network, no
 * native binary. The module is instantiated once per thread, on first use; the diagnostic getters its
 * Emscripten glue defines on globalThis are removed again (pdf-builtins.ts), so it leaves no global behind.
 *
 * Text comes from PDFium's text page, one character at a time (code point, origin, advance box, matrix, font
 * size); characters that touch on one baseline are joined into runs, which is what pdf-grid.ts expects (pdf.js
 * hands out similar runs). Ruling lines come from the page's path objects (form XObjects descended into).
 *
 * The WASM exports are called directly (numbers in, numbers out): a call through the package's cwrap layer
 * costs several times more, and a page is thousands of calls.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { HRule, Item, VRule } from './pdf-grid.ts';
import { withBuiltinsKept } from './pdf-builtins.ts';
import { CLOSE, CURVE, LINE, MOVE, PdfOpenError, RuleSink, displayTransform, fixChars, mul, type Matrix, type PageText, type PdfEngineDoc } from './pdf-geometry.ts';

/**
 * The engine packages this reader was checked with. Kept in the source because the extraction cache is keyed
 * by a hash of the reader sources: upgrading a package means changing this line, which invalidates the cache
 * (a test fails until the two agree).
 */
export const ENGINE_PACKAGES = { '@embedpdf/pdfium': '2.15.1', 'pdfjs-dist': '5.4.296' } as const;

type Fn = (...args: number[]) => number;
/** The raw PDFium exports this engine uses, and the module's memory. */
export interface PdfiumRaw { fn: Record<string, Fn>; memory: WebAssembly.Memory }

let rawPromise: Promise<PdfiumRaw> | null = null;
/** The PDFium module of this thread (instantiated on first use, ~0.1 s). */
export const loadPdfium = () => (rawPromise ??= withBuiltinsKept(async () => {
  const { init } = await import('@embedpdf/pdfium');
  const wasm = readFileSync(createRequire(import.meta.url).resolve('@embedpdf/pdfium/pdfium.wasm'));
  const mod = await init({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer });
  const ex = (mod.pdfium as unknown as { wasmExports: Record<string, unknown> }).wasmExports;
  const raw: PdfiumRaw = { fn: ex as Record<string, Fn>, memory: ex.memory as WebAssembly.Memory };
  raw.fn.PDFiumExt_Init();
  return raw;
}, { keepAdded: false }).then(({ value }) => value));

/** Drops this thread's module (after a trap inside it, its memory cannot be trusted); the next file gets a fresh one. */
export const resetPdfium = () => { rawPromise = null; };

/** Module memory kept between files; past this the module is dropped after the file that grew it. */
const MAX_RETAINED_BYTES = 256 * 1024 * 1024;

/** PDFium's FPDF_GetLastError codes. */
const ERRORS: Record<number, string> = { 1: 'unknown error', 2: 'file not found or could not be opened', 3: 'not a PDF or corrupted', 4: 'password required', 5: 'unsupported security scheme', 6: 'page not found or content error' };

/** Object types of FPDFPageObj_GetType, segment types of FPDFPathSegment_GetType. */
const OBJ_PATH = 2, OBJ_FORM = 5;
const SEG_LINETO = 0, SEG_BEZIERTO = 1, SEG_MOVETO = 2;

/** A Kangxi radical (U+2F00–U+2FD5), which fixChars replaces: runs without one skip its regex. */
const isKangxi = (u: number) => u >= 0x2f00 && u <= 0x2fd5;
const runItem = (str: string, kangxi: boolean, x0: number, x1: number, base: number, size: number): Item =>
  ({ str: kangxi ? fixChars(str) : str, x0, x1: Math.max(x1, x0), base, size });

export class PdfiumDoc implements PdfEngineDoc {
  readonly numPages: number;
  private readonly pages = new Map<number, { page: number; view: Matrix; width: number; height: number }>();
  /** Scratch memory for out-parameters (64 bytes). */
  private readonly scratch: number;

  private constructor(private readonly raw: PdfiumRaw, private readonly doc: number, private readonly data: number, private readonly maxOps: number) {
    this.numPages = raw.fn.FPDF_GetPageCount(doc);
    this.scratch = raw.fn.malloc(64);
  }

  /** Opens `bytes`; throws PdfOpenError when PDFium cannot (a password, or a file it cannot parse). */
  static async open(bytes: Uint8Array, maxOps: number): Promise<PdfiumDoc> {
    const raw = await loadPdfium();
    const { fn } = raw;
    const data = fn.malloc(bytes.length);
    if (!data) throw new PdfOpenError(`PDFium could not allocate ${bytes.length} bytes`, false);
    new Uint8Array(raw.memory.buffer, data, bytes.length).set(bytes);
    const doc = fn.FPDF_LoadMemDocument(data, bytes.length, 0);
    if (!doc) {
      const code = fn.FPDF_GetLastError();
      fn.free(data);
      throw new PdfOpenError(`PDFium: ${ERRORS[code] ?? `error ${code}`}`, code === 4);
    }
    return new PdfiumDoc(raw, doc, data, maxOps);
  }

  private v64 = new Float64Array(0);
  private v32 = new Float32Array(0);
  private v32i = new Int32Array(0);
  /**
   * Views of the module's memory, made again only after it grew (a view per call would be garbage per
   * character). Growing detaches the old buffer, which empties its views: a length check, no call into the engine.
   */
  private f64() { if (this.v64.length === 0) this.remap(); return this.v64; }
  private f32() { if (this.v32.length === 0) this.remap(); return this.v32; }
  private i32() { if (this.v32i.length === 0) this.remap(); return this.v32i; }
  private remap() { const b = this.raw.memory.buffer; this.v64 = new Float64Array(b); this.v32 = new Float32Array(b); this.v32i = new Int32Array(b); }

  async title(): Promise<string | undefined> {
    const { fn, memory } = this.raw;
    const tag = fn.malloc(8);
    new Uint8Array(memory.buffer, tag, 6).set([84, 105, 116, 108, 101, 0]); // "Title\0"
    try {
      const n = fn.FPDF_GetMetaText(this.doc, tag, 0, 0); // bytes of UTF-16LE, with the terminating NUL
      if (n <= 2) return undefined;
      const buf = fn.malloc(n);
      try {
        fn.FPDF_GetMetaText(this.doc, tag, buf, n);
        return new TextDecoder('utf-16le').decode(new Uint8Array(memory.buffer, buf, n - 2));
      } finally { fn.free(buf); }
    } finally { fn.free(tag); }
  }

  private load(p: number) {
    let pg = this.pages.get(p);
    if (pg) return pg;
    const { fn } = this.raw;
    const page = fn.FPDF_LoadPage(this.doc, p - 1);
    if (!page) throw new Error(`PDFium could not load page ${p}`);
    const s = this.scratch;
    // The page's bounding box is its crop box clipped to its media box: pdf.js's "view".
    let box: [number, number, number, number];
    if (fn.FPDF_GetPageBoundingBox(page, s)) {
      const f = this.f32(), i = s >> 2; // FS_RECTF: left, top, right, bottom
      box = [Math.min(f[i], f[i + 2]), Math.min(f[i + 1], f[i + 3]), Math.max(f[i], f[i + 2]), Math.max(f[i + 1], f[i + 3])];
    } else box = [0, 0, fn.FPDF_GetPageWidthF(page), fn.FPDF_GetPageHeightF(page)];
    const { view, width, height } = displayTransform(box, fn.FPDFPage_GetRotation(page) * 90);
    pg = { page, view, width, height };
    this.pages.set(p, pg);
    return pg;
  }

  async text(p: number, maxItems: number): Promise<PageText> {
    const { fn } = this.raw;
    const { page, view, width, height } = this.load(p);
    const tp = fn.FPDFText_LoadPage(page);
    if (!tp) throw new Error(`PDFium could not read the text of page ${p}`);
    const items: Item[] = [];
    let cut = false;
    try {
      const n = fn.FPDFText_CountChars(tp);
      const s = this.scratch, d = s >> 3, q = s >> 2;
      const [v0, v1, v2, v3, v4, v5] = view;
      // This loop runs once per character (thousands per page): no closures, no arrays, no calls it can skip.
      let str = '', x0 = 0, x1 = 0, base = 0, size = 0, horizontal = true, open = false, kangxi = false;
      let lastObj = -1, sz = 1, hor = true, alongX = true;
      for (let i = 0; i < n; i++) {
        const u = fn.FPDFText_GetUnicode(tp, i);
        // Generated characters are PDFium's own guesses (line ends, word gaps): the geometry says the same.
        // Spaces too end a run, as in pdf.js: the gap is measured, and pdf-grid.ts decides whether it is a word
        // space (Latin text), nothing (CJK text, where Word's autospace and justification put spaces) or a cell gap.
        if (u <= 0x20 || u === 0xfffe || u === 0x3000 || u === 0xa0 || fn.FPDFText_IsGenerated(tp, i) === 1) {
          if (open && str) items.push(runItem(str, kangxi, x0, x1, base, size));
          open = false; str = '';
          continue;
        }
        fn.FPDFText_GetCharOrigin(tp, i, s, s + 8);
        const f64 = this.f64();
        const ox = f64[d], oy = f64[d + 1];
        // Matrix and font size belong to the character's text object: read them once per object.
        const obj = fn.FPDFText_GetTextObject(tp, i);
        if (obj !== lastObj || !obj) {
          lastObj = obj;
          fn.FPDFText_GetMatrix(tp, i, s);
          const g = this.f32();
          const cm: Matrix = [g[q], g[q + 1], g[q + 2], g[q + 3], 0, 0];
          const m = mul(view, cm);
          sz = (fn.FPDFText_GetFontSize(tp, i) || 1) * (Math.hypot(m[2], m[3]) || Math.hypot(m[0], m[1]) || 1);
          hor = Math.abs(m[1]) <= Math.abs(m[0]) * 0.1;
          alongX = Math.abs(cm[0]) >= Math.abs(cm[1]);
        }
        fn.FPDFText_GetLooseCharBox(tp, i, s); // FS_RECTF: left, top, right, bottom (user space)
        const g = this.f32();
        // The advance along the text direction: the loose box's extent that way (pages and text are upright or quarter-turned).
        const adv = alongX ? Math.abs(g[q + 2] - g[q]) : Math.abs(g[q + 1] - g[q + 3]);
        const dx = v0 * ox + v2 * oy + v4, dy = v1 * ox + v3 * oy + v5; // apply(view, ox, oy)
        const w = hor ? adv : sz;
        const ch = u < 0x10000 ? String.fromCharCode(u) : String.fromCodePoint(u);
        const continues = open && hor === horizontal && Math.abs(dy - base) <= sz * 0.1 && Math.abs(sz - size) <= size * 0.02
          && dx >= x1 - sz * 0.5 && dx <= x1 + sz * 0.1;
        if (!continues) {
          if (open && str) items.push(runItem(str, kangxi, x0, x1, base, size));
          open = false;
          if (items.length >= maxItems) { cut = true; break; }
          open = true; str = ch; x0 = dx; x1 = dx + w; base = dy; size = sz; horizontal = hor; kangxi = isKangxi(u);
        } else {
          str += ch;
          x1 = Math.max(x1, dx + w);
          if (!kangxi) kangxi = isKangxi(u);
        }
      }
      if (!cut) { if (open && str) items.push(runItem(str, kangxi, x0, x1, base, size)); }
      else if (items.length > maxItems) items.length = maxItems;
    } finally {
      fn.FPDFText_ClosePage(tp);
    }
    return { width, height, view, items, cut };
  }

  async rules(p: number): Promise<{ h: HRule[]; v: VRule[] }> {
    const { fn } = this.raw;
    const { page, view, width, height } = this.load(p);
    const sink = new RuleSink(width, height);
    const s = this.scratch, q = s >> 2;
    let budget = this.maxOps;
    const matrixOf = (obj: number): Matrix => {
      if (!fn.FPDFPageObj_GetMatrix(obj, s)) return [1, 0, 0, 1, 0, 0];
      const g = this.f32();
      return [g[q], g[q + 1], g[q + 2], g[q + 3], g[q + 4], g[q + 5]];
    };
    const path: number[] = [];
    const walk = (count: number, get: (i: number) => number, ctm: Matrix, depth: number) => {
      for (let i = 0; i < count && budget > 0; i++) {
        const obj = get(i);
        const type = fn.FPDFPageObj_GetType(obj);
        if (type === OBJ_FORM) {
          if (depth < 12) walk(fn.FPDFFormObj_CountObjects(obj), (k) => fn.FPDFFormObj_GetObject(obj, k), mul(ctm, matrixOf(obj)), depth + 1);
          continue;
        }
        if (type !== OBJ_PATH) continue;
        if (!fn.FPDFPath_GetDrawMode(obj, s, s + 4)) continue;
        const g = this.i32();
        const fill = g[q] !== 0, stroke = g[q + 1] !== 0;
        if (!fill && !stroke) continue;
        const segs = fn.FPDFPath_CountSegments(obj);
        budget -= Math.max(1, segs);
        path.length = 0;
        let bez = 0;
        for (let k = 0; k < segs; k++) {
          const seg = fn.FPDFPath_GetPathSegment(obj, k);
          if (!seg || !fn.FPDFPathSegment_GetPoint(seg, s + 8, s + 12)) continue;
          const f = this.f32();
          const x = f[q + 2], y = f[q + 3];
          const t = fn.FPDFPathSegment_GetType(seg);
          if (t === SEG_MOVETO) { path.push(MOVE, x, y); bez = 0; }
          else if (t === SEG_LINETO) { path.push(LINE, x, y); bez = 0; }
          else if (t === SEG_BEZIERTO) {
            // Three points per curve (two controls, then the end): only the end moves the pen.
            if (++bez === 3) { path.push(CURVE, 0, 0, 0, 0, x, y); bez = 0; }
          }
          if (fn.FPDFPathSegment_GetClose(seg)) path.push(CLOSE);
        }
        sink.path(path, mul(ctm, matrixOf(obj)), stroke, fill);
      }
    };
    walk(fn.FPDFPage_CountObjects(page), (i) => fn.FPDFPage_GetObject(page, i), view, 0);
    return { h: sink.h, v: sink.v };
  }

  release(p: number) {
    const pg = this.pages.get(p);
    if (pg) { this.raw.fn.FPDF_ClosePage(pg.page); this.pages.delete(p); }
  }

  close() {
    for (const p of [...this.pages.keys()]) this.release(p);
    this.raw.fn.FPDF_CloseDocument(this.doc);
    this.raw.fn.free(this.data);
    this.raw.fn.free(this.scratch);
    // WebAssembly memory only grows: after a very large file, let the next one start from a fresh module.
    if (this.raw.memory.buffer.byteLength > MAX_RETAINED_BYTES) resetPdfium();
  }
}
