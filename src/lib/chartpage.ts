/**
 * Chart builder (and its embed twin): measure × grouping × filter from the URL → SQL in DuckDB-WASM over
 * only the needed Parquet columns → an Observable Plot bar chart with ariaDescription + data table twin.
 */
import './duckearly.ts';
import * as Plot from '@observablehq/plot';
import { plan, type BuilderState } from './measuresql.ts';
import { MEASURE, fmt } from './measures.ts';
import { siteBase, sourceLine } from './ui.ts';
import { buildFrame } from './chartframe.ts';
import { valueAxis } from './axes.ts';
import { derivedFromUrl } from './mydata-chart.ts';

const root = document.getElementById('builder')!;
const embed = root.dataset.mode === 'embed';
const form = document.getElementById('builder-form') as HTMLFormElement;
const KEYS = ['m', 'g', 'year', 'province', 'level', 'template'] as const;

function state(): BuilderState {
  const p = new URLSearchParams(location.search);
  return { m: p.get('m') || 'new', g: p.get('g') || 'year', year: p.get('year') || '', province: p.get('province') || '', level: p.get('level') || '', template: p.get('template') || '' };
}
function toForm(s: BuilderState) { for (const k of KEYS) { const el = form.elements.namedItem(k) as HTMLSelectElement | null; if (el) el.value = (s as any)[k] ?? ''; } }
function query(s: BuilderState) { const p = new URLSearchParams(); for (const k of KEYS) if ((s as any)[k]) p.set(k, (s as any)[k]); return p.toString(); }

function status(text: string, loading = true) {
  let el = document.getElementById('builder-status');
  if (!el) { el = document.createElement('p'); el.id = 'builder-status'; root.prepend(el); }
  el.className = loading ? 'loading' : 'small muted';
  el.textContent = text;
}

let seq = 0;
async function draw() {
  const s = state();
  toForm(s);
  const my = ++seq;
  const dv = await derivedFromUrl(s); // the reader's own data (mydata-chart.ts), when the URL says it is used
  if (my !== seq) return;
  if (dv && 'error' in dv) { root.replaceChildren(); status(dv.error, false); return; }
  const p = dv ? dv.plan : plan(s);
  if ('error' in p) { root.replaceChildren(); status(p.error, false); return; }
  const m = MEASURE[s.m];
  try {
    status('正在加载 DuckDB-WASM…');
    const duck = await import('./duck.ts');
    await duck.getDuck();
    for (const t of p.tables) { status(`正在读取 ${t.name}.parquet（只取需要的列）…`); await duck.loadTable(t.name, t.columns); }
    if (dv) await duck.putTable('mydata', dv.columns);
    status('正在计算…');
    const t0 = performance.now();
    const res = await duck.run(p.sql);
    const ms = performance.now() - t0;
    if (my !== seq) return;
    let rows = res.rows.map((r) => ({ key: r.k, label: p.labels(r.k), v: r.v == null ? null : Number(r.v), n: r.n }));
    if (p.order) rows.sort((a, b) => p.order!.indexOf(a.key) - p.order!.indexOf(b.key));
    render(s, rows, dv ? 'count' : m.kind, dv ? dv.label : `${m.zh}${m.kind === 'count' ? '（合计）' : ''}`, ms, dv ?? undefined);
  } catch (e) {
    root.replaceChildren();
    status(`无法生成图表：${(e as Error).message}`, false);
  }
}

function render(s: BuilderState, rows: Array<{ key: any; label: string; v: number | null; n: number }>, kind: 'count' | 'rate', mlabel: string, ms: number, mine?: { file: string; definition: string }) {
  const gz = (form.elements.namedItem('g') as HTMLSelectElement).selectedOptions[0]?.textContent ?? s.g;
  const filt = (['year', 'province', 'level', 'template'] as const).filter((k) => s[k]).map((k) => (form.elements.namedItem(k) as HTMLSelectElement).selectedOptions[0]?.textContent).join('、');
  const title = `${mlabel}，按${gz}${filt ? `（${filt}）` : ''}`;
  const desc = `条形图：${title}。${rows.map((r) => `${r.label} ${r.v == null ? '无数据' : fmt(r.v, kind)}`).join('；')}。`;
  const data = rows.filter((r) => r.v != null);
  const width = Math.min(760, Math.max(320, root.clientWidth || 640));
  const chars = Math.min(Math.floor((width * 0.4 - 10) / 13), Math.max(4, ...rows.map((r) => [...r.label].length)));
  const axis = valueAxis(Math.max(0, ...data.map((d) => d.v ?? 0)), kind);
  const chart = Plot.plot({
    width, height: Math.max(120, 28 * rows.length + 50), marginLeft: 13 * chars + 10, marginRight: 60,
    ariaLabel: title, ariaDescription: desc,
    x: { label: mlabel, grid: true, ...axis },
    y: { label: null, domain: rows.map((r) => r.label), tickFormat: (d: string) => ([...d].length > chars ? [...d].slice(0, chars - 1).join('') + '…' : d) },
    marks: [
      Plot.barX(data, { x: 'v', y: 'label', fill: 'var(--c1)', title: (d: any) => `${d.label}: ${fmt(d.v, kind)}（${d.n} 份报告）` }),
      Plot.text(data, { x: 'v', y: 'label', text: (d: any) => fmt(d.v, kind), textAnchor: 'start', dx: 4 }),
      Plot.ruleX([0]),
    ],
  });
  const subtitle = `${kind === 'count' ? '合计只加填报了的数字，空白不计为 0' : '比率 = 各报告分子之和 ÷ 分母之和'}；各组参与计算的报告数见数据表`;
  const fig = buildFrame({
    id: 'builder-chart', title, subtitle, chart, mode: embed ? 'embed' : 'page',
    columns: [gz, mlabel, '参与计算的报告数'], rows: rows.map((r) => [r.label, fmt(r.v, kind), String(r.n ?? '')]),
    note: mine ? `${MEASURE[s.m]?.definition ?? ''} ${mine.definition}`.trim() : MEASURE[s.m]?.definition, embed: 'embed/chart/', embedQuery: `?${query(s)}`, openHref: `${siteBase()}chart/?${query(s)}`,
  });
  if (mine) {
    // the frame was wired before it was marked: its visible citation now names the reader's file too
    fig.dataset.mydata = mine.file;
    fig.querySelectorAll('[data-source]').forEach((e) => { e.textContent = sourceLine(fig); });
  }
  root.replaceChildren(fig);
  if (!embed) document.title = `${title} · 图表 · 信息公开年报数据台`;
  status(`完成：${rows.length} 组，计算用时 ${Math.round(ms)} ms`, false);
  if (embed) document.getElementById('builder-status')?.remove();
  root.dataset.ready = '1';
}

form.addEventListener('change', () => {
  const s: any = {};
  for (const k of KEYS) s[k] = (form.elements.namedItem(k) as HTMLSelectElement).value;
  const lang = new URLSearchParams(location.search).get('lang');
  const u = new URL(location.href); u.search = query(s);
  if (lang) u.searchParams.set('lang', lang);
  for (const k of ['my', 'dc', 'ds']) { const v = new URLSearchParams(location.search).get(k); if (v) u.searchParams.set(k, v); }
  history.pushState(null, '', u);
  draw();
});
window.addEventListener('popstate', draw);
draw();
