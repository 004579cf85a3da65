/**
 * A reader's own CSV/TSV ("加入我的数据"), bytes → a typed table, pure (it runs in a worker: mydata-worker.ts,
 * and in unit tests). Nothing is half-loaded: any problem throws a MyDataError whose message is what the panel
 * shows, and no table is returned.
 *
 * - Encoding from the bytes: a BOM (UTF-8, UTF-16) decides; otherwise strict UTF-8, and when that fails GB18030
 *   (a superset of GBK/GB2312), decoded with the platform's TextDecoder. Text that neither decodes cleanly is refused.
 * - Delimiter sniffed by papaparse (comma, tab, semicolon, |); header sniffed: the first row is a header when none
 *   of its cells is a number and its cells are all present and distinct.
 * - Numbers as readers type them: full-width digits and punctuation (NFKC), thousands separators (52,300 · ５２，３００).
 *   Blank (and a lone dash or slash) is null, never 0. A column mostly of numbers with some text in it is refused,
 *   naming the rows.
 */
import Papa from 'papaparse';

/** Stated on the panel: a file larger than this is refused before it is read. */
export const MAX_BYTES = 200 * 1024 * 1024;
export const MAX_MB = MAX_BYTES / 1024 / 1024;

export class MyDataError extends Error {}

export interface MyColumn {
  name: string;
  kind: 'number' | 'text';
  /** The cell as written (trimmed), null when blank. */
  text: Array<string | null>;
  /** For number columns: the value, null when blank. */
  values: Array<number | null> | null;
}

export interface MyTable {
  file: string;
  encoding: string;
  delimiter: string;
  header: boolean;
  rows: number;
  columns: MyColumn[];
}

// ---- numbers ----------------------------------------------------------------------------------

const PLAIN = /^[-+]?\d+(?:\.\d+)?$/;
const GROUPED = /^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const SPACED = /^[-+]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:\.\d+)?$/;
/** Cells that say "nothing here" the way a blank does. */
const BLANKS = /^(?:[-–—/]|——)$/;

/**
 * A reader's number: `null` for a blank (or a lone dash/slash), the number, or `undefined` when the cell is text.
 * Full-width forms are folded first (NFKC: ５２，３００ → 52,300); a comma is a thousands separator only in groups of three.
 */
export function parseNumber(cell: string | null | undefined): number | null | undefined {
  if (cell == null) return null;
  const t = cell.normalize('NFKC').trim();
  if (t === '' || BLANKS.test(t)) return null;
  if (PLAIN.test(t)) return Number(t);
  if (GROUPED.test(t)) return Number(t.replace(/,/g, ''));
  if (SPACED.test(t)) return Number(t.replace(/[ \u00a0\u202f]/g, ''));
  return undefined;
}

// ---- bytes → text ---------------------------------------------------------------------------------

/** What a file that is not text says about itself in its first bytes. */
const MAGIC: Array<[number[], string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'ZIP 压缩包（.xlsx 等 Office 文件也是 ZIP）'],
  [[0xd0, 0xcf, 0x11, 0xe0], '旧版 Office 文件（.xls / .doc）'],
  [[0x25, 0x50, 0x44, 0x46], 'PDF 文件'],
  [[0x89, 0x50, 0x4e, 0x47], 'PNG 图片'],
  [[0xff, 0xd8, 0xff], 'JPEG 图片'],
  [[0x1f, 0x8b], 'gzip 压缩文件'],
];

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

export interface DecodedText { text: string; encoding: string }

/** Bytes → text, or MyDataError for empty, binary or undecodable input. */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) throw new MyDataError('文件是空的（0 字节）：没有可读入的数据。');
  if (bytes.length > MAX_BYTES) throw new MyDataError(tooLarge(bytes.length));
  for (const [sig, what] of MAGIC) {
    if (startsWith(bytes, sig)) throw new MyDataError(`这不是 CSV 文本文件，而是${what}。请在表格软件中“另存为” CSV（逗号分隔）或制表符分隔的文本后再加入。`);
  }
  let text: string, encoding: string;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) { text = strict('utf-8', bytes.subarray(3)); encoding = 'UTF-8（带 BOM）'; }
  else if (startsWith(bytes, [0xff, 0xfe])) { text = strict('utf-16le', bytes.subarray(2)); encoding = 'UTF-16LE'; }
  else if (startsWith(bytes, [0xfe, 0xff])) { text = strict('utf-16be', bytes.subarray(2)); encoding = 'UTF-16BE'; }
  else {
    if (hasNul(bytes)) throw binary();
    try { text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); encoding = 'UTF-8'; }
    catch {
      try { text = new TextDecoder('gb18030', { fatal: true }).decode(bytes); encoding = 'GB18030/GBK'; }
      catch { throw new MyDataError('无法识别文件的编码：既不是 UTF-8，也不是 GBK/GB18030。请在表格软件中另存为“CSV UTF-8”。'); }
    }
  }
  // Control characters other than tab / line breaks mean the bytes were not text after all.
  const ctrl = (text.slice(0, 65536).match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g) ?? []).length;
  if (ctrl > 0) throw binary();
  return { text, encoding };
}

function strict(label: string, b: Uint8Array): string {
  try { return new TextDecoder(label, { fatal: true }).decode(b); }
  catch { throw new MyDataError(`文件开头标明是 ${label.toUpperCase()}，但其中有不合此编码的字节：文件可能已损坏。`); }
}
function hasNul(b: Uint8Array): boolean {
  const n = Math.min(b.length, 65536);
  for (let i = 0; i < n; i++) if (b[i] === 0) return true;
  return false;
}
const binary = () => new MyDataError('这是二进制文件，不是 CSV 文本：无法读入。请在表格软件中另存为 CSV。');

export function tooLarge(bytes: number): string {
  return `文件太大：${bytes.toLocaleString('zh-CN')} 字节（约 ${(bytes / 1024 / 1024).toFixed(1)} MB），超过本站读入用户数据的上限 ${MAX_MB} MB（${MAX_BYTES.toLocaleString('zh-CN')} 字节）。请只保留需要的列和行后再加入。`;
}

// ---- text → table ----------------------------------------------------------------------------------

/** The ways rows are listed in a message: the first few, then how many more. */
export function listSome(items: Array<string | number>, max = 5): string {
  return items.slice(0, max).join('、') + (items.length > max ? ` 等 ${items.length} 处` : '');
}

/** Parse a file's bytes into a typed table (throws MyDataError). `file` is the name the reader gave it. */
export function parseBytes(bytes: Uint8Array, file: string): MyTable {
  const { text, encoding } = decodeText(bytes);
  return parseText(text, file, encoding);
}

export function parseText(text: string, file: string, encoding = 'UTF-8'): MyTable {
  if (!text.trim()) throw new MyDataError('文件里没有数据（只有空白）。');
  const res = Papa.parse<string[]>(text.replace(/^\ufeff/, ''), { skipEmptyLines: 'greedy', delimitersToGuess: [',', '\t', ';', '|'] });
  const quoteErr = res.errors.find((e) => e.type === 'Quotes');
  if (quoteErr) throw new MyDataError(`第 ${(quoteErr.row ?? 0) + 1} 行的引号没有配对：文件可能被截断或格式有误。`);
  const all = res.data.map((r) => r.map((c) => c.trim()));
  // Rows that are wholly blank cells (a spreadsheet's trailing ",,,") are not rows.
  const lines = all.filter((r) => r.some((c) => c !== ''));
  if (lines.length === 0) throw new MyDataError('文件里没有数据（只有空白）。');
  const width = lines[0]!.length;
  const ragged = lines.map((r, i) => ({ i, n: r.length })).filter((x) => x.n !== width);
  if (ragged.length) {
    throw new MyDataError(`各行的列数不一致：第 1 行有 ${width} 列，而${listSome(ragged.map((x) => `第 ${x.i + 1} 行（${x.n} 列）`))}。请检查分隔符与引号后再加入。`);
  }
  if (width < 2) throw new MyDataError('只识别出 1 列：需要至少一列名称或代码（用于对应报告）和一列数字。请检查分隔符（逗号或制表符）。');
  const first = lines[0]!;
  const header = first.every((c) => c !== '' && parseNumber(c) === undefined) && new Set(first).size === first.length;
  const body = header ? lines.slice(1) : lines;
  if (body.length === 0) throw new MyDataError('文件只有表头，没有数据行。');
  const names = first.map((c, i) => (header ? c : `第${i + 1}列`));
  const columns: MyColumn[] = names.map((name, j) => {
    const cells = body.map((r) => (r[j] === '' ? null : r[j]!));
    const parsed = cells.map(parseNumber);
    const nums = parsed.filter((v) => typeof v === 'number').length;
    const texts = parsed.map((v, i) => ({ v, i })).filter((x) => x.v === undefined);
    if (nums > 0 && texts.length > 0 && nums >= texts.length) {
      throw new MyDataError(`“${name}”列应为数字，但${listSome(texts.map((x) => `第 ${x.i + (header ? 2 : 1)} 行是“${cells[x.i]}”`))}。请把这些格改成数字（或留空表示没有数据）后再加入。`);
    }
    const numeric = nums > 0 && texts.length === 0;
    return { name, kind: numeric ? 'number' : 'text', text: cells, values: numeric ? parsed.map((v) => (v === undefined ? null : v)) : null };
  });
  const delimiter = res.meta.delimiter === '\t' ? '制表符' : res.meta.delimiter;
  return { file, encoding, delimiter, header, rows: body.length, columns };
}

/** Values that occur more than once in a key column (after the same folding the matching uses), in order of first repeat. */
export function duplicateKeys(values: Array<string | null>, fold: (s: string) => string = (s) => s): string[] {
  const seen = new Map<string, number>();
  const dups: string[] = [];
  for (const v of values) {
    if (v == null) continue;
    const k = fold(v);
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    if (n === 2) dups.push(v);
  }
  return dups;
}
