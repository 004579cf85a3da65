/**
 * What a file is, from its content (magic bytes, markup), never from its name: sites serve HTML as
 * `.doc`, DOCX as `.doc`, UTF-16 text as `.txt`.
 */
import { NotAReport } from '../template/record.ts';
import { looksLikeJsWithMarkup } from './js-strings.ts';

export type Container = 'pdf' | 'docx' | 'doc' | 'rtf' | 'textual';

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)));

function indexOfBytes(bytes: Uint8Array, needle: Uint8Array, from = 0, to = bytes.length): number {
  outer: for (let i = from; i <= Math.min(to, bytes.length) - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
const latin = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const utf16le = (s: string) => Uint8Array.from([...s].flatMap((c) => [c.charCodeAt(0), 0]));

/** Formats we recognise only to name them in the refusal. */
const OTHER_MAGIC: Array<[RegExp | number[], string]> = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x1f, 0x8b], 'a gzip archive'],
  [[0x52, 0x61, 0x72, 0x21], 'a RAR archive'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7-Zip archive'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an executable (ELF)'],
  [/^WPS/, 'a WPS document'],
];

/**
 * Container format from magic bytes. Throws NotAReport for empty files, for recognised formats we do
 * not read, and for damaged Office/ZIP containers. 'textual' means: decode and sniff the markup.
 */
export function detectContainer(bytes: Uint8Array, name: string): Container {
  if (bytes.length === 0) throw new NotAReport(`${name}: empty file (0 bytes)`, 'empty');
  if (indexOfBytes(bytes, latin('%PDF-'), 0, 1024) >= 0) return 'pdf';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5 || bytes[2] === 7)) {
    const hasEnd = indexOfBytes(bytes, latin('PK\x05\x06'), Math.max(0, bytes.length - 65_600)) >= 0;
    const hasWord = indexOfBytes(bytes, latin('word/document.xml')) >= 0;
    if (!hasEnd) throw new NotAReport(`${name}: truncated or damaged ZIP container${hasWord ? ' (a DOCX)' : ''}: no central directory`, 'corrupt');
    if (hasWord) return 'docx';
    if (indexOfBytes(bytes, latin('xl/workbook')) >= 0) throw new NotAReport(`${name}: an Excel workbook (XLSX), not a report document`, 'unsupported');
    if (indexOfBytes(bytes, latin('ppt/presentation')) >= 0) throw new NotAReport(`${name}: a PowerPoint file (PPTX), not a report document`, 'unsupported');
    if (indexOfBytes(bytes, latin('application/vnd.oasis.opendocument.text')) >= 0) throw new NotAReport(`${name}: an OpenDocument text (ODT); not supported yet`, 'unsupported');
    throw new NotAReport(`${name}: a ZIP archive without word/document.xml (not a DOCX)`, 'unsupported');
  }
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    if (indexOfBytes(bytes, utf16le('EncryptedPackage')) >= 0) throw new NotAReport(`${name}: a password-protected (encrypted) Office document`, 'unsupported');
    if (indexOfBytes(bytes, utf16le('WordDocument')) >= 0) return 'doc';
    if (indexOfBytes(bytes, utf16le('Workbook')) >= 0 || indexOfBytes(bytes, utf16le('Book')) >= 0) throw new NotAReport(`${name}: an Excel 97–2003 workbook (XLS), not a report document`, 'unsupported');
    throw new NotAReport(`${name}: an OLE2 compound file without a WordDocument stream (not a Word .doc, or damaged)`, 'unsupported');
  }
  const head = ascii(bytes, 0, 16);
  if (head.startsWith('{\\rtf')) return 'rtf'; // RTF, often published under a .doc name
  for (const [magic, what] of OTHER_MAGIC) {
    const hit = Array.isArray(magic) ? magic.every((b, k) => bytes[k] === b) : magic.test(head);
    if (hit) throw new NotAReport(`${name}: ${what}, not a report document`, 'binary');
  }
  return 'textual';
}

/** Share of bytes that never occur in text (C0 controls other than tab/LF/CR/FF/VT/ESC, NUL included). */
export function controlShare(bytes: Uint8Array): number {
  const n = Math.min(bytes.length, 65_536);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 11 && b !== 27) bad++;
  }
  return n ? bad / n : 0;
}

export type TextKind = 'html' | 'js-html' | 'text';

const MARKUP_START = /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|link|style|script|table|div|p|span|font|center|h[1-6]|br|form|section|article|o:p)\b/i;

/** Decoded text → how to read it: HTML, HTML inside JavaScript strings, or plain text. */
export function sniffMarkup(text: string): TextKind {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (MARKUP_START.test(head.slice(0, 4096))) return 'html';
  if (looksLikeJsWithMarkup(head)) return 'js-html';
  // Markup after a short preamble (a crawler's header lines, a stray BOM-less banner): count real tags.
  const cells = (text.match(/<\/t[dh]\s*>/gi) ?? []).length;
  const paras = (text.match(/<\/(?:p|div)\s*>/gi) ?? []).length;
  if ((/<table\b/i.test(text) && cells >= 4) || paras >= 5 || /<html\b[^>]*>/i.test(text.slice(0, 20_000))) return 'html';
  return 'text';
}
