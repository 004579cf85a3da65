/**
 * PDF engine on pdf.js (pdfjs-dist legacy build; in-process, no worker, no font or network fetches): the
 * fallback for files PDFium cannot open. Loaded only when first needed, with its bundled polyfills kept from
 * replacing the thread's built-ins (pdf-builtins.ts).
 *
 * Limits: text is streamed and a page stops after `maxItems` items; at most `maxOps` drawing operators per
 * page are looked at; pdf.js skips images over MAX_IMAGE_PIXELS.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { HRule, Item, VRule } from './pdf-grid.ts';
import { withBuiltinsKept } from './pdf-builtins.ts';
import { PdfOpenError, RuleSink, fixChars, mul, type Matrix, type PageText, type PdfEngineDoc } from './pdf-geometry.ts';

export const MAX_IMAGE_PIXELS = 4096 * 4096;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/**
 * What pdf.js adds on load and may keep: methods on built-ins that Node 20 lacks (Node 22 has most of them), and
 * four globals it reads at run time (Iterator, core-js's shared state, our in-thread worker, a stub navigator
 * it reads the platform from). Its canvas stand-ins (DOMMatrix, ImageData, Path2D), its testing hooks and
 * core-js's `self` (which makes Node look like a browser to other libraries) are removed.
 */
const PDFJS_GLOBALS = new Set<PropertyKey>(['Iterator', '__core-js_shared__', 'pdfjsWorker', 'navigator']);
const keepForPdfJs = (owner: object, key: PropertyKey) => owner !== globalThis || PDFJS_GLOBALS.has(key);
let pdfjsPromise: Promise<PdfJs> | null = null;
/** Built-ins pdf.js's polyfills replaced on load and were put back, and globals it added that were removed (for tests and the bench). */
export let pdfjsRestored: string[] = [];
/**
 * The minified legacy build, with its worker code loaded into this thread up front (pdf.js then runs the
 * "worker" in-process). The unminified build carries 7 MB of source maps that Node parses on import when
 * source maps are enabled (tsx, vitest): ~10 s of start-up for nothing.
 */
export const loadPdfJs = () => (pdfjsPromise ??= withBuiltinsKept(async () => {
  const worker = (await import('pdfjs-dist/legacy/build/pdf.worker.min.mjs' as string)) as { WorkerMessageHandler: unknown };
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= { WorkerMessageHandler: worker.WorkerMessageHandler };
  return (await import('pdfjs-dist/legacy/build/pdf.min.mjs' as string)) as PdfJs;
}, { keepAdded: keepForPdfJs }).then(({ value, restored }) => { pdfjsRestored = restored; return value; }));

const pdfjsDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

type TextItem = { str: string; transform: number[]; width: number };
/** A page's text items, streamed, stopping after `max` (a content-stream bomb must not build millions of items). */
async function textItems(page: { streamTextContent(p?: object): ReadableStream }, max: number): Promise<{ items: TextItem[]; cut: boolean }> {
  const reader = page.streamTextContent({ includeMarkedContent: false }).getReader();
  const items: TextItem[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return { items, cut: false };
    for (const it of (value as { items: Array<TextItem | { type: string }> }).items) {
      if (!('str' in it)) continue;
      if (items.length >= max) { reader.cancel(new Error('text item limit')).catch(() => {}); return { items, cut: true }; }
      items.push(it);
    }
  }
}

type Doc = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
type Page = Awaited<ReturnType<Doc['getPage']>>;

export class PdfJsDoc implements PdfEngineDoc {
  readonly numPages: number;
  private readonly pages = new Map<number, { page: Page; view: Matrix; width: number; height: number }>();
  private constructor(private readonly pdfjs: PdfJs, private readonly doc: Doc, private readonly maxOps: number) { this.numPages = doc.numPages; }

  /**
   * Opens `bytes`; throws PdfOpenError when pdf.js cannot. `onTask` receives a function that stops the load
   * (the caller's deadline uses it).
   */
  static async open(bytes: Uint8Array, maxOps: number, onTask: (stop: () => void) => void): Promise<PdfJsDoc> {
    const pdfjs = await loadPdfJs();
    const task = pdfjs.getDocument({
      data: new Uint8Array(bytes), // pdf.js may take ownership of the buffer; give it a copy
      cMapUrl: join(pdfjsDir, 'cmaps') + '/',
      cMapPacked: true,
      standardFontDataUrl: join(pdfjsDir, 'standard_fonts') + '/',
      disableFontFace: true,
      useSystemFonts: false,
      isEvalSupported: false,
      isOffscreenCanvasSupported: false,
      disableAutoFetch: true,
      disableStream: true,
      stopAtErrors: false,
      maxImageSize: MAX_IMAGE_PIXELS,
      enableXfa: false,
      verbosity: 0,
    });
    const stop = () => { void task.destroy(); };
    onTask(stop);
    try {
      return new PdfJsDoc(pdfjs, await task.promise, maxOps);
    } catch (e) {
      stop();
      const err = e as { name?: string };
      throw new PdfOpenError(`pdf.js: ${firstLine(e)}`, err?.name === 'PasswordException');
    }
  }

  async title(): Promise<string | undefined> {
    const md = await this.doc.getMetadata();
    const t = (md?.info as { Title?: unknown } | undefined)?.Title;
    return typeof t === 'string' ? t : undefined;
  }

  private async load(p: number) {
    let pg = this.pages.get(p);
    if (!pg) {
      const page = await this.doc.getPage(p);
      const vp = page.getViewport({ scale: 1 });
      pg = { page, view: vp.transform as Matrix, width: vp.width, height: vp.height };
      this.pages.set(p, pg);
    }
    return pg;
  }

  async text(p: number, maxItems: number): Promise<PageText> {
    const { page, view, width, height } = await this.load(p);
    const text = await textItems(page, maxItems);
    const items: Item[] = [];
    for (const raw of text.items) {
      const str = fixChars(raw.str);
      if (!str.trim()) continue;
      const m = mul(view, raw.transform as Matrix);
      const size = Math.hypot(m[2], m[3]) || Math.hypot(m[0], m[1]) || 1;
      const horizontal = Math.abs(m[1]) <= Math.abs(m[0]) * 0.1;
      const w = horizontal ? raw.width * (Math.hypot(m[0], m[1]) / (Math.hypot(raw.transform[0], raw.transform[1]) || 1)) : size;
      items.push({ str, x0: m[4], x1: m[4] + Math.max(w, 0), base: m[5], size });
    }
    return { width, height, view, items, cut: text.cut };
  }

  async rules(p: number): Promise<{ h: HRule[]; v: VRule[] }> {
    const { page, view, width, height } = await this.load(p);
    const { fnArray, argsArray } = await page.getOperatorList();
    const { OPS } = this.pdfjs;
    const sink = new RuleSink(width, height);
    let ctm: Matrix = view;
    const stack: Matrix[] = [];
    const n = Math.min(fnArray.length, this.maxOps);
    const strokeOps = new Set<number>([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
    const fillOps = new Set<number>([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
    for (let i = 0; i < n; i++) {
      const fn = fnArray[i];
      const args = argsArray[i] as any;
      if (fn === OPS.save) stack.push(ctm);
      else if (fn === OPS.restore) ctm = stack.pop() ?? view;
      else if (fn === OPS.transform) ctm = mul(ctm, args as Matrix);
      else if (fn === OPS.paintFormXObjectBegin) { stack.push(ctm); if (Array.isArray(args?.[0])) ctm = mul(ctm, args[0] as Matrix); }
      else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? view;
      else if (fn === OPS.constructPath) {
        const op = args?.[0] as number;
        const path = args?.[1]?.[0] as ArrayLike<number> | null;
        if (!path || typeof (path as any).length !== 'number') continue;
        sink.path(path, ctm, strokeOps.has(op), fillOps.has(op));
      }
    }
    return { h: sink.h, v: sink.v };
  }

  release(p: number) {
    const pg = this.pages.get(p);
    if (pg) { pg.page.cleanup(); this.pages.delete(p); }
  }

  close() { void this.doc.destroy(); }
}
