/**
 * Site-wide client behaviour, kept small (it loads on every page): the English-label toggle and the
 * 嵌入/下载 toolbar of every chart frame (PNG/SVG/CSV carry a source line; the iframe snippet).
 */
import { withSourceColumn } from './csvcite.ts';

export function sourceLine(): string {
  const d = new Date().toISOString().slice(0, 10);
  return `数据来源：信息公开年报数据台 ${location.href} （${d}）`;
}

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

const PROPS = ['fill', 'stroke', 'stroke-opacity', 'fill-opacity', 'stroke-width', 'font-size', 'font-family', 'font-weight', 'opacity'];
/** A standalone SVG: computed colours inlined (CSS variables do not survive outside the page), background and source line added. */
export function exportSvg(svg: SVGSVGElement): { text: string; width: number; height: number } {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = [svg, ...svg.querySelectorAll('*')];
  const dst = [clone, ...clone.querySelectorAll('*')];
  src.forEach((el, i) => {
    const cs = getComputedStyle(el as Element);
    const d = dst[i] as SVGElement;
    for (const p of PROPS) { const v = cs.getPropertyValue(p); if (v) d.style.setProperty(p, v); }
    if (el === svg) d.style.setProperty('color', cs.color);
  });
  const vb = svg.viewBox?.baseVal;
  const width = vb && vb.width ? vb.width : svg.clientWidth || 640;
  const height = vb && vb.height ? vb.height : svg.clientHeight || 400;
  const extra = 22;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height + extra));
  clone.setAttribute('viewBox', `${vb?.x ?? 0} ${vb?.y ?? 0} ${width} ${height + extra}`);
  const ns = 'http://www.w3.org/2000/svg';
  const bg = document.createElementNS(ns, 'rect');
  bg.setAttribute('x', String(vb?.x ?? 0)); bg.setAttribute('y', String(vb?.y ?? 0));
  bg.setAttribute('width', '100%'); bg.setAttribute('height', '100%');
  bg.setAttribute('fill', getComputedStyle(document.body).backgroundColor || '#fff');
  clone.insertBefore(bg, clone.firstChild);
  const t = document.createElementNS(ns, 'text');
  t.setAttribute('x', String((vb?.x ?? 0) + 4)); t.setAttribute('y', String((vb?.y ?? 0) + height + extra - 6));
  t.setAttribute('font-size', '11'); t.setAttribute('font-family', 'system-ui, sans-serif');
  t.setAttribute('fill', getComputedStyle(document.body).color);
  t.textContent = sourceLine();
  clone.append(t);
  return { text: new XMLSerializer().serializeToString(clone), width, height: height + extra };
}

export async function svgToPng(svg: SVGSVGElement): Promise<Blob> {
  const { text, width, height } = exportSvg(svg);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'sync';
    await new Promise((ok, bad) => { img.onload = ok; img.onerror = () => bad(new Error('SVG 无法转为图片')); img.src = url; });
    const scale = 2;
    const canvas = document.createElement('canvas');
    canvas.width = width * scale; canvas.height = height * scale;
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise((ok, bad) => canvas.toBlob((b) => (b ? ok(b) : bad(new Error('PNG 生成失败'))), 'image/png'));
  } finally { URL.revokeObjectURL(url); }
}

export function csvOf(rows: string[][]): string {
  const q = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return '\ufeff' + rows.map((r) => r.map((v) => q(v ?? '')).join(',')).join('\r\n') + '\r\n';
}

export function tableRows(table: HTMLTableElement): string[][] {
  return [...table.rows].map((tr) => [...tr.cells].map((c) => (c.textContent ?? '').trim()));
}

function slug(s: string) { return s.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60) || 'chart'; }

/** Wire one chart frame (also called for frames created on the client, e.g. the chart builder). */
export function wireFrame(fig: HTMLElement) {
  if (fig.dataset.wired) return;
  fig.dataset.wired = '1';
  const title = fig.dataset.title || 'chart';
  const src = fig.querySelector('[data-source]');
  if (src) src.textContent = sourceLine();
  fig.addEventListener('click', async (ev) => {
    const btn = (ev.target as HTMLElement).closest('button');
    if (!btn || !fig.contains(btn)) return;
    const svg = fig.querySelector('.chart-body svg') as SVGSVGElement | null;
    const kind = btn.dataset.dl;
    try {
      if (kind === 'svg' && svg) download(`${slug(title)}.svg`, new Blob([exportSvg(svg).text], { type: 'image/svg+xml' }));
      if (kind === 'png' && svg) download(`${slug(title)}.png`, await svgToPng(svg));
      if (kind === 'csv') {
        const t = fig.querySelector('table[data-twin]') as HTMLTableElement | null;
        if (t) download(`${slug(title)}.csv`, new Blob([csvOf(withSourceColumn(tableRows(t), sourceLine()))], { type: 'text/csv;charset=utf-8' }));
      }
    } catch (e) { alert(String(e)); }
    if (btn.hasAttribute('data-embed-toggle')) {
      const box = fig.querySelector('.embed-snippet') as HTMLElement;
      const open = box.hidden;
      box.hidden = !open;
      btn.setAttribute('aria-expanded', String(open));
      const ta = box.querySelector('textarea')!;
      const embedUrl = new URL(fig.dataset.embed! + (fig.dataset.embedQuery ?? ''), location.href).href;
      const script = new URL(siteBase() + 'embed.js', location.href).href;
      // integrity pins the embed.js this page was built with (astro.config.mjs); crossorigin makes the browser check it
      ta.value = `<iframe src="${embedUrl}" title="${title.replace(/"/g, '&quot;')}" width="100%" height="460" style="border:0" loading="lazy" data-atlas-embed></iframe>\n<script src="${script}" integrity="${__ATLAS_EMBED_SRI__}" crossorigin="anonymous" async></script>`;
      if (open) ta.select();
    }
  });
}

export function wireAll(root: ParentNode = document) {
  root.querySelectorAll<HTMLElement>('figure.chart').forEach(wireFrame);
}

function initLang() {
  const p = new URLSearchParams(location.search);
  const on = p.get('lang') === 'en';
  document.documentElement.classList.toggle('show-en', on);
  if (on) document.documentElement.lang = 'zh-CN';
  const b = document.getElementById('lang-toggle');
  if (!b) return;
  b.setAttribute('aria-pressed', String(on));
  b.addEventListener('click', () => {
    const u = new URL(location.href);
    if (u.searchParams.get('lang') === 'en') u.searchParams.delete('lang'); else u.searchParams.set('lang', 'en');
    history.pushState(null, '', u);
    initLangState();
  });
  window.addEventListener('popstate', initLangState);
}
function initLangState() {
  const on = new URLSearchParams(location.search).get('lang') === 'en';
  document.documentElement.classList.toggle('show-en', on);
  document.getElementById('lang-toggle')?.setAttribute('aria-pressed', String(on));
}

/** Embedded (chrome-free) pages tell their parent how tall they are. */
function initEmbed() {
  if (!document.body.classList.contains('embed') || window.parent === window) return;
  let last = 0;
  const post = () => {
    const h = Math.ceil(document.documentElement.scrollHeight);
    if (h !== last) { last = h; window.parent.postMessage({ type: 'atlas-embed-height', height: h, href: location.href }, '*'); }
  };
  new ResizeObserver(post).observe(document.documentElement);
  window.addEventListener('load', post);
  post();
}

initLang();
wireAll();
initEmbed();
