/**
 * Reader dispatch: bytes of any supported format → SourceDoc (text + origins), recognised by content
 * (magic bytes, then markup), never by the file name: PDF, DOCX, DOC, HTML (also HTML kept inside
 * JavaScript strings, and MHTML web archives), and plain text in UTF-8/UTF-16/GB18030/GBK/Big5.
 */
import { NotAReport, type SourceDoc } from '../template/record.ts';
import { controlShare, detectContainer, sniffMarkup } from './detect.ts';
import { decodeBytes } from './decode.ts';
import { declaredCharset, readHtml } from './html.ts';
import { isMhtml, mhtmlHtmlPart } from './mhtml.ts';

export const MAX_BYTES = 64 * 1024 * 1024;

type PdfModule = { readPdf(bytes: Uint8Array, name: string): Promise<SourceDoc> };

/**
 * A reader module, imported on first use and kept: each `import()` of a module already loaded still goes through the
 * module loader (0.3 ms of CPU per call under tsx, measured 2026-12-08), once per file.
 */
function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= load().catch((e) => { p = undefined; throw e; }));
}
const pdfModule = lazy(async () => {
  const path = './pdf.ts'; // a variable, so a missing module is a runtime (not a type-check) matter
  const mod = (await import(/* @vite-ignore */ path)) as Partial<PdfModule>;
  if (typeof mod.readPdf !== 'function') throw new Error('readPdf not exported');
  return mod as PdfModule;
});
const docxModule = lazy(() => import('./docx.ts'));
const docModule = lazy(() => import('./doc.ts'));
const rtfModule = lazy(() => import('./rtf.ts'));

async function loadPdfReader(name: string): Promise<PdfModule> {
  try {
    return await pdfModule();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/Cannot find module|Failed to load|not exported|ERR_MODULE_NOT_FOUND|does not provide/i.test(msg)) throw new NotAReport(`${name}: PDF reading not available`, 'unsupported');
    throw e;
  }
}

export async function readSource(bytes: Uint8Array, name: string): Promise<SourceDoc> {
  if (bytes.length > MAX_BYTES) throw new NotAReport(`${name}: ${bytes.length} bytes is more than the ${MAX_BYTES}-byte limit`, 'too_large');
  const container = detectContainer(bytes, name);
  switch (container) {
    case 'pdf': return (await loadPdfReader(name)).readPdf(bytes, name);
    case 'docx': return (await docxModule()).readDocx(bytes, name);
    case 'doc': return (await docModule()).readDoc(bytes, name);
    case 'rtf': return (await rtfModule()).readRtf(bytes, name);
    case 'textual': break;
  }
  return readTextual(bytes, name);
}

/** Text-like bytes: decide the encoding by the bytes, then whether the text is markup. */
function readTextual(bytes: Uint8Array, name: string): SourceDoc {
  if (isMhtml(bytes)) {
    // Web archive (.mht, Word "single file web page", often named .doc): read its HTML part.
    const part = mhtmlHtmlPart(bytes);
    if (!part) throw new NotAReport(`${name}: MIME web archive (MHTML) without an HTML part`, 'unsupported');
    const decoded = decodeBytes(part.bytes, name, part.charset ?? declaredCharset(part.bytes));
    const doc = readHtml(decoded.text.replace(/^\uFEFF/, ''), { encoding: decoded.encoding, warnings: decoded.warnings, name });
    if (!doc.text.trim()) throw new NotAReport(`${name}: MHTML page without any text`, 'empty');
    return doc;
  }
  const controls = controlShare(bytes);
  let decoded;
  try {
    decoded = decodeBytes(bytes, name, declaredCharset(bytes));
  } catch (e) {
    if (e instanceof NotAReport && controls > 0.01) throw new NotAReport(`${name}: binary data, not text or a known document format`, 'binary');
    throw e;
  }
  // UTF-16 legitimately carries NULs; anything else with many control bytes is binary.
  if (controls > 0.01 && !decoded.encoding.startsWith('utf-16')) throw new NotAReport(`${name}: binary data, not text or a known document format (${(controls * 100).toFixed(1)}% control bytes)`, 'binary');
  const text = decoded.text.replace(/^\uFEFF/, '');
  if (!text.trim()) throw new NotAReport(`${name}: no text (only whitespace)`, 'empty');
  const kind = sniffMarkup(text);
  if (kind === 'text') return { format: 'text', encoding: decoded.encoding, text, origins: [], warnings: decoded.warnings };
  const doc = readHtml(text, { encoding: decoded.encoding, warnings: decoded.warnings, fromJs: kind === 'js-html', name });
  if (!doc.text.trim()) throw new NotAReport(`${name}: HTML page without any text`, 'empty');
  return doc;
}
