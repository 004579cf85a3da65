/** Where a report is shown on the site: the one place a report link is spelled (`hash`: e.g. `#cell=t2.licensing`). */
export function reportHref(base: string, id: string, hash = ''): string {
  return `${base}report/?id=${encodeURIComponent(id)}${hash}`;
}

/** Where an agency's years are shown (one route for every agency, keyed by reports.agency_key). */
export function agencyHref(base: string, key: string, hash = ''): string {
  return `${base}agency/?key=${encodeURIComponent(key)}${hash}`;
}

/** A report link pointing at one of its cells (the report page opens the cell's source text). */
export function cellHref(base: string, id: string, cell?: string): string {
  return reportHref(base, id, cell ? `#cell=${encodeURIComponent(cell)}` : '');
}
