/**
 * PDF → SourceDoc. Two engines give the same thing — positioned text runs and ruling lines per page, in
 * display space — and pdf-grid.ts turns that into rows and cells; this module picks the engine, applies the
 * limits, and says why a PDF cannot be read.
 *
 * Engines: PDFium (WebAssembly, pdf-pdfium.ts) reads every file it can open; pdf.js (pdf-pdfjs.ts) is the
 * fallback for what PDFium cannot open or fails on, chosen per file, and the record's warnings say so and why.
 *
 * Limits (a malicious or broken PDF must not hang the build):
 * - at most MAX_PAGES pages are read; a longer PDF says how many of how many pages were read;
 * - the whole read stops after MAX_MS of wall time (NotAReport 'timeout'), checked between steps. PDFium works
 *   synchronously, a page at a time, so one pathological page can overrun it; readSource caps the file at 64 MB;
 * - a page stops after MAX_ITEMS_PER_PAGE text runs (warning); at most MAX_OPS_PER_PAGE drawing operators
 *   (path segments for PDFium) per page are looked at for ruling lines;
 * - pages without text are not looked at for drawings at all (a scanned page's image is never decoded).
 */
import { NotAReport, type Origin, type SourceDoc } from '../template/record.ts';
import { isPageNumber, layoutPage, type Box, type GridLine } from './pdf-grid.ts';
import { PdfOpenError, apply, fixChars, invert, type Matrix, type PdfEngineDoc, type PdfEngineName } from './pdf-geometry.ts';
import { PdfiumDoc, resetPdfium } from './pdf-pdfium.ts';
import { PdfJsDoc } from './pdf-pdfjs.ts';

export { MAX_IMAGE_PIXELS } from './pdf-pdfjs.ts';
export const MAX_PAGES = 200;
export const MAX_MS = 60_000;
export const MAX_ITEMS_PER_PAGE = 50_000;
export const MAX_OPS_PER_PAGE = 500_000;

/** Overridable in tests (a real report never comes near them); `engine` forces one engine (tests, bench). */
export interface PdfLimits { maxPages: number; maxMs: number; maxItemsPerPage: number; engine?: PdfEngineName }
const DEFAULT_LIMITS: PdfLimits = { maxPages: MAX_PAGES, maxMs: MAX_MS, maxItemsPerPage: MAX_ITEMS_PER_PAGE };
/** Fewer non-space characters than this on average per page (and in total) = no text layer. */
const SCANNED_CHARS_PER_PAGE = 10;

class Deadline {
  private readonly end: number;
  constructor(private readonly ms: number, private readonly name: string) { this.end = Date.now() + ms; }
  private expired(what: string, onTimeout: () => void): NotAReport {
    onTimeout();
    return new NotAReport(`${this.name}: PDF took longer than ${this.ms / 1000} s to read (stopped at ${what})`, 'timeout');
  }
  async run<T>(p: Promise<T>, what: string, onTimeout: () => void): Promise<T> {
    // Checked before and after as well: a step that settles in microtasks (or synchronously) never lets the timer run.
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

/** Characters a font without a Unicode map leaves behind: private-use code points, U+FFFD, C0/C1 controls. */
export function unmappedChars(s: string): number {
  let n = 0;
  // By code point (a supplementary one is two code units), without an iterator: this runs over every text run.
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i)!;
    if (c > 0xffff) i++;
    if ((c >= 0xe000 && c <= 0xf8ff) || c >= 0xf0000 || c === 0xfffd || (c < 0x20 && c !== 9 && c !== 10 && c !== 13) || (c >= 0x7f && c <= 0x9f)) n++;
  }
  return n;
}
const WHITESPACE = /\s/;

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

type Line = { cells: { text: string; page: number; box: Box | null }[]; line: GridLine; page: number; pageH: number };
interface Pages { all: Line[][]; toUser: Matrix[]; chars: number; garbage: number; textless: number[]; warnings: string[]; title?: string }

/** Reads pages 1…maxPages of an open document into lines (any error but NotAReport is the engine's failure). */
async function readPages(doc: PdfEngineDoc, name: string, lim: PdfLimits, deadline: Deadline, stop: () => void): Promise<Pages> {
  const warnings: string[] = [];
  const pages = Math.min(doc.numPages, lim.maxPages);
  if (doc.numPages > lim.maxPages) warnings.push(`${name}: read only the first ${lim.maxPages} of ${doc.numPages} pages`);
  let title: string | undefined;
  try {
    const t = await deadline.run(doc.title(), 'metadata', stop);
    // Word's PDF export often titles the file "Microsoft Word - 报告.docx": keep the document's own name.
    const clean = t ? fixChars(t).replace(/^\s*Microsoft (?:Word|Office Word)\s*-\s*/i, '').replace(/\.(?:docx?|wps|pdf)\s*$/i, '').trim() : '';
    if (clean) title = clean;
  } catch (e) { if (e instanceof NotAReport) throw e; }

  const all: Line[][] = [];
  const toUser: Matrix[] = [];
  let chars = 0, garbage = 0;
  const textless: number[] = [];
  for (let p = 1; p <= pages; p++) {
    const what = `page ${p}`;
    const text = await deadline.run(doc.text(p, lim.maxItemsPerPage), what, stop);
    toUser[p] = invert(text.view);
    for (const it of text.items) {
      chars += WHITESPACE.test(it.str) ? it.str.replace(/\s/g, '').length : it.str.length;
      garbage += unmappedChars(it.str);
    }
    if (text.cut) warnings.push(`${name}: page ${p} has more than ${lim.maxItemsPerPage} text items; read the first ${lim.maxItemsPerPage}`);
    // A page without text needs no ruling lines (and a scanned page's image is not worth decoding).
    if (!text.items.length) { textless.push(p); all.push([]); doc.release(p); continue; }
    const { h, v } = await deadline.run(doc.rules(p), what, stop);
    const lines = layoutPage(text.items, h, v).filter((l) => !isPageNumber(l, text.height));
    all.push(lines.map((l) => ({ line: l, page: p, pageH: text.height, cells: l.cells.map((c) => ({ text: c.text.trim(), page: p, box: c.box })) })));
    doc.release(p);
  }
  return { all, toUser, chars, garbage, textless, warnings, title };
}

// readPdf's helpers live out here: tsx (keepNames) would otherwise redefine each closure's name on every call.
const key = (l: Line) => l.cells.map((c) => c.text).join('\t');
const hasValue = (l: Line) => l.cells.some((c) => /^[+\-]?\d[\d,.]*$/.test(c.text.trim()));
const LIST_MARK = /^[（(]?[一二三四五六七八九十\d]{1,2}[)）.．、]/;
/** A row split by a page break: its continuation has no values and fills only cells the row has. */
const canContinue = (a: Line, b: Line) => a.cells.length === b.cells.length && !hasValue(b)
  && b.cells.every((c, j) => !c.text || (a.cells[j].text !== '' && !LIST_MARK.test(c.text)));
/** Running headers/footers (free text in the top 8 % / bottom 12 % of a page) do not interrupt a table. */
const inMargin = (l: Line) => l.line.table < 0 && (l.line.top < l.pageH * 0.08 || l.line.top > l.pageH * 0.88);
/** A line opening with a heading or item number ("二、", "（三）", "3.", "第二十条") starts a new paragraph. */
const HEADING = /^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[.．、](?!\d)|第[一二三四五六七八九十\d]+[条章节部分])/;
const round2 = (x: number) => Math.round(x * 100) / 100;
/** A cell's display-space box → its origin in the page's user space (`m`: display → user). */
function origin(m: Matrix, page: number, b: Box): Origin {
  const [ax, ay] = apply(m, b.x0, b.y0), [bx, by] = apply(m, b.x1, b.y1);
  return { kind: 'pdf', page, x: round2(Math.min(ax, bx)), y: round2(Math.min(ay, by)), w: round2(Math.abs(bx - ax)), h: round2(Math.abs(by - ay)) };
}

const encrypted = (name: string) => new NotAReport(`${name}: encrypted PDF (needs a password to open) — cannot be read`, 'unsupported');

/** Opens and reads with PDFium, falling back to pdf.js (with the reason) when PDFium cannot open or read the file. */
async function readWithEngines(bytes: Uint8Array, name: string, lim: PdfLimits, deadline: Deadline): Promise<Pages & { reader: PdfEngineName }> {
  let fallback: string | null = null;
  if (lim.engine !== 'pdfjs') {
    let doc: PdfiumDoc | null = null;
    try {
      doc = await deadline.run(PdfiumDoc.open(bytes, MAX_OPS_PER_PAGE), 'opening', () => {});
      return { ...(await readPages(doc, name, lim, deadline, () => {})), reader: 'pdfium' };
    } catch (e) {
      if (e instanceof NotAReport) throw e;
      if (e instanceof PdfOpenError && e.password) throw encrypted(name);
      // A trap inside the WebAssembly module (memory access out of bounds, unreachable) leaves it unusable.
      if (e instanceof WebAssembly.RuntimeError) { doc = null; resetPdfium(); }
      if (lim.engine === 'pdfium') throw new NotAReport(`${name}: corrupt PDF (${firstLine(e)})`, 'corrupt');
      fallback = firstLine(e);
    } finally {
      try { doc?.close(); } catch { /* already failed */ }
    }
  }
  let stopTask = () => {};
  const stop = () => stopTask();
  let doc: PdfJsDoc;
  try {
    doc = await deadline.run(PdfJsDoc.open(bytes, MAX_OPS_PER_PAGE, (s) => { stopTask = s; }), 'opening', stop);
  } catch (e) {
    if (e instanceof NotAReport) throw e;
    if (e instanceof PdfOpenError && e.password) throw encrypted(name);
    throw new NotAReport(`${name}: corrupt PDF (${fallback ? `${fallback}; ` : ''}${firstLine(e)})`, 'corrupt');
  }
  try {
    const r = await readPages(doc, name, lim, deadline, () => doc.close());
    if (fallback) r.warnings.unshift(`${name}: read with pdf.js because PDFium could not read it (${fallback})`);
    return { ...r, reader: 'pdfjs' };
  } catch (e) {
    if (e instanceof NotAReport) throw e;
    throw new NotAReport(`${name}: corrupt PDF (${firstLine(e)})`, 'corrupt');
  } finally {
    doc.close();
  }
}

export async function readPdf(bytes: Uint8Array, name: string, limits: Partial<PdfLimits> = {}): Promise<SourceDoc> {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  if (bytes.length === 0) throw new NotAReport(`${name}: empty file (0 bytes)`, 'empty');
  // A download cut short loses its trailer; an engine would rebuild what it can and quietly drop the rest.
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 1024)));
  if (!tail.includes('%%EOF')) throw new NotAReport(`${name}: corrupt PDF (truncated: no %%EOF marker at the end)`, 'corrupt');

  const deadline = new Deadline(lim.maxMs, name);
  const { all, toUser, chars, garbage, textless, warnings, title } = await readWithEngines(bytes, name, lim, deadline);
  const pages = all.length;
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
  let prev: Line | null = null;
  let cur = '';
  const flush = () => { if (prev) out.push(cur); cur = ''; prev = null; };
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
        if (c.text && c.box) origins.push({ line: lineNo, start, end: cur.length, origin: origin(toUser[c.page], c.page, c.box) });
      });
      prev = l;
    }
  }
  flush();
  return { format: 'pdf', encoding: null, text: out.join('\n'), origins, warnings, meta: title ? { title } : undefined };
}
