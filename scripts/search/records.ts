/**
 * What the search index holds, as pure functions: one record per report — its agency, places and narrative
 * sections (一 … 六) as the content, the agency as the title, and year / province / level as filters.
 * One record per report (not per section) keeps the index at one fragment per report.
 */

export interface ReportRow {
  id: string; agency: string | null; year: number | null; level: string | null;
  province: string | null; city: string | null; county: string | null; township: string | null;
}
export interface SectionRow { report_id: string; section: string | null; title: string | null; text: string | null }

/** Pagefind's custom record (its Node API's CustomRecord), typed here so the builder stays a pure mapping. */
export interface SearchRecord {
  url: string; content: string; language: string;
  meta: Record<string, string>; filters: Record<string, string[]>;
}

/** The site's index language: Pagefind's extended build segments Chinese words for it (index and query alike). */
export const SEARCH_LANGUAGE = 'zh';

/** Filter names, shared with the browser module (src/lib/search.ts) so a filter is spelled once. */
export const SEARCH_FILTERS = ['year', 'province', 'level'] as const;

export function searchRecords(reports: ReportRow[], sections: SectionRow[]): SearchRecord[] {
  const bySection = new Map<string, SectionRow[]>();
  for (const s of sections) {
    const l = bySection.get(s.report_id);
    if (l) l.push(s); else bySection.set(s.report_id, [s]);
  }
  return reports.map((r) => {
    const secs = (bySection.get(r.id) ?? []).slice().sort((a, b) => String(a.section).localeCompare(String(b.section)));
    const places = [r.province, r.city, r.county, r.township].filter(Boolean).join(' ');
    const body = secs.map((s) => [s.title, s.text].filter(Boolean).join('\n')).join('\n');
    const filters: Record<string, string[]> = {};
    // a report with no year / province / level is still indexed; it simply matches no filter on that facet
    if (r.year != null) filters.year = [String(r.year)];
    if (r.province) filters.province = [r.province];
    if (r.level) filters.level = [r.level];
    const meta: Record<string, string> = { id: r.id, title: r.agency ?? r.id };
    if (r.year != null) meta.year = String(r.year);
    return {
      url: `/${r.id}`, language: SEARCH_LANGUAGE, meta, filters,
      content: [r.agency ?? '', places, body].filter(Boolean).join('\n'),
    };
  });
}
