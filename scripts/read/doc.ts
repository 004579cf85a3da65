/**
 * Word 97–2003 (.doc) → SourceDoc via word-extractor.
 *
 * word-extractor turns every cell mark (\x07) into a TAB and tries to turn row ends into newlines, but
 * its paragraph-property walk misreads variable-length SPRMs (sprmTDefTable has a 2-byte length), so
 * in tables with merged cells the row ends are lost and whole tables run together on one line. We
 * subclass its OLE extractor and redo that walk correctly, marking in the text itself:
 *   row end (fTtp)                       → U+2029 (our row separator)
 *   paragraph end inside a cell          → U+2028 (read as a space)
 *   soft line/page break inside a cell   → space
 *   nested-table cell and row ends       → space (a nested table is flattened into its outer cell)
 * so that, after word-extractor's own cleaning, each outer table row is "cell\tcell\t…\t" + U+2029.
 * If paragraph properties cannot be read, lines ending in TAB are taken as rows (word-extractor's own
 * rule) and a warning says so. Vertically merged cells come out as an empty cell in each continued row
 * (the .doc format keeps the slot) — unlike HTML/DOCX, where continuation slots emit nothing.
 */
import { createRequire } from 'node:module';
import { NotAReport, type SourceDoc } from '../template/record.ts';
import { cleanCell, cleanPara, emitBlocks, type Block, type EmitCell } from './emit.ts';

const require = createRequire(import.meta.url);

const ROW_END = '\u2029';
const CELL_PARA = '\u2028';

interface Piece { startFilePos: number; size: number; bpc: number; text: string }

const SPRM = { inTable: 0x2416, ttp: 0x2417, innerCell: 0x244b, innerTtp: 0x244c, itap: 0x6649, tDefTable: 0xd608, tDefTable10: 0xd606, pChgTabs: 0xc615, hugePapx: 0x6646 };

/** Walk a grpprl, calling `fn(sprm, operandOffset)`; sizes per [MS-DOC] 2.2.5.1 incl. the variable-length exceptions. */
function walkSprms(buf: Buffer, offset: number, fn: (sprm: number, at: number) => void) {
  while (offset + 2 <= buf.length) {
    const sprm = buf.readUInt16LE(offset);
    offset += 2;
    const spra = (sprm >> 13) & 7;
    fn(sprm, offset);
    let len: number;
    if (spra === 6) {
      if (offset >= buf.length) break;
      if (sprm === SPRM.tDefTable || sprm === SPRM.tDefTable10) len = offset + 2 <= buf.length ? 2 + buf.readUInt16LE(offset) - 1 : buf.length;
      else if (sprm === SPRM.pChgTabs && buf[offset] === 255) {
        const del = buf[offset + 1] ?? 0;
        const addAt = offset + 2 + del * 4;
        const add = buf[addAt] ?? 0;
        len = addAt + 1 + add * 3 - offset;
      } else len = 1 + buf[offset];
    } else len = [1, 1, 2, 4, 2, 2, 0, 3][spra];
    offset += len;
  }
}

type OleCtor = new () => { _pieces: Piece[]; extract(reader: unknown): Promise<{ getBody(o?: { filterUnicode?: boolean }): string }> };
let TableAwareCtor: OleCtor | null = null;

function tableAwareExtractor(): { Ctor: OleCtor; BufferReader: new (b: Buffer) => { open(): Promise<unknown> } } {
  const WordOleExtractor = require('word-extractor/lib/word-ole-extractor.js');
  const BufferReader = require('word-extractor/lib/buffer-reader.js');
  if (!TableAwareCtor) {
    class TableAware extends WordOleExtractor {
      declare _pieces: Piece[];
      /** Refuse encrypted files (FIB fEncrypted) instead of returning their ciphertext as text. */
      extractWordDocument(document: unknown, buffer: Buffer) {
        if (buffer.length >= 12 && buffer.readUInt16LE(0) === 0xa5ec && (buffer.readUInt16LE(0x0a) & 0x0100) !== 0) return Promise.reject(new Error('ENCRYPTED'));
        return super.extractWordDocument(document, buffer);
      }

      /** Replaces word-extractor's version: same FKP walk, correct SPRM sizes, table marks in the text. */
      writeParagraphProperties(buffer: Buffer, tableBuffer: Buffer) {
        const pieces = this._pieces;
        const fcPlcfbtePapx = buffer.readUInt32LE(0x0102);
        const lcbPlcfbtePapx = buffer.readUInt32LE(0x0106);
        const count = (lcbPlcfbtePapx - 4) / 8;
        const dataOffset = (count + 1) * 4;
        const plc = tableBuffer.subarray(fcPlcfbtePapx, fcPlcfbtePapx + lcbPlcfbtePapx);
        const pieceAt = (fc: number) => pieces.find((p) => fc >= p.startFilePos && fc < p.startFilePos + p.size);
        const setChar = (fc: number, from: RegExp, to: string) => {
          const p = pieceAt(fc);
          if (!p) return;
          const k = (fc - p.startFilePos) / p.bpc;
          if (Number.isInteger(k) && from.test(p.text[k] ?? '')) p.text = p.text.slice(0, k) + to + p.text.slice(k + 1);
        };
        type Para = { start: number; end: number; inTable: boolean; ttp: boolean; innerCell: boolean; innerTtp: boolean; itap: number; huge: boolean };
        const paras: Para[] = [];
        for (let i = 0; i < count; i++) {
          const block = plc.readUInt32LE(dataOffset + i * 4);
          const fkp = buffer.subarray(block * 512, (block + 1) * 512);
          if (fkp.length < 512) continue;
          const crun = fkp.readUInt8(511);
          for (let j = 0; j < crun; j++) {
            const start = fkp.readUInt32LE(j * 4);
            const end = fkp.readUInt32LE((j + 1) * 4);
            const bx = fkp.readUInt8((crun + 1) * 4 + j * 13) * 2;
            const para: Para = { start, end, inTable: false, ttp: false, innerCell: false, innerTtp: false, itap: 0, huge: false };
            paras.push(para);
            if (bx === 0) continue; // no properties: an ordinary paragraph
            const cb = fkp.readUInt8(bx);
            const grp = cb !== 0 ? fkp.subarray(bx + 1, bx + 1 + 2 * cb - 1) : fkp.subarray(bx + 2, bx + 2 + 2 * fkp.readUInt8(bx + 1));
            walkSprms(grp, 2, (sprm, at) => {
              if (sprm === SPRM.inTable) para.inTable = grp[at] === 1;
              else if (sprm === SPRM.ttp) para.ttp = grp[at] === 1;
              else if (sprm === SPRM.innerCell) para.innerCell = grp[at] === 1;
              else if (sprm === SPRM.innerTtp) para.innerTtp = grp[at] === 1;
              else if (sprm === SPRM.itap && at + 4 <= grp.length) para.itap = grp.readInt32LE(at);
              else if (sprm === SPRM.hugePapx) para.huge = true;
            });
            if (para.huge && !para.inTable && para.itap < 1) {
              // Row-end paragraphs carry the row's table definition; when that is too big for the FKP, Word
              // moves the whole grpprl to the Data stream (sprmPHugePapx). A lone cell mark with such a
              // PAPX is a row end.
              const pc = pieceAt(start);
              if (pc && (end - start) === pc.bpc && pc.text[(start - pc.startFilePos) / pc.bpc] === '\x07') { para.inTable = true; para.ttp = true; }
            }
            if (para.inTable && para.itap < 1) para.itap = 1;
          }
        }
        // Group paragraphs into outer tables (runs of in-table paragraphs). An outer table holding nested
        // tables is a layout box around the report: its own cells become paragraph breaks and the nested
        // tables become the rows. Otherwise nested text (rare) is flattened into its outer cell.
        // Nested rows' ends (a lone paragraph mark) lose their properties the same way: one right after a
        // nested cell is that nested row's end.
        paras.forEach((q, k) => {
          if (!q.huge || q.itap >= 1 || k === 0) return;
          const prev = paras[k - 1];
          const pc = pieceAt(q.start);
          const lone = pc && (q.end - q.start) === pc.bpc && pc.text[(q.start - pc.startFilePos) / pc.bpc] === '\r';
          if (lone && prev.itap >= 2 && prev.innerCell) { q.inTable = true; q.itap = prev.itap; q.innerTtp = true; }
        });
        let tableParas = 0;
        for (let a = 0; a < paras.length;) {
          if (paras[a].itap < 1) { a++; continue; }
          let b = a;
          while (b < paras.length && paras[b].itap >= 1) b++;
          const layout = paras.slice(a, b).some((q) => q.itap >= 2);
          for (const q of paras.slice(a, b)) {
            tableParas++;
            const p = pieceAt(q.end - 1);
            const bpc = p?.bpc ?? 1;
            const last = q.end - bpc;
            const isCellEnd = (fc: number) => { const pc = pieceAt(fc); return pc ? pc.text[(fc - pc.startFilePos) / pc.bpc] === '\x07' : false; };
            if (layout) {
              if (q.itap >= 2) {
                for (let fc = q.start; fc < last; fc += bpc) setChar(fc, /[\x0b\x0c\r]/, ' ');
                if (q.innerTtp) setChar(last, /[\r\x07]/, ROW_END);
                else if (q.innerCell) setChar(last, /\r/, '\x07'); // becomes the TAB of a cell end
                else setChar(last, /\r/, CELL_PARA);
              } else if (isCellEnd(last)) setChar(last, /\x07/, '\r'); // outer cell/row end: a paragraph break
              continue;
            }
            // soft breaks inside a cell must not end the row's line
            for (let fc = q.start; fc < last; fc += bpc) setChar(fc, /[\x0b\x0c\r]/, ' ');
            if (q.itap > 1 && (q.innerCell || q.innerTtp)) setChar(last, /[\r\x07]/, ' ');
            else if (q.ttp || q.innerTtp) setChar(last, /[\r\x07]/, ROW_END);
            else setChar(last, /\r/, CELL_PARA);
          }
          a = b;
        }
        (this as unknown as { _tableParas: number })._tableParas = tableParas;
      }
    }
    TableAwareCtor = TableAware as unknown as OleCtor;
  }
  return { Ctor: TableAwareCtor, BufferReader };
}

/** Body text with our marks → blocks. Rows: text between row marks, split on TAB (the cell marks). */
function blocksFromBody(body: string, marked: boolean, name: string): { blocks: Block[]; warnings: string[] } {
  const blocks: Block[] = [];
  const warnings: string[] = [];
  let table: EmitCell[][] = [];
  let tableNo = 0;
  const endTable = () => { if (table.length) blocks.push({ kind: 'table', rows: table }); table = []; };
  const addRow = (raw: string, where: string) => {
    if (!table.length) tableNo++;
    const cells = raw.replace(/\t$/, '').split('\t');
    const r = table.length;
    table.push(cells.map((c, k) => ({
      text: cleanCell(c.replaceAll(CELL_PARA, ' ')),
      origin: { kind: 'doc' as const, note: `table ${tableNo}, row ${r + 1}, cell ${k + 1}${where}` },
    })));
  };
  if (marked) {
    // Non-table paragraph ends are "\n"; a table is a run of ROW_END-terminated rows between them.
    for (const seg of body.split('\n')) {
      if (seg.includes(ROW_END)) {
        const parts = seg.split(ROW_END);
        const tail = parts.pop()!;
        for (const row of parts) addRow(row, '');
        if (cleanPara(tail)) { endTable(); blocks.push({ kind: 'para', lines: [cleanPara(tail.replaceAll(CELL_PARA, ' '))] }); }
      } else {
        endTable();
        const t = cleanPara(seg.replaceAll(CELL_PARA, ' '));
        if (t) blocks.push({ kind: 'para', lines: [t] });
      }
    }
  } else {
    warnings.push(`${name}: table structure of the .doc could not be read; rows taken from lines ending in TAB`);
    for (const line of body.split('\n')) {
      if (line.endsWith('\t')) { addRow(line, ' (row guessed from TAB-ended line)'); continue; }
      endTable();
      const t = cleanPara(line);
      if (t) blocks.push({ kind: 'para', lines: [t] });
    }
  }
  endTable();
  return { blocks, warnings };
}

export async function readDoc(bytes: Uint8Array, name: string): Promise<SourceDoc> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let body: string;
  let marked = false;
  try {
    const { Ctor, BufferReader } = tableAwareExtractor();
    const ex = new Ctor();
    const reader = new BufferReader(buf);
    await reader.open();
    const doc = await ex.extract(reader);
    body = doc.getBody({ filterUnicode: false });
    marked = ((ex as unknown as { _tableParas?: number })._tableParas ?? 0) > 0 || !body.includes('\t');
  } catch (e) {
    const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    if (msg === 'ENCRYPTED') throw new NotAReport(`${name}: a password-protected (encrypted) Word document`, 'unsupported');
    if (/not seem to be a Word document|Invalid magic/i.test(msg)) throw new NotAReport(`${name}: OLE2 file is not a Word 97–2003 document (${msg})`, 'unsupported');
    throw new NotAReport(`${name}: damaged .doc (${msg})`, 'corrupt');
  }
  const { blocks, warnings } = blocksFromBody(body, marked, name);
  const { text, origins } = emitBlocks(blocks);
  if (!text.trim()) throw new NotAReport(`${name}: .doc without any text`, 'empty');
  return { format: 'doc', encoding: null, text, origins, warnings };
}
