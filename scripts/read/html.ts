/**
 * HTML → SourceDoc with parse5 (a real HTML parser: Word-exported markup, `<o:p>`, unclosed tags and
 * implied <tbody> come out as a browser builds them).
 *
 * Tables: the grid is rebuilt from rowspan/colspan; each row is one line, each cell is emitted once, on
 * the row where it starts, in grid order (so a label cell is followed by its values; a rowspan group
 * label such as 三、本年度办理结果 appears only on its first row). A table that holds another table is
 * page layout: its cells are read as ordinary blocks. Element paths in `origins` are XPath-like, with
 * 1-based indexes among same-tag siblings (html, head, body and a lone tbody go without), e.g.
 * `html>body>div[2]>table[1]>tbody>tr[5]>td[3]`. Markup found inside a <script> string is parsed in
 * place; its paths continue below `script[n]>#js>`.
 */
import { parse, parseFragment, type DefaultTreeAdapterTypes as T } from 'parse5';
import type { SourceDoc } from '../template/record.ts';
import { markupFromJs } from './js-strings.ts';
import { cleanCell, cleanPara, emitBlocks, placeCells, type Block, type EmitCell } from './emit.ts';

type Node = T.ChildNode | T.Document | T.DocumentFragment;
type El = T.Element;

const SKIP = new Set(['head', 'style', 'noscript', 'svg', 'math', 'iframe', 'object', 'embed', 'select', 'option', 'input', 'button', 'nav', 'map', 'audio', 'video', 'canvas']);
const BLOCK = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'section', 'article', 'header', 'footer',
  'main', 'aside', 'blockquote', 'pre', 'address', 'center', 'form', 'fieldset', 'figure', 'figcaption', 'hr', 'table', 'tr', 'td', 'th',
  'caption', 'body', 'html', 'details', 'summary', 'legend']);
const NO_INDEX = new Set(['html', 'head', 'body']);
const MAX_JS_DEPTH = 3;
/** Element depth beyond which a subtree is read as inline text (keeps recursion far from the stack limit). */
const MAX_DEPTH = 400;

const isEl = (n: Node): n is El => 'tagName' in n;
const attr = (el: El, name: string) => el.attrs.find((a) => a.name === name)?.value;
const children = (n: Node): T.ChildNode[] => (n.nodeName === 'template' ? (n as T.Template).content.childNodes : 'childNodes' in n ? n.childNodes : []);

/** XPath-like element path from the document (or fragment) root. */
function elementPath(el: El, prefix: string): string {
  const parts: string[] = [];
  let cur: El | null = el;
  while (cur) {
    const parent: T.ParentNode | null = cur.parentNode;
    const tag = cur.tagName;
    let part = tag;
    if (!NO_INDEX.has(tag) && parent) {
      const same = parent.childNodes.filter((c): c is El => isEl(c) && c.tagName === tag);
      if (!(same.length === 1 && (tag === 'tbody' || tag === 'thead' || tag === 'tfoot'))) part = `${tag}[${same.indexOf(cur) + 1}]`;
    }
    parts.unshift(part);
    cur = parent && isEl(parent as Node) ? (parent as El) : null;
  }
  return prefix + parts.join('>');
}

interface Ctx { prefix: string; jsDepth: number; tableNo: { n: number }; warnings: string[] }

/**
 * Inline text of a subtree: block boundaries and <br> become spaces; scripts and chrome skipped.
 * Iterative (an explicit stack), so pathological nesting — thousands of unclosed <font>/<span> — cannot
 * overflow the call stack.
 */
function cellText(n: Node): string {
  let out = '';
  const stack: Array<Node | string> = [...children(n)].reverse();
  while (stack.length) {
    const x = stack.pop()!;
    if (typeof x === 'string') { out += x; continue; }
    if (x.nodeName === '#text') { out += (x as T.TextNode).value; continue; }
    if (!isEl(x)) continue;
    if (SKIP.has(x.tagName) || x.tagName === 'script') continue;
    if (x.tagName === 'br') { out += ' '; continue; }
    const block = BLOCK.has(x.tagName);
    if (block) { out += ' '; stack.push(' '); }
    const kids = children(x);
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]);
  }
  return out;
}

/**
 * Is this table page layout around other tables? Yes when it holds a nested table of 3+ rows (a real
 * table inside a box or a column), or when it holds any nested table and has at most 2 cells per row.
 * A small nested table inside a wide data table (a two-row header block in one cell) is not: its text
 * is read into that cell.
 */
function isLayoutTable(table: El, rows: El[]): boolean {
  let nested = false;
  const stack: Node[] = [...children(table)];
  while (stack.length) {
    const x = stack.pop()!;
    if (isEl(x) && x.tagName === 'table') {
      nested = true;
      if (tableRows(x).length >= 3) return true;
    }
    stack.push(...children(x));
  }
  if (!nested) return false;
  return rows.every((r) => children(r).filter((c) => isEl(c) && (c.tagName === 'td' || c.tagName === 'th')).length <= 2);
}

/** <tr>s of this table (not of nested tables), in order. */
function tableRows(table: El): El[] {
  const rows: El[] = [];
  for (const c of children(table)) {
    if (!isEl(c)) continue;
    if (c.tagName === 'tr') rows.push(c);
    else if (c.tagName === 'thead' || c.tagName === 'tbody' || c.tagName === 'tfoot') for (const r of children(c)) if (isEl(r) && r.tagName === 'tr') rows.push(r);
  }
  return rows;
}

function spanOf(el: El, name: string): number {
  const v = attr(el, name);
  if (v === undefined) return 1;
  const n = parseInt(v.trim(), 10);
  return Number.isFinite(n) && n >= 0 ? n : 1;
}

class Walker {
  blocks: Block[] = [];
  private line = '';
  private paraLines: string[] = [];

  constructor(private ctx: Ctx) {}

  private flushLine() {
    const t = cleanPara(this.line);
    if (t) this.paraLines.push(t);
    this.line = '';
  }
  flush() {
    this.flushLine();
    if (this.paraLines.length) this.blocks.push({ kind: 'para', lines: this.paraLines });
    this.paraLines = [];
  }

  walk(n: Node, ctx: Ctx = this.ctx, depth = 0) {
    if (n.nodeName === '#text') { this.line += (n as T.TextNode).value; return; }
    if (depth > MAX_DEPTH) { this.line += cellText(n); return; } // pathological nesting: read it as inline text
    if (!isEl(n)) { for (const c of children(n)) this.walk(c, ctx, depth + 1); return; }
    const tag = n.tagName;
    if (SKIP.has(tag)) return;
    if (tag === 'script' || tag === 'textarea') { this.embedded(n, ctx); return; }
    if (tag === 'br') { this.flushLine(); return; }
    if (tag === 'table') { this.flush(); this.table(n, ctx, depth); return; }
    const block = BLOCK.has(tag);
    if (block) this.flush();
    for (const c of children(n)) this.walk(c, ctx, depth + 1);
    if (block) this.flush();
  }

  /** Markup carried in a script's strings (document.write, var content = '…') or a textarea's text. */
  private embedded(el: El, ctx: Ctx) {
    if (ctx.jsDepth >= MAX_JS_DEPTH) return;
    const raw = children(el).map((c) => (c.nodeName === '#text' ? (c as T.TextNode).value : '')).join('');
    if (!raw.trim()) return;
    const type = (attr(el, 'type') ?? '').toLowerCase();
    const markup = el.tagName === 'textarea' || /template|html/.test(type)
      ? (/<\s*[a-z][^>]*>/i.test(raw) ? raw : null)
      : markupFromJs(raw);
    if (!markup) return;
    const frag = parseFragment(markup);
    const prefix = `${elementPath(el, ctx.prefix)}>#js>`;
    this.flush();
    for (const c of frag.childNodes) this.walk(c, { ...ctx, prefix, jsDepth: ctx.jsDepth + 1 });
    this.flush();
  }

  private table(table: El, ctx: Ctx, depth: number) {
    const tableNo = ++ctx.tableNo.n;
    const rows = tableRows(table);
    if (isLayoutTable(table, rows)) {
      // Page layout (or a box around the report): read every cell's content as blocks.
      for (const r of rows) for (const c of children(r)) if (isEl(c) && (c.tagName === 'td' || c.tagName === 'th')) { this.walk(c, ctx, depth + 1); this.flush(); }
      return;
    }
    const caption = children(table).find((c): c is El => isEl(c) && c.tagName === 'caption');
    if (caption) { const t = cleanPara(cellText(caption)); if (t) this.blocks.push({ kind: 'para', lines: [t] }); }
    const spec = rows.map((r) => children(r).filter((c): c is El => isEl(c) && (c.tagName === 'td' || c.tagName === 'th'))
      .map((td) => ({ cell: td, colspan: spanOf(td, 'colspan') || 1, rowspan: spanOf(td, 'rowspan') })));
    const placed = placeCells(spec);
    const out: EmitCell[][] = placed.map((row) => row.map((p) => ({
      text: cleanCell(cellText(p.cell)),
      origin: { kind: 'html' as const, path: elementPath(p.cell, ctx.prefix) },
      grid: { table: tableNo, row: p.row, col: p.col, rowspan: p.rowspan, colspan: p.colspan },
    })));
    this.blocks.push({ kind: 'table', rows: out });
  }
}

function metaOf(doc: T.Document): NonNullable<SourceDoc['meta']> {
  const metas = new Map<string, string>();
  let titleTag = '';
  let canonical = '';
  const stack: Node[] = [doc];
  while (stack.length) {
    const n = stack.pop()!;
    if (isEl(n)) {
      if (n.tagName === 'meta') {
        const key = (attr(n, 'name') ?? attr(n, 'property') ?? attr(n, 'itemprop') ?? '').toLowerCase();
        const content = attr(n, 'content');
        if (key && content !== undefined && !metas.has(key)) metas.set(key, content.trim());
      } else if (n.tagName === 'title' && !titleTag) titleTag = cleanPara(cellText(n));
      else if (n.tagName === 'link' && (attr(n, 'rel') ?? '').toLowerCase() === 'canonical') canonical = attr(n, 'href') ?? '';
      if (n.tagName === 'body') continue; // metadata lives in <head> (parse5 moves stray <meta> there too)
    }
    const kids = children(n);
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]);
  }
  const pick = (...keys: string[]) => keys.map((k) => metas.get(k)).find((v) => v);
  const meta: NonNullable<SourceDoc['meta']> = {};
  const title = pick('articletitle', 'og:title', 'dc.title', 'title') ?? titleTag;
  if (title) meta.title = title;
  const pub = pick('pubdate', 'publishdate', 'firstpublishedtime', 'article:published_time', 'og:release_date', 'dc.date', 'dcterms.issued', 'date');
  if (pub) {
    const m = pub.match(/(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/);
    meta.published = m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : pub;
  }
  const url = pick('url', 'og:url') ?? canonical;
  if (url) meta.url = url;
  return meta;
}

/** Charset a page declares in its first bytes (`<meta charset=…>` / http-equiv), for tie-breaking only. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1');
  if (!/<meta/i.test(head)) return null;
  const m = head.match(/<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i);
  return m ? m[1] : null;
}

/** HTML → blocks + metadata (shared with DOCX altChunk parts). `prefix` starts every element path. */
export function htmlBlocks(html: string, opts: { fromJs?: boolean; prefix?: string; warnings?: string[] } = {}): { blocks: Block[]; meta: NonNullable<SourceDoc['meta']> } {
  const doc = parse(html);
  const ctx: Ctx = { prefix: (opts.prefix ?? '') + (opts.fromJs ? '#js>' : ''), jsDepth: opts.fromJs ? 1 : 0, tableNo: { n: 0 }, warnings: opts.warnings ?? [] };
  const w = new Walker(ctx);
  w.walk(doc);
  w.flush();
  return { blocks: w.blocks, meta: metaOf(doc) };
}

/** Parse an HTML page (or, with fromJs, a script whose strings hold the markup) into a SourceDoc. */
export function readHtml(html: string, opts: { encoding: string | null; warnings?: string[]; fromJs?: boolean; name?: string }): SourceDoc {
  const warnings = [...(opts.warnings ?? [])];
  let source = html;
  if (opts.fromJs) {
    const m = markupFromJs(html);
    if (m) source = m;
    warnings.push(`${opts.name ?? 'file'}: report markup read from JavaScript string literals`);
  }
  const { blocks, meta } = htmlBlocks(source, { fromJs: opts.fromJs, warnings });
  const { text, origins } = emitBlocks(blocks);
  return { format: 'html', encoding: opts.encoding, text, origins, warnings, ...(Object.keys(meta).length ? { meta } : {}) };
}
