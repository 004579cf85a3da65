/**
 * A chart's SVG as a standalone image that can be published on its own: title, subtitle, the chart, and the
 * full citation (page URL and date) wrapped inside the image, on an opaque background, in the light theme
 * unless the dark one is asked for. Computed colours are inlined (CSS variables do not survive outside the
 * page); the alt text goes into the SVG's <desc>.
 */
import { wrapText, estimateWidth } from './cite.ts';

export interface ExportOptions { title?: string; subtitle?: string; source: string; alt?: string; theme?: 'light' | 'dark' }
export interface ExportedSvg { text: string; width: number; height: number; background: string }

const NS = 'http://www.w3.org/2000/svg';
const PROPS = ['fill', 'stroke', 'stroke-opacity', 'fill-opacity', 'stroke-width', 'font-size', 'font-family', 'font-weight', 'opacity'];
const FONT = 'system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
const PAD = 14;

/** Reads computed styles with the chart's frame switched to one colour scheme (the page's own theme may differ). */
function inScheme<T>(host: HTMLElement | SVGElement, theme: 'light' | 'dark', fn: () => T): T {
  const prev = host.style.colorScheme;
  host.style.colorScheme = theme;
  try { return fn(); } finally { host.style.colorScheme = prev; }
}

function opaque(c: string, fallback: string): string {
  const m = /^rgba\((\d+),\s*(\d+),\s*(\d+),\s*([\d.]+)\)$/.exec(c);
  if (!c || c === 'transparent' || (m && Number(m[4]) < 1)) return fallback;
  return c;
}

/** Width of a text at a size: what this browser renders, but never less than the font-independent bound (the SVG may be opened elsewhere). */
function measurer(size: number, weight = 400): (s: string) => number {
  const ctx = document.createElement('canvas').getContext('2d');
  if (ctx) ctx.font = `${weight} ${size}px ${FONT}`;
  return (s) => Math.max(ctx ? ctx.measureText(s).width : 0, estimateWidth(s, size));
}

export function exportSvg(svg: SVGSVGElement, opts: ExportOptions): ExportedSvg {
  const theme = opts.theme ?? 'light';
  const host = (svg.closest('figure') as HTMLElement | null) ?? svg;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const { bg, fg, muted } = inScheme(host, theme, () => {
    const src = [svg, ...svg.querySelectorAll('*')];
    const dst = [clone, ...clone.querySelectorAll('*')];
    src.forEach((el, i) => {
      const cs = getComputedStyle(el as Element);
      const d = dst[i] as SVGElement;
      for (const p of PROPS) { const v = cs.getPropertyValue(p); if (v) d.style.setProperty(p, v); }
      if (el === svg) d.style.setProperty('color', cs.color);
    });
    const hs = getComputedStyle(host);
    const srcEl = host.querySelector('.source');
    return {
      bg: opaque(hs.backgroundColor, theme === 'dark' ? '#16171a' : '#ffffff'),
      fg: hs.color || (theme === 'dark' ? '#e9e8e3' : '#1d1d1b'),
      muted: (srcEl && getComputedStyle(srcEl).color) || hs.color,
    };
  });
  const vb = svg.viewBox?.baseVal;
  const cw = vb && vb.width ? vb.width : svg.clientWidth || 640;
  const ch = vb && vb.height ? vb.height : svg.clientHeight || 400;
  const width = Math.ceil(Math.max(cw + 2 * PAD, 360));
  const inner = width - 2 * PAD;

  const out = document.createElementNS(NS, 'svg');
  out.setAttribute('xmlns', NS);
  const texts: Array<{ lines: string[]; size: number; weight: number; fill: string; lh: number }> = [];
  const block = (text: string | undefined, size: number, weight: number, fill: string) => {
    if (!text) return 0;
    const lines = wrapText(text, inner, measurer(size, weight));
    const lh = Math.round(size * 1.35);
    texts.push({ lines, size, weight, fill, lh });
    return lines.length * lh;
  };
  let y = PAD;
  const put = (t: (typeof texts)[number], top: number) => {
    t.lines.forEach((line, i) => {
      const e = document.createElementNS(NS, 'text');
      e.setAttribute('x', String(PAD)); e.setAttribute('y', String(top + i * t.lh + t.size));
      e.setAttribute('font-size', String(t.size)); e.setAttribute('font-weight', String(t.weight));
      e.setAttribute('font-family', FONT); e.setAttribute('fill', t.fill);
      e.textContent = line;
      out.append(e);
    });
  };
  const heads: Array<[number, number]> = [];
  for (const [text, size, weight, fill] of [[opts.title, 17, 700, fg], [opts.subtitle, 12, 400, muted]] as const) {
    const h = block(text, size, weight, fill);
    if (h) { heads.push([texts.length - 1, y]); y += h + 4; }
  }
  const chartY = y + 4;
  y = chartY + ch + 8;
  const srcH = block(opts.source, 11, 400, muted);
  const srcIdx = texts.length - 1, srcY = y;
  const height = Math.ceil(y + srcH + PAD - 4);

  out.setAttribute('width', String(width)); out.setAttribute('height', String(height));
  out.setAttribute('viewBox', `0 0 ${width} ${height}`);
  out.setAttribute('role', 'img');
  if (opts.title) out.setAttribute('aria-label', opts.title);
  const title = document.createElementNS(NS, 'title'); title.textContent = opts.title ?? '';
  const desc = document.createElementNS(NS, 'desc'); desc.textContent = opts.alt ?? '';
  const rect = document.createElementNS(NS, 'rect');
  rect.setAttribute('x', '0'); rect.setAttribute('y', '0'); rect.setAttribute('width', String(width)); rect.setAttribute('height', String(height));
  rect.setAttribute('fill', bg);
  out.append(title, desc, rect);
  for (const [i, top] of heads) put(texts[i], top);
  clone.setAttribute('x', String(PAD + (inner - cw) / 2)); clone.setAttribute('y', String(chartY));
  clone.setAttribute('width', String(cw)); clone.setAttribute('height', String(ch));
  clone.setAttribute('viewBox', `${vb?.x ?? 0} ${vb?.y ?? 0} ${cw} ${ch}`);
  clone.removeAttribute('class');
  out.append(clone);
  if (srcH) put(texts[srcIdx], srcY);
  return { text: new XMLSerializer().serializeToString(out), width, height, background: bg };
}

/** The exported SVG drawn at 2× on an opaque canvas. */
export async function svgToPng(svg: SVGSVGElement, opts: ExportOptions): Promise<Blob> {
  const { text, width, height, background } = exportSvg(svg, opts);
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
    ctx.fillStyle = background; ctx.fillRect(0, 0, width, height);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise((ok, bad) => canvas.toBlob((b) => (b ? ok(b) : bad(new Error('PNG 生成失败'))), 'image/png'));
  } finally { URL.revokeObjectURL(url); }
}
