/**
 * Positioned text + ruling lines of one PDF page → lines of TAB-separated cells (pure geometry, no pdf.js).
 *
 * Coordinates here are *display* space: origin top-left, y grows downwards, 1 unit = 1 pt (the page's
 * viewport at scale 1, so rotated pages read upright). pdf.ts converts back to PDF user space for origins.
 *
 * Two ways to find cells:
 * - Ruled tables (cell borders drawn as lines or thin rectangles — Word, WPS and LibreOffice exports): the
 *   horizontal rules cut the table into bands; a text item belongs to the band where its cell's top border is
 *   (so a row-spanning label such as 三、本年度办理结果 lands in the first row it spans, as in the HTML/TXT
 *   copies), and to the column slot between the vertical rules crossing that band. One band = one output
 *   line; an empty slot is an empty cell; the lines of a wrapped label are joined inside their cell.
 * - Everything else (paragraphs, borderless tables): items on the same baseline form a line; a horizontal gap
 *   wider than ~1 character starts a new cell.
 */

export interface Item {
  str: string;
  /** Left/right edge and baseline, display space. */
  x0: number;
  x1: number;
  base: number;
  /** Font size (em height) in display units. */
  size: number;
}

export interface HRule { y: number; x0: number; x1: number }
export interface VRule { x: number; y0: number; y1: number }

export interface Box { x0: number; y0: number; x1: number; y1: number }

/** One output cell: its text and the display-space box of the items it was built from. */
export interface GridCell { text: string; box: Box | null }

export interface GridLine {
  cells: GridCell[];
  /** Top of the line / band (for ordering) and its left/right text extent (for paragraph joining). */
  top: number;
  left: number;
  right: number;
  size: number;
  /** Index of the ruled table it came from on this page, or -1 for free text. */
  table: number;
}

const top = (it: Item) => it.base - it.size * 0.85;
const bottom = (it: Item) => it.base + it.size * 0.2;
const midY = (it: Item) => it.base - it.size * 0.35;
const midX = (it: Item) => (it.x0 + it.x1) / 2;

const isCjk = (ch: string) => /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/.test(ch);

function union(a: Box | null, it: Item): Box {
  const b = { x0: it.x0, y0: top(it), x1: it.x1, y1: bottom(it) };
  if (!a) return b;
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
}

/** Joins two text pieces: nothing between CJK characters, one space between Latin words or where there is a visible gap. */
function joinText(a: string, b: string, gap: boolean): string {
  if (!a) return b;
  if (!b) return a;
  const l = a[a.length - 1], r = b[0];
  if (l === ' ' || r === ' ') return a + b;
  if (isCjk(l) || isCjk(r)) return a + b;
  return gap ? a + ' ' + b : a + b;
}

/** Clusters items into visual lines (vertical overlap of at least half the smaller glyph height). */
export function toLines(items: Item[]): Item[][] {
  const sorted = [...items].sort((a, b) => midY(a) - midY(b) || a.x0 - b.x0);
  const lines: { items: Item[]; top: number; bottom: number }[] = [];
  for (const it of sorted) {
    const t = top(it), b = bottom(it);
    // Only the last few lines can overlap an item further down the sorted order.
    let placed = false;
    for (let i = lines.length - 1; i >= 0 && i >= lines.length - 3; i--) {
      const ln = lines[i];
      const overlap = Math.min(b, ln.bottom) - Math.max(t, ln.top);
      const minH = Math.min(b - t, ln.bottom - ln.top);
      if (overlap >= minH * 0.5) {
        ln.items.push(it); ln.top = Math.min(ln.top, t); ln.bottom = Math.max(ln.bottom, b);
        placed = true; break;
      }
    }
    if (!placed) lines.push({ items: [it], top: t, bottom: b });
  }
  for (const ln of lines) ln.items.sort((a, b) => a.x0 - b.x0);
  return lines.map((l) => l.items);
}

/** Items of one visual line → cells split at gaps wider than ~1 character. */
function splitCells(line: Item[]): GridCell[] {
  const cells: GridCell[] = [];
  let text = '', box: Box | null = null, prev: Item | null = null;
  for (const it of line) {
    if (prev) {
      const gap = it.x0 - prev.x1;
      const em = Math.max(prev.size, it.size);
      if (gap > em * 1.0) {
        cells.push({ text, box }); text = ''; box = null;
      } else {
        text = joinText(text, it.str, gap > em * 0.2);
        box = union(box, it); prev = it; continue;
      }
    }
    text = joinText(text, it.str, false);
    box = union(box, it);
    prev = it;
  }
  if (text || box) cells.push({ text, box });
  return cells;
}

/** Text of the items in one ruled cell: its visual lines, top to bottom, joined. */
function cellText(items: Item[]): GridCell {
  let text = '', box: Box | null = null;
  for (const line of toLines(items)) {
    for (const c of splitCells(line)) {
      text = joinText(text, c.text, true);
      if (c.box) box = box ? { x0: Math.min(box.x0, c.box.x0), y0: Math.min(box.y0, c.box.y0), x1: Math.max(box.x1, c.box.x1), y1: Math.max(box.y1, c.box.y1) } : c.box;
    }
  }
  return { text, box };
}

/** Merges rules that are the same line drawn in pieces (per-cell borders, dashes up to `gap` apart) or doubled (0.5 pt apart). */
export function mergeH(rules: HRule[], tol = 1.5, gap = 5): HRule[] {
  const sorted = [...rules].sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const out: HRule[] = [];
  for (const r of sorted) {
    const m = out.find((o) => Math.abs(o.y - r.y) <= tol && r.x0 <= o.x1 + gap && r.x1 >= o.x0 - gap);
    if (m) { m.x0 = Math.min(m.x0, r.x0); m.x1 = Math.max(m.x1, r.x1); } else out.push({ ...r });
  }
  return out;
}

export function mergeV(rules: VRule[], tol = 1.5, gap = 5): VRule[] {
  const sorted = [...rules].sort((a, b) => a.x - b.x || a.y0 - b.y0);
  const out: VRule[] = [];
  for (const r of sorted) {
    const m = out.find((o) => Math.abs(o.x - r.x) <= tol && r.y0 <= o.y1 + gap && r.y1 >= o.y0 - gap);
    if (m) { m.y0 = Math.min(m.y0, r.y0); m.y1 = Math.max(m.y1, r.y1); } else out.push({ ...r });
  }
  return out;
}

interface Table { h: HRule[]; v: VRule[]; box: Box }

/** Groups crossing/touching rules into tables; a table needs ≥2 horizontal and ≥2 vertical rules. */
export function findTables(hr: HRule[], vr: VRule[]): Table[] {
  const n = hr.length + vr.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const T = 2.5;
  for (let i = 0; i < hr.length; i++) {
    for (let j = 0; j < vr.length; j++) {
      const h = hr[i], v = vr[j];
      if (v.x >= h.x0 - T && v.x <= h.x1 + T && h.y >= v.y0 - T && h.y <= v.y1 + T) parent[find(i)] = find(hr.length + j);
    }
  }
  const groups = new Map<number, Table>();
  for (let i = 0; i < n; i++) {
    const g = find(i);
    let t = groups.get(g);
    if (!t) { t = { h: [], v: [], box: { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity } }; groups.set(g, t); }
    if (i < hr.length) {
      const h = hr[i]; t.h.push(h);
      t.box = { x0: Math.min(t.box.x0, h.x0), x1: Math.max(t.box.x1, h.x1), y0: Math.min(t.box.y0, h.y), y1: Math.max(t.box.y1, h.y) };
    } else {
      const v = vr[i - hr.length]; t.v.push(v);
      t.box = { x0: Math.min(t.box.x0, v.x), x1: Math.max(t.box.x1, v.x), y0: Math.min(t.box.y0, v.y0), y1: Math.max(t.box.y1, v.y1) };
    }
  }
  // A plain rectangle (page frame, bordered note) is not a table: its text stays free text.
  return [...groups.values()]
    .filter((t) => t.h.length >= 2 && t.v.length >= 2 && (uniqueSorted(t.h.map((h) => h.y)).length >= 3 || uniqueSorted(t.v.map((v) => v.x)).length >= 3))
    .sort((a, b) => a.box.y0 - b.box.y0);
}

function uniqueSorted(xs: number[], tol = 2): number[] {
  const out: number[] = [];
  for (const x of [...xs].sort((a, b) => a - b)) if (!out.length || x - out[out.length - 1] > tol) out.push(x);
  return out;
}

/** A ruled table's items → one line per band (row), cells by column slot. */
function tableLines(t: Table, items: Item[], index: number): GridLine[] {
  // The table's outer edges count as rules even where a border is not drawn (open-sided tables).
  const ys = uniqueSorted([t.box.y0, ...t.h.map((h) => h.y), t.box.y1]);
  const bands = new Map<number, Item[]>();
  // Rules from the bottom of the page up, for finding the lowest rule above an item without visiting every rule
  // per item (a table has hundreds of items and dozens of rules). A NaN position can never qualify.
  const hs = t.h.filter((h) => h.y === h.y).sort((a, c) => c.y - a.y);
  const bandOfTop = new Map<number, number>(); // cell top → band: the items of a row share their top
  for (const it of items) {
    const cx = midX(it), cy = midY(it);
    // The cell's top border: the nearest horizontal rule above the item that runs over it.
    let cellTop = -Infinity;
    let lo = 0, hi = hs.length; // first rule at or above cy + 0.5
    while (lo < hi) { const m = (lo + hi) >> 1; if (hs[m].y <= cy + 0.5) hi = m; else lo = m + 1; }
    for (let j = lo; j < hs.length; j++) { const h = hs[j]; if (cx >= h.x0 - 1 && cx <= h.x1 + 1) { cellTop = h.y; break; } }
    let b = 0;
    if (cellTop === -Infinity) { while (b < ys.length - 2 && ys[b + 1] <= cy) b++; }
    else {
      const known = bandOfTop.get(cellTop);
      if (known !== undefined) b = known;
      else {
        let best = Infinity;
        for (let k = 0; k < ys.length; k++) { const dy = Math.abs(ys[k] - cellTop); if (dy < best) { best = dy; b = k; } }
        bandOfTop.set(cellTop, b);
      }
    }
    let list = bands.get(b);
    if (!list) bands.set(b, (list = []));
    list.push(it);
  }
  const out: GridLine[] = [];
  for (const [b, its] of [...bands.entries()].sort((a, c) => a[0] - c[0])) {
    const y0 = ys[b], y1 = ys[b + 1] ?? y0 + 1;
    const mid = (y0 + y1) / 2;
    const xs = uniqueSorted([t.box.x0, ...t.v.filter((v) => v.y0 <= mid && v.y1 >= mid).map((v) => v.x), t.box.x1]);
    let cells: GridCell[];
    if (xs.length >= 2) {
      const slots: Item[][] = Array.from({ length: xs.length - 1 }, () => []);
      for (const it of its) {
        const cx = midX(it);
        let s = 0;
        while (s < xs.length - 2 && cx > xs[s + 1]) s++;
        slots[s].push(it);
      }
      cells = slots.map((s) => (s.length ? cellText(s) : { text: '', box: null }));
    } else {
      cells = toLines(its).flatMap(splitCells);
    }
    const boxes = its.map((it) => it);
    out.push({
      cells, top: y0, table: index,
      left: Math.min(...boxes.map((i) => i.x0)), right: Math.max(...boxes.map((i) => i.x1)),
      size: Math.max(...boxes.map((i) => i.size)),
    });
  }
  return out;
}

/** One page's items and rules → its lines in reading order (top to bottom). */
export function layoutPage(items: Item[], hRules: HRule[], vRules: VRule[]): GridLine[] {
  const tables = findTables(mergeH(hRules), mergeV(vRules));
  const inTable: Item[][] = tables.map(() => []);
  const free: Item[] = [];
  const areas = tables.map((t) => (t.box.x1 - t.box.x0) * (t.box.y1 - t.box.y0));
  for (const it of items) {
    const cx = midX(it), cy = midY(it);
    // The innermost table containing the item (a table can sit inside a ruled frame that is itself a grid).
    let k = -1, area = Infinity;
    for (let j = 0; j < tables.length; j++) {
      const box = tables[j].box;
      if (cx >= box.x0 - 1 && cx <= box.x1 + 1 && cy >= box.y0 - 1 && cy <= box.y1 + 1 && areas[j] < area) { k = j; area = areas[j]; }
    }
    if (k >= 0) inTable[k].push(it); else free.push(it);
  }
  const lines: GridLine[] = [];
  tables.forEach((t, k) => { if (inTable[k].length) lines.push(...tableLines(t, inTable[k], k)); });
  for (const ln of toLines(free)) {
    lines.push({
      cells: splitCells(ln), top: Math.min(...ln.map(top)), table: -1,
      left: ln[0].x0, right: Math.max(...ln.map((i) => i.x1)), size: Math.max(...ln.map((i) => i.size)),
    });
  }
  return lines.sort((a, b) => a.top - b.top);
}

/**
 * Page-number lines printed as footers/headers. Dashed ("-3-", "— 3 —") and 第…页 forms count anywhere outside a
 * table; a bare "3" or "3/8" only in the top/bottom margin and only as a one-cell line (never "-3", which can be a value).
 */
const PAGE_ANYWHERE = [
  /^[-—–－―~·•]+\s*\d{1,4}\s*[-—–－―~·•]+$/,
  /^第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?$/,
  /^共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页$/,
  /^page\s*\d{1,4}(?:\s*of\s*\d{1,4})?$/i,
];
const PAGE_IN_MARGIN = /^\d{1,4}(?:\s*[/／]\s*\d{1,4})?$/;

/** True for a free-text line that is only a page number. */
export function isPageNumber(line: GridLine, pageHeight: number): boolean {
  if (line.table >= 0) return false;
  const text = line.cells.map((c) => c.text).join(' ').trim();
  if (PAGE_ANYWHERE.some((re) => re.test(text))) return true;
  if (line.cells.length > 1 || !PAGE_IN_MARGIN.test(text)) return false; // "0 ⇥ 0 ⇥ 0" is a row of values
  return line.top > pageHeight * 0.88 || line.top < pageHeight * 0.08;
}
