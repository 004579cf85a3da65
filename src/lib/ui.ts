/**
 * Site-wide client behaviour, kept small (it loads on every page): the English mode, the embed options and
 * height, and every chart frame's tabs (图表/数据表/来源), downloads (PNG/SVG with title and citation, CSV)
 * and share panel (copy link, copy embed code, editable alt text).
 */
import { citation, pageUrl } from './cite.ts';
import { exportSvg, svgToPng } from './chartexport.ts';
import { csvOf } from './csv.ts';
import { withSourceColumn } from './csvcite.ts';

/** The citation of what this page shows (an embed cites the page it embeds), and the reader's own file when `el` uses it. */
export function sourceLine(el?: Element | null): string {
  const mine = citeReaderData?.(el ?? null);
  return citation(location.href, siteBase()) + (mine ? `；含用户自备数据：${mine}` : '');
}

/**
 * Pages that join the reader's own file (mydata-panel.ts) say which exports use it: given the element being
 * exported (a chart frame, its SVG) the hook returns the file's name, or null. Such exports cite the file.
 */
let citeReaderData: ((el: Element | null) => string | null) | null = null;
export function setReaderDataCitation(f: ((el: Element | null) => string | null) | null) { citeReaderData = f; }

export function siteBase(): string {
  return document.documentElement.dataset.base || '/';
}

/** Save a blob as a file (a temporary link). */
export function download(name: string, blob: Blob) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

// Every CSV the site writes goes through papaparse (csv.ts): quoting, BOM, formula-looking cells neutralised.
export { csvOf };

export function tableRows(table: HTMLTableElement): string[][] {
  return [...table.rows].map((tr) => [...tr.cells].map((c) => (c.textContent ?? '').trim()));
}

function slug(s: string) { return s.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60) || 'chart'; }

/** Copies text; falls back to selecting it for the reader when the clipboard is refused. */
async function copy(text: string, field?: HTMLInputElement | HTMLTextAreaElement | null): Promise<boolean> {
  try { await navigator.clipboard.writeText(text); return true; } catch {
    field?.select();
    try { return document.execCommand('copy'); } catch { return false; }
  }
}

function selectTab(fig: HTMLElement, name: string, focus = false) {
  fig.querySelectorAll<HTMLElement>('[role=tab][data-tab]').forEach((t) => {
    const on = t.dataset.tab === name;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    if (on && focus) t.focus();
  });
  fig.querySelectorAll<HTMLElement>('[data-panel]').forEach((p) => { p.hidden = p.dataset.panel !== name; });
}

/** Wire one chart frame (also called for frames created on the client, e.g. the chart builder). */
export function wireFrame(fig: HTMLElement) {
  if (fig.dataset.wired) return;
  fig.dataset.wired = '1';
  const title = fig.dataset.title || 'chart';
  const cite = sourceLine(fig);
  fig.querySelectorAll('[data-source]').forEach((el) => { el.textContent = cite; });
  const svg0 = fig.querySelector('[data-panel=chart] svg, .chart-body svg');
  const alt = fig.querySelector<HTMLTextAreaElement>('textarea[data-alt]');
  if (alt && !alt.value) alt.value = svg0?.getAttribute('aria-description') || svg0?.querySelector('desc')?.textContent || title;
  const link = fig.querySelector<HTMLInputElement>('input[data-share-link]');
  // the page as it is now, at this chart when the chart has an anchor (the home page's)
  const shareUrl = () => { const u = new URL(pageUrl(location.href, siteBase())); if (fig.id) u.hash = fig.id; return u.href; };
  if (link) link.value = shareUrl();
  const options = () => ({
    title, subtitle: fig.dataset.subtitle || undefined, source: sourceLine(fig), alt: alt?.value || undefined,
    theme: (fig.querySelector<HTMLInputElement>('input[data-export-dark]')?.checked ? 'dark' : 'light') as 'light' | 'dark',
  });
  const snippet = () => {
    // a chart of the reader's own data: an iframe would show it only in this browser, so the snippet is the chart itself
    const svgNow = fig.querySelector('[data-panel=chart] svg, .chart-body svg') as SVGSVGElement | null;
    if (fig.dataset.mydata && svgNow) return exportSvg(svgNow, options()).text;
    const embedUrl = new URL(fig.dataset.embed! + (fig.dataset.embedQuery ?? ''), location.href).href;
    const script = new URL(siteBase() + 'embed.js', location.href).href;
    // integrity pins the embed.js this page was built with (astro.config.mjs); crossorigin makes the browser check it
    return `<iframe src="${embedUrl}" title="${title.replace(/"/g, '&quot;')}" width="100%" height="460" style="border:0" loading="lazy" data-atlas-embed></iframe>\n<script src="${script}" integrity="${__ATLAS_EMBED_SRI__}" crossorigin="anonymous" async></script>`;
  };
  fig.addEventListener('keydown', (ev) => {
    const tab = (ev.target as HTMLElement).closest<HTMLElement>('[role=tab]');
    if (!tab || !['ArrowLeft', 'ArrowRight'].includes(ev.key)) return;
    const tabs = [...fig.querySelectorAll<HTMLElement>('[role=tab][data-tab]')].filter((t) => t.offsetParent);
    const i = tabs.indexOf(tab) + (ev.key === 'ArrowRight' ? 1 : -1);
    selectTab(fig, tabs[(i + tabs.length) % tabs.length].dataset.tab!, true);
  });
  fig.addEventListener('click', async (ev) => {
    const btn = (ev.target as HTMLElement).closest('button');
    if (!btn || !fig.contains(btn)) return;
    if (btn.dataset.tab) { selectTab(fig, btn.dataset.tab); return; }
    const svg = fig.querySelector('[data-panel=chart] svg, .chart-body svg') as SVGSVGElement | null;
    const kind = btn.dataset.dl;
    try {
      if (kind === 'svg' && svg) download(`${slug(title)}.svg`, new Blob([exportSvg(svg, options()).text], { type: 'image/svg+xml' }));
      if (kind === 'png' && svg) download(`${slug(title)}.png`, await svgToPng(svg, options()));
      if (kind === 'csv') {
        const t = fig.querySelector('table[data-twin]') as HTMLTableElement | null;
        if (t) download(`${slug(title)}.csv`, new Blob([csvOf(withSourceColumn(tableRows(t), sourceLine(fig)))], { type: 'text/csv;charset=utf-8' }));
      }
    } catch (e) { alert(String(e)); }
    const panel = fig.querySelector<HTMLElement>('.share-panel');
    if (btn.hasAttribute('data-embed-toggle') && panel) {
      const open = panel.hidden;
      panel.hidden = !open;
      btn.setAttribute('aria-expanded', String(open));
      const ta = panel.querySelector<HTMLTextAreaElement>('textarea.snippet');
      if (ta && (fig.dataset.embed || fig.dataset.mydata)) ta.value = snippet();
      if (link) link.value = shareUrl();
    }
    const what = btn.dataset.copy;
    if (what && panel) {
      const field = what === 'link' ? link : what === 'embed' ? panel.querySelector<HTMLTextAreaElement>('textarea.snippet') : alt;
      const text = what === 'link' ? shareUrl() : what === 'embed' ? snippet() : alt?.value ?? '';
      const ok = await copy(text, field);
      const st = panel.querySelector('[data-copy-status]');
      if (st) st.textContent = ok ? `已复制${btn.dataset.copyName ?? ''}` : '无法写入剪贴板，已选中文字，请手动复制';
    }
  });
}

export function wireAll(root: ParentNode = document) {
  root.querySelectorAll<HTMLElement>('figure.chart').forEach(wireFrame);
}

/** Site links (pages, not data files) carry ?lang=en while English mode is on, so it lasts across navigation. */
/** Works on HTML and SVG links alike (an SVG <a>'s `href` is not a string: only its attribute is). */
function langHref(a: Element, on: boolean) {
  const href = a.getAttribute('href');
  if (!href || href.startsWith('#') || a.hasAttribute('download')) return;
  const u = new URL(href, location.href);
  if (u.origin !== location.origin || !u.pathname.startsWith(siteBase()) || /\.[a-z0-9]+$/i.test(u.pathname)) return;
  if (on === (u.searchParams.get('lang') === 'en')) return;
  if (on) u.searchParams.set('lang', 'en'); else u.searchParams.delete('lang');
  a.setAttribute('href', u.href);
}
function langOn() { return new URLSearchParams(location.search).get('lang') === 'en'; }
function initLangState() {
  const on = langOn();
  document.documentElement.classList.toggle('show-en', on);
  document.documentElement.lang = on ? 'en' : 'zh-CN';
  document.getElementById('lang-toggle')?.setAttribute('aria-pressed', String(on));
  document.querySelectorAll('a[href]').forEach((a) => langHref(a, on));
}
function initLang() {
  initLangState();
  // links made later by the page's script get the parameter when followed
  const follow = (ev: MouseEvent) => { const a = (ev.target as HTMLElement).closest?.('a[href]'); if (a) langHref(a, langOn()); };
  document.addEventListener('click', follow, true);
  document.addEventListener('auxclick', follow, true);
  document.getElementById('lang-toggle')?.addEventListener('click', () => {
    const u = new URL(location.href);
    if (u.searchParams.get('lang') === 'en') u.searchParams.delete('lang'); else u.searchParams.set('lang', 'en');
    history.pushState(null, '', u);
    initLangState();
  });
  window.addEventListener('popstate', initLangState);
}

/**
 * Embedded (chrome-free) pages: the URL options theme=light|dark|auto (light unless asked: an article is
 * usually light whatever the reader's system says), table=0 (no data table tab) and title=0 (no visible
 * title; the export keeps it), and the page's height posted to the embedding page whenever it changes, down
 * as well as up (the body's height, not the document's, which never drops below the iframe's own).
 */
function initEmbed() {
  if (!document.body.classList.contains('embed')) return;
  const p = new URLSearchParams(location.search);
  const root = document.documentElement;
  const theme = p.get('theme');
  if (theme === 'dark' || theme === 'light') root.dataset.theme = theme;
  else if (theme === 'auto') delete root.dataset.theme;
  for (const k of ['table', 'title']) if (p.get(k) === '0') root.dataset[`embed${k[0].toUpperCase()}${k.slice(1)}`] = '0';
  if (window.parent === window) return;
  let last = 0;
  const post = () => {
    const h = Math.ceil(document.body.getBoundingClientRect().height);
    if (h !== last) { last = h; window.parent.postMessage({ type: 'atlas-embed-height', height: h, href: location.href }, '*'); }
  };
  new ResizeObserver(post).observe(document.body);
  window.addEventListener('load', post);
  post();
}

initLang();
wireAll();
initEmbed();
