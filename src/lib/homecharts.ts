/**
 * The home page's story and headline charts, computed at build time from reports.parquet and checks.parquet
 * (also used by /embed/<id>/). Pure builders over rows (tested on the real reports' expected records) plus
 * the build-time wrappers. Every sentence and label is written from the data; every number links to the
 * report it comes from, or to the agency page / filtered list when it is a sum.
 */
import { reports, failedChecks } from './data.ts';
import { OUTCOME_GROUPS, MEASURE, aggregate, outcomeValue, fmt, sumNonNull, RATE_DEFS, type Row } from './measures.ts';
import { agencyHref, cellHref, reportHref } from './links.ts';

/** A data-table cell: plain, or text with a link, or several links (e.g. the years of an agency's failing reports). */
export type Link = { text: string; href: string };
export type TableCell = string | number | null | Link | Link[];
export interface Bar { label: string; value: number | null; note?: string; color?: string; href?: string }
export interface Stack { keys: string[]; colors: string[]; rows: Array<{ label: string; values: Array<number | null>; href?: string }> }
export interface HomeChart {
  id: string; title: string; subtitle?: string; kind: 'count' | 'rate'; label: string; description: string; note?: string;
  bars: Bar[]; stack?: Stack;
  columns: string[]; rows: TableCell[][];
}
/** A sentence of the story: text and links. */
export type Sentence = Array<string | Link>;

const COLORS = ['var(--c1)', 'var(--c2)', 'var(--c3)', 'var(--c4)', 'var(--c5)', 'var(--c6)'];
const NEW_CELL = 't3.new[6]';

function byYear(rs: Row[]) {
  const m = new Map<number, Row[]>();
  for (const r of rs) { if (r.year == null) continue; if (!m.has(r.year)) m.set(r.year, []); m.get(r.year)!.push(r); }
  return [...m.entries()].sort((a, b) => a[0] - b[0]);
}
const keyOf = (r: Row) => String(r.agency_key ?? r.agency ?? '');
function byAgency(rs: Row[]) {
  const m = new Map<string, Row[]>();
  for (const r of rs) { const k = keyOf(r); if (!m.has(k)) m.set(k, []); m.get(k)!.push(r); }
  for (const l of m.values()) l.sort((a, b) => (a.year ?? 0) - (b.year ?? 0));
  return m;
}

/** Agencies by their reports' 本年新收 summed over the years (only printed values count; an agency with none printed is left out). */
export function applicationsByAgency(rs: Row[]) {
  return [...byAgency(rs)].map(([key, l]) => {
    const printed = l.filter((r) => r.t3_new_total != null);
    return { key, reports: l, printed, sum: sumNonNull(printed.map((r) => r.t3_new_total)), first: printed[0] ?? null, last: printed[printed.length - 1] ?? null };
  }).filter((a) => a.printed.length > 0).sort((a, b) => (b.sum ?? 0) - (a.sum ?? 0) || a.key.localeCompare(b.key));
}

/** Per year: the 本年新收 total over the reports that printed it, and the report with the most. */
export function applicationsByYear(rs: Row[]) {
  return byYear(rs).map(([year, l]) => {
    const printed = l.filter((r) => r.t3_new_total != null);
    const top = [...printed].sort((a, b) => b.t3_new_total - a.t3_new_total || keyOf(a).localeCompare(keyOf(b)))[0] ?? null;
    return { year, reports: l.length, n: printed.length, sum: sumNonNull(printed.map((r) => r.t3_new_total)), top };
  });
}

/** Per year: each outcome group's total (blank groups skipped), and the pooled 公开率. */
export function outcomesByYear(rs: Row[]) {
  return byYear(rs).map(([year, l]) => ({
    year, reports: l.length,
    values: OUTCOME_GROUPS.map((g) => sumNonNull(l.map((r) => outcomeValue(r, g.code)))),
    open: aggregate(MEASURE.open_rate, l),
  }));
}

/** A check of the report's own arithmetic: every rule but the extractor's own (`extract.*`: a run of digits it could not split is not the report's error). */
export const isArithmetic = (rule: string) => !rule.startsWith('extract.');
const isCross = (rule: string) => rule.startsWith('cross.');

/** Per agency: its reports whose own tables fail the template's arithmetic, and its failing cross-year checks. */
export function arithmeticByAgency(rs: Row[], cs: Row[]) {
  const failsBy = new Map<string, Row[]>();
  for (const c of cs) if (c.status === 'fail' && isArithmetic(String(c.rule))) { const id = String(c.report_id); if (!failsBy.has(id)) failsBy.set(id, []); failsBy.get(id)!.push(c); }
  return [...byAgency(rs)].map(([key, l]) => {
    const within = l.filter((r) => (failsBy.get(String(r.id)) ?? []).some((c) => !isCross(String(c.rule))));
    const checksWithin = l.reduce((n, r) => n + (failsBy.get(String(r.id)) ?? []).filter((c) => !isCross(String(c.rule))).length, 0);
    const cross = l.reduce((n, r) => n + (failsBy.get(String(r.id)) ?? []).filter((c) => isCross(String(c.rule))).length, 0);
    return { key, reports: l, within, checksWithin, cross };
  }).filter((a) => a.within.length > 0 || a.cross > 0).sort((a, b) => b.within.length - a.within.length || b.cross - a.cross || a.key.localeCompare(b.key));
}

/** Bar labels drop the prefix every shown name shares (e.g. a zone's name), said in the chart's note. */
function shortLabels(keys: string[]): { short: (k: string) => string; prefix: string } {
  if (keys.length < 2) return { short: (k) => k, prefix: '' };
  let p = keys[0];
  for (const k of keys) while (p && !k.startsWith(p)) p = p.slice(0, -1);
  if ([...p].length < 3 || keys.some((k) => [...k].length - [...p].length < 2)) p = '';
  return { short: (k) => k.slice(p.length), prefix: p };
}

/**
 * The home page is prerendered whatever the corpus's size: its per-agency tables list the first HOME_ROWS agencies and
 * its per-agency bar charts the first HOME_BARS (each says how many there are in all and where the rest are), so a
 * national corpus's home page stays the size of a small one's.
 */
export const HOME_ROWS = 50;
export const HOME_BARS = 20;
/** "N agencies …, the chart shows the first k, the table the first m (the rest: …)", or '' when all are shown. */
const shownOf = (all: number, what: string, bars: number) =>
  all > bars ? `共 ${fmt(all)} 个机关${what}，图中显示前 ${bars} 个${all > HOME_ROWS ? `，数据表列前 ${HOME_ROWS} 个（其余可在报告列表中筛选，或用 SQL 查询）` : ''}。` : '';

export function buildHomeCharts(rs: Row[], cs: Row[], base: string): HomeChart[] {
  const years = byYear(rs);
  const yearsList = years.map(([y]) => y);
  const charts: HomeChart[] = [];
  const ag = (key: string, text = key): Link => ({ text, href: agencyHref(base, key) });
  const newOf = (r: Row): Link => ({ text: fmt(r.t3_new_total), href: cellHref(base, String(r.id), NEW_CELL) });

  // who receives the most applications, and how that changed over the years
  const apps = applicationsByAgency(rs);
  const top = apps.slice(0, 10);
  const sl = shortLabels(top.map((a) => a.key));
  charts.push({
    id: 'top-applications', title: '谁收到的政府信息公开申请最多（各年度本年新收合计）', kind: 'count',
    label: '各机关历年本年新收申请合计（条形图）',
    description: `各机关历年报告表三“本年新收”总计列之和，从多到少：${top.map((a) => `${a.key} ${fmt(a.sum)} 件（${a.printed.length} 份报告${a.first && a.last && a.first !== a.last ? `，${a.first.year}年 ${fmt(a.first.t3_new_total)} 件、${a.last.year}年 ${fmt(a.last.t3_new_total)} 件` : ''}）`).join('；')}。`,
    note: `空白不计为 0；每个机关一行，点击条形打开机关页。${sl.prefix ? `名称省去共同前缀“${sl.prefix}”。` : ''}${shownOf(apps.length, '填报', top.length)}`,
    bars: top.map((a) => ({ label: sl.short(a.key), value: a.sum, href: agencyHref(base, a.key),
      note: a.first && a.last && a.first !== a.last ? `${a.first.year}年 ${fmt(a.first.t3_new_total)} → ${a.last.year}年 ${fmt(a.last.t3_new_total)}` : '' })),
    columns: ['机关', '合计（件）', ...yearsList.map((y) => `${y}年`)],
    rows: apps.slice(0, HOME_ROWS).map((a) => [ag(a.key), a.sum, ...yearsList.map((y) => {
      const l = a.reports.filter((r) => r.year === y && r.t3_new_total != null);
      return l.length === 1 ? newOf(l[0]) : l.length ? l.map(newOf) : null;
    })]),
  });

  const perYear = applicationsByYear(rs);
  charts.push({
    id: 'applications-by-year', title: '各年度本年新收申请合计，及当年收到最多的机关', kind: 'count',
    label: '各年度本年新收申请合计（条形图，注明当年最多的机关）',
    description: `各年度全部报告表三“本年新收”总计列之和：${perYear.map((p) => `${p.year}年 ${fmt(p.sum)} 件（${p.n} 份报告填报${p.top ? `，最多的是${keyOf(p.top)} ${fmt(p.top.t3_new_total)} 件` : ''}）`).join('；')}。`,
    note: '各年收录的报告数不同（见“各年度报告数”），合计随之变化；空白不计为 0。',
    bars: perYear.map((p) => ({ label: `${p.year}年`, value: p.sum, href: `${base}reports/?year=${p.year}`, note: p.top ? `最多 ${fmt(p.top.t3_new_total)}` : '' })),
    columns: ['年度', '合计（件）', '填报的报告数', '当年最多的机关', '其本年新收（件）'],
    rows: perYear.map((p) => [{ text: `${p.year}`, href: `${base}reports/?year=${p.year}` }, p.sum, p.n, p.top ? ag(keyOf(p.top)) : null, p.top ? newOf(p.top) : null]),
  });

  // outcome mix over time
  const outs = outcomesByYear(rs);
  charts.push({
    id: 'outcome-mix', title: '依申请公开办理结果构成：各年度', kind: 'count',
    label: '各年度办理结果构成（堆积条形图，按当年合计的占比）',
    description: `各年度全部报告表三“总计”列的办理结果：${outs.map((o) => `${o.year}年 ${OUTCOME_GROUPS.map((g, i) => `${g.zh} ${o.values[i] == null ? '空白' : fmt(o.values[i])}`).join('，')}，合并公开率 ${fmt(o.open.value, 'rate') || '无法计算'}`).join('；')}。`,
    note: `每行是当年的办理结果，按件数占当年合计的比例画出。${RATE_DEFS.open} 合并公开率 = 各报告分子之和 ÷ 分母之和。空白不计为 0。`,
    bars: [],
    stack: { keys: OUTCOME_GROUPS.map((g) => g.zh), colors: COLORS, rows: outs.map((o) => ({ label: `${o.year}年`, values: o.values, href: `${base}reports/?year=${o.year}` })) },
    columns: ['年度', ...OUTCOME_GROUPS.map((g) => `${g.zh}（件）`), '合并公开率', '报告数'],
    rows: outs.map((o) => [{ text: `${o.year}`, href: `${base}reports/?year=${o.year}` }, ...o.values, fmt(o.open.value, 'rate'), o.reports]),
  });

  // which agencies' reports fail their own arithmetic
  const ar = arithmeticByAgency(rs, cs);
  const arBars = ar.slice(0, HOME_BARS);
  const sa = shortLabels(arBars.map((a) => a.key));
  const failingReports = ar.reduce((n, a) => n + a.within.length, 0);
  charts.push({
    id: 'arithmetic-failures', title: '哪些机关的报告自己的算术不成立', kind: 'count',
    label: '各机关表内算术校验未通过的报告数（条形图，注明跨年度校验）',
    description: `表内勾稽关系（表三各列平衡、办理结果之和、各行之和，表四各组之和，表二计数）至少一项未通过的报告：${arBars.map((a) => `${a.key} ${a.within.length} 份（共 ${a.reports.length} 份${a.cross ? `，跨年度校验 ${a.cross} 项未通过` : ''}）`).join('；') || '没有'}${ar.length > arBars.length ? `；共 ${fmt(ar.length)} 个机关，以上为前 ${arBars.length} 个` : ''}。`,
    note: `共 ${failingReports} 份报告。${shownOf(ar.length, '有未通过的校验', arBars.length)}只计报告自己的算术（勾稽关系），不计抽取器的拆分校验（extract.*：数字连写无法唯一拆分，不是报告的错误）。跨年度：本年“上年结转”与上年“结转下年度”、规范性文件现行有效件数。原文算错的数字照录，不改。${sa.prefix ? `名称省去共同前缀“${sa.prefix}”。` : ''}`,
    bars: arBars.map((a) => ({ label: sa.short(a.key), value: a.within.length, href: agencyHref(base, a.key), color: 'var(--c3)', note: a.cross ? `跨年度 ${a.cross} 项` : '' })),
    columns: ['机关', '报告数', '表内算术未通过的报告', '未通过的年度', '表内未通过的校验项', '跨年度校验未通过（项）'],
    rows: ar.slice(0, HOME_ROWS).map((a) => [ag(a.key), a.reports.length, a.within.length, a.within.map((r) => ({ text: `${r.year}`, href: reportHref(base, String(r.id), '#checks') })), a.checksWithin, a.cross]),
  });

  charts.push({
    id: 'reports-by-year', title: '各年度报告数', subtitle: `收录的报告，按报告年度（共 ${rs.length} 份）`, kind: 'count',
    label: '各年度报告数（条形图）',
    description: `按报告年度统计收录的报告数：${years.map(([y, l]) => `${y}年 ${l.length} 份`).join('，')}。`,
    bars: years.map(([y, l]) => ({ label: `${y}年`, value: l.length, href: `${base}reports/?year=${y}` })),
    columns: ['年度', '报告数'], rows: years.map(([y, l]) => [{ text: `${y}`, href: `${base}reports/?year=${y}` }, l.length]),
  });

  const rev = years.map(([y, l]) => ({ y, review: aggregate(MEASURE.review_total, l), suit: aggregate(MEASURE.suit_total, l), rate: aggregate(MEASURE.review_corrected_rate, l) }));
  charts.push({
    id: 'review-correction', title: '行政复议与诉讼：各年度合计及复议纠正率', subtitle: '表四行政复议总计（件），条旁注明复议纠正率；诉讼数见数据表', kind: 'count',
    label: '各年度行政复议合计（条形图，注明纠正率与诉讼数）',
    description: `各年度行政复议总计：${rev.map((r) => `${r.y}年 复议 ${fmt(r.review.value)} 件、诉讼 ${fmt(r.suit.value)} 件、复议纠正率 ${fmt(r.rate.value, 'rate') || '无法计算'}`).join('；')}。`,
    note: RATE_DEFS.corrected,
    bars: rev.map((r) => ({ label: `${r.y}年 复议`, value: r.review.value, note: r.rate.value == null ? '' : `纠正率 ${fmt(r.rate.value, 'rate')}`, color: 'var(--c3)', href: `${base}reports/?year=${r.y}` })),
    columns: ['年度', '行政复议总计', '行政诉讼总计', '复议纠正率'], rows: rev.map((r) => [{ text: `${r.y}`, href: `${base}reports/?year=${r.y}` }, r.review.value, r.suit.value, fmt(r.rate.value, 'rate')]),
  });
  return charts;
}

/** The home page's opening sentences, written from the same figures as the charts. */
export function homeStory(rs: Row[], cs: Row[], base: string): Sentence[] {
  const out: Sentence[] = [];
  const ag = (key: string): Link => ({ text: key, href: agencyHref(base, key) });
  const newOf = (r: Row): Link => ({ text: `${fmt(r.t3_new_total)} 件`, href: cellHref(base, String(r.id), NEW_CELL) });
  const apps = applicationsByAgency(rs);
  const a = apps[0];
  if (a) {
    const span = a.first && a.last && a.first !== a.last;
    out.push(['收到政府信息公开申请最多的是', ag(a.key), `：${a.first?.year}${span ? `–${a.last?.year}` : ''} 年 ${a.printed.length} 份报告的本年新收合计 ${fmt(a.sum)} 件`,
      ...(span ? [`，从 ${a.first!.year} 年的 `, newOf(a.first!), ` 到 ${a.last!.year} 年的 `, newOf(a.last!)] : []), '。',
      ...(apps[1] ? ['其次是', ag(apps[1].key), `（${fmt(apps[1].sum)} 件）。`] : [])]);
  }
  const py = applicationsByYear(rs).filter((p) => p.n > 0);
  if (py.length >= 2) {
    const f = py[0], l = py[py.length - 1];
    const peak = [...py].sort((x, y) => (y.sum ?? 0) - (x.sum ?? 0))[0];
    out.push([`全部报告的本年新收合计从 ${f.year} 年的 ${fmt(f.sum)} 件（${f.n} 份报告）变为 ${l.year} 年的 ${fmt(l.sum)} 件（${l.n} 份）；最多的是 ${peak.year} 年，${fmt(peak.sum)} 件`,
      ...(peak.top ? ['，其中', ag(keyOf(peak.top)), '一家 ', newOf(peak.top)] : []), '。']);
  }
  const outs = outcomesByYear(rs).filter((o) => o.open.value != null);
  if (outs.length >= 2) {
    const f = outs[0], l = outs[outs.length - 1];
    const lt = sumNonNull(l.values) ?? 0;
    const bigI = l.values.reduce<number>((bi, v, i) => ((v ?? -1) > (l.values[bi] ?? -1) ? i : bi), 0);
    out.push([`办理结果中，予以公开与部分公开合计所占比例（合并公开率）${f.year} 年为 ${fmt(f.open.value, 'rate')}，${l.year} 年为 ${fmt(l.open.value, 'rate')}`,
      ...(lt > 0 ? [`；${l.year} 年占比最大的一类是“${OUTCOME_GROUPS[bigI].zh}”（${fmt((l.values[bigI] ?? 0) / lt, 'rate')}）`] : []), '。']);
  }
  const ar = arithmeticByAgency(rs, cs);
  const within = ar.filter((x) => x.within.length > 0);
  const nReports = within.reduce((n, x) => n + x.within.length, 0);
  const cross = ar.reduce((n, x) => n + x.cross, 0);
  if (within.length) {
    out.push([`${within.length} 个机关的 ${nReports} 份报告，自己表格里的算术（勾稽关系）至少一处不成立，最多的是`, ag(within[0].key), `（${within[0].reports.length} 份中 ${within[0].within.length} 份）`,
      cross ? `；相邻年度之间另有 ${cross} 项跨年度校验不一致` : '', '。原数照录，未通过的校验标在报告页上。']);
  }
  return out;
}

export async function homeCharts(base = '/'): Promise<HomeChart[]> {
  return buildHomeCharts(await reports(), await failedChecks(), base);
}
export async function homeStoryAtBuild(base = '/'): Promise<Sentence[]> {
  return homeStory(await reports(), await failedChecks(), base);
}
