/**
 * One agency's key measures over the years (pure; no DOM): which reports.parquet columns the agency page reads,
 * which time charts it draws, and each chart's points and data-table rows. Rows are reports.parquet rows; an
 * agency is every row with its `agency_key` (scripts/corpus/agency-key.ts). A blank stays null: a year whose
 * value was not printed has no point, and its table cell is empty.
 */
import { t3Path } from '../../scripts/template/cell-path.ts';
import { MEASURE, OUTCOME_GROUPS, outcomeValue, fmt, RATE_DEFS, type Row } from './measures.ts';

export interface Series { label: string; get: (r: Row) => number | null; cell?: string }
export interface TimeChart { code: string; title: string; kind: 'count' | 'rate'; unit: string; series: Series[]; note?: string }

const col = (c: string) => (r: Row) => (r[c] == null ? null : Number(r[c]));

/** The time charts of an agency page (`m` of /embed/agency/ is a code). `cell`: the report cell a value is read from, for the deep link. */
export const TIME_CHARTS: TimeChart[] = [
  { code: 'flow', title: '本年新收与办结', kind: 'count', unit: '件', series: [
    { label: '本年新收', get: MEASURE.new.get, cell: 't3.new[6]' },
    { label: '办理结果总计', get: MEASURE.handled.get, cell: 't3.total[6]' },
  ], note: '表三“总计”列：一、本年新收；（七）总计。' },
  { code: 'outcomes', title: '办理结果构成', kind: 'count', unit: '件', series: OUTCOME_GROUPS.map((g) => ({
    label: g.zh, get: (r: Row) => outcomeValue(r, g.code), cell: g.code === 'granted' || g.code === 'partial' ? t3Path(g.code, 6) : undefined,
  })), note: '表三“总计”列；不予公开、无法提供、不予处理、其他处理为各子项之和，子项全部空白时为空白。' },
  { code: 'open_rate', title: '公开率', kind: 'rate', unit: '', series: [{ label: '公开率', get: MEASURE.open_rate.get }], note: RATE_DEFS.open },
  { code: 'review', title: '行政复议与行政诉讼', kind: 'count', unit: '件', series: [
    { label: '行政复议总计', get: MEASURE.review_total.get, cell: 't4[4]' },
    { label: '行政诉讼总计', get: MEASURE.suit_total.get },
  ], note: '表四：行政复议“总计”；行政诉讼为“未经复议直接起诉”与“复议后起诉”两个“总计”之和。' },
  { code: 'normative', title: '行政规范性文件现行有效件数', kind: 'count', unit: '件', series: [
    { label: '现行有效', get: col('t2_normative_valid'), cell: 't2.normative.valid' },
  ], note: '表二“行政规范性文件·现行有效件数”；2019 版模板没有这一栏，为空白。' },
];
export const TIME_CHART = Object.fromEntries(TIME_CHARTS.map((c) => [c.code, c])) as Record<string, TimeChart>;

/** Columns of reports.parquet the agency page reads. */
export const AGENCY_COLUMNS = [...new Set(['id', 'agency', 'agency_key', 'year', 'level', 'province', 'city', 'county', 'township', 'template',
  'checks_pass', 'checks_fail', 'checks_na', 'ambiguous_cells', 'source_url',
  ...MEASURE.new.columns, ...MEASURE.handled.columns, ...MEASURE.open_rate.columns, ...MEASURE.review_total.columns, ...MEASURE.suit_total.columns,
  ...OUTCOME_GROUPS.flatMap((g) => MEASURE[`out_${g.code}`].columns), 't2_normative_valid'])];

/** Columns of checks.parquet the agency page reads (its failing cross-year checks). */
export const CHECK_COLUMNS = ['report_id', 'rule', 'scope', 'status', 'expected', 'actual', 'cells', 'detail'];

/** An agency key as it may appear in a URL: a name, not a path or markup. */
export const validKey = (k: string | null): k is string => k != null && k.length > 0 && k.length <= 120 && !/[\u0000-\u001f<>/\\]/.test(k);

/** The agency's reports, oldest first (two reports of one year keep a stable order by id). */
export function agencyReports(rows: Row[], key: string): Row[] {
  return rows.filter((r) => r.agency_key === key).sort((a, b) => (a.year ?? 0) - (b.year ?? 0) || String(a.id).localeCompare(String(b.id)));
}

export interface Point { year: number; id: string; series: string; value: number }

/** The chart's points: one per report and series where the value was printed (blank → no point). */
export function points(chart: TimeChart, rows: Row[]): Point[] {
  const out: Point[] = [];
  for (const r of rows) for (const s of chart.series) {
    const v = s.get(r);
    if (v != null && r.year != null) out.push({ year: Number(r.year), id: String(r.id), series: s.label, value: v });
  }
  return out;
}

/** A data-table cell: its text and, when it has one, the report (and cell) it comes from. */
export interface TwinCell { text: string; id?: string; cell?: string }

/** The chart's data table: one row per report (year → report), one column per series. */
export function twinRows(chart: TimeChart, rows: Row[]): { columns: string[]; rows: TwinCell[][] } {
  return {
    columns: ['年度', ...chart.series.map((s) => (chart.unit ? `${s.label}（${chart.unit}）` : s.label))],
    rows: rows.map((r) => [
      { text: `${r.year ?? '年度未识别'}`, id: String(r.id) },
      ...chart.series.map((s) => { const v = s.get(r); return v == null ? { text: '' } : { text: fmt(v, chart.kind), id: String(r.id), cell: s.cell }; }),
    ]),
  };
}

/** The chart's text alternative, written from its points. */
export function describe(chart: TimeChart, agency: string, rows: Row[]): string {
  const parts = chart.series.map((s) => `${s.label}：${rows.map((r) => `${r.year}年 ${s.get(r) == null ? '空白' : fmt(s.get(r), chart.kind)}`).join('，')}`);
  return `${agency}各年度${chart.title}（折线图）。${parts.join('；')}。`;
}

/** Failing cross-year checks of the agency's reports, with the other report's id read from the check's cells (`<id>#<path>`). */
export function crossFailures(checks: Row[], rows: Row[]): Array<Row & { other_id: string | null; other_path: string | null; own_path: string | null }> {
  const ids = new Set(rows.map((r) => String(r.id)));
  return checks.filter((c) => String(c.rule).startsWith('cross.') && c.status === 'fail' && ids.has(String(c.report_id))).map((c) => {
    let cells: string[] = [];
    try { cells = JSON.parse(c.cells ?? '[]'); } catch { cells = []; }
    const other = cells.find((p) => p.includes('#'));
    const [other_id, other_path] = other ? other.split('#') : [null, null];
    return { ...c, other_id, other_path, own_path: cells.find((p) => !p.includes('#')) ?? null };
  });
}
