/**
 * The citation every export carries, and the line wrapping that keeps it inside an exported image. Pure
 * (no DOM) so it is unit-tested; ui.ts supplies the location and a text measurer.
 */

/** Query options that only shape an embed (not the view), dropped from the page URL a citation names. */
export const EMBED_OPTIONS = ['theme', 'table', 'title'];

/**
 * The page a reader should open for what `href` shows: an `/embed/…` address becomes the page it embeds
 * (`embed/chart/` → `chart/`, `embed/compare/` → `compare/`, `embed/report/` → `report/`, `embed/<chart>/` →
 * the home page at that chart), without the embed-only options. Other addresses are returned as they are.
 */
export function pageUrl(href: string, base = '/'): string {
  const u = new URL(href);
  const root = base.replace(/\/?$/, '/');
  if (!u.pathname.startsWith(root + 'embed/')) return u.href;
  const rest = u.pathname.slice(root.length + 'embed/'.length);
  // drop the options from the query as written (URLSearchParams would re-encode the rest, e.g. ids=a,b → a%2Cb)
  const kept = u.search.slice(1).split('&').filter((kv) => kv && !EMBED_OPTIONS.includes(decodeURIComponent(kv.split('=')[0])));
  u.search = kept.length ? `?${kept.join('&')}` : '';
  const m = /^(chart|compare|report)\//.exec(rest);
  if (m) u.pathname = root + m[1] + '/';
  else { const id = rest.replace(/\/.*$/, ''); u.pathname = root; u.search = ''; u.hash = id ? `#${id}` : ''; }
  return u.href;
}

/** `数据来源：信息公开年报数据台 <page URL>（<date>）`: date as YYYY-MM-DD (UTC). */
export function citation(href: string, base = '/', date = new Date()): string {
  return `数据来源：信息公开年报数据台 ${pageUrl(href, base)}（${date.toISOString().slice(0, 10)}）`;
}

/**
 * An upper bound of a text's rendered width when its fonts are unknown (an SVG opened elsewhere): CJK and
 * full-width characters 1 em, capitals and wide Latin letters 0.75 em, everything else 0.6 em.
 */
export function estimateWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    em += c >= 0x2e80 || (c >= 0xff00 && c <= 0xffef) ? 1 : /[A-Z@%&mwMW#]/.test(ch) ? 0.8 : 0.6;
  }
  return em * fontSize;
}

/**
 * Splits `text` into lines no wider than `max` by `measure`: at spaces when a word fits, otherwise between
 * any two characters (a URL or a Chinese sentence has no spaces to break at). Never drops a character.
 */
export function wrapText(text: string, max: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const token of para.split(/(?<= )/)) {
      if (measure(line + token) <= max) { line += token; continue; }
      if (line && measure(token) <= max) { lines.push(line.trimEnd()); line = token; continue; }
      for (const ch of token) {
        if (line && measure(line + ch) > max) { lines.push(line.trimEnd()); line = ch === ' ' ? '' : ch; } else line += ch;
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}
