/**
 * A record split across the published tables, and put back together (pure; the build and the browser share it).
 * The tables hold a report's values and their provenance (cells), its checks and its sections; the `slim_records` table
 * holds the rest (the slim record), so nothing per report is kept twice and a report is read by id from four tables.
 * assembleRecord(slim, cells, checks, sections) gives back the record's shape as `extract` prints it (without the
 * source text, which is in the optional archive).
 */
import type { Cell, CheckResult, Provenance, ReportRecord, Section } from './record.ts';
import { parseCellPath, setCell, type CellTables } from './cell-path.ts';
import { T2_DOC_FIELDS, T2_DOC_KINDS, T2_SINGLE, T4_WIDTH, type SectionCode } from './vocabulary.ts';

/** Keys of a record that the cells, checks and sections tables hold (and the source text, archived). */
export const TABLE_KEYS = ['t2', 't2_extra', 't3', 't4', 'provenance', 'checks', 'sections', 'source_text'] as const;

export type SlimRecord = Omit<ReportRecord, 't2' | 't2_extra' | 't3' | 't4' | 'provenance' | 'checks' | 'sections'> & { has_t2_extra?: boolean };

export function slimRecord(rec: ReportRecord & { source_text?: unknown }): SlimRecord {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) if (!(TABLE_KEYS as readonly string[]).includes(k)) out[k] = v;
  // a 2019-template table 二 with no extra value is still an (empty) object in the record
  if (rec.t2_extra !== undefined) out.has_t2_extra = true;
  return out as SlimRecord;
}

/** A cells row as the published table has it (the columns the record needs). */
export interface CellRow {
  tbl: string; row: string; col: string | null; value: number | null; as_stated: string | null; raw: string | null;
  line: number | null; span_start: number | null; span_end: number | null; origin: string | null;
  settled?: string | null; settled_by?: string | null; path: string;
}
export interface CheckRow { rule: string; scope: string; status: string; expected: number | null; actual: number | null; cells: string | null; detail: string | null }
export interface SectionRow { section: string; title: string; text: string; line?: number | null }

/** The numeric 2019-template extras have a number or null; a text-valued extra (an amount's unit) is its as_stated text. */
const isTextExtra = (c: CellRow) => c.value === null && c.as_stated !== null && c.raw === null && c.line === null;

export function assembleRecord(slim: SlimRecord, cells: CellRow[], checks: CheckRow[], sections: SectionRow[]): ReportRecord {
  const t2: Record<string, any> = {};
  for (const k of T2_DOC_KINDS) t2[k.code] = Object.fromEntries(T2_DOC_FIELDS.map((f) => [f.code, null]));
  for (const s of T2_SINGLE) t2[s.code] = null;
  const t3: Record<string, Cell[]> = {};
  const t4: Cell[] = Array.from({ length: T4_WIDTH }, () => null);
  const provenance: Record<string, Provenance> = {};
  const tables: CellTables = { t2, t3, t4, ...(slim.has_t2_extra ? { t2_extra: {} } : {}) };
  for (const c of cells) {
    const v = c.value === null || c.value === undefined ? null : Number(c.value);
    const a = parseCellPath(c.path);
    // Putting a record together: a t3 row, a t2 kind or the t2_extra a cell names is made when missing, whether or
    // not the template prints it (the cells table keeps rows outside the vocabulary rather than dropping them).
    if (a) setCell(tables, a, a.table === 't2_extra' && isTextExtra(c) ? c.as_stated! : v, 'create');
    if (c.line !== null && c.line !== undefined) {
      const p: Provenance = { line: Number(c.line), start: Number(c.span_start), end: Number(c.span_end), raw: c.raw ?? '' };
      if (c.origin) p.origin = JSON.parse(c.origin);
      if (c.settled) p.settled = c.settled as Provenance['settled'];
      if (c.settled_by) p.settled_by = c.settled_by;
      provenance[c.path] = p;
    }
  }
  const { has_t2_extra: _drop, ...meta } = slim;
  const rec = {
    ...meta, t2, t3, t4, provenance,
    checks: checks.map((k): CheckResult => ({
      rule: k.rule, scope: k.scope, expected: k.expected === null ? null : Number(k.expected), actual: k.actual === null ? null : Number(k.actual),
      status: k.status as CheckResult['status'], cells: k.cells ? JSON.parse(k.cells) : [], detail: k.detail ?? '',
    })),
    sections: sections.map((s): Section => ({ code: s.section as SectionCode, title: s.title, text: s.text, line: s.line === null || s.line === undefined ? -1 : Number(s.line) })),
  } as ReportRecord;
  if (tables.t2_extra !== undefined) rec.t2_extra = tables.t2_extra;
  return rec;
}
