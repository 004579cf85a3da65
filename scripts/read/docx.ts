/**
 * DOCX → SourceDoc: the document's own paragraphs and tables from word/document.xml (jszip + xml.ts).
 *
 * Merged cells follow the HTML rules (emit.ts): a gridSpan cell is emitted once; a vMerge run is emitted
 * on its first row only (continuation cells emit nothing). Provenance is {kind:'docx', table, row, cell},
 * all 1-based: table = n-th table in document order (nested tables counted), row = n-th <w:tr>,
 * cell = n-th <w:tc> of that row. Tracked deletions, field instructions and AlternateContent
 * fallbacks are skipped so no text appears twice.
 */
import JSZip from 'jszip';
import { NotAReport, type SourceDoc } from '../template/record.ts';
import { cleanCell, cleanPara, emitBlocks, placeCells, type Block, type EmitCell } from './emit.ts';
import { child, elements, find, parseXml, textOf, type XmlEl } from './xml.ts';
import { declaredCharset, htmlBlocks } from './html.ts';
import { decodeBytes } from './decode.ts';
import { isMhtml, mhtmlHtmlPart } from './mhtml.ts';

/**
 * Most bytes any one part of a DOCX may inflate to. The extractor refuses text over MAX_TEXT_CHARS (1M characters);
 * Word's markup around that much text stays well under this, and a worker's heap must still hold the part as a string
 * and its parsed tree.
 */
export const MAX_PART_BYTES = 64 * 1024 * 1024;

/**
 * A part's bytes, inflated with a running count: past `cap` the inflation stops and the DOCX is refused. The sizes in
 * the zip's headers are not trusted (a header may state a small size for a part that inflates to gigabytes).
 */
function inflatePart(zip: JSZip, path: string, name: string, cap = MAX_PART_BYTES): Promise<Uint8Array | null> {
  const entry = zip.file(path);
  if (!entry) return Promise.resolve(null);
  // A zip bomb that states its size honestly is refused before anything is inflated.
  const declared = (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize;
  if (typeof declared === 'number' && declared > cap) return Promise.reject(new NotAReport(`${name}: ${path} inflates to ${declared} bytes (limit ${cap})`, 'too_large'));
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0, settled = false;
    // internalStream is jszip's public streaming API (its typings leave it out): chunks as they inflate
    const stream = (entry as unknown as { internalStream(t: 'uint8array'): JszipStream }).internalStream('uint8array');
    stream.on('data', (chunk: Uint8Array) => {
      if (settled) return;
      total += chunk.length;
      if (total > cap) {
        settled = true;
        stream.pause();
        chunks.length = 0;
        reject(new NotAReport(`${name}: ${path} inflates to more than ${cap} bytes (limit ${cap}; its header states ${declared ?? 'no'} bytes)`, 'too_large'));
        return;
      }
      chunks.push(chunk);
    });
    stream.on('error', (e: Error) => {
      if (settled) return;
      settled = true;
      reject(new NotAReport(`${name}: damaged DOCX, ${path} unreadable (${String(e?.message ?? e).split('\n')[0]})`, 'corrupt'));
    });
    stream.on('end', () => {
      if (settled) return;
      settled = true;
      const out = new Uint8Array(total);
      let at = 0;
      for (const c of chunks) { out.set(c, at); at += c.length; }
      resolve(out);
    });
    stream.resume();
  });
}

interface JszipStream {
  on(ev: 'data', f: (chunk: Uint8Array) => void): JszipStream;
  on(ev: 'error', f: (e: Error) => void): JszipStream;
  on(ev: 'end', f: () => void): JszipStream;
  pause(): JszipStream;
  resume(): JszipStream;
}

const utf8Text = (b: Uint8Array | null) => (b === null ? undefined : new TextDecoder('utf-8').decode(b));

/** Text of a run-level subtree: w:t, tabs and breaks; deletions and field codes skipped. */
function runText(el: XmlEl, brk: string): string {
  let out = '';
  for (const c of el.children) {
    if (typeof c === 'string') continue;
    switch (c.name) {
      case 'w:t': out += textOf(c); break;
      case 'w:tab': case 'w:ptab': out += ' '; break;
      case 'w:br': case 'w:cr': out += brk; break;
      case 'w:noBreakHyphen': out += '-'; break;
      case 'w:softHyphen': break;
      case 'w:sym': { const ch = c.attrs['w:char']; if (ch && /^[0-9a-fA-F]{4}$/.test(ch) && parseInt(ch, 16) < 0xf000) out += String.fromCharCode(parseInt(ch, 16)); break; }
      case 'w:del': case 'w:moveFrom': case 'w:delText': case 'w:instrText': case 'w:delInstrText': case 'w:rPr': case 'w:pPr': case 'w:fldData': break;
      case 'mc:AlternateContent': { const choice = child(c, 'mc:Choice') ?? child(c, 'mc:Fallback'); if (choice) out += runText(choice, brk); break; }
      case 'w:drawing': case 'w:pict': case 'w:object': {
        // text boxes hold text too (rarely the report); keep their paragraphs' text inline
        const box = find(c, 'w:txbxContent');
        if (box) out += ' ' + elements(box).filter((p) => p.name === 'w:p').map((p) => runText(p, ' ')).join(' ') + ' ';
        break;
      }
      default: out += runText(c, brk); // w:r, w:hyperlink, w:ins, w:smartTag, w:sdt(Content), w:fldSimple …
    }
  }
  return out;
}

interface Ctx { tableNo: number; blocks: Block[]; chunks: Map<string, Block[]> }

/** Children with content-control / custom-XML wrappers (w:sdt > w:sdtContent, w:customXml) unwrapped. */
function unwrapped(el: XmlEl): XmlEl[] {
  return elements(el).flatMap((c) => {
    if (c.name === 'w:sdt') { const content = child(c, 'w:sdtContent'); return content ? unwrapped(content) : []; }
    if (c.name === 'w:customXml') return unwrapped(c);
    return [c];
  });
}

/** Paragraphs of a cell in order, including those of a (small) nested table, which is read into the cell. */
function cellParagraphs(tc: XmlEl): XmlEl[] {
  return unwrapped(tc).flatMap((c) => (c.name === 'w:p' ? [c] : c.name === 'w:tbl' ? unwrapped(c).flatMap((r) => unwrapped(r).flatMap(cellParagraphs)) : []));
}

/** Layout around tables (same rule as html.ts): a nested table of 3+ rows, or any nested table in rows of ≤ 2 cells. */
function isLayoutTable(rows: XmlEl[]): boolean {
  let nested = false;
  const stack = [...rows];
  while (stack.length) {
    const e = stack.pop()!;
    if (e.name === 'w:tbl') {
      nested = true;
      if (unwrapped(e).filter((r) => r.name === 'w:tr').length >= 3) return true;
    }
    stack.push(...elements(e));
  }
  return nested && rows.every((r) => unwrapped(r).filter((c) => c.name === 'w:tc').length <= 2);
}

function bodyBlocks(container: XmlEl, ctx: Ctx) {
  for (const el of elements(container)) {
    if (el.name === 'w:p') {
      const lines = runText(el, '\n').split('\n').map(cleanPara).filter(Boolean);
      if (lines.length) ctx.blocks.push({ kind: 'para', lines });
    } else if (el.name === 'w:tbl') table(el, ctx);
    else if (el.name === 'w:sdt') { const c = child(el, 'w:sdtContent'); if (c) bodyBlocks(c, ctx); }
    else if (el.name === 'w:customXml' || el.name === 'w:ins') bodyBlocks(el, ctx);
    else if (el.name === 'w:altChunk') ctx.blocks.push(...(ctx.chunks.get(el.attrs['r:id']) ?? []));
  }
}

function table(tbl: XmlEl, ctx: Ctx) {
  const tableNo = ++ctx.tableNo;
  const rows = unwrapped(tbl).filter((r) => r.name === 'w:tr');
  if (isLayoutTable(rows)) {
    // a table holding tables is layout: read each cell as ordinary blocks
    for (const r of rows) for (const tc of unwrapped(r).filter((c) => c.name === 'w:tc')) bodyBlocks(tc, ctx);
    return;
  }
  // Rows with their cells; vMerge continuation cells are placed (they hold their grid slot) but not emitted.
  type Spec = { tc: XmlEl; index: number; vCont: boolean; vRestart: boolean };
  const specRows = rows.map((tr) => {
    const trPr = child(tr, 'w:trPr');
    const before = Number(child(trPr ?? { name: '', attrs: {}, children: [] }, 'w:gridBefore')?.attrs['w:val'] ?? 0) || 0;
    return unwrapped(tr).filter((c) => c.name === 'w:tc').map((tc, k) => {
      const pr = child(tc, 'w:tcPr');
      const span = Number(pr && child(pr, 'w:gridSpan')?.attrs['w:val']) || 1;
      const vm = pr && child(pr, 'w:vMerge');
      const hm = pr && child(pr, 'w:hMerge'); // legacy horizontal merge: continuation cells are empty
      const vCont = !!vm && vm.attrs['w:val'] !== 'restart';
      return { cell: { tc, index: k, vCont: vCont || (!!hm && hm.attrs['w:val'] !== 'restart'), vRestart: vm?.attrs['w:val'] === 'restart' } as Spec, colspan: span, rowspan: 1, skipBefore: k === 0 ? before : 0 };
    });
  });
  const placed = placeCells(specRows);
  // rowspan of a vMerge restart: count the continuation cells below it in the same grid column
  const contAt = new Set<string>();
  placed.forEach((row, r) => row.forEach((p) => { if (p.cell.vCont) contAt.add(`${r}:${p.col}`); }));
  const out: EmitCell[][] = placed.map((row, r) => row.filter((p) => !p.cell.vCont).map((p) => {
    let rowspan = 1;
    if (p.cell.vRestart) while (contAt.has(`${r + rowspan}:${p.col}`)) rowspan++;
    const text = cellParagraphs(p.cell.tc).map((c) => runText(c, ' ')).join(' ');
    return {
      text: cleanCell(text),
      origin: { kind: 'docx' as const, table: tableNo, row: r + 1, cell: p.cell.index + 1 },
      grid: { table: tableNo, row: r, col: p.col, rowspan, colspan: p.colspan },
    };
  }));
  ctx.blocks.push({ kind: 'table', rows: out });
}

async function props(zip: JSZip, name: string): Promise<NonNullable<SourceDoc['meta']>> {
  const meta: NonNullable<SourceDoc['meta']> = {};
  const core = utf8Text(await inflatePart(zip, 'docProps/core.xml', name));
  if (core) {
    const t = find(parseXml(core), 'dc:title');
    const title = t ? cleanPara(textOf(t)) : '';
    if (title) meta.title = title;
  }
  // Custom properties: pages converted from the CMS keep its metadata (ArticleTitle, PubDate, Url) here.
  const custom = utf8Text(await inflatePart(zip, 'docProps/custom.xml', name));
  if (custom) {
    const byName = new Map<string, string>();
    for (const p of elements(find(parseXml(custom), 'Properties') ?? { name: '', attrs: {}, children: [] })) {
      if (p.attrs.name) byName.set(p.attrs.name.toLowerCase(), cleanPara(textOf(p)));
    }
    const title = byName.get('articletitle');
    if (title) meta.title = title;
    const pub = byName.get('pubdate') ?? byName.get('publishdate');
    const m = pub?.match(/(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/);
    if (m) meta.published = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
    const url = byName.get('url');
    if (url) meta.url = url;
  }
  // core dcterms:created/modified are the file's dates, not the report's publication date: not used.
  return meta;
}

/**
 * <w:altChunk r:id> parts: whole documents (HTML, MHTML, plain text) that Word would import on open —
 * some "export to Word" tools put the entire report in one. Read as HTML; paths start `altChunk(part)>`.
 */
async function altChunks(zip: JSZip, root: XmlEl, name: string, warnings: string[]): Promise<Map<string, Block[]>> {
  const out = new Map<string, Block[]>();
  const ids: string[] = [];
  const stack = [root];
  while (stack.length) { const e = stack.pop()!; if (e.name === 'w:altChunk' && e.attrs['r:id']) ids.push(e.attrs['r:id']); stack.push(...elements(e)); }
  if (!ids.length) return out;
  const relsXml = utf8Text(await inflatePart(zip, 'word/_rels/document.xml.rels', name));
  const targets = new Map<string, string>();
  if (relsXml) for (const r of elements(find(parseXml(relsXml), 'Relationships') ?? { name: '', attrs: {}, children: [] })) targets.set(r.attrs.Id, r.attrs.Target);
  for (const id of ids) {
    const target = targets.get(id);
    const path = target ? (target.startsWith('/') ? target.slice(1) : `word/${target}`) : null;
    const part = path ? await inflatePart(zip, path, name) : null;
    if (!part || !path) { warnings.push(`${name}: altChunk ${id} has no part; skipped`); continue; }
    let bytes = part;
    let declared: string | null = null;
    if (isMhtml(bytes)) { const p = mhtmlHtmlPart(bytes); if (p) { bytes = p.bytes; declared = p.charset; } }
    const decoded = decodeBytes(bytes, `${name}:${path}`, declared ?? declaredCharset(bytes));
    warnings.push(...decoded.warnings, `${name}: content of ${path} (altChunk) read as HTML`);
    const text = decoded.text.replace(/^\uFEFF/, '');
    const html = /<[a-z!]/i.test(text.slice(0, 2000)) ? text : `<pre>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</pre>`;
    out.set(id, htmlBlocks(html, { prefix: `altChunk(${path})>` }).blocks);
  }
  return out;
}

export async function readDocx(bytes: Uint8Array, name: string): Promise<SourceDoc> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (e) {
    throw new NotAReport(`${name}: damaged DOCX (${(e as Error).message.split('\n')[0]})`, 'corrupt');
  }
  if (!zip.file('word/document.xml')) throw new NotAReport(`${name}: ZIP without word/document.xml (not a DOCX)`, 'unsupported');
  const xml = utf8Text(await inflatePart(zip, 'word/document.xml', name))!;
  let root: XmlEl;
  try { root = parseXml(xml); } catch (e) { throw new NotAReport(`${name}: damaged DOCX, word/document.xml is not XML (${(e as Error).message})`, 'corrupt'); }
  const body = find(root, 'w:body');
  if (!body) throw new NotAReport(`${name}: DOCX without a document body`, 'corrupt');
  const warnings: string[] = [];
  const chunks = await altChunks(zip, root, name, warnings);
  const ctx: Ctx = { tableNo: 0, blocks: [], chunks };
  bodyBlocks(body, ctx);
  const { text, origins } = emitBlocks(ctx.blocks);
  if (!text.trim()) throw new NotAReport(`${name}: DOCX without any text`, 'empty');
  const meta = await props(zip, name);
  return { format: 'docx', encoding: null, text, origins, warnings, ...(Object.keys(meta).length ? { meta } : {}) };
}
