/**
 * What the report list shows, shared by its prerendered first page (src/pages/reports/index.astro) and the script
 * that takes over (src/lib/listpage.ts), so the two draw the same facets, labels and pager.
 */
import type { ReportRow } from './reportcols.ts';
import { LEVEL_ZH } from './measures.ts';

export const LIST_PAGE = 100;
export const FACETS = ['year', 'province', 'city', 'county', 'level', 'template', 'checks', 'amb'] as const;
/** URL keys that change which rows the table shows: a link carrying one needs the report columns at once. */
export const ROW_KEYS = [...FACETS, 'q', 'sort', 'page'] as const;

/** 校验 = the report's own arithmetic; 待定 = cells the extractor could not split uniquely (not a failed check). */
export function facetValue(r: ReportRow, k: string): string | null {
  if (k === 'checks') return (r.checks_fail ?? 0) > 0 ? 'fail' : 'pass';
  if (k === 'amb') return (r.ambiguous_cells ?? 0) > 0 ? 'amb' : 'none';
  const v = (r as unknown as Record<string, unknown>)[k];
  return v == null || v === '' ? null : String(v);
}

export function facetLabel(k: string, v: string): string {
  return k === 'level' ? LEVEL_ZH[v] ?? v : k === 'template' ? `${v} 版模板` : k === 'checks' ? (v === 'fail' ? '有未通过' : '全部通过')
    : k === 'amb' ? (v === 'amb' ? '有数字待定' : '没有待定') : k === 'year' ? `${v}年` : v;
}

/** The page buttons for `total` rows with page `current` (1-based) shown: all of them, or past 12 the first, last and ±3. */
export function pagerPages(total: number, current: number): number[] {
  const pages = Math.max(1, Math.ceil(total / LIST_PAGE));
  if (pages <= 1) return [];
  const out: number[] = [];
  for (let i = 1; i <= pages; i++) if (pages <= 12 || Math.abs(i - current) <= 3 || i === 1 || i === pages) out.push(i);
  return out;
}

export const regionText = (r: ReportRow) => [r.province, r.city, r.county].filter(Boolean).join(' ');
