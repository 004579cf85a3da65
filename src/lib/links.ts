/** Where a report is shown on the site: the one place a report link is spelled (`hash`: e.g. `#cell=t2.licensing`). */
export function reportHref(base: string, id: string, hash = ''): string {
  return `${base}report/?id=${encodeURIComponent(id)}${hash}`;
}
