/**
 * Which rows of findings_by_rule a view of the findings page needs, without reading the table: a rule's rows are
 * ordered by severity (scripts/corpus/findings-order.ts) and cut into part files, so the page's prerendered counts
 * per severity and rows per part say where any page of any filter starts and which files hold it.
 */
import { SEVERITY_ORDER } from '../../scripts/corpus/findings-order.ts';
import type { DataFile } from './datafiles.ts';

/** Findings per rule prerendered, and the default page size in the browser. */
export const FIRST_PER_RULE = 20;
/** Largest page size a URL may ask for (a page stays a bounded read). */
export const MAX_PAGE_SIZE = 100;

/**
 * A rule's rows as published: count per severity in file order, rows of each part file (part 0, 1, …), and each part
 * file's path, size and footer length when the page was built with them (no file list to fetch before a read).
 */
export interface RulePlan { rule: string; severities: Array<[string, number]>; parts: number[]; files?: Array<Pick<DataFile, 'path' | 'bytes' | 'footer'> | null> }

/** Severities in the file's order: the known ones first (SEVERITY_ORDER), then others by name. */
export function severityRank(s: string): [number, string] {
  const i = (SEVERITY_ORDER as readonly string[]).indexOf(s);
  return [i < 0 ? SEVERITY_ORDER.length : i, s];
}
export function bySeverity<T extends [string, number]>(xs: T[]): T[] {
  return [...xs].sort((a, b) => { const [x, y] = [severityRank(a[0]), severityRank(b[0])]; return x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0); });
}

export const total = (p: RulePlan) => p.severities.reduce((k, [, n]) => k + n, 0);

/** The rows of a severity within the rule ([start, end), 0-based); '' = all of the rule. Absent severity: empty at 0. */
export function severityRange(p: RulePlan, severity: string): { start: number; end: number } {
  if (!severity) return { start: 0, end: total(p) };
  let at = 0;
  for (const [s, n] of p.severities) { if (s === severity) return { start: at, end: at + n }; at += n; }
  return { start: 0, end: 0 };
}

/** Page `page` (1-based) of `size` rows of the rule under the severity filter; pages past the end are empty. */
export function pageRange(p: RulePlan, severity: string, page: number, size: number): { start: number; end: number; of: number } {
  const r = severityRange(p, severity);
  const start = Math.min(r.end, r.start + (page - 1) * size);
  return { start, end: Math.min(r.end, start + size), of: r.end - r.start };
}

/** Rows [start, end) of the rule as reads of its part files: which part, and the rows within it. */
export function partReads(parts: number[], start: number, end: number): Array<{ part: number; rowStart: number; rowEnd: number }> {
  const out: Array<{ part: number; rowStart: number; rowEnd: number }> = [];
  let at = 0;
  parts.forEach((n, part) => {
    const a = Math.max(start, at), b = Math.min(end, at + n);
    if (a < b) out.push({ part, rowStart: a - at, rowEnd: b - at });
    at += n;
  });
  return out;
}

/** The page's state as its URL holds it: ?rule=&severity=&page=&n= (page and n only when not the default). */
export interface FindingsState { rule: string; severity: string; page: number; size: number }
export function parseState(search: string): FindingsState {
  const p = new URLSearchParams(search);
  const int = (v: string | null, d: number, max: number) => { const n = Number(v); return v && Number.isInteger(n) && n >= 1 ? Math.min(n, max) : d; };
  return { rule: p.get('rule') ?? '', severity: p.get('severity') ?? '', page: int(p.get('page'), 1, Number.MAX_SAFE_INTEGER), size: int(p.get('n'), FIRST_PER_RULE, MAX_PAGE_SIZE) };
}
export function stateSearch(s: FindingsState): string {
  const p = new URLSearchParams();
  if (s.rule) p.set('rule', s.rule);
  if (s.severity) p.set('severity', s.severity);
  if (s.page > 1) p.set('page', String(s.page));
  if (s.size !== FIRST_PER_RULE) p.set('n', String(s.size));
  const q = p.toString();
  return q ? `?${q}` : '';
}
