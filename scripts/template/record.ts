/**
 * The record one report produces (docs/report.schema.json keeps the required keys and their meaning;
 * everything else here is additional and documented in docs/DATA.md).
 */
import type { LevelCode, SectionCode, TemplateId } from './vocabulary.ts';

/** A table value: what the report states, or null when the cell is blank / not settled. Never an invented 0. */
export type Cell = number | null;

/**
 * Where a value came from. `line`/`start`/`end` index the normalised text the extractor read
 * (0-based line, character offsets within that line; normalisation is 1:1 so they also index the
 * decoded source text). `origin` points into the original file for non-text formats.
 */
export interface Provenance {
  line: number;
  start: number;
  end: number;
  /** The raw text of the cell (for a flattened run: the whole run it was split from). */
  raw: string;
  origin?: Origin;
  /**
   * How the value was settled: read from a table grid (`grid`), matched by row label and column position in text
   * (`label+position`), chosen by the arithmetic solver as the only split of a run-together number that satisfies the
   * table (`solver`), pinned by the same agency's adjacent-year report (`cross-year`, with `settled_by`), or placed by
   * its place in a token-per-line table's value stream that holds the whole grid and satisfies every sum (`sequence`).
   */
  settled?: Settled;
  /** For `cross-year`: the id of the other report whose values pinned this one. */
  settled_by?: string;
}

export type Settled = 'grid' | 'label+position' | 'solver' | 'cross-year' | 'sequence';

export type Origin =
  | { kind: 'html'; path: string }
  | { kind: 'pdf'; page: number; x: number; y: number; w?: number; h?: number }
  | { kind: 'docx'; table: number; row: number; cell: number }
  | { kind: 'doc'; note: string };

export type CheckStatus = 'pass' | 'fail' | 'not_applicable';

export interface CheckResult {
  /** Stable rule id, e.g. t3.column_balance. Documented in checks/arithmetic.ts. */
  rule: string;
  /** What it was applied to, e.g. column 自然人 / row granted / group review. */
  scope: string;
  expected: number | null;
  actual: number | null;
  status: CheckStatus;
  /** Cell paths involved (t3.new[0], t4[4], t2.regulations.made …). */
  cells: string[];
  /** Human-readable arithmetic, e.g. "新收 0 + 上年结转 0 = 0 ≠ 总计 5 + 结转 0 = 5"; for n/a: which cell was blank. */
  detail: string;
}

export interface DocCounts { made: Cell; repealed: Cell; valid: Cell }

export interface T2 {
  regulations: DocCounts;
  normative: DocCounts;
  licensing: Cell;
  punishment: Cell;
  coercion: Cell;
  fees: Cell;
}

export interface Section { code: SectionCode; title: string; text: string; line: number }

export interface RegionCandidate {
  code: string; // GB/T 2260 (+3-digit township suffix where resolved to a township)
  name: string; // full path name, e.g. 河南省新乡市封丘县赵岗镇
  province: string; city: string | null; county: string | null; township: string | null;
}

export interface Region {
  /** The best-resolved code when unambiguous, else null. */
  code: string | null;
  name: string | null;
  province: string | null; city: string | null; county: string | null; township: string | null;
  candidates: RegionCandidate[];
  ambiguous: boolean;
  /** How it was resolved, for the reader. */
  basis: string;
}

export interface Ambiguity {
  /** The text that could not be split uniquely. */
  run: string;
  cells: string[];
  candidates: Cell[][];
  resolved_by?: string;
}

export interface ReportRecord {
  /**
   * The reporting agency as the report names itself; null when no signal in the text names it (the record is kept,
   * with a warning). The corpus build may then fill it from the file name or URL, and says so in `agency_basis`.
   */
  agency: string | null;
  /** The year the report covers; null when the text does not say (kept, with a warning; the corpus build may take it from the file name or URL, flagged). */
  year: number | null;
  /** Null when the text holds no table (a page cut off before table 二, a narrative only) and names no template. */
  template: TemplateId | null;
  t2: T2;
  t2_extra?: Record<string, number | string | null>;
  t3: Record<string, Cell[]>;
  t4: Cell[];
  // ---- additional keys ----
  level: LevelCode;
  /**
   * Where the agency name was found: in the text (title, header-title, opts.title, page-title, source-line,
   * breadcrumb, signature, publisher, narrative, compiler, contact) or, when the text names none, outside it
   * (`file-name`, `url`). `+place-in-text` is added when a body printed without its place (县乡村振兴局) took the one
   * place of that kind the same text names (青川县 → 青川县乡村振兴局); `+fullest-in-text` when a name from the narrative
   * took the fullest form the text prints (沈村镇 → 沈村镇人民政府); `+defined-full-name` when an abbreviation gave way to
   * the full name the text defines it for; `+unknown-place-dropped` when a district no table knows was dropped.
   */
  agency_basis?: string;
  /** Parent places named with the agency (e.g. 封丘县 for 封丘县赵岗镇), outermost first. */
  parents: string[];
  region: Region;
  published: string | null; // ISO date as printed in the report / page
  phone: string | null;
  /** t3 printed （六）其他处理 as one row (other_total) instead of three. */
  t3_other_single_row: boolean;
  sections: Section[];
  checks: CheckResult[];
  /** Cell paths whose value the text could not settle (null or the narrative-settled value). */
  ambiguous: string[];
  ambiguity: Ambiguity[];
  provenance: Record<string, Provenance>;
  layout: string; // tab | cell-per-line | aligned | token-per-line | flattened | mixed | html | pdf | docx | doc
  /** Where the report says it was published: the page's own URL (HTML meta) or a scraper dump's 原文链接 line. */
  source_url?: string | null;
  warnings: string[];
  source?: { file: string; format: string; encoding: string | null; sha256: string; bytes: number };
}

/** What a reader (read/*.ts) hands the text extractor: text plus a map back into the original file. */
export interface SourceDoc {
  format: 'text' | 'html' | 'pdf' | 'docx' | 'doc';
  encoding: string | null;
  /**
   * The text to extract from. Readers of structured formats emit one table row per line with cells
   * separated by TAB (a blank cell is an empty string between tabs), and paragraphs as lines.
   */
  text: string;
  /** Spans of `text` that came from a known place in the original (e.g. one table cell). */
  origins: Array<{
    line: number; start: number; end: number; origin: Origin;
    /**
     * Optional: where a table cell sits in its table's rebuilt grid
     * (0-based row/col of its top-left slot, and its spans). Rows emit each cell once, where it starts,
     * so `col` tells a blank value cell apart from a slot covered by a neighbour's colspan/rowspan.
     */
    grid?: { table: number; row: number; col: number; rowspan: number; colspan: number };
  }>;
  warnings: string[];
  /** Metadata a container knows besides the text (HTML <title>/<meta>, PDF info, DOCX core props). */
  meta?: { title?: string; published?: string; url?: string };
}

/** Thrown (or returned) when a file cannot be read as a report: the message is the one-line reason. */
export class NotAReport extends Error {
  constructor(message: string, readonly code: 'empty' | 'binary' | 'scanned' | 'corrupt' | 'no_tables' | 'encoding' | 'too_large' | 'timeout' | 'unsupported' = 'no_tables') {
    super(message);
    this.name = 'NotAReport';
  }
}
