/**
 * Findings: what `computeFindings` returns, one row of findings.parquet each (docs/DATA-CONTRACT.md).
 */
import type { ReportRecord } from '../template/record.ts';

export type Severity = 'info' | 'warn' | 'high';

/**
 * A span a finding points at. `line`/`start`/`end` index the normalised text of `report_id` (as Provenance does);
 * -1 when the span is not known (a cell without provenance).
 */
export interface Evidence {
  kind: 'narrative' | 'cell' | 'other_report';
  report_id: string;
  line: number;
  start: number;
  end: number;
  text: string;
  /** Cell path (t3.new[6], t4[4], t2.normative.valid …) for kind 'cell'. */
  cell?: string;
}

export interface Finding {
  report_id: string;
  /** Rule id, one of RULES (findings/rules.ts). */
  rule: string;
  severity: Severity;
  /**
   * Strength, comparable within a rule: narrative.* the relative difference |stated − table| / max (0–1];
   * copypaste.near_duplicate the Jaccard similarity (0.5–1); copypaste.foreign_place 1 same-county township,
   * 0.8 other county, 0.5 township elsewhere; outlier.correction_rate / deny_share |robust z|;
   * outlier.missing_years the number of missing years; other outliers the number of cells or mentions.
   */
  score: number;
  /** One Chinese sentence for a journalist. */
  message: string;
  evidence: Evidence[];
  other_report_id: string | null;
}

/**
 * One report as the findings see it: its record and the text its provenance indexes — the extractor's
 * normalised text or the decoded source text (computeFindings normalises it; positions are the same).
 */
export interface FindingInput {
  id: string;
  record: ReportRecord;
  text: string;
}
