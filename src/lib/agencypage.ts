/**
 * The agency page (/agency/?key=<agency_key>) and its embed (/embed/agency/?key=…&m=<chart>): one route for
 * every agency, rendered in the browser from its rows of the reports table (by agency_key) and its reports' checks (by id)
 * (nothing per agency is prerendered or published). Its reports by year, line charts of its key measures over
 * time (agencyseries.ts) each with its data table twin, and its failing cross-year checks with both reports linked.
 */
import * as Plot from '@observablehq/plot';
import { readById } from './byid.ts';
import { siteBase } from './ui.ts';
import { el } from './dom.ts';
import { buildFrame } from './chartframe.ts';
import { agencyHref, cellHref, reportHref } from './links.ts';
import { LEVEL_ZH, MEASURE, fmt, type Row } from './measures.ts';
import { AGENCY_COLUMNS, CHECK_COLUMNS, TIME_CHARTS, TIME_CHART, agencyReports, crossFailures, describe, points, twinRows, validKey, type TimeChart } from './agencyseries.ts';

const base = siteBase();
const root = document.getElementById('agency') as HTMLElement;
const embed = root.dataset.mode === 'embed';
const statusEl = document.getElementById('ag-status')!;
const titleEl = document.getElementById('ag-title');
const params = new URLSearchParams(location.search);
const key = params.get('key');

const COLORS = ['var(--c1)', 'var(--c3)', 'var(--c2)', 'var(--c4)', 'var(--c5)', 'var(--c6)'];

function fail(msg: string, ...kids: Array<Node | string>) {
  statusEl.replaceChildren(msg, ...kids);
  statusEl.classList.remove('muted');
  statusEl.classList.add('fail');
  root.dataset.error = '1';
}


/**
 * The colour key drawn inside the chart's SVG (a Plot legend is separate HTML, which the SVG/PNG download would
 * leave out): a swatch and a label per series, wrapped into rows above the plot.
 */
function legendMarks(labels: string[], width: number): { marks: any[]; height: number } {
  if (labels.length < 2) return { marks: [], height: 0 };
  const items: Array<{ label: string; dx: number; row: number; i: number }> = [];
  let x = 0, row = 0;
  labels.forEach((label, i) => {
    const w = 22 + 12 * [...label].length + 14;
    if (x > 0 && x + w > width) { x = 0; row++; }
    items.push({ label, dx: x, row, i });
    x += w;
  });
  const rows = row + 1;
  const dy = (it: { row: number }) => -(rows - it.row) * 18 - 6;
  return {
    height: rows * 18 + 6,
    marks: items.flatMap((it) => [
      Plot.dot([it], { frameAnchor: 'top-left', dx: it.dx + 6, dy: dy(it), fill: () => it.label, symbol: 'square', r: 5, ariaHidden: 'true' }),
      Plot.text([it], { frameAnchor: 'top-left', dx: it.dx + 16, dy: dy(it), text: () => it.label, textAnchor: 'start', fontSize: 12, ariaHidden: 'true' }),
    ]),
  };
}

/** One time chart: a line per series over the years (broken where a year is blank), a dot per printed value linking to its report. */
function timeChart(chart: TimeChart, agency: string, rows: Row[]): HTMLElement {
  const years = [...new Set(rows.map((r) => Number(r.year)).filter((y) => Number.isFinite(y)))].sort((a, b) => a - b);
  const pts = points(chart, rows);
  // the page lays charts out two to a row from 980 px (.grid2), so draw at the width a chart gets (the page is still hidden here)
  const main = document.getElementById('main')?.clientWidth || 640;
  const width = Math.round(Math.min(760, Math.max(300, embed ? main - 24 : main >= 980 ? main / 2 - 50 : main - 50)));
  const stacked = chart.code === 'outcomes';
  const labels = chart.series.map((s) => s.label);
  const legend = legendMarks(labels, width - 48);
  const color = { domain: labels, range: COLORS.slice(0, labels.length) };
  const yFmt = chart.kind === 'rate' ? (d: number) => `${Math.round(d * 100)}%` : undefined;
  const title = (d: any) => `${d.year}年 ${d.series}：${fmt(d.value, chart.kind)}（点击查看报告）`;
  const aria = (d: any) => `${d.year}年 ${d.series} ${fmt(d.value, chart.kind)}`;
  const href = (d: any) => reportHref(base, d.id);
  const marks: any[] = [Plot.ruleY([0]), ...legend.marks];
  if (stacked) {
    marks.push(Plot.barY(pts, { x: 'year', y: 'value', fill: 'series', href, title, ariaLabel: aria, ariaDescription: '各年度办理结果' }));
  } else {
    for (const s of chart.series) {
      // every year, blank ones as NaN: Plot breaks the line there instead of joining across a missing year
      const line = years.map((y) => { const p = pts.find((q) => q.year === y && q.series === s.label); return { year: y, value: p ? p.value : NaN }; });
      marks.push(Plot.line(line, { x: 'year', y: 'value', stroke: () => s.label, ariaHidden: 'true' }));
      // one dot per printed value; the mark's group is described by its series (tests and screen readers find a series' points by it)
      marks.push(Plot.dot(pts.filter((p) => p.series === s.label), { x: 'year', y: 'value', fill: () => s.label, r: 4, href, title, ariaLabel: aria, ariaDescription: s.label }));
    }
  }
  const svgOrFig = Plot.plot({
    width, height: 240 + legend.height, marginLeft: 48, marginTop: 16 + legend.height,
    ariaLabel: `${agency}：${chart.title}`, ariaDescription: describe(chart, agency, rows),
    x: { type: stacked ? 'band' : 'point', domain: years, label: '年度', tickFormat: (d: number) => String(d), padding: stacked ? 0.3 : 0.5 },
    y: { grid: true, label: chart.unit || chart.title, zero: true, tickFormat: yFmt, ...(chart.kind === 'rate' ? { domain: [0, 1] } : {}) },
    color, marks,
  });
  const tw = twinRows(chart, rows);
  const cellNode = (c: { text: string; id?: string; cell?: string }, first: boolean) =>
    c.id && c.text ? el('a', { href: first ? reportHref(base, c.id) : cellHref(base, c.id, c.cell) }, c.text) : c.text;
  return buildFrame({
    id: `agency-${chart.code}`, title: `${chart.title}（${years[0] ?? ''}–${years[years.length - 1] ?? ''}）`, chart: svgOrFig,
    columns: tw.columns, rows: tw.rows.map((r) => r.map((c, i) => cellNode(c, i === 0))), note: chart.note, mode: embed ? 'embed' : 'page',
    embed: 'embed/agency/', embedQuery: `?${new URLSearchParams({ key: key!, m: chart.code })}`, openHref: agencyHref(base, key!),
  });
}

/** The agency's reports by year: each year links to its report (the printed name only where the years' names differ). */
function yearsTable(rows: Row[]): HTMLElement {
  const KEYS = [['新收', MEASURE.new], ['办结', MEASURE.handled], ['公开率', MEASURE.open_rate], ['行政复议', MEASURE.review_total]] as const;
  const names = new Set(rows.map((r) => r.agency)).size > 1;
  return el('div', { className: 'scroll' }, el('table', { id: 'ag-years' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, '年度'), names && el('th', { scope: 'col' }, '报告中的机关名称'), el('th', { scope: 'col' }, '模板'),
      ...KEYS.map(([zh, m]) => el('th', { scope: 'col', className: 'num', title: m.definition }, zh)), el('th', { scope: 'col' }, '校验'))),
    el('tbody', {}, ...rows.map((r) => el('tr', { 'data-id': r.id },
      el('th', { scope: 'row' }, el('a', { href: reportHref(base, r.id) }, `${r.year ?? '年度未识别'}`)),
      names && el('td', {}, String(r.agency ?? '')), el('td', { style: 'white-space:nowrap' }, `${r.template ?? ''} 版`),
      ...KEYS.map(([, m]) => el('td', { className: 'num' }, fmt(m.get(r), m.kind))),
      el('td', { style: 'white-space:nowrap' }, r.checks_fail ? el('span', { className: 'badge fail' }, `${r.checks_fail} 项未通过`) : el('span', { className: 'pass' }, '通过'),
        r.ambiguous_cells ? ` · ${r.ambiguous_cells} 格存疑` : ''))))));
}

/** Failing cross-year checks: the later report and the earlier one, each linked at the cell the check compares. */
function crossView(fails: ReturnType<typeof crossFailures>, byId: Map<string, Row>): Node[] {
  if (!fails.length) return [el('p', { className: 'muted' }, '这个机关相邻年度报告之间的跨年度校验全部通过或不适用。')];
  const RULE: Record<string, string> = { 'cross.carry_over': '上年结转 = 上一年度的结转下年度', 'cross.valid_count': '现行有效 = 上年现行有效 + 本年制发 − 本年废止' };
  const yr = (id: string | null) => (id && byId.get(id)?.year != null ? `${byId.get(id)!.year}年` : '另一份');
  return [el('ul', { id: 'ag-cross' }, ...fails.map((f) => el('li', { 'data-rule': f.rule, 'data-report': f.report_id },
    el('strong', {}, RULE[f.rule] ?? f.rule), `（${f.scope}）：${f.detail ?? ''} `,
    el('a', { href: cellHref(base, f.report_id, f.own_path ?? undefined) }, `${yr(f.report_id)}报告`), ' · ',
    f.other_id ? el('a', { href: cellHref(base, f.other_id, f.other_path ?? undefined) }, `${yr(f.other_id)}报告`) : '另一份报告不在数据中')))];
}

async function main() {
  if (!validKey(key)) { fail(key ? `机关标识“${key}”格式不正确。` : '网址中缺少机关标识（?key=…）。', '请从', el('a', { href: `${base}reports/` }, '报告列表'), '进入。'); return; }
  let rows: Row[];
  // the agency's rows only: the reports table is in agency order with small row groups (byid.ts)
  try { rows = agencyReports(await readById('reports', key, AGENCY_COLUMNS, 'agency_key'), key); }
  catch (e) { fail(`无法加载报告数据：${(e as Error).message}`); return; }
  if (!rows.length) { fail(`找不到机关“${key}”：数据中没有这个机关的报告。`, '可在', el('a', { href: `${base}reports/` }, '报告列表'), '中检索机关名称。'); return; }
  const agency = String(rows[rows.length - 1].agency ?? key);
  const years = [...new Set(rows.map((r) => r.year).filter((y) => y != null))];
  document.title = `${key} · 历年报告 · 信息公开年报数据台`;
  root.dataset.key = key;
  if (embed) {
    const chart = TIME_CHART[params.get('m') ?? ''] ?? TIME_CHARTS[0];
    root.replaceChildren(timeChart(chart, key, rows));
    statusEl.hidden = true; root.hidden = false; root.dataset.ready = '1';
    return;
  }
  titleEl?.replaceChildren(key, ' ', el('span', { className: 'muted' }, '历年报告'));
  const last = rows[rows.length - 1];
  const region = [last.province, last.city, last.county, last.township].filter(Boolean).join(' ');
  const names = [...new Set(rows.map((r) => r.agency).filter(Boolean))];
  const ids = rows.map((r) => r.id);
  root.replaceChildren(...[
    el('p', { id: 'ag-summary' }, `${rows.length} 份报告，${years.length} 个年度（${years[0] ?? ''}–${years[years.length - 1] ?? ''}）`,
      region ? ` · ${region}` : '', last.level ? ` · ${LEVEL_ZH[last.level] ?? last.level}` : '',
      ` · ${rows.filter((r) => r.checks_fail > 0).length} 份有未通过的校验`),
    names.length > 1 ? el('p', { className: 'small muted' }, `各年报告标题中的名称：${names.join('；')}（按机关标识归并，规则见数据说明）。`) : null,
    el('p', {}, el('a', { href: `${base}compare/?ids=${ids.slice(-8).join(',')}` }, `对比${ids.length > 8 ? '最近 8 个' : '这些'}年度 →`)),
    el('h2', { id: 'ag-years-h' }, '各年度报告'), yearsTable(rows),
    el('h2', { id: 'ag-trends' }, '主要指标的年度变化'),
    el('p', { className: 'small muted' }, '每个点是一份报告中填写的数字，点击打开该报告；空白年度不画点，折线在那里断开（空白不是 0）。'),
    el('div', { className: 'grid2' }, ...TIME_CHARTS.map((c) => timeChart(c, key, rows))),
    el('h2', { id: 'ag-cross-h' }, '跨年度校验未通过'),
    el('div', { id: 'ag-cross-box' }, el('p', { className: 'muted' }, '正在加载校验…')),
  ].filter((n): n is HTMLElement => n != null));
  if (agency !== key) titleEl?.setAttribute('title', agency);
  statusEl.hidden = true; root.hidden = false; root.dataset.content = '1';
  try {
    // the checks of the agency's reports that fail any (checks_fail counts cross-year checks too), each read by its id:
    // a report whose checks all pass costs no read
    const failing = rows.filter((r) => Number(r.checks_fail) > 0);
    const checks = (await Promise.all(failing.map((r) => readById('checks', String(r.id), CHECK_COLUMNS)))).flat();
    document.getElementById('ag-cross-box')!.replaceChildren(...crossView(crossFailures(checks, rows), new Map(rows.map((r) => [String(r.id), r]))));
  } catch (e) {
    document.getElementById('ag-cross-box')!.replaceChildren(`无法加载校验表（${(e as Error).message}）。`);
  }
  root.dataset.ready = '1';
}
main();
