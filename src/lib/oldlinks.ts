/**
 * Links of the former per-report pages (`/reports/<id>/`, `/reports/<id>.csv`) and of per-agency pages
 * (`/agencies/<key>/`, as issues and notes spell them) land on the 404 page (static hosts serve 404.html for
 * unknown paths); it sends them on to the one report route or the one agency route, keeping the hash
 * (`#cell=…` deep links). Pure, so it is tested without a browser.
 */
import { agencyHref, reportHref } from './links.ts';

export function redirectFor(pathname: string, hash: string, base = '/'): string | null {
  const b = base.replace(/\/?$/, '/');
  if (!pathname.startsWith(b)) return null;
  const rest = pathname.slice(b.length);
  const m = /^reports\/([A-Za-z0-9_.-]{1,120}?)(?:\/(?:index\.html)?|\.csv)?$/.exec(rest);
  if (m && !m[1].includes('..') && m[1] !== 'index.html') return reportHref(b, m[1], hash);
  const a = /^agencies\/([^/]{1,1200}?)(?:\/(?:index\.html)?)?$/.exec(rest);
  if (!a || a[1] === 'index.html') return null;
  let key: string;
  try { key = decodeURIComponent(a[1]); } catch { return null; }
  // a key is a name: nothing that could be a path or markup
  if (!key || key.length > 120 || /[\u0000-\u001f<>/\\]/.test(key) || key.includes('..')) return null;
  return agencyHref(b, key, hash);
}
