/**
 * PDF → SourceDoc with pdf.js (pdfjs-dist legacy build; runs in-process, no worker, no font or network
 * fetches, no external binaries). The page geometry → rows/cells work is in pdf-grid.ts; this module does
 * the pdf.js I/O, the limits, and the reasons a PDF cannot be read.
 *
 * Limits (a malicious or broken PDF must not hang the build):
 * - at most MAX_PAGES pages are read (a warning says how many were left);
 * - the whole read stops after MAX_MS of wall time (NotAReport 'timeout'). pdf.js parses content streams in
 *   ~20 ms time slices, so the timer gets to run; a single huge non-content object (e.g. a multi-GB
 *   decompression) can still overrun it — readSource caps the file at 64 MB;
 * - text is streamed and reading a page stops after MAX_ITEMS_PER_PAGE items (warning); at most
 *   MAX_OPS_PER_PAGE drawing operators per page are looked at for ruling lines;
 * - pages without text are not parsed for drawings at all (a scanned page's image is never decoded); on text
 *   pages pdf.js skips images over MAX_IMAGE_PIXELS.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { NotAReport, type Origin, type SourceDoc } from '../template/record.ts';
import { isPageNumber, layoutPage, type Box, type GridLine, type HRule, type Item, type VRule } from './pdf-grid.ts';

export const MAX_PAGES = 200;
export const MAX_MS = 60_000;
export const MAX_ITEMS_PER_PAGE = 50_000;
export const MAX_OPS_PER_PAGE = 500_000;
export const MAX_IMAGE_PIXELS = 4096 * 4096;

/** Overridable in tests (a real report never comes near them). */
export interface PdfLimits { maxPages: number; maxMs: number; maxItemsPerPage: number }
const DEFAULT_LIMITS: PdfLimits = { maxPages: MAX_PAGES, maxMs: MAX_MS, maxItemsPerPage: MAX_ITEMS_PER_PAGE };
/** Fewer non-space characters than this on average per page (and in total) = no text layer. */
const SCANNED_CHARS_PER_PAGE = 10;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsPromise: Promise<PdfJs> | null = null;
/**
 * The minified legacy build, with its worker code loaded into this thread up front (pdf.js then runs the
 * "worker" in-process). The unminified build carries 7 MB of source maps that Node parses on import when
 * source maps are enabled (tsx, vitest): ~10 s of start-up for nothing.
 */
const loadPdfJs = () => (pdfjsPromise ??= (async () => {
  const worker = (await import('pdfjs-dist/legacy/build/pdf.worker.min.mjs' as string)) as { WorkerMessageHandler: unknown };
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= { WorkerMessageHandler: worker.WorkerMessageHandler };
  return (await import('pdfjs-dist/legacy/build/pdf.min.mjs' as string)) as PdfJs;
})());

const pdfjsDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

type Matrix = [number, number, number, number, number, number];
const mul = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
function invert(m: Matrix): Matrix {
  const d = m[0] * m[3] - m[1] * m[2];
  return [m[3] / d, -m[1] / d, -m[2] / d, m[0] / d, (m[2] * m[5] - m[3] * m[4]) / d, (m[1] * m[4] - m[0] * m[5]) / d];
}

/** Kangxi radicals (U+2F00–U+2FD5) that some Word/WPS exports emit instead of the ideographs (⼀ for 一); 1:1 replacement. */
const KANGXI = /[\u2f00-\u2fd5]/g;
const fixChars = (s: string) => s.replace(KANGXI, (c) => c.normalize('NFKC'));

class Deadline {
  private readonly end: number;
  constructor(private readonly ms: number, private readonly name: string) { this.end = Date.now() + ms; }
  private expired(what: string, onTimeout: () => void): NotAReport {
    onTimeout();
    return new NotAReport(`${this.name}: PDF took longer than ${this.ms / 1000} s to read (stopped at ${what})`, 'timeout');
  }
  async run<T>(p: Promise<T>, what: string, onTimeout: () => void): Promise<T> {
    // Checked before and after as well: a step that settles in microtasks never lets the timer run.
    if (Date.now() >= this.end) { p.catch(() => {}); throw this.expired(what, onTimeout); }
    const left = this.end - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.expired(what, onTimeout)), Math.max(0, left));
    });
    try {
      const v = await Promise.race([p, timeout]);
      if (Date.now() > this.end) throw this.expired(what, onTimeout);
      return v;
    } finally { clearTimeout(timer); }
  }
}

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

/** Characters a font without a Unicode map leaves behind: private-use code points, U+FFFD, C0/C1 controls. */
export function unmappedChars(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0xe000 && c <= 0xf8ff) || c >= 0xf0000 || c === 0xfffd || (c < 0x20 && c !== 9 && c !== 10 && c !== 13) || (c >= 0x7f && c <= 0x9f)) n++;
  }
  return n;
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/** Horizontal and vertical rules of a page (display space) from its drawing operators. */
function rulesOf(pdfjs: PdfJs, fnArray: number[], argsArray: unknown[], view: Matrix, pageW: number, pageH: number) {
  const { OPS } = pdfjs;
  const h: HRule[] = [], v: VRule[] = [];
  let ctm: Matrix = view;
  const stack: Matrix[] = [];
  const n = Math.min(fnArray.length, MAX_OPS_PER_PAGE);
  const strokeOps = new Set<number>([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const fillOps = new Set<number>([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const addBoxEdges = (x0: number, y0: number, x1: number, y1: number, asRules: boolean) => {
    const w = x1 - x0, ht = y1 - y0;
    if (ht <= 3 && w > 2) h.push({ y: (y0 + y1) / 2, x0, x1 });
    else if (w <= 3 && ht > 2) v.push({ x: (x0 + x1) / 2, y0, y1 });
    else if (asRules && w < pageW * 0.95 && ht < pageH * 0.95) {
      h.push({ y: y0, x0, x1 }, { y: y1, x0, x1 });
      v.push({ x: x0, y0, y1 }, { x: x1, y0, y1 });
    }
  };
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
      const stroke = strokeOps.has(op), fill = fillOps.has(op);
      if ((!stroke && !fill) || !path || typeof (path as any).length !== 'number') continue;
      // Walk subpaths: stroked straight segments are rules; a filled subpath is a rule if thin, else a box.
      let sx = 0, sy = 0, px = 0, py = 0;
      let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity;
      const flushBox = () => {
        if (fill && bx0 < Infinity) addBoxEdges(bx0, by0, bx1, by1, true);
        bx0 = by0 = Infinity; bx1 = by1 = -Infinity;
      };
      const grow = (x: number, y: number) => { bx0 = Math.min(bx0, x); by0 = Math.min(by0, y); bx1 = Math.max(bx1, x); by1 = Math.max(by1, y); };
      const seg = (x0: number, y0: number, x1: number, y1: number) => {
        if (!stroke) return;
        if (Math.abs(y1 - y0) < 1 && Math.abs(x1 - x0) > 2) h.push({ y: (y0 + y1) / 2, x0: Math.min(x0, x1), x1: Math.max(x0, x1) });
        else if (Math.abs(x1 - x0) < 1 && Math.abs(y1 - y0) > 2) v.push({ x: (x0 + x1) / 2, y0: Math.min(y0, y1), y1: Math.max(y0, y1) });
      };
      for (let k = 0; k < path.length;) {
        const d = path[k++];
        if (d === 0) { flushBox(); [px, py] = apply(ctm, path[k++], path[k++]); sx = px; sy = py; grow(px, py); }
        else if (d === 1) { const [x, y] = apply(ctm, path[k++], path[k++]); seg(px, py, x, y); px = x; py = y; grow(x, y); }
        else if (d === 2) { k += 4; const [x, y] = apply(ctm, path[k++], path[k++]); px = x; py = y; grow(x, y); }
        else if (d === 3) { seg(px, py, sx, sy); px = sx; py = sy; }
        else break; // unknown drawing op: stop reading this path
      }
      flushBox();
    }
  }
  return { h, v };
}

export async function readPdf(bytes: Uint8Array, name: string, limits: Partial<PdfLimits> = {}): Promise<SourceDoc> {
  const { maxPages, maxMs, maxItemsPerPage } = { ...DEFAULT_LIMITS, ...limits };
  if (bytes.length === 0) throw new NotAReport(`${name}: empty file (0 bytes)`, 'empty');
  // A download cut short loses its trailer; pdf.js would rebuild what it can and quietly drop the rest.
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 1024)));
  if (!tail.includes('%%EOF')) throw new NotAReport(`${name}: corrupt PDF (truncated: no %%EOF marker at the end)`, 'corrupt');

  const pdfjs = await loadPdfJs();
  const deadline = new Deadline(maxMs, name);
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
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await deadline.run(task.promise, 'opening', stop);
  } catch (e) {
    if (e instanceof NotAReport) throw e;
    const err = e as { name?: string; code?: number };
    if (err?.name === 'PasswordException') {
      stop();
      throw new NotAReport(`${name}: encrypted PDF (needs a password to open) — cannot be read`, 'unsupported');
    }
    stop();
    throw new NotAReport(`${name}: corrupt PDF (${firstLine(e)})`, 'corrupt');
  }

  try {
    const warnings: string[] = [];
    const pages = Math.min(doc.numPages, maxPages);
    if (doc.numPages > maxPages) warnings.push(`${name}: read only the first ${maxPages} of ${doc.numPages} pages`);
    let title: string | undefined;
    try {
      const md = await deadline.run(doc.getMetadata(), 'metadata', stop);
      const t = (md?.info as { Title?: unknown } | undefined)?.Title;
      // Word's PDF export often titles the file "Microsoft Word - 报告.docx": keep the document's own name.
      const clean = typeof t === 'string' ? fixChars(t).replace(/^\s*Microsoft (?:Word|Office Word)\s*-\s*/i, '').replace(/\.(?:docx?|wps|pdf)\s*$/i, '').trim() : '';
      if (clean) title = clean;
    } catch (e) { if (e instanceof NotAReport) throw e; }

    type Line = { cells: { text: string; page: number; box: Box | null }[]; line: GridLine; page: number; pageH: number };
    const all: Line[][] = [];
    const toUser: Matrix[] = [];
    let chars = 0, garbage = 0;
    const textless: number[] = [];
    for (let p = 1; p <= pages; p++) {
      const what = `page ${p}`;
      let page, text;
      try {
        page = await deadline.run(doc.getPage(p), what, stop);
        text = await deadline.run(textItems(page, maxItemsPerPage), what, stop);
      } catch (e) {
        if (e instanceof NotAReport) throw e;
        throw new NotAReport(`${name}: corrupt PDF (${what}: ${firstLine(e)})`, 'corrupt');
      }
      const vp = page.getViewport({ scale: 1 });
      const view = vp.transform as Matrix;
      toUser[p] = invert(view);
      const items: Item[] = [];
      for (const raw of text.items) {
        if (!('str' in raw)) continue;
        const str = fixChars(raw.str);
        if (!str.trim()) continue;
        const m = mul(view, raw.transform as Matrix);
        const size = Math.hypot(m[2], m[3]) || Math.hypot(m[0], m[1]) || 1;
        const horizontal = Math.abs(m[1]) <= Math.abs(m[0]) * 0.1;
        const width = horizontal ? raw.width * (Math.hypot(m[0], m[1]) / (Math.hypot(raw.transform[0], raw.transform[1]) || 1)) : size;
        items.push({ str, x0: m[4], x1: m[4] + Math.max(width, 0), base: m[5], size });
        chars += str.replace(/\s/g, '').length;
        garbage += unmappedChars(str);
      }
      if (text.cut) warnings.push(`${name}: page ${p} has more than ${maxItemsPerPage} text items; read the first ${maxItemsPerPage}`);
      // A page without text needs no ruling lines (and a scanned page's image is not worth decoding).
      if (!items.length) { textless.push(p); all.push([]); page.cleanup(); continue; }
      let ops;
      try {
        ops = await deadline.run(page.getOperatorList(), what, stop);
      } catch (e) {
        if (e instanceof NotAReport) throw e;
        throw new NotAReport(`${name}: corrupt PDF (${what}: ${firstLine(e)})`, 'corrupt');
      }
      const { h, v } = rulesOf(pdfjs, ops.fnArray, ops.argsArray, view, vp.width, vp.height);
      const lines = layoutPage(items, h, v).filter((l) => !isPageNumber(l, vp.height));
      all.push(lines.map((l) => ({ line: l, page: p, pageH: vp.height, cells: l.cells.map((c) => ({ text: c.text.trim(), page: p, box: c.box })) })));
      page.cleanup();
    }

    if (pages > 0 && chars < SCANNED_CHARS_PER_PAGE * pages && chars < 200) {
      throw new NotAReport(`${name}: scanned PDF without a text layer — needs OCR`, 'scanned');
    }
    // Fonts without a Unicode map come out as private-use codes or control bytes: that text is not the report's.
    if (chars >= 50 && garbage / chars > 0.3) {
      throw new NotAReport(`${name}: PDF text layer is unreadable (${Math.round((garbage / chars) * 100)}% of characters have no Unicode mapping) — needs OCR`, 'encoding');
    }
    if (garbage > 0) warnings.push(`${name}: ${garbage} character${garbage > 1 ? 's' : ''} without a Unicode mapping in the text layer`);
    if (textless.length) warnings.push(`${name}: page${textless.length > 1 ? 's' : ''} ${textless.join(', ')} ha${textless.length > 1 ? 've' : 's'} no text layer (blank or scanned); anything printed there needs OCR`);

    // Repeated table headers: a table that continues at the top of the next page often reprints its header
    // rows; drop leading bands identical to the first bands of the table it continues (never value rows).
    const key = (l: Line) => l.cells.map((c) => c.text).join('\t');
    const hasValue = (l: Line) => l.cells.some((c) => /^[+\-]?\d[\d,.]*$/.test(c.text.trim()));
    const LIST_MARK = /^[（(]?[一二三四五六七八九十\d]{1,2}[)）.．、]/;
    const canContinue = (a: Line, b: Line) => a.cells.length === b.cells.length && !hasValue(b)
      && b.cells.every((c, j) => !c.text || (a.cells[j].text !== '' && !LIST_MARK.test(c.text)));
    // Running headers/footers (free text in the top 8 % / bottom 12 % of a page) do not interrupt a table.
    const inMargin = (l: Line) => l.line.table < 0 && (l.line.top < l.pageH * 0.08 || l.line.top > l.pageH * 0.88);
    // Running headers/footers repeated on several pages are page furniture, not report text: drop them (warned).
    const marginTexts = new Map<string, Set<number>>();
    for (const lines of all) for (const l of lines) {
      if (!inMargin(l) || l.cells.length !== 1 || l.cells[0].text.replace(/[\d\s]/g, '').length < 2) continue;
      const set = marginTexts.get(l.cells[0].text) ?? new Set<number>();
      set.add(l.page); marginTexts.set(l.cells[0].text, set);
    }
    const running = new Set([...marginTexts].filter(([, pgs]) => pgs.size >= 2).map(([t]) => t));
    for (const t of running) warnings.push(`${name}: dropped the running header/footer "${t}" (on pages ${[...marginTexts.get(t)!].join(', ')})`);
    if (running.size) for (let i = 0; i < all.length; i++) all[i] = all[i].filter((l) => !(inMargin(l) && l.cells.length === 1 && running.has(l.cells[0].text)));
    let chainHead: Line[] = [];
    for (let i = 0; i < all.length; i++) {
      const lines = all[i];
      const skip = lines.findIndex((l) => !inMargin(l));
      const first = skip >= 0 ? lines[skip] : undefined;
      const prevLines = i > 0 ? all[i - 1].filter((l) => !inMargin(l)) : [];
      const prevLast = prevLines[prevLines.length - 1];
      if (first && first.line.table >= 0 && prevLast && prevLast.line.table >= 0 && chainHead.length) {
        let k = 0;
        while (skip + k < lines.length && k < chainHead.length && lines[skip + k].line.table === first.line.table && !hasValue(lines[skip + k]) && key(lines[skip + k]) === key(chainHead[k])) k++;
        if (k > 0) lines.splice(skip, k);
        // A row split by the page break: its label cells' last lines open the next page with no values.
        const cont = lines[skip];
        if (cont && cont.line.table === first.line.table && canContinue(prevLast, cont)) {
          cont.cells.forEach((c, j) => { prevLast.cells[j].text += c.text; });
          lines.splice(skip, 1);
        }
      } else if (first) {
        chainHead = [];
      }
      // The table that ends this page is the head of the chain the next page may continue.
      const body = lines.filter((l) => !inMargin(l));
      const last = body[body.length - 1];
      if (last && last.line.table >= 0) {
        const start = lines.findIndex((l) => l.line.table === last.line.table);
        if (!(first && first.line.table >= 0 && first.line.table === last.line.table && chainHead.length)) chainHead = lines.slice(start);
      } else chainHead = [];
    }

    // Emit: one line per row/line; wrapped paragraph lines (free text reaching the right margin, followed by
    // a line starting at the left margin in the same size) are joined into one paragraph line.
    const out: string[] = [];
    const origins: SourceDoc['origins'] = [];
    const margins = new Map<number, { left: number; right: number }>();
    for (const lines of all) {
      const free = lines.filter((l) => l.line.table < 0 && l.cells.length === 1);
      if (!free.length) continue;
      // Ragged CJK right edges vary by a character or two: take a high percentile, not the maximum.
      const rights = free.map((l) => l.line.right).sort((a, b) => a - b);
      margins.set(lines[0].page, { left: Math.min(...free.map((l) => l.line.left)), right: rights[Math.floor((rights.length - 1) * 0.8)] });
    }
    // A line opening with a heading or item number ("二、", "（三）", "3.", "第二十条") starts a new paragraph.
    const HEADING = /^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[.．、](?!\d)|第[一二三四五六七八九十\d]+[条章节部分])/;
    let prev: Line | null = null;
    let cur = '';
    const flush = () => { if (prev) out.push(cur); cur = ''; prev = null; };
    const origin = (page: number, b: Box): Origin => {
      const m = toUser[page];
      const [ax, ay] = apply(m, b.x0, b.y0), [bx, by] = apply(m, b.x1, b.y1);
      const r = (x: number) => Math.round(x * 100) / 100;
      return { kind: 'pdf', page, x: r(Math.min(ax, bx)), y: r(Math.min(ay, by)), w: r(Math.abs(bx - ax)), h: r(Math.abs(by - ay)) };
    };
    for (const lines of all) {
      for (const l of lines) {
        const mPrev = prev ? margins.get(prev.page) : undefined, mCur = margins.get(l.page);
        const joins = !!(prev && mPrev && mCur && prev.line.table < 0 && l.line.table < 0 && prev.cells.length === 1 && l.cells.length === 1
          && Math.abs(prev.line.size - l.line.size) < 0.5
          && mPrev.right - mPrev.left >= prev.line.size * 20 // a body-text column, not a page of short lines
          && prev.line.right >= mPrev.right - prev.line.size * 2.5
          && l.line.left <= mCur.left + l.line.size * 0.5
          && !HEADING.test(l.cells[0].text));
        if (!joins) flush();
        const lineNo = out.length;
        l.cells.forEach((c, k) => {
          if (k > 0) cur += '\t';
          const start = cur.length;
          cur += c.text;
          if (c.text && c.box) origins.push({ line: lineNo, start, end: cur.length, origin: origin(c.page, c.box) });
        });
        prev = l;
      }
    }
    flush();
    return { format: 'pdf', encoding: null, text: out.join('\n'), origins, warnings, meta: title ? { title } : undefined };
  } finally {
    void doc.destroy();
  }
}
