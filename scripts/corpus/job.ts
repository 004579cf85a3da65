/**
 * Extract one file's bytes (runs in a worker thread or in-process): the extractor's outcome plus the
 * normalised text it read (stored with the record for provenance display) and the page URL if known.
 */
import { basename } from 'node:path';
import { extractBytes } from '../extract/file.ts';
import { readSource } from '../read/index.ts';
import type { ReportRecord } from '../template/record.ts';
import { agencyFromTitle, levelOf } from '../extract/metadata.ts';

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
  if (rec.agency === null) fillAgency(rec, file, sourceUrl);
  if (rec.year === null) fillYear(rec, file, sourceUrl);
  return { ok: true, code: null, reason: null, format: out.format, record: rec, sourceText, sourceUrl };
}

/**
 * A report whose text names no agency keeps its numbers; the name is then taken from its file name or its page URL
 * when either reads as a report title (段村乡人民政府2023年政府信息公开工作年度报告.pdf), and flagged as such.
 */
export function fillAgency(rec: ReportRecord, file: string, url: string | null): void {
  const stem = basename(file).replace(/\.[^.]*$/, '');
  let path = '';
  try { path = url ? decodeURIComponent(new URL(url).pathname).split('/').filter(Boolean).pop() ?? '' : ''; } catch { /* not a URL */ }
  for (const [basis, title] of [['file-name', stem], ['url', path.replace(/\.[^.]*$/, '')]] as const) {
    const a = title ? agencyFromTitle(title) : null;
    if (!a) continue;
    rec.agency = a;
    rec.agency_basis = basis;
    rec.level = levelOf(a);
    rec.warnings.push(`agency "${a}" taken from the ${basis === 'file-name' ? 'file name' : 'page URL'}, not from the report's text`);
    return;
  }
}

/** A year the text does not give, from a file name or URL that writes one as 2024年 / 2024年度, flagged. */
export function fillYear(rec: ReportRecord, file: string, url: string | null): void {
  let path = '';
  try { path = url ? decodeURIComponent(new URL(url).pathname) : ''; } catch { /* not a URL */ }
  for (const [where, s] of [['file name', basename(file)], ['page URL', path]] as const) {
    const m = /(20\d\d)\s*年/.exec(s);
    if (!m) continue;
    rec.year = Number(m[1]);
    rec.warnings.push(`year ${m[1]} taken from the ${where}, not from the report's text`);
    return;
  }
}

export function oneLine(s: string): string { return s.replace(/\s*\n\s*/g, ' ').trim(); }

/** The reason without a leading "<file name>: " (files has the path in its own column). */
export function bareReason(reason: string, file: string): string {
  const r = oneLine(reason);
  for (const p of [file, basename(file)]) if (r.startsWith(`${p}: `)) return r.slice(p.length + 2);
  return r;
}
