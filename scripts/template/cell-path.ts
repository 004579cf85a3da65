/**
 * The grammar of cell paths, defined once. A record's table cells are named by paths:
 *   t2.<kind>.<field>   a 规章 / 规范性文件 count (t2.regulations.made)
 *   t2.<row>            a single-value table-二 row (t2.licensing)
 *   t2_extra.<key>      a 2019-template table-二 value (t2_extra.licensing_change)
 *   t3.<row>[<col>]     a table-三 cell, col 0…6 in T3_COLUMNS order (t3.new[6])
 *   t4[<i>]             a table-四 cell, i 0…14 in T4_CELLS order (t4[4])
 * The same strings are the keys of `provenance`, the entries of `ambiguous` and `checks[].cells`, and the `path`
 * column of the published cells table. The grammar accepts any word for a row, kind, field or key and any decimal
 * index (a record may carry a row the template does not print); `inTemplate` says whether an address is one of
 * the template's cells (vocabulary.ts).
 */
import type { Cell } from './record.ts';
import { T2_DOC_FIELDS, T2_DOC_KINDS, T2_SINGLE, T3_ROW, T3_WIDTH, T4_WIDTH } from './vocabulary.ts';

export type CellAddress =
  /** field null: a single-value row (t2.licensing). */
  | { table: 't2'; row: string; field: string | null }
  | { table: 't2_extra'; key: string }
  | { table: 't3'; row: string; col: number }
  | { table: 't4'; index: number };

/** The tables of a record that cell paths address (a ReportRecord, or the parts of one being built). */
export interface CellTables {
  t2: unknown;
  t2_extra?: Record<string, number | string | null>;
  t3: Record<string, Cell[]>;
  t4: Cell[];
}

const GRAMMAR = /^(?:t2\.(\w+)(?:\.(\w+))?|t2_extra\.(\w+)|t3\.(\w+)\[(\d+)\]|t4\[(\d+)\])$/;

/** The address a path names, or null when it is not a cell path. */
export function parseCellPath(path: string): CellAddress | null {
  const m = GRAMMAR.exec(path);
  if (!m) return null;
  if (m[1] !== undefined) return { table: 't2', row: m[1], field: m[2] ?? null };
  if (m[3] !== undefined) return { table: 't2_extra', key: m[3] };
  if (m[4] !== undefined) return { table: 't3', row: m[4], col: Number(m[5]) };
  return { table: 't4', index: Number(m[6]) };
}

// Paths built once per process: the extractor, provenance and the checks name the same ~200 cells in every report,
// and a fresh string per use (then hashed as a property key) was a measurable share of extraction.
const t3Paths = new Map<string, string[]>();
const T4_PATHS = Array.from({ length: T4_WIDTH }, (_, i) => `t4[${i}]`);

/** `t3.<row>[<col>]`. */
export function t3Path(row: string, col: number): string {
  let ps = t3Paths.get(row);
  if (!ps) {
    ps = Array.from({ length: T3_WIDTH }, (_, i) => `t3.${row}[${i}]`);
    // Row codes come from the template vocabulary; anything else is built on each use and not kept.
    if (t3Paths.size < 64) t3Paths.set(row, ps);
  }
  return col >= 0 && col < ps.length && Number.isInteger(col) ? ps[col]! : `t3.${row}[${col}]`;
}

/** `t4[<i>]`. */
export function t4Path(i: number): string {
  return i >= 0 && i < T4_PATHS.length && Number.isInteger(i) ? T4_PATHS[i]! : `t4[${i}]`;
}

/** `t2.<row>.<field>`, or `t2.<row>` for a single-value row. */
export function t2Path(row: string, field: string | null = null): string {
  return field === null ? `t2.${row}` : `t2.${row}.${field}`;
}

/** `t2_extra.<key>`. */
export function t2ExtraPath(key: string): string {
  return `t2_extra.${key}`;
}

/** The path of an address (parseCellPath's inverse). */
export function cellPath(a: CellAddress): string {
  switch (a.table) {
    case 't2': return t2Path(a.row, a.field);
    case 't2_extra': return t2ExtraPath(a.key);
    case 't3': return t3Path(a.row, a.col);
    case 't4': return t4Path(a.index);
  }
}

const DOC_KINDS = new Set<string>(T2_DOC_KINDS.map((k) => k.code));
const DOC_FIELDS = new Set<string>(T2_DOC_FIELDS.map((f) => f.code));
const SINGLES = new Set<string>(T2_SINGLE.map((s) => s.code));

/** A 规章 / 规范性文件 count of the template (t2.regulations.made … t2.normative.valid). */
export function isDocCell(a: CellAddress): a is { table: 't2'; row: 'regulations' | 'normative'; field: 'made' | 'repealed' | 'valid' } {
  return a.table === 't2' && a.field !== null && DOC_KINDS.has(a.row) && DOC_FIELDS.has(a.field);
}

/** A single-value table-二 row of the template (t2.licensing, t2.punishment, t2.coercion, t2.fees). */
export function isSingleCell(a: CellAddress): a is { table: 't2'; row: 'licensing' | 'punishment' | 'coercion' | 'fees'; field: null } {
  return a.table === 't2' && a.field === null && SINGLES.has(a.row);
}

/** One of the template's cells: a known table-二 cell, any t2_extra key, a T3_ROWS row within T3_WIDTH, a T4 index. */
export function inTemplate(a: CellAddress): boolean {
  switch (a.table) {
    case 't2': return isDocCell(a) || isSingleCell(a);
    case 't2_extra': return true;
    case 't3': return T3_ROW[a.row] !== undefined && a.col < T3_WIDTH;
    case 't4': return a.index < T4_WIDTH;
  }
}

/**
 * What the record holds at an address, as it holds it: undefined when the record has no such cell (a t3 row it
 * does not print, a t4 index past its end, a t2_extra key of a 2021 record), a t2_extra text (an amount's unit) as
 * its text.
 */
export function getCell(rec: CellTables, a: CellAddress): Cell | string | undefined {
  switch (a.table) {
    case 't2': {
      const t2 = rec.t2 as Record<string, unknown> | undefined;
      return (a.field === null ? t2?.[a.row] : (t2?.[a.row] as Record<string, unknown> | undefined)?.[a.field]) as Cell | undefined;
    }
    case 't2_extra': return rec.t2_extra?.[a.key];
    case 't3': return rec.t3?.[a.row]?.[a.col];
    case 't4': return rec.t4?.[a.index];
  }
}

/**
 * Writes a value at an address. `create`: a t3 row (of T3_WIDTH blanks), a t2 kind or the t2_extra object the
 * record lacks is made (a record being put together). `existing`: only into a t3 row, t2 kind or t2_extra object
 * the record already has; otherwise nothing is written and false is returned (a record being amended).
 */
export function setCell(rec: CellTables, a: CellAddress, v: Cell | string, mode: 'create' | 'existing'): boolean {
  const t2 = rec.t2 as Record<string, unknown>;
  switch (a.table) {
    case 't2':
      if (a.field === null) { t2[a.row] = v; return true; }
      if (mode === 'create') t2[a.row] ??= {};
      else if (t2[a.row] === undefined || t2[a.row] === null) return false;
      (t2[a.row] as Record<string, unknown>)[a.field] = v;
      return true;
    case 't2_extra':
      if (mode === 'create') rec.t2_extra ??= {};
      else if (!rec.t2_extra) return false;
      rec.t2_extra![a.key] = v;
      return true;
    case 't3': {
      let row = rec.t3[a.row];
      if (!row) {
        if (mode === 'existing') return false;
        row = rec.t3[a.row] = Array.from({ length: T3_WIDTH }, () => null);
      }
      row[a.col] = v as Cell;
      return true;
    }
    case 't4':
      rec.t4[a.index] = v as Cell;
      return true;
  }
}
