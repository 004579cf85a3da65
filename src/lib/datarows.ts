/**
 * The long lists of /data/ (agencies of the corpus, input files): what a row says and how the lists are paged.
 * Pure, shared by the prerender (src/pages/data.astro) and the page's script (src/lib/datapage.ts), so the
 * first page and the pages read in the browser are one list.
 */

/** Rows prerendered and shown per page: the page's HTML holds at most this many rows of each list. */
export const AGENCY_PAGE = 50;
export const FILE_PAGE = 100;
/** A page size asked for in the URL (`an=` / `fn=`) is kept within these bounds. */
export const MIN_PAGE = 10;
export const MAX_PAGE = 500;

export const STATUS_ZH: Record<string, string> = { ok: '成功', failed: '失败', duplicate: '重复', metadata: '元数据（非报告）', skipped: '跳过（未打开）' };
/** The file list's filter: a status, everything, or everything but ok (the default: what needs a reader's attention). */
export const NOT_OK = 'notok';
export const ALL = 'all';
export const statusLabel = (s: string) => (s === NOT_OK ? '成功以外' : s === ALL ? '全部' : STATUS_ZH[s] ?? s);
/** What the file list shows under a filter, as the page says it. */
export const fileListLabel = (s: string) => (s === ALL ? '全部文件' : `${statusLabel(s)}的文件`);
export const matchesStatus = (filter: string, status: string | null) => (filter === ALL ? true : filter === NOT_OK ? status !== 'ok' : status === filter);

export function kb(n: number | null): string {
  if (n == null || !Number.isFinite(n)) return '';
  return n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`;
}

/** Code-point order, as DuckDB's ORDER BY on VARCHAR (UTF-8 bytes), so the browser's pages continue the build's first page. */
export function byCodePoint(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a == null) return 1;
  if (b == null) return -1;
  const x = [...a], y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d) return d;
  }
  return x.length - y.length;
}

export interface AgencyRow { key: string | null; n: number; years: Array<number | null> }

/**
 * One row per agency (agency_key, else the printed title) from the reports' agency_key / agency / year columns:
 * its number of reports and their years (one entry per report), most reports first, then by key.
 */
export function agencyRows(agencyKey: ArrayLike<string | null>, agency: ArrayLike<string | null>, year: ArrayLike<unknown>): AgencyRow[] {
  const m = new Map<string | null, Array<number | null>>();
  for (let i = 0; i < agencyKey.length; i++) {
    const k = agencyKey[i] ?? agency[i] ?? null;
    const y = year[i] == null || !Number.isFinite(Number(year[i])) ? null : Number(year[i]);
    const ys = m.get(k);
    if (ys) ys.push(y); else m.set(k, [y]);
  }
  return [...m].map(([key, ys]) => ({ key, n: ys.length, years: ys.sort((a, b) => (a ?? Infinity) - (b ?? Infinity)) }))
    .sort((a, b) => b.n - a.n || byCodePoint(a.key, b.key));
}

/** How many of an agency's reports are of year `y` (blank when none, as the table prints it). */
export const reportsIn = (years: Array<number | null>, y: number) => years.filter((x) => x === y).length || '';

/** Page `page` (1-based, clamped) of `total` rows, `size` a page: its row range [start, end) and the number of pages. */
export function pageOf(total: number, page: number, size: number) {
  const pages = Math.max(1, Math.ceil(total / size));
  const p = Math.min(Math.max(1, Math.floor(Number.isFinite(page) ? page : 1)), pages);
  return { page: p, pages, start: (p - 1) * size, end: Math.min(total, p * size) };
}

/** A page number or size from the URL: a positive integer, else the default (sizes kept within MIN_PAGE–MAX_PAGE). */
export function pageParam(v: string | null, dflt: number): number {
  const n = Number(v);
  return v != null && Number.isInteger(n) && n > 0 ? n : dflt;
}
export const sizeParam = (v: string | null, dflt: number) => Math.min(MAX_PAGE, Math.max(MIN_PAGE, pageParam(v, dflt)));

/** What part of a list is shown: "显示前 50 个，共 1,234 个" / "显示第 51–100 个，共 1,234 个", or "共 23 个" when all is shown. */
export function shownNote(start: number, end: number, total: number, unit = '个'): string {
  const n = (x: number) => x.toLocaleString('en-US');
  if (start === 0 && end >= total) return `共 ${n(total)} ${unit}`;
  if (end <= start) return `共 ${n(total)} ${unit}，本页没有`;
  return start === 0 ? `显示前 ${n(end)} ${unit}，共 ${n(total)} ${unit}` : `显示第 ${n(start + 1)}–${n(end)} ${unit}，共 ${n(total)} ${unit}`;
}

export interface FileRow { path: string; format: string | null; bytes: number | null; status: string; reason: string | null; duplicate_of: string | null; report_id: string | null }

/** The 说明 of a file row: its report, the report it duplicates, or the reason it was not read. */
export function fileNote(f: FileRow): { report: string } | { duplicateOf: string } | { text: string } {
  if (f.status === 'ok' && f.report_id) return { report: f.report_id };
  if (f.status === 'duplicate' && f.duplicate_of) return { duplicateOf: f.duplicate_of };
  return { text: f.reason ?? '' };
}
