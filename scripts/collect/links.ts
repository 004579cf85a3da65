/**
 * What a fetched HTML page offers the collector: its title, its links (href, javascript:/onclick URLs,
 * frames), and its pagination (下一页 / page-number anchors, index_N.html siblings, TRS createPageHTML scripts).
 * Markup is parsed with parse5; regexes only run over attribute values and script text (JavaScript, not HTML).
 */
import { parse } from 'parse5';
import { attr, elements, textOf, type Element } from './dom.ts';

export interface PageLink {
  /** absolute URL, fragment removed */
  url: string;
  /** visible text, whitespace collapsed */
  text: string;
  /** title attribute (TRS lists put the untruncated title there) */
  title?: string;
  /** for short link texts ("查看", "下载"): the text of the list item / table row holding only this link */
  context?: string;
  via: 'href' | 'javascript' | 'onclick' | 'frame';
}

export interface PageInfo {
  /** best title: <meta name="ArticleTitle">, else <title>, plus the first <h1>/<h2> */
  title: string;
  titles: string[];
  base: string;
  links: PageLink[];
  /** other pages of the same list (same origin and directory), in page order where known */
  pagination: string[];
  /** <meta http-equiv="refresh" content="0;url=…"> target, if any */
  refresh: string | null;
  /** the page's visible text (no scripts, styles, comments or attributes), whitespace collapsed */
  text: string;
}

export const DOC_EXTENSIONS = ['pdf', 'doc', 'docx', 'wps', 'xls', 'xlsx'] as const;
export type DocExt = (typeof DOC_EXTENSIONS)[number];

/** Attachment type named by a URL: its path extension, or a query value ending in one (download.jsp?file=a.pdf). */
export function docExtension(url: string): DocExt | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const fromPath = u.pathname.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (fromPath && (DOC_EXTENSIONS as readonly string[]).includes(fromPath)) return fromPath as DocExt;
  for (const v of u.searchParams.values()) {
    const e = v.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
    if (e && (DOC_EXTENSIONS as readonly string[]).includes(e)) return e as DocExt;
  }
  return null;
}

/** First string literal in a JavaScript snippet that looks like a URL (path, relative path or document name). */
export function urlInScript(js: string): string | null {
  for (const m of js.matchAll(/(['"])((?:(?!\1)[^\\\n]|\\.)+)\1/g)) {
    const s = m[2]!.trim();
    if (/^(https?:)?\/\/[^\s]+$/i.test(s) || /^\.{0,2}\/[^\s]*$/.test(s)) return s;
    if (/^[^\s'"<>()]+\.(s?html?|pdf|docx?|wps|xlsx?|jsp|php|aspx?)([?#][^\s]*)?$/i.test(s)) return s;
  }
  return null;
}

function resolve(href: string, base: string): string | null {
  try {
    const u = new URL(href.trim(), base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}

function dirOf(u: URL): string {
  return u.origin + u.pathname.replace(/[^/]*$/, '');
}

const NEXT_TEXT = /^(下一页|下页|后一页|下一頁|next|>|>>|›|»|尾页|末页|最后一页|\[?\d{1,4}\]?)$/i;
const INDEX_N = /^(index|default|list)(_\d+)?\.(s?html?)$/i;

function num(arg: string, scripts: string): number | null {
  const a = arg.trim();
  if (/^\d+$/.test(a)) return Number(a);
  if (/^[A-Za-z_$][\w$]*$/.test(a)) {
    const m = scripts.match(new RegExp(`\\b${a.replace(/\$/g, '\\$')}\\s*=\\s*(\\d+)`));
    if (m) return Number(m[1]);
  }
  return null;
}

/**
 * TRS list pages write their pager at run time: createPageHTML(total, current, "index", "html") — also seen
 * with a leading div id and a trailing record count, and with variables for the numbers. Page 0 is
 * index.html, page k is index_k.html.
 */
export function trsPages(scripts: string, base: string): string[] {
  const out: string[] = [];
  for (const m of scripts.matchAll(/createPageHTML\s*\(([^()]*)\)/g)) {
    const args = m[1]!.split(',').map((s) => s.trim());
    for (let i = 0; i + 3 < args.length; i++) {
      const total = num(args[i]!, scripts);
      const current = num(args[i + 1]!, scripts);
      const name = args[i + 2]!.match(/^(['"])(.*)\1$/)?.[2];
      const ext = args[i + 3]!.match(/^(['"])(.*)\1$/)?.[2];
      if (total == null || current == null || name == null || ext == null || !name || !ext) continue;
      for (let k = 0; k < Math.min(total, 10_000); k++) {
        const u = resolve(k === 0 ? `${name}.${ext}` : `${name}_${k}.${ext}`, base);
        if (u) out.push(u);
      }
      break;
    }
  }
  return out;
}

const ROW_TAGS = new Set(['li', 'tr', 'dd', 'dt', 'p']);

/** Text of the nearest list item / row / paragraph around a link, if that row holds no other link. */
function rowText(el: Element): string | undefined {
  let n: Element | null = el;
  for (let depth = 0; n && depth < 4; depth++) {
    const parent = n.parentNode as Element | null;
    if (!parent || !('tagName' in parent)) return undefined;
    n = parent;
    if (ROW_TAGS.has(n.tagName)) {
      const anchors = [...elements(n)].filter((e) => e.tagName === 'a' || e.tagName === 'area');
      return anchors.length <= 1 ? textOf(n) : undefined;
    }
  }
  return undefined;
}

export function pageInfo(html: string, pageUrl: string): PageInfo {
  const doc = parse(html);
  const els = [...elements(doc)];
  let base = pageUrl;
  const baseEl = els.find((e) => e.tagName === 'base' && attr(e, 'href'));
  if (baseEl) base = resolve(attr(baseEl, 'href')!, pageUrl) ?? pageUrl;

  const titles: string[] = [];
  const metaTitle = els.find((e) => e.tagName === 'meta' && /^(articletitle|title)$/i.test(attr(e, 'name') ?? ''));
  if (metaTitle && attr(metaTitle, 'content')) titles.push(attr(metaTitle, 'content')!.trim());
  const titleEl = els.find((e) => e.tagName === 'title');
  if (titleEl) titles.push(textOf(titleEl));
  const h = els.find((e) => e.tagName === 'h1') ?? els.find((e) => e.tagName === 'h2');
  if (h) titles.push(textOf(h));

  let refresh: string | null = null;
  const links: PageLink[] = [];
  const scripts: string[] = [];
  const add = (raw: string, el: (typeof els)[number], via: PageLink['via']) => {
    const url = resolve(raw, base);
    if (!url) return;
    const title = attr(el, 'title')?.trim() || undefined;
    const text = textOf(el);
    const context = text.length < 8 ? rowText(el) : undefined;
    links.push({ url, text, title, via, ...(context ? { context } : {}) });
  };

  for (const el of els) {
    const tag = el.tagName;
    if (tag === 'script') {
      scripts.push(el.childNodes.map((c) => ('value' in c ? (c as { value: string }).value : '')).join(''));
      continue;
    }
    if (tag === 'meta' && (attr(el, 'http-equiv') ?? '').toLowerCase() === 'refresh') {
      const target = (attr(el, 'content') ?? '').match(/url\s*=\s*['"]?([^'";]+)/i)?.[1];
      if (target) refresh = resolve(target, base);
      continue;
    }
    const href = tag === 'a' || tag === 'area' ? attr(el, 'href') : null;
    const onclick = attr(el, 'onclick');
    if (href && !/^\s*javascript:/i.test(href) && !href.trim().startsWith('#')) {
      add(href, el, 'href');
    } else if (href && /^\s*javascript:/i.test(href) && urlInScript(href)) {
      add(urlInScript(href)!, el, 'javascript');
    } else if (onclick && urlInScript(onclick)) {
      add(urlInScript(onclick)!, el, 'onclick');
    }
    if (tag === 'iframe' || tag === 'embed' || tag === 'object' || tag === 'frame') {
      const src = attr(el, 'src') ?? attr(el, 'data');
      if (src) {
        // PDF viewers: /pdfjs/web/viewer.html?file=/uploads/report.pdf
        const viaViewer = resolve(src, base);
        const file = viaViewer ? new URL(viaViewer).searchParams.get('file') : null;
        add(file ?? src, el, 'frame');
      }
    }
  }

  // Pagination: same origin and directory as this page only (not the site's other channels).
  const here = new URL(pageUrl);
  const sameList = (u: string) => {
    const x = new URL(u);
    return dirOf(x) === dirOf(here) && x.href !== here.href;
  };
  const pages = new Set<string>();
  for (const u of trsPages(scripts.join('\n'), base)) if (sameList(u)) pages.add(u);
  for (const l of links) {
    if (l.via === 'frame' || !sameList(l.url)) continue;
    const file = new URL(l.url).pathname.split('/').pop() ?? '';
    if (NEXT_TEXT.test(l.text) || (INDEX_N.test(file) && !docExtension(l.url))) pages.add(l.url);
  }

  return {
    title: titles.find(Boolean) ?? '',
    titles: titles.filter(Boolean),
    base,
    links,
    pagination: [...pages],
    refresh,
    text: textOf(doc),
  };
}
