/** Where a report is shown on the site: the one place a report link is spelled. */
export function reportHref(base: string, id: string): string {
  return `${base}reports/${id}/`;
}
