/**
 * RTF → SourceDoc. Chinese sites publish RTF under .doc names (WPS and report generators write it), so it
 * is read as a Word document: format 'doc', origins {kind:'doc', note:'RTF table t, row r, cell c'}.
 *
 * Text: \uN (with \ucN fallback skipping), \'hh bytes in the document or font code page (\ansicpg936,
 * \fcharset134 → GBK, 136 → Big5), symbols (\~, \emdash, \ldblquote …). Skipped: \* destinations, font/colour/
 * style tables, pictures, objects, headers/footers, field instructions (field results are kept).
 * Tables: \cell/\row with the row definition in force at \row (\trowd … \cellxN, \clmgf/\clmrg,
 * \clvmgf/\clvmrg): merged continuation cells are not emitted (as HTML/DOCX); grid columns come from the
 * table's \cellx boundaries. Nested tables (\nestcell, \nestrow) are flattened into their outer cell.
 */
import iconv from 'iconv-lite';
import { NotAReport, type SourceDoc } from '../template/record.ts';
import { cleanCell, cleanPara, emitBlocks, type Block, type EmitCell } from './emit.ts';

const SKIP_DEST = new Set(['fonttbl', 'colortbl', 'stylesheet', 'pict', 'object', 'header', 'headerl', 'headerr', 'headerf', 'footer', 'footerl',
  'footerr', 'footerf', 'fldinst', 'listtable', 'listoverridetable', 'rsidtbl', 'generator', 'xmlnstbl', 'themedata', 'colorschememapping',
  'datastore', 'latentstyles', 'pgdsctbl', 'shp', 'shpinst', 'nonshppict', 'footnote', 'annotation', 'atnid', 'atnauthor', 'revtbl',
  'filetbl', 'bkmkstart', 'bkmkend', 'mmathPr', 'operator', 'author', 'company', 'subject', 'keywords', 'comment', 'doccomm', 'creatim',
  'revtim', 'printim', 'buptim', 'hlinkbase', 'userprops', 'txe', 'xe', 'tc', 'sp', 'sv', 'private']);
const SYMBOL: Record<string, string> = {
  emdash: '—', endash: '–', lquote: '‘', rquote: '’', ldblquote: '“', rdblquote: '”', bullet: '•', emspace: ' ', enspace: ' ', qmspace: ' ', tab: ' ',
};
const CPG: Record<number, string> = { 936: 'gbk', 54936: 'gb18030', 950: 'big5', 1252: 'win1252', 65001: 'utf-8', 20936: 'gbk' };
const FCHARSET: Record<number, string> = { 134: 'gbk', 136: 'big5', 0: 'win1252', 1: '', 2: '' };

interface CellDef { right: number; hMergeCont: boolean; hMergeFirst: boolean; vMergeCont: boolean; vMergeFirst: boolean }
interface RawRow { cells: string[]; defs: CellDef[] }

export function readRtf(bytes: Uint8Array, name: string): SourceDoc {
  const src = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (!src.startsWith('{\\rtf')) throw new NotAReport(`${name}: not an RTF document`, 'unsupported');
  let docCpg = 'win1252';
  const fontCharset = new Map<number, string>();
  let title = '';

  const blocks: Block[] = [];
  let para = '';
  let cell = '';
  let rowCells: string[] = [];
  let tableRows: RawRow[] = [];
  let defs: CellDef[] = [];
  let pendingDef: CellDef = { right: 0, hMergeCont: false, hMergeFirst: false, vMergeCont: false, vMergeFirst: false };
  let inTable = false;
  let pendingBytes: number[] = [];
  const usedCodepages = new Set<string>();

  interface State { skip: boolean; uc: number; font: number; dest: string | null }
  let st: State = { skip: false, uc: 1, font: -1, dest: null };
  const stack: State[] = [];
  let skipChars = 0; // fallback characters to drop after \uN

  const codepage = () => (st.font >= 0 && fontCharset.get(st.font)) || docCpg;
  const flushBytes = () => {
    if (!pendingBytes.length) return;
    const t = iconv.decode(Buffer.from(pendingBytes), codepage());
    if (!st.skip) usedCodepages.add(codepage());
    pendingBytes = [];
    emit(t);
  };
  const emit = (t: string) => {
    if (st.skip) return;
    if (st.dest === 'title') { title += t; return; }
    if (st.dest) return;
    if (inTable) cell += t; else para += t;
  };
  const endPara = () => {
    flushBytes();
    if (inTable) { cell += ' '; return; }
    const t = cleanPara(para);
    para = '';
    if (t) { endTable(); blocks.push({ kind: 'para', lines: [t] }); }
  };
  const endTable = () => {
    if (!tableRows.length) return;
    blocks.push({ kind: 'table', rows: layoutTable(tableRows, tableNo()) });
    tableRows = [];
  };
  let tables = 0;
  const tableNo = () => ++tables;

  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === '{') { flushBytes(); stack.push(st); st = { ...st }; i++; if (src.startsWith('\\*', i)) { st.skip = true; } continue; }
    if (c === '}') { flushBytes(); st = stack.pop() ?? st; i++; continue; }
    if (c === '\r' || c === '\n') { i++; continue; }
    if (c !== '\\') {
      if (skipChars > 0) { skipChars--; i++; continue; }
      flushBytes();
      emit(c);
      i++;
      continue;
    }
    // control symbol or word
    const next = src[i + 1];
    if (next === '\'') {
      const b = parseInt(src.slice(i + 2, i + 4), 16);
      i += 4;
      if (skipChars > 0) { skipChars--; continue; }
      if (!st.skip && Number.isFinite(b)) pendingBytes.push(b);
      continue;
    }
    if (next === '\\' || next === '{' || next === '}') { flushBytes(); if (skipChars > 0) skipChars--; else emit(next); i += 2; continue; }
    if (next === '~') { flushBytes(); emit('\u00a0'); i += 2; continue; }
    if (next === '_') { flushBytes(); emit('-'); i += 2; continue; }
    if (next === '-' || next === '*') { i += 2; continue; }
    if (next === '\n' || next === '\r') { endPara(); i += 2; continue; }
    const m = /^([a-zA-Z]{1,32})(-?\d{1,10})? ?/.exec(src.slice(i + 1, i + 48));
    if (!m) { i += 2; continue; }
    i += 1 + m[0].length;
    const word = m[1];
    const arg = m[2] !== undefined ? parseInt(m[2], 10) : null;
    if (word !== 'u') flushBytes();
    switch (word) {
      case 'bin': i += Math.max(0, arg ?? 0); break;
      case 'ansicpg': if (arg !== null && CPG[arg]) docCpg = CPG[arg]; break;
      case 'f': st.font = arg ?? -1; break;
      case 'fcharset': if (st.font >= 0 && arg !== null && FCHARSET[arg]) fontCharset.set(st.font, FCHARSET[arg]); break;
      case 'uc': st.uc = arg ?? 1; break;
      case 'u': {
        flushBytes();
        let cp = arg ?? 0;
        if (cp < 0) cp += 65536;
        emit(String.fromCharCode(cp));
        skipChars = st.uc;
        break;
      }
      case 'title': st.dest = 'title'; title = ''; break; // a later \title (the Unicode one in \upr{…}{\*\ud{…}}) wins
      case 'ud': st.skip = false; break; // the Unicode half of \upr: read it
      case 'info': st.dest = 'info'; break;
      case 'par': case 'sect': case 'page': endPara(); break;
      case 'line': emit(inTable ? ' ' : '\n'); break;
      case 'pard': inTable = false; break;
      case 'intbl': inTable = true; break;
      case 'cell': flushBytes(); rowCells.push(cell); cell = ''; break;
      case 'nestcell': case 'nestrow': emit(' '); break;
      case 'trowd': defs = []; pendingDef = { right: 0, hMergeCont: false, hMergeFirst: false, vMergeCont: false, vMergeFirst: false }; break;
      case 'clmgf': pendingDef.hMergeFirst = true; break;
      case 'clmrg': pendingDef.hMergeCont = true; break;
      case 'clvmgf': pendingDef.vMergeFirst = true; break;
      case 'clvmrg': pendingDef.vMergeCont = true; break;
      case 'cellx': defs.push({ ...pendingDef, right: arg ?? 0 }); pendingDef = { right: 0, hMergeCont: false, hMergeFirst: false, vMergeCont: false, vMergeFirst: false }; break;
      case 'row': {
        if (para.trim()) { const t = cleanPara(para); para = ''; endTable(); blocks.push({ kind: 'para', lines: [t] }); }
        tableRows.push({ cells: rowCells, defs: [...defs] });
        rowCells = [];
        cell = '';
        inTable = false;
        break;
      }
      default:
        if (SYMBOL[word]) emit(SYMBOL[word]);
        else if (SKIP_DEST.has(word)) st.skip = true;
    }
  }
  flushBytes();
  if (cell.trim()) rowCells.push(cell);
  if (rowCells.length) tableRows.push({ cells: rowCells, defs });
  endPara();
  endTable();
  const { text, origins } = emitBlocks(blocks);
  if (!text.trim()) throw new NotAReport(`${name}: RTF document without any text`, 'empty');
  const meta = title.trim() ? { title: cleanPara(title) } : undefined;
  // encoding: the code page(s) of \'hh text; null when all non-ASCII text came as \uN escapes
  return { format: 'doc', encoding: usedCodepages.size ? [...usedCodepages].join('+') : null, text, origins, warnings: [`${name}: RTF document (read as a Word document)`], ...(meta ? { meta } : {}) };
}

/** Rows with their definitions → emitted cells; continuation cells of merges are dropped. */
function layoutTable(rows: RawRow[], tableNo: number): EmitCell[][] {
  const bounds = [...new Set(rows.flatMap((r) => r.defs.map((d) => d.right)))].sort((a, b) => a - b);
  const colOf = (right: number) => bounds.indexOf(right);
  return rows.map((row, r) => {
    const out: EmitCell[] = [];
    let left = -1;
    row.cells.forEach((text, k) => {
      const d = row.defs[k];
      const startCol = left + 1;
      const endCol = d ? colOf(d.right) : startCol;
      left = d ? endCol : left + 1;
      if (d && (d.hMergeCont || d.vMergeCont)) {
        if (d.hMergeCont && out.length) out[out.length - 1].grid!.colspan += Math.max(1, endCol - startCol + 1);
        return;
      }
      let rowspan = 1;
      if (d?.vMergeFirst) {
        for (let rr = r + 1; rr < rows.length; rr++) {
          const below = rows[rr].defs.find((x) => x.right === d.right);
          if (below?.vMergeCont) rowspan++; else break;
        }
      }
      out.push({
        text: cleanCell(text),
        origin: { kind: 'doc', note: `RTF table ${tableNo}, row ${r + 1}, cell ${k + 1}` },
        grid: { table: tableNo, row: r, col: startCol, rowspan, colspan: Math.max(1, endCol - startCol + 1) },
      });
    });
    return out;
  });
}
