/**
 * The home page's headline charts, computed at build time from reports.parquet (also used by /embed/<id>/).
 */
import { reports } from './data.ts';
import { OUTCOME_GROUPS, MEASURE, aggregate, outcomeValue, fmt, sumNonNull, RATE_DEFS, type Row } from './measures.ts';

export interface HomeChart {
  id: string; title: string; subtitle: string; kind: 'count' | 'rate'; label: string; description: string; note?: string;
  bars: Array<{ label: string; value: number | null; note?: string; color?: string }>;
  columns: string[]; rows: Array<Array<string | number | null>>;
}

const COLORS = ['var(--c1)', 'var(--c2)', 'var(--c3)', 'var(--c4)', 'var(--c5)', 'var(--c6)'];

function byYear(rs: Row[]) {
  const m = new Map<number, Row[]>();
  for (const r of rs) { if (!m.has(r.year)) m.set(r.year, []); m.get(r.year)!.push(r); }
  return [...m.entries()].sort((a, b) => a[0] - b[0]);
}

export async function homeCharts(): Promise<HomeChart[]> {
  const rs = await reports();
  const years = byYear(rs);
  const charts: HomeChart[] = [];

  charts.push({
    id: 'reports-by-year', title: '各年度报告数', subtitle: `收录的报告，按报告年度（共 ${rs.length} 份）`, kind: 'count',
    label: '各年度报告数（条形图）',
    description: `按报告年度统计收录的报告数：${years.map(([y, l]) => `${y}年 ${l.length} 份`).join('，')}。`,
    bars: years.map(([y, l]) => ({ label: `${y}年`, value: l.length })),
    columns: ['年度', '报告数'], rows: years.map(([y, l]) => [`${y}`, l.length]),
  });

  const outs = OUTCOME_GROUPS.map((g) => {
    const vals = rs.map((r) => outcomeValue(r, g.code));
    return { g, value: sumNonNull(vals), n: vals.filter((v) => v != null).length };
  });
  const open = aggregate(MEASURE.open_rate, rs);
  charts.push({
    id: 'outcome-mix', title: '依申请公开办理结果构成（全部报告合计）', subtitle: `表三“总计”列各类办理结果件数之和，空白不计为 0；合并公开率 ${fmt(open.value, 'rate')}（${open.n} 份报告可计算）`, kind: 'count',
    label: '办理结果构成（条形图）',
    description: `全部报告表三“总计”列合计：${outs.map((o) => `${o.g.zh} ${fmt(o.value)}`).join('，')}。合并公开率 ${fmt(open.value, 'rate')}（${open.n} 份报告可计算）。`,
    note: `${RATE_DEFS.open} 合并公开率 = 各报告分子之和 ÷ 分母之和 = ${fmt(open.value, 'rate')}（${open.n} 份报告）。空白不计为 0。`,
    bars: outs.map((o, i) => ({ label: o.g.zh, value: o.value, color: COLORS[i] })),
    columns: ['办理结果', '合计（件）', '填报的报告数'], rows: outs.map((o) => [o.g.zh, o.value, o.n]),
  });

  const apps = years.map(([y, l]) => {
    const vs = l.map((r) => r.t3_new_total).filter((v) => v != null) as number[];
    const mean = vs.length ? vs.reduce((a, b) => a + b, 0) / vs.length : null;
    const sorted = [...vs].sort((a, b) => a - b);
    const median = sorted.length ? (sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2) : null;
    return { y, mean, median, n: vs.length, sum: vs.reduce((a, b) => a + b, 0) };
  });
  charts.push({
    id: 'applications-per-report', title: '每份报告的本年新收申请数（平均）', subtitle: '表三“本年新收”总计的平均数，按报告年度；未填报的报告不参与平均', kind: 'count',
    label: '各年度每份报告平均新收申请数（条形图）',
    description: `各年度每份报告表三“本年新收”总计的平均数：${apps.map((a) => `${a.y}年 ${fmt(a.mean)}（中位数 ${fmt(a.median)}，${a.n} 份）`).join('，')}。`,
    bars: apps.map((a) => ({ label: `${a.y}年`, value: a.mean == null ? null : Math.round(a.mean * 10) / 10, note: a.median == null ? '' : `中位数 ${fmt(a.median)}` })),
    columns: ['年度', '平均', '中位数', '合计', '填报的报告数'], rows: apps.map((a) => [`${a.y}`, a.mean == null ? null : Math.round(a.mean * 10) / 10, a.median, a.sum, a.n]),
  });

  const rev = years.map(([y, l]) => ({ y, review: aggregate(MEASURE.review_total, l), suit: aggregate(MEASURE.suit_total, l), rate: aggregate(MEASURE.review_corrected_rate, l) }));
  charts.push({
    id: 'review-correction', title: '行政复议与诉讼：各年度合计及复议纠正率', subtitle: '表四行政复议总计（件），条旁注明复议纠正率；诉讼数见数据表', kind: 'count',
    label: '各年度行政复议合计（条形图，注明纠正率与诉讼数）',
    description: `各年度行政复议总计：${rev.map((r) => `${r.y}年 复议 ${fmt(r.review.value)} 件、诉讼 ${fmt(r.suit.value)} 件、复议纠正率 ${fmt(r.rate.value, 'rate') || '无法计算'}`).join('；')}。`,
    note: RATE_DEFS.corrected,
    bars: rev.map((r) => ({ label: `${r.y}年 复议`, value: r.review.value, note: r.rate.value == null ? '' : `纠正率 ${fmt(r.rate.value, 'rate')}`, color: 'var(--c3)' })),
    columns: ['年度', '行政复议总计', '行政诉讼总计', '复议纠正率'], rows: rev.map((r) => [`${r.y}`, r.review.value, r.suit.value, fmt(r.rate.value, 'rate')]),
  });
  return charts;
}
