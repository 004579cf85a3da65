/**
 * Reading a record's table cells for the findings: values, cell paths, labels and provenance as evidence.
 * Row and column codes come from template/vocabulary.ts only.
 */
import { isDocCell, isSingleCell, parseCellPath, t3Path as cellT3Path, t4Path } from '../template/cell-path.ts';
import type { Cell, ReportRecord } from '../template/record.ts';
import { T3_COLUMNS, T3_ROW, T3_ROWS, T3_WIDTH, T4_CELLS, T2_DOC_KINDS, T2_DOC_FIELDS, T2_SINGLE, t2ExtraLabel } from '../template/vocabulary.ts';
import type { Evidence } from './types.ts';

export const TOTAL_COL = T3_WIDTH - 1; // 总计 column of table 三

/** A table-三 cell's path; its 总计 column unless told. */
export const t3Path = (row: string, col = TOTAL_COL) => cellT3Path(row, col);
export { t4Path };

/** A table value the narrative can be compared with: one cell or a sum of cells (null when any is blank). */
export interface TableValue {
  value: number | null;
  cells: string[];
  /** Chinese label for a message, e.g. 表三“一、本年新收政府信息公开申请数量”总计. */
  label: string;
}

type Reader = (record: ReportRecord) => Cell;
/** A path is parsed once into a reader (the rules ask for the same few dozen paths of every report). */
const READERS = new Map<string, Reader>();

export function cellValue(record: ReportRecord, path: string): Cell {
  let read = READERS.get(path);
  if (!read) { read = readerOf(path); READERS.set(path, read); }
  return read(record);
}

function readerOf(path: string): Reader {
  const a = parseCellPath(path);
  if (!a) return () => null;
  switch (a.table) {
    case 't3': { const { row, col } = a; return (r) => r.t3?.[row]?.[col] ?? null; }
    case 't4': { const i = a.index; return (r) => r.t4?.[i] ?? null; }
    case 't2': {
      // only the template's table-二 cells: any other t2 path reads as blank
      const { row: k, field: f } = a;
      if (f !== null) return isDocCell(a) ? (r) => (r.t2 as any)?.[k]?.[f] ?? null : () => null;
      return isSingleCell(a) ? (r) => (r.t2 as any)?.[k] ?? null : () => null;
    }
    case 't2_extra': {
      const k = a.key;
      return (r) => { const v = r.t2_extra?.[k]; return typeof v === 'number' ? v : null; };
    }
  }
}

/** Short names of the table-三 rows for messages (the full label is in the evidence's cell path). */
const T3_SHORT: Record<string, string> = {
  new: '本年新收申请', carried: '上年结转申请', total: '办理结果总计', carry_forward: '结转下年度申请',
  granted: '予以公开', partial: '部分公开', other_total: '其他处理',
};

/** A label for a message: 表三“本年新收申请”（自然人）, 表四“行政复议·结果维持”, 表二“行政规范性文件·现行有效件数”. */
export function shortLabel(path: string): string {
  const a = parseCellPath(path);
  if (a?.table === 't3') {
    const row = T3_SHORT[a.row] ?? T3_ROW[a.row]?.zh.replace(/^(\d+\.|[（(][一二三四五六七][)）]|[一二三四]、)/, '') ?? a.row;
    return `表三“${row}”${a.col === TOTAL_COL ? '' : `（${T3_COLUMNS[a.col]?.zh ?? a.col}）`}`;
  }
  return cellLabel(path);
}

export function cellLabel(path: string): string {
  const a = parseCellPath(path);
  if (!a) return path;
  switch (a.table) {
    case 't3': return `表三“${T3_ROW[a.row]?.zh ?? a.row}”${a.col === TOTAL_COL ? '总计' : `第${a.col + 1}列`}`;
    case 't4': return `表四“${T4_CELLS[a.index]?.zh ?? a.index}”`;
    case 't2':
      // t2.<kind>.<field> is named only for the template's 规章 / 规范性文件 counts; a single row by its name or its code
      if (a.field !== null) return isDocCell(a) ? `表二“${T2_DOC_KINDS.find((k) => k.code === a.row)!.zh}·${T2_DOC_FIELDS.find((f) => f.code === a.field)!.zh}”` : path;
      return `表二“${T2_SINGLE.find((k) => k.code === a.row)?.zh ?? a.row}”`;
    case 't2_extra': return `表二“${t2ExtraLabel(a.key).zh}”`;
  }
}

/** Sum of cells; null when any is blank (a blank is never a 0). */
export function sumOf(record: ReportRecord, cells: string[], label: string): TableValue {
  let v = 0;
  for (const c of cells) {
    const x = cellValue(record, c);
    if (x === null) return { value: null, cells, label };
    v += x;
  }
  return { value: v, cells, label };
}

export function one(record: ReportRecord, path: string): TableValue {
  return { value: cellValue(record, path), cells: [path], label: shortLabel(path) };
}

/** The table-三 result rows (（一）…（六）) this record prints, counting （六） once. */
export function resultRows(record: ReportRecord): string[] {
  const present = T3_ROWS.filter((r) => r.result && record.t3?.[r.code]);
  const hasSplit = present.some((r) => r.group === 'other' && r.code !== 'other_total');
  const hasSingle = present.some((r) => r.code === 'other_total');
  return present
    .filter((r) => {
      if (r.group !== 'other' || !(hasSplit && hasSingle)) return true;
      return record.t3_other_single_row ? r.code === 'other_total' : r.code !== 'other_total';
    })
    .map((r) => r.code);
}

export function groupRows(record: ReportRecord, group: string): string[] {
  return T3_ROWS.filter((r) => r.group === group && record.t3?.[r.code]).map((r) => r.code);
}

/** Evidence for a cell from record.provenance (line -1 when the extractor left none). */
export function cellEvidence(reportId: string, record: ReportRecord, path: string): Evidence {
  const p = record.provenance?.[path];
  const v = cellValue(record, path);
  if (!p) return { kind: 'cell', report_id: reportId, line: -1, start: -1, end: -1, text: v === null ? '' : String(v), cell: path };
  return { kind: 'cell', report_id: reportId, line: p.line, start: p.start, end: p.end, text: p.raw, cell: path };
}

/** True when the extractor could not settle one of these cells: a finding must not rest on it. */
export function anyAmbiguous(record: ReportRecord, cells: string[]): boolean {
  const amb = new Set(record.ambiguous ?? []);
  return cells.some((c) => amb.has(c));
}
