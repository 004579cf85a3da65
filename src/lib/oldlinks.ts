/**
 * Links of the former per-report pages (`/reports/<id>/`, `/reports/<id>.csv`) land on the 404 page (static
 * hosts serve 404.html for unknown paths); it sends them on to the one report route, keeping the hash
 * (`#cell=…` deep links). Pure, so it is tested without a browser.
 */
export function redirectFor(pathname: string, hash: string, base = '/'): string | null {
  const b = base.replace(/\/?$/, '/');
  if (!pathname.startsWith(b)) return null;
  const m = /^reports\/([A-Za-z0-9_.-]{1,120}?)(?:\/(?:index\.html)?|\.csv)?$/.exec(pathname.slice(b.length));
  if (!m || m[1].includes('..') || m[1] === 'index.html') return null;
  return `${b}report/?id=${encodeURIComponent(m[1])}${hash}`;
}
