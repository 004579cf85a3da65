/**
 * The compare page with the reader's data (`?my=1&dc=&ds=`): for each compared report, the page's measure (a count;
 * 本年新收 when the page shows a rate) ÷ the reader's value for its agency × scale, as a chart frame whose
 * exports cite the reader's file. Reads each report by id as the page does (record.ts; no WASM).
 */
import * as Plot from '@observablehq/plot';
import { MEASURE, rowFromRecord, fmt, type Row } from './measures.ts';
import { readerData, onReaderData, corpusAgencies, sqlNames } from './mydata-state.ts';
import { derivedLabel, derivedDefinition } from './mydata-sql.ts';
import { ambiguousRowsFor } from './mydata-match.ts';
import { wireFrame } from './ui.ts';
import { loadRecord } from './record.ts';

const anchor = document.getElementById('compare')!;
const host = document.createElement('div');
host.id = 'mydata-compare';
anchor.after(host);
const recs = new Map<string, Promise<Row>>();
const rec = (id: string) => {
  if (!recs.has(id)) recs.set(id, loadRecord(id).then((r) => { if (!r) throw new Error(`报告 ${id} 不存在`); return r; }));
  return recs.get(id)!;
};

let seq = 0, lastKey = '';
async function draw(force = false) {
  const p = new URLSearchParams(location.search);
  const key = `${p.get('ids')}|${p.get('m')}|${p.get('my')}|${p.get('dc')}|${p.get('ds')}`;
  if (!force && key === lastKey) return;
  lastKey = key;
  const my = ++seq;
  if (!p.get('my')) { host.replaceChildren(); return; }
  const d = await readerData();
  const note = (t: string) => host.replaceChildren(Object.assign(document.createElement('p'), { className: 'small muted', textContent: t }));
  if (!d) return note('此对比使用读者自备的数据，本浏览器中没有这份数据：请在上方“加入我的数据”中载入同一份文件。');
  const dc = Number(p.get('dc') ?? -1), col = d.table.columns[dc];
  if (!col || col.kind !== 'number') return note('网址所指的自备数据列不存在或不是数字列：请重新选择。');
  const ids = (p.get('ids') ?? '').split(',').filter((s) => /^[0-9a-f]{16}$/.test(s));
  if (!ids.length) return note('先添加要对比的报告。');
  const asked = MEASURE[p.get('m') ?? ''];
  const m = asked?.kind === 'count' ? asked : MEASURE.new!;
  const der = { col: sqlNames(d.table)[dc]!, scale: Number(p.get('ds') || 1) };
  const { keyOfReport } = await corpusAgencies();
  const rows = await Promise.all(ids.map(async (id) => {
    const r = rowFromRecord(await rec(id));
    const agencyKey = keyOfReport.get(id) ?? null;
    const j = agencyKey ? d.joined.indexOf(agencyKey) : -1;
    const den = j >= 0 ? col.values![j] ?? null : null;
    const num = m.get(r);
    // not joined: either no row names the agency, or a row may but is ambiguous until the reader chooses (no guess)
    const pending = j < 0 && agencyKey ? ambiguousRowsFor(d.matches, d.fixes, agencyKey) : [];
    const why = pending.length ? `有歧义（第 ${pending.map((i) => i + 1).join('、')} 行待手工选择）` : '未对应';
    return { label: `${r.agency} ${r.year}`, num, den, v: num != null && den ? (num / den) * der.scale : null, joined: j >= 0, why };
  }));
  if (my !== seq) return;
  const label = derivedLabel(m.code, der);
  const title = `${label}（含用户自备数据）`;
  const data = rows.filter((r) => r.v != null);
  const chart = Plot.plot({
    width: Math.min(760, Math.max(320, host.clientWidth || 640)), height: Math.max(120, 28 * rows.length + 50), marginLeft: 200, marginRight: 60,
    ariaLabel: title, ariaDescription: `条形图：${title}。${rows.map((r) => `${r.label} ${r.v == null ? '无数据' : fmt(r.v)}`).join('；')}。`,
    y: { label: null, domain: rows.map((r) => r.label) }, x: { label, grid: true },
    marks: [Plot.barX(data, { x: 'v', y: 'label', fill: 'var(--c1)' }), Plot.text(data, { x: 'v', y: 'label', text: (r: any) => fmt(r.v), textAnchor: 'start', dx: 4 }), Plot.ruleX([0])],
  });
  const fig = document.createElement('figure');
  fig.className = 'chart'; fig.dataset.chart = 'mydata'; fig.dataset.title = title; fig.dataset.mydata = d.table.file;
  const table = document.createElement('table'); table.dataset.twin = '';
  const hr = table.createTHead().insertRow();
  for (const h of ['报告', m.zh, `${col.name}（${d.table.file}）`, label]) hr.append(Object.assign(document.createElement('th'), { scope: 'col', textContent: h }));
  const tb = table.createTBody();
  for (const r of rows) {
    const tr = tb.insertRow();
    tr.append(Object.assign(document.createElement('th'), { scope: 'row', textContent: r.label }));
    for (const v of [fmt(r.num), r.joined ? fmt(r.den) : r.why, fmt(r.v)]) tr.append(Object.assign(document.createElement('td'), { className: 'num', textContent: v }));
  }
  const bar = document.createElement('div'); bar.className = 'toolbar'; bar.setAttribute('role', 'group'); bar.setAttribute('aria-label', `${title}：下载`);
  bar.append(Object.assign(document.createElement('span'), { className: 'muted', textContent: '下载：' }));
  for (const [k, t] of [['png', 'PNG'], ['svg', 'SVG'], ['csv', 'CSV']]) { const b = document.createElement('button'); b.type = 'button'; b.dataset.dl = k; b.textContent = t; bar.append(b); }
  const body = document.createElement('div'); body.className = 'chart-body'; body.append(chart);
  const src = document.createElement('p'); src.className = 'source'; src.dataset.source = '';
  const def = Object.assign(document.createElement('p'), { className: 'small muted', textContent: derivedDefinition(m.code, der, d.table.file) + (asked && asked !== m ? `（对比页所选“${asked.zh}”是比率，这里用“${m.zh}”。）` : '') });
  const scroll = document.createElement('div'); scroll.className = 'scroll'; scroll.append(table);
  fig.append(Object.assign(document.createElement('figcaption'), { textContent: title }), body, src, def, bar, scroll);
  host.replaceChildren(fig);
  wireFrame(fig);
  host.dataset.ready = '1';
}

const redraw = () => { draw().catch((e) => { host.textContent = `无法计算：${(e as Error).message}`; }); };
onReaderData(() => { draw(true).catch(() => undefined); });
addEventListener('popstate', redraw);
new MutationObserver(redraw).observe(anchor, { childList: true });
redraw();
