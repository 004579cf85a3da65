/**
 * One file on disk → one record (or a one-line reason it is not a report). The only I/O of the extractor.
 */
import { readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { readSource } from '../read/index.ts';
import { extractReport } from './report.ts';
import { NotAReport, type ReportRecord } from '../template/record.ts';

export type ExtractOutcome =
  | { ok: true; record: ReportRecord; sha256: string; bytes: number; format: string; /** The decoded text the record's provenance indexes. */ text?: string }
  | { ok: false; code: NotAReport['code'] | 'io'; reason: string; sha256: string | null; bytes: number; format: string | null };

/**
 * Largest file read as a report. Real reports are a few kB (text) to a few MB (PDF, DOCX); past this
 * a file is refused before any reader allocates for it (a 200 MB PDF would take minutes and GBs in pdf.js).
 */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export async function extractBytes(bytes: Uint8Array, file: string): Promise<ExtractOutcome> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length > MAX_INPUT_BYTES) {
    return { ok: false, code: 'too_large', reason: `${basename(file)}: ${(bytes.length / 1048576).toFixed(0)} MB is larger than the ${MAX_INPUT_BYTES / 1048576} MB a report is read up to`, sha256, bytes: bytes.length, format: null };
  }
  let format: string | null = null;
  try {
    const doc = await readSource(bytes, basename(file));
    format = doc.format;
    const record = extractReport(doc, basename(file));
    record.source = { file, format: doc.format, encoding: doc.encoding, sha256, bytes: bytes.length };
    return { ok: true, record, sha256, bytes: bytes.length, format: doc.format, text: doc.text };
  } catch (e) {
    if (e instanceof NotAReport) return { ok: false, code: e.code, reason: e.message, sha256, bytes: bytes.length, format };
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: false, code: 'corrupt', reason: `${basename(file)}: could not be read (${msg.split('\n')[0]})`, sha256, bytes: bytes.length, format };
  }
}

export async function extractFile(file: string): Promise<ExtractOutcome> {
  let bytes: Uint8Array;
  try {
    const st = await stat(file);
    if (!st.isFile()) return { ok: false, code: 'io', reason: `${file}: not a regular file`, sha256: null, bytes: 0, format: null };
    bytes = await readFile(file);
  } catch (e) {
    return { ok: false, code: 'io', reason: `${file}: ${(e as Error).message}`, sha256: null, bytes: 0, format: null };
  }
  return extractBytes(bytes, file);
}
