/**
 * Extract one file's bytes (runs in a worker thread or in-process): the extractor's outcome plus the
 * normalised text it read (stored with the record for provenance display) and the page URL if known.
 */
import { basename } from 'node:path';
import { extractBytes } from '../extract/file.ts';
import { readSource } from '../read/index.ts';
import type { ReportRecord } from '../template/record.ts';

export interface JobResult {
  ok: boolean;
  code: string | null;
  reason: string | null;
  format: string | null;
  record: ReportRecord | null;
  sourceText: string | null;
  sourceUrl: string | null;
}

export async function runJob(bytes: Uint8Array, file: string): Promise<JobResult> {
  const out = await extractBytes(bytes, file);
  if (!out.ok) return { ok: false, code: out.code, reason: oneLine(out.reason), format: out.format, record: null, sourceText: null, sourceUrl: null };
  // The extractor hands back the text it read: no second decode of the file.
  const rec = out.record as ReportRecord & { source_text?: string };
  let sourceText: string | null = out.text ?? null;
  const sourceUrl = rec.source_url ?? null;
  if (sourceText === null) {
    try { sourceText = (await readSource(bytes, basename(file))).text; } catch { /* the text is left out, not the record */ }
  }
  delete rec.source_text;
  return { ok: true, code: null, reason: null, format: out.format, record: rec, sourceText, sourceUrl };
}

export function oneLine(s: string): string { return s.replace(/\s*\n\s*/g, ' ').trim(); }

/** The reason without a leading "<file name>: " (files has the path in its own column). */
export function bareReason(reason: string, file: string): string {
  const r = oneLine(reason);
  for (const p of [file, basename(file)]) if (r.startsWith(`${p}: `)) return r.slice(p.length + 2);
  return r;
}
