/**
 * Compare 2–8 reports: measures table with differences, table 三 side by side, small multiples of the outcome
 * mix and a ranking by a chosen measure. State (?ids=…&m=…) in the URL. Reads each report by id from the tables (record.ts; no WASM).
 * The picker reads the list's columns of `reports` (reportcols.ts) only when a reader turns to it.
 */
import * as Plot from '@observablehq/plot';
import { loadReportRows, type ReportRow } from './reportcols.ts';
import { MEASURES, MEASURE, OUTCOME_GROUPS, T3_GROUP_HEAD, outcomeValue, rateWhy, rowFromRecord, fmt, T3_ROWS, type Measure, type Row } from './measures.ts';
import { siteBase, csvOf, download, sourceLine } from './ui.ts';
import { withSourceColumn } from './csvcite.ts';
import { buildFrame } from './chartframe.ts';
import { valueAxis } from './axes.ts';
import { loadRecord } from './record.ts';

const base = siteBase();
const root = document.getElementById('compare')!;
const embed = root.dataset.mode === 'embed';
const statusEl = document.getElementById('cmp-status')!;
const MAX = 8;
/** The picker's rows: null until the reader focuses or types in the picker. */
let index: ReportRow[] | null = null;
const recs = new Map<string, Promise<Row>>();
/** "agency year" of the reports read so far, for the picked list before (or without) the picker's rows. */
const named = new Map<string, string>();

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, any> = {}, ...kids: Array<Node | string>) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) { if (k === 'dataset') Object.assign(e.dataset, v); else if (k in e) (e as any)[k] = v; else e.setAttribute(k, String(v)); }
  e.append(...kids);
  return e;
};

function state() {
  const p = new URLSearchParams(location.search);
  const ids = (p.get('ids') ?? '').split(',').map((s) => s.trim()).filter((s) => /^[0-9a-f]{16}$/.test(s));
  return { ids: [...new Set(ids)].slice(0, MAX), m: MEASURE[p.get('m') ?? ''] ? p.get('m')! : '' };
}
function setState(ids: string[], m: string) {
  const u = new URL(location.href);
  if (ids.length) u.searchParams.set('ids', ids.join(',')); else u.searchParams.delete('ids');
  if (m) u.searchParams.set('m', m); else u.searchParams.delete('m');
  history.pushState(null, '', u);
  render();
}
const rec = (id: string) => {
  if (!recs.has(id)) recs.set(id, loadRecord(id).then((r) => { if (!r) throw new Error(`报告 ${id} 不存在`); named.set(id, `${r.agency} ${r.year}`); return r; }));
  return recs.get(id)!;
};
const labelOf = (r: Row) => `${r.agency} ${r.year}`;

/**
 * The ranking when the URL names none: the first measure with a value other than 0 for at least half of the
 * reports (公开率 cannot be computed for a township that received no applications), else the first that at least
 * half of them printed (0 is a value), else the one printed most often.
 */
const PREFERRED = ['open_rate', 'new', 'handled', 'out_granted', 'licensing', 'punishment', 'review_total', 'suit_total'];
export function defaultMeasure(rows: Row[]): string {
  const order = [...PREFERRED, ...MEASURES.map((m) => m.code).filter((c) => !PREFERRED.includes(c))];
  const count = (c: string, ok: (v: number) => boolean) => rows.filter((r) => { const v = MEASURE[c]!.get(r); return v != null && ok(v); }).length;
  const half = (c: string, ok: (v: number) => boolean) => count(c, ok) * 2 >= rows.length;
  return order.find((c) => half(c, (v) => v !== 0)) ?? order.find((c) => half(c, () => true))
    ?? order.reduce((a, b) => (count(b, () => true) > count(a, () => true) ? b : a));
}
/** A value as the compare tables and charts print it: a rate that cannot be computed says so (and why). */
function shown(m: Pick<Measure, 'kind'> & Partial<Measure>, r: Row, v: number | null): { text: string; why: string | null } {
  if (v != null) return { text: fmt(v, m.kind), why: null };
  const why = m.get ? rateWhy(m as Measure, r) : null;
  return why ? { text: '无法计算', why } : { text: '空白', why: null };
}

function frame(id: string, title: string, subtitle: string, chart: Element, cols: string[], rows: string[][], embedQuery?: string, note?: string) {
  return buildFrame({
    id, title, subtitle, chart, columns: cols, rows, note, mode: embed ? 'embed' : 'page',
    ...(embedQuery ? { embed: 'embed/compare/', embedQuery, openHref: `${base}compare/${embedQuery}` } : {}),
  });
}

function rankingChart(rows: Row[], m: string) {
  const meas = MEASURE[m];
  const data = rows.map((r) => { const v = meas.get(r); const sh = shown(meas, r, v); return { label: labelOf(r), v, text: sh.why ? `${sh.text}（${sh.why}）` : sh.text }; })
    .sort((a, b) => (b.v ?? -Infinity) - (a.v ?? -Infinity));
  const title = `排名：${meas.zh}`;
  const desc = `条形图，按${meas.zh}从高到低：${data.map((d) => `${d.label} ${d.text}`).join('；')}。`;
  const width = Math.min(760, Math.max(320, root.clientWidth || 640));
  const chars = Math.min(Math.floor((width * 0.45 - 10) / 13), Math.max(...data.map((d) => [...d.label].length)));
  const chart = Plot.plot({
    width, height: 30 * data.length + 50, marginLeft: 13 * chars + 10, marginRight: 60,
    ariaLabel: title, ariaDescription: desc,
    x: { grid: true, label: meas.zh, ...valueAxis(Math.max(0, ...data.map((d) => d.v ?? 0)), meas.kind) },
    y: { label: null, domain: data.map((d) => d.label), tickFormat: (d: string) => ([...d].length > chars ? [...d].slice(0, chars - 1).join('') + '…' : d) },
    marks: [Plot.barX(data.filter((d) => d.v != null), { x: 'v', y: 'label', fill: 'var(--c1)' }), Plot.text(data, { x: (d: any) => d.v ?? 0, y: 'label', text: (d: any) => (d.v == null ? d.text.replace(/（.*$/, '') : d.text), textAnchor: 'start', dx: 4 }), Plot.ruleX([0])],
  });
  const subtitle = `${rows.length} 份报告，按${meas.zh}从高到低${data.some((d) => d.v == null) ? '；无法计算或未填报的列在最后' : ''}`;
  return frame('ranking', title, subtitle, chart, ['报告', meas.zh], data.map((d) => [d.label, d.v == null ? d.text : fmt(d.v, meas.kind)]), `?${new URLSearchParams({ ids: rows.map((r) => r.id).join(','), m }).toString()}`, meas.definition);
}

function smallMultiples(rows: Row[]) {
  const w = Math.min(760, Math.max(320, root.clientWidth || 640));
  const cols = w < 500 ? 1 : 2;
  const pos = (i: number) => ({ fx: i % cols, fy: Math.floor(i / cols) });
  const data = rows.flatMap((r, i) => OUTCOME_GROUPS.map((g) => ({ report: labelOf(r), outcome: g.zh, v: outcomeValue(r, g.code), ...pos(i) })));
  const names = rows.map((r, i) => ({ report: labelOf(r), ...pos(i) }));
  const title = '办理结果构成（小多图）';
  const desc = `每份报告一幅条形图，显示表三各类办理结果件数。${rows.map((r) => `${labelOf(r)}：${OUTCOME_GROUPS.map((g) => `${g.zh} ${fmt(outcomeValue(r, g.code)) || '空白'}`).join('，')}`).join('；')}。`;
  const chart = Plot.plot({
    width: w, height: Math.ceil(rows.length / cols) * 190 + 30, marginLeft: 70, marginRight: 30,
    ariaLabel: title, ariaDescription: desc,
    fx: { label: null, axis: null }, fy: { axis: null },
    x: { grid: true, label: '件', ...valueAxis(Math.max(0, ...data.map((d) => d.v ?? 0)), 'count') }, y: { label: null, domain: OUTCOME_GROUPS.map((g) => g.zh) },
    marks: [
      Plot.frame({ stroke: 'currentColor', strokeOpacity: 0.2 }),
      Plot.barX(data.filter((d) => d.v != null), { x: 'v', y: 'outcome', fx: 'fx', fy: 'fy', fill: 'outcome' }),
      Plot.text(names, { fx: 'fx', fy: 'fy', text: 'report', frameAnchor: 'top-right', dy: 4, dx: -4, fontWeight: 'bold' }),
    ],
    color: { domain: OUTCOME_GROUPS.map((g) => g.zh), range: ['var(--c1)', 'var(--c2)', 'var(--c3)', 'var(--c4)', 'var(--c5)', 'var(--c6)'] },
  });
  return frame('multiples', title, `每份报告一幅：表三“总计”列各类办理结果件数；空白不画`, chart, ['报告', ...OUTCOME_GROUPS.map((g) => g.zh)], rows.map((r) => [labelOf(r), ...OUTCOME_GROUPS.map((g) => fmt(outcomeValue(r, g.code)))]));
}

type Line = { label: string; get: (r: Row) => number | null; kind?: 'count' | 'rate'; measure?: Measure } | { heading: string };

/** A side-by-side table (first report = baseline for the differences) with its own CSV download. */
function diffTable(rows: Row[], caption: string, lines: Line[], file: string) {
  const t = el('table', {}, el('caption', { className: 'small muted', style: 'text-align:left' }, caption));
  const hr = t.createTHead().insertRow();
  hr.append(el('th', { scope: 'col' }, '项目'));
  for (const r of rows) hr.append(el('th', { scope: 'col', className: 'num' }, el('a', { href: `${base}report/?id=${r.id}` }, labelOf(r))));
  const tb = t.createTBody();
  for (const l of lines) {
    const tr = tb.insertRow();
    if ('heading' in l) { tr.append(el('th', { scope: 'rowgroup', colSpan: rows.length + 1, className: 'group' }, l.heading)); continue; }
    const vals = rows.map(l.get);
    tr.append(el('th', { scope: 'row' }, l.label));
    vals.forEach((v, i) => {
      const sh = shown(l.measure ?? { kind: l.kind ?? 'count' }, rows[i]!, v);
      const td = el('td', { className: 'num' + (v == null ? (sh.why ? ' na' : ' blank') : '') }, sh.why ? `${sh.text}（${sh.why}）` : v == null ? '' : sh.text);
      if (v == null && !sh.why) td.append(el('span', { className: 'sr-only' }, '空白'));
      const first = vals[0];
      if (i > 0 && v != null && first != null && v !== first) {
        td.classList.add('differs');
        const d = v - first;
        td.append(el('span', { className: `small ${d > 0 ? 'diff-up' : 'diff-down'}` }, ` (${d > 0 ? '+' : '−'}${fmt(Math.abs(d), l.kind)})`));
      }
      tr.append(td);
    });
  }
  const btn = el('button', { type: 'button', className: 'small', dataset: { csv: file } }, '下载此表 CSV');
  btn.addEventListener('click', () => download(`${file}.csv`, new Blob([csvOf(withSourceColumn(diffCsvRows(rows, lines), sourceLine()))], { type: 'text/csv;charset=utf-8' })));
  return el('div', {}, el('div', { className: 'scroll' }, t), btn);
}

/**
 * A compare table as CSV rows: one row per item (a heading's name goes before its rows' labels), one column per
 * report (its id in the header), values as published — a rate as a fraction, blank when blank or not computable.
 */
export function diffCsvRows(rows: Row[], lines: Line[]): string[][] {
  const out: string[][] = [['项目', ...rows.map((r) => `${labelOf(r)} (${r.id})`)]];
  let head = '';
  for (const l of lines) {
    if ('heading' in l) { head = l.heading; continue; }
    out.push([head && !l.label.startsWith('（') ? `${head}·${l.label}` : l.label, ...rows.map((r) => { const v = l.get(r); return v == null ? '' : String(v); })]);
  }
  return out;
}

/** Table 三's rows (总计 column) with the headings its numbered rows belong to (三、本年度办理结果, （三）不予公开 …). */
function t3Lines(rows: Row[]): Line[] {
  const out: Line[] = [];
  const heads = new Set<string>();
  for (const t of T3_ROWS.filter((x) => rows.some((r) => r._rec.t3?.[x.code]))) {
    if (t.code === 'granted') out.push({ heading: '三、本年度办理结果' });
    const h = T3_GROUP_HEAD[t.group];
    if (h && t.item && !heads.has(t.group)) { heads.add(t.group); out.push({ heading: h }); }
    out.push({ label: t.zh, get: (r: Row) => r._rec.t3?.[t.code]?.[6] ?? null });
  }
  return out;
}

async function render() {
  const s = state();
  if (!embed) renderPicked(s);
  if (s.ids.length < 2) { root.replaceChildren(); if (!embed) document.title = '对比 · 信息公开年报数据台'; statusEl.textContent = s.ids.length ? '再选至少一份报告。' : '请先选择 2–8 份报告。'; return; }
  statusEl.textContent = '正在读取报告…';
  let rows: Row[];
  try { rows = await Promise.all(s.ids.map(async (id) => ({ ...rowFromRecord(await rec(id)), id, _rec: await rec(id) }))); } catch (e) { statusEl.textContent = (e as Error).message; return; }
  statusEl.textContent = '';
  if (!embed) renderPicked(s); // now named from the records
  const m = s.m || defaultMeasure(rows);
  if (!embed) document.title = `对比：${rows.map(labelOf).join('、')} · 信息公开年报数据台`;
  if (embed) { root.replaceChildren(rankingChart(rows, m)); root.dataset.ready = '1'; return; }
  const sel = el('select', { id: 'rank-m' }, ...MEASURES.map((x) => el('option', { value: x.code, selected: x.code === m }, x.zh)));
  sel.addEventListener('change', () => setState(s.ids, sel.value));
  root.replaceChildren(
    el('h2', {}, '主要指标'),
    diffTable(rows, '表三、表四的主要指标与比率（比率定义见页面下方）', MEASURES.map((x) => ({ label: x.zh, get: x.get, kind: x.kind, measure: x })), 'compare-measures'),
    el('h2', {}, '表三（总计列）并排'),
    diffTable(rows, '表三各行“总计”列', t3Lines(rows), 'compare-t3'),
    el('h2', {}, '小多图'),
    smallMultiples(rows),
    el('h2', {}, '排名'),
    el('label', { className: 'f', style: 'max-width:20rem' }, '排名指标', sel),
    rankingChart(rows, m),
  );
  root.dataset.ready = '1';
}

function renderPicked(s: { ids: string[]; m: string }) {
  const box = document.getElementById('picked')!;
  box.replaceChildren(...s.ids.map((id) => {
    const r = index?.find((x) => x.id === id);
    const name = r ? `${r.agency} ${r.year}` : named.get(id) ?? id;
    const b = el('button', { type: 'button', 'aria-label': `移除 ${name}` }, '×');
    b.addEventListener('click', () => setState(s.ids.filter((x) => x !== id), s.m));
    return el('span', { className: 'pill' }, name, b);
  }));
}

function initPicker() {
  const q = document.getElementById('pick-q') as HTMLInputElement | null;
  const out = document.getElementById('pick-results');
  if (!q || !out) return;
  const pickStatus = document.getElementById('pick-status');
  let loading: Promise<void> | null = null;
  // the first focus or keystroke reads the rows; a failed read is retried on the next one
  const load = () => (index ? Promise.resolve() : (loading ??= (async () => {
    if (pickStatus) pickStatus.textContent = '正在读取报告列表…';
    try {
      index = await loadReportRows();
      if (pickStatus) pickStatus.textContent = '';
      renderPicked(state());
    } catch (e) {
      if (pickStatus) pickStatus.textContent = `无法读取报告列表（${(e as Error).message}），暂时无法添加报告；再次输入时会重试。`;
    } finally { loading = null; }
  })()));
  const show = () => {
    if (!index) return;
    const terms = q.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const s = state();
    const hits = index.filter((r) => !s.ids.includes(r.id) && terms.every((t) => `${r.agency} ${r.year} ${r.province ?? ''}${r.city ?? ''}${r.county ?? ''}`.toLowerCase().includes(t))).slice(0, 30);
    out.replaceChildren(...hits.map((r) => {
      const b = el('button', { type: 'button', disabled: s.ids.length >= MAX }, `＋ ${r.agency} ${r.year}`);
      b.addEventListener('click', () => { setState([...state().ids, r.id], state().m); show(); });
      return el('li', {}, b, el('span', { className: 'muted' }, ` ${[r.province, r.city, r.county].filter(Boolean).join(' ')}`));
    }));
  };
  const wake = () => { void load().then(show); };
  q.addEventListener('focus', wake);
  q.addEventListener('input', wake);
  // a reader already in the box before this script ran
  if (document.activeElement === q) wake();
}

async function init() {
  if (!embed) initPicker();
  window.addEventListener('popstate', render);
  await render();
}
init().catch((e) => { statusEl.textContent = `无法加载：${(e as Error).message}`; });
