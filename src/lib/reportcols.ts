/**
 * The columns of `reports` that the report list and the compare picker read (only these, from the published Parquet,
 * the first time a reader needs them), and the row they make. The list's prerendered first page uses the same row
 * and the same order, so the table does not change when the columns arrive.
 */
import { MEASURE, type Row } from './measures.ts';

/** Metadata, check counts and the list's numbers: 新收, 办理总计 and what 公开率 is computed from. */
export const REPORT_COLUMNS: readonly string[] = [...new Set([
  'id', 'agency', 'agency_key', 'year', 'level', 'province', 'city', 'county', 'township', 'template',
  'checks_pass', 'checks_fail', 'checks_na', 'ambiguous_cells', 't3_new_total', 't3_total_total',
  ...MEASURE.open_rate.columns, 'published',
])];

export interface ReportRow {
  id: string; agency: string; agency_key: string | null; year: number | null; level: string | null;
  province: string | null; city: string | null; county: string | null; township: string | null; template: string | null;
  checks_pass: number | null; checks_fail: number | null; checks_na: number | null; ambiguous_cells: number | null;
  /** 表三 一、本年新收, 总计 column. */
  new: number | null;
  /** 表三 （七）总计, 总计 column. */
  handled: number | null;
  /** MEASURE.open_rate: null when a part is blank or the total is 0. */
  open_rate: number | null;
  published: string | null;
}

// Parquet INT64 arrives as bigint; a blank stays null (never 0)
const num = (v: unknown): number | null => (v == null ? null : Number(v));
const str = (v: unknown): string | null => (v == null ? null : String(v));

/** A row of `reports` (all columns or only REPORT_COLUMNS) as the list and the picker use it. */
export function reportRow(r: Row): ReportRow {
  return {
    id: String(r.id), agency: String(r.agency ?? ''), agency_key: str(r.agency_key), year: num(r.year), level: str(r.level),
    province: str(r.province), city: str(r.city), county: str(r.county), township: str(r.township), template: str(r.template),
    checks_pass: num(r.checks_pass), checks_fail: num(r.checks_fail), checks_na: num(r.checks_na), ambiguous_cells: num(r.ambiguous_cells),
    new: num(r.t3_new_total), handled: num(r.t3_total_total), open_rate: MEASURE.open_rate.get(r), published: str(r.published),
  };
}

/** Rows from column arrays (what readTable returns). */
export function reportRowsOf(c: { data: Record<string, any[]>; rows: number }): ReportRow[] {
  const out: ReportRow[] = new Array(c.rows);
  const names = Object.keys(c.data);
  for (let i = 0; i < c.rows; i++) {
    const r: Row = {};
    for (const n of names) r[n] = c.data[n][i];
    out[i] = reportRow(r);
  }
  return out;
}

// code-point order, the same in the build and in every browser (localeCompare is not)
const cmp = (a: string | null, b: string | null, nullsLast = true) =>
  (a === b ? 0 : a == null ? (nullsLast ? 1 : -1) : b == null ? (nullsLast ? -1 : 1) : a < b ? -1 : 1);

/** The list's order before any sort: by province and city (blank last), agency, year, then id so that no tie is left. */
export function listOrder(a: ReportRow, b: ReportRow): number {
  return cmp(a.province, b.province) || cmp(a.city, b.city) || cmp(a.agency, b.agency)
    || (a.year === b.year ? 0 : a.year == null ? 1 : b.year == null ? -1 : a.year - b.year) || cmp(a.id, b.id);
}

/** Files up to this size are fetched whole (the footer read would fetch most of one anyway); larger ones by column over HTTP Range. */
export const WHOLE_BELOW = 64 * 1024;

let loading: Promise<ReportRow[]> | null = null;
/**
 * REPORT_COLUMNS of every report (all partitions), in listOrder. Read once per page; a failed read is forgotten so
 * that the next request tries again. The Parquet reader is imported here, so a page that never asks does not load it.
 */
export function loadReportRows(): Promise<ReportRow[]> {
  return (loading ??= (async () => {
    const { readTable } = await import('./parquet.ts');
    const c = await readTable('reports', [...REPORT_COLUMNS], { wholeFileBytes: WHOLE_BELOW });
    return reportRowsOf(c).sort(listOrder);
  })().catch((e) => { loading = null; throw e; }));
}
