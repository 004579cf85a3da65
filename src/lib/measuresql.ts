/**
 * The chart builder's SQL, generated from the same measure definitions as measures.ts (blank ≠ 0:
 * a report counts only where its cells were printed; rates are pooled Σnumerator ÷ Σdenominator).
 */
import { MEASURE, OUTCOME_GROUPS, outcomeColumns } from './measures.ts';
import { T3_ROWS, T3_COLUMNS, LEVELS } from '../../scripts/template/vocabulary.ts';

export const GROUPINGS = [
  { code: 'year', zh: '年度' }, { code: 'level', zh: '层级' }, { code: 'province', zh: '省份' },
  { code: 'applicant', zh: '申请人类型' }, { code: 'outcome', zh: '办理结果' }, { code: 'agency', zh: '机关' },
] as const;
export const FILTERS = ['year', 'province', 'level', 'template'] as const;

const id = (c: string) => `"${c.replace(/"/g, '""')}"`;
const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** Per-report value expression of a count measure (null when every contributing cell is blank). */
export function valueExpr(code: string): string {
  const m = MEASURE[code];
  if (code === 'out_other') return `coalesce(t3_other_total_total, CASE WHEN coalesce(t3_other_overdue_correction_total, t3_other_overdue_fee_total, t3_other_other_total) IS NULL THEN NULL ELSE coalesce(t3_other_overdue_correction_total,0) + coalesce(t3_other_overdue_fee_total,0) + coalesce(t3_other_other_total,0) END)`;
  const cols = m.columns;
  if (cols.length === 1) return id(cols[0]);
  return `CASE WHEN coalesce(${cols.map(id).join(', ')}) IS NULL THEN NULL ELSE ${cols.map((c) => `coalesce(${id(c)},0)`).join(' + ')} END`;
}

/** Aggregate expression (value) and contributing-report count (n) of a measure. */
export function aggExprs(code: string): { v: string; n: string } {
  if (code === 'open_rate') {
    const ok = `t3_total_total > 0 AND t3_granted_total IS NOT NULL AND t3_partial_total IS NOT NULL`;
    return { v: `sum(CASE WHEN ${ok} THEN t3_granted_total + t3_partial_total END)::DOUBLE / nullif(sum(CASE WHEN ${ok} THEN t3_total_total END), 0)`, n: `count(CASE WHEN ${ok} THEN 1 END)::INTEGER` };
  }
  if (code === 'review_corrected_rate') {
    const ok = `t4_review_total > 0 AND t4_review_corrected IS NOT NULL`;
    return { v: `sum(CASE WHEN ${ok} THEN t4_review_corrected END)::DOUBLE / nullif(sum(CASE WHEN ${ok} THEN t4_review_total END), 0)`, n: `count(CASE WHEN ${ok} THEN 1 END)::INTEGER` };
  }
  const e = valueExpr(code);
  return { v: `sum(${e})::DOUBLE`, n: `count(${e})::INTEGER` };
}

export interface BuilderState { m: string; g: string; year?: string; province?: string; level?: string; template?: string }

export function whereOf(s: BuilderState, alias = ''): string {
  const a = alias ? `${alias}.` : '';
  const w: string[] = [];
  if (s.year) w.push(`${a}year = ${Number(s.year) | 0}`);
  if (s.province) w.push(`${a}province = ${lit(s.province)}`);
  if (s.level) w.push(`${a}level = ${lit(s.level)}`);
  if (s.template) w.push(`${a}template = ${lit(s.template)}`);
  return w.length ? `WHERE ${w.join(' AND ')}` : '';
}

/** Which t3 rows a measure covers when grouped by applicant type (cells.parquet), or null if unsupported. */
export function applicantRows(code: string): string[] | null {
  if (code === 'new') return ['new'];
  if (code === 'handled') return ['total'];
  const g = OUTCOME_GROUPS.find((o) => `out_${o.code}` === code);
  if (g) return g.code === 'other' ? ['other_total', 'other_overdue_correction', 'other_overdue_fee', 'other_other'] : T3_ROWS.filter((r) => r.group === g.code).map((r) => r.code);
  return null;
}

/** The reports column a one-key grouping groups by (机关 = the agency's series key, scripts/corpus/agency-key.ts). */
export function groupColumn(g: string): string {
  return g === 'level' || g === 'province' ? g : g === 'agency' ? 'agency_key' : 'year';
}

export interface Plan { tables: Array<{ name: string; columns: string[] }>; sql: string; labels: (k: any) => string; order?: string[] }

export function plan(s: BuilderState): Plan | { error: string } {
  const m = MEASURE[s.m];
  if (!m) return { error: `未知指标：${s.m}` };
  const filterCols = ['year', 'province', 'level', 'template'];
  const levelZh = Object.fromEntries(LEVELS.map((l) => [l.code, l.zh]));
  if (s.g === 'outcome') {
    const cols = OUTCOME_GROUPS.flatMap((g) => outcomeColumns(g.code));
    const sel = OUTCOME_GROUPS.map((g) => `SELECT ${lit(g.code)} AS k, ${aggExprs(`out_${g.code}`).v} AS v, ${aggExprs(`out_${g.code}`).n} AS n FROM reports ${whereOf(s)}`).join('\nUNION ALL\n');
    return { tables: [{ name: 'reports', columns: [...new Set([...cols, ...filterCols])] }], sql: sel,
      labels: (k) => OUTCOME_GROUPS.find((g) => g.code === k)?.zh ?? String(k), order: OUTCOME_GROUPS.map((g) => g.code) };
  }
  if (s.g === 'applicant') {
    const rows = applicantRows(s.m);
    if (!rows) return { error: `“${m.zh}”不能按申请人类型分组（表三之外的指标或比率）。请选新收、办理总计或某类办理结果。` };
    const sql = `SELECT c.col AS k, sum(c.value)::DOUBLE AS v, count(DISTINCT CASE WHEN c.value IS NOT NULL THEN c.report_id END)::INTEGER AS n
FROM cells c JOIN reports r ON r.id = c.report_id
WHERE c.tbl = 't3' AND c.row IN (${rows.map(lit).join(', ')}) AND c.col <> 'total' ${whereOf(s, 'r').replace(/^WHERE/, 'AND')}
GROUP BY c.col`;
    return { tables: [{ name: 'reports', columns: ['id', ...filterCols] }, { name: 'cells', columns: ['report_id', 'tbl', 'row', 'col', 'value'] }], sql,
      labels: (k) => T3_COLUMNS.find((c) => c.code === k)?.zh ?? String(k), order: T3_COLUMNS.map((c) => c.code) };
  }
  const g = groupColumn(s.g);
  const { v, n } = aggExprs(s.m);
  const sql = `SELECT ${id(g)} AS k, ${v} AS v, ${n} AS n, count(*)::INTEGER AS reports FROM reports ${whereOf(s)} GROUP BY k ORDER BY ${g === 'year' ? 'k' : 'v DESC NULLS LAST'}`;
  return { tables: [{ name: 'reports', columns: [...new Set([...m.columns, ...filterCols, g])] }], sql,
    labels: (k) => (k == null ? '未识别' : g === 'level' ? levelZh[k] ?? k : g === 'year' ? `${k}年` : String(k)) };
}
