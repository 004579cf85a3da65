/**
 * How one table cell of a record is traced back to the report's text: which provenance entry it has (a 2019
 * report records 行政许可/处罚/强制 under their 2019 keys), which digits of a run-together number are its own,
 * how it was settled, and — for a cell the text could not settle — the candidate splits. Pure functions over
 * the record (the shape `extract` prints; src/lib/record.ts puts it together in the browser).
 */
import { cellValue, cellLabel } from '../../scripts/findings/tables.ts';
import type { Ambiguity, Provenance, ReportRecord } from '../../scripts/template/record.ts';
import { parseCellPath, t3Path } from '../../scripts/template/cell-path.ts';
import { T2_2019_ROWS, T2_DOC_FIELDS, T3_COLUMNS, T3_WIDTH } from '../../scripts/template/vocabulary.ts';

const DOC_FIELDS: readonly string[] = T2_DOC_FIELDS.map((f) => f.code);

/** The record JSON the site publishes: the record plus the text it was read from. */
export type TracedRecord = ReportRecord & { source_text?: string };

/**
 * In a 2019-template record t2.licensing/punishment/coercion are the 处理决定数量 cells of table 二, and the
 * extractor records their provenance (and ambiguity) under those t2_extra keys (extract/table2.ts).
 */
const ALIAS_2019: Record<string, string> = {
  't2.licensing': 't2_extra.licensing_decisions',
  't2.punishment': 't2_extra.punishment_decisions',
  't2.coercion': 't2_extra.coercion_decisions',
};

/** The path under which the record keeps this page cell's provenance and ambiguity. */
export function recordPath(rec: Pick<ReportRecord, 'template'>, path: string): string {
  return rec.template === '2019' ? ALIAS_2019[path] ?? path : path;
}

export function provenanceOf(rec: Pick<ReportRecord, 'template' | 'provenance'>, path: string): Provenance | undefined {
  return rec.provenance?.[path] ?? rec.provenance?.[recordPath(rec, path)];
}

/** The unsettled run this cell is part of (its candidate splits), if any. */
export function ambiguityOf(rec: Pick<ReportRecord, 'template' | 'ambiguity'>, path: string): Ambiguity | undefined {
  const p = recordPath(rec, path);
  return (rec.ambiguity ?? []).find((a) => a.cells.includes(path) || a.cells.includes(p));
}

/** A cell's name for a reader, in Chinese: 表三“一、本年新收政府信息公开申请数量”·自然人. */
export function cellName(path: string): string {
  const a = parseCellPath(path);
  if (a?.table === 't3') return `${cellLabel(t3Path(a.row, T3_WIDTH - 1)).replace(/总计$/, '')}·${T3_COLUMNS[a.col]?.zh ?? a.col}`;
  return cellLabel(path);
}

/**
 * The characters of `p.line` that are this cell's own digits. A value split from a run-together number shares the
 * run's provenance with the run's other cells; the run is the cells' printed values one after another (signs,
 * spaces and units between them), in the record's order. Null when the run cannot be walked to this cell.
 */
export function ownSpan(rec: TracedRecord, path: string): { start: number; end: number } | null {
  const key = rec.provenance?.[path] ? path : recordPath(rec, path);
  const p = rec.provenance?.[key];
  if (!p) return null;
  const line = String(rec.source_text ?? '').split('\n')[p.line] ?? '';
  const run = line.slice(p.start, p.end);
  const all = Object.keys(rec.provenance).filter((k) => {
    const q = rec.provenance[k]!;
    return q.line === p.line && q.start === p.start && q.end === p.end;
  });
  // a cell recorded under both of its names counts once
  const mates = all.filter((k) => recordPath(rec, k) === k || !all.includes(recordPath(rec, k)));
  const at = (spans: Map<string, [number, number]> | null) => {
    const s = spans?.get(key);
    return s ? { start: p.start + s[0], end: p.start + s[1] } : null;
  };
  const settled = walk(run, byColumn(mates), (k) => cellValue(rec, k));
  if (settled) return at(settled);
  // Cells of the run the text left open: the span counts only when every candidate split puts it in the same place.
  const squeeze = (t: string) => t.replace(/\s+/g, '');
  const a = (rec.ambiguity ?? []).find((x) => squeeze(x.run) === squeeze(run) && x.cells.every((c) => !mates.includes(c)));
  if (!a) return mates.length <= 1 ? { start: p.start, end: p.end } : null;
  const cells = byColumn([...mates, ...a.cells]);
  let found: { start: number; end: number } | null = null;
  for (const cand of a.candidates) {
    const s = at(walk(run, cells, (k) => (a.cells.includes(k) ? cand[a.cells.indexOf(k)] ?? null : cellValue(rec, k))));
    if (!s || (found && (found.start !== s.start || found.end !== s.end))) return null;
    found = s;
  }
  return found;
}

/** Cell → its offsets in `run` when the values, in order, are exactly the run's digits (else null). */
function walk(run: string, cells: string[], val: (k: string) => number | null): Map<string, [number, number]> | null {
  const out = new Map<string, [number, number]>();
  let at = 0;
  for (const k of cells) {
    const v = val(k);
    if (v == null) return null;
    const m = new RegExp(`^[^0-9]*?(${String(Math.abs(v)).replace('.', '\\.')})`).exec(run.slice(at));
    if (!m) return null;
    const s = at + m[0].length - m[1]!.length;
    out.set(k, [s, s + m[1]!.length]);
    at += m[0].length;
  }
  return /[0-9]/.test(run.slice(at)) ? null : out;
}

/** Cells of one printed row in column order (t2 made/repealed/valid and the 2019 columns, t3/t4 by index). */
function byColumn(cells: string[]): string[] {
  const col = (k: string) => {
    const a = parseCellPath(k);
    if (a?.table === 't3') return a.col;
    if (a?.table === 't4') return a.index;
    // a t2 field of any kind: made, repealed, valid are the printed columns
    if (a?.table === 't2' && a.field !== null) return Math.max(0, DOC_FIELDS.indexOf(a.field));
    if (a?.table === 't2_extra') for (const r of T2_2019_ROWS) { const j = (r.cols as readonly string[]).indexOf(a.key); if (j >= 0) return j; }
    return 0;
  };
  return [...cells].sort((a, b) => col(a) - col(b));
}

/** A window of a long line around [start, end): what the source panel shows instead of the whole line. */
export function lineWindow(line: string, start: number, end: number, context = 60): { text: string; from: number; to: number; cut: [boolean, boolean] } {
  if (line.length <= end - start + 2 * context + 20) return { text: line, from: 0, to: line.length, cut: [false, false] };
  const from = Math.max(0, start - context), to = Math.min(line.length, end + context);
  return { text: line.slice(from, to), from, to, cut: [from > 0, to < line.length] };
}

const SETTLED: Record<string, string> = {
  grid: '从表格网格读出（原文件中的单元格）',
  'label+position': '按行标签和列位置读出',
  solver: '由算式求解：原文数字连在一起，按表格勾稽关系只有这一种拆分',
  'cross-year': '由相邻年度报告确定：本报告的数字串有多种拆分，按同一机关另一年度报告的数字只剩一种',
};
/** How the value was settled, in words, and the other report that settled it (cross-year). */
export function settledText(p: Provenance | undefined): { text: string; by: string | null } | null {
  if (!p?.settled) return null;
  return { text: SETTLED[p.settled] ?? p.settled, by: p.settled === 'cross-year' ? p.settled_by ?? null : null };
}
