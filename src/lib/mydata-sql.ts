/**
 * Derived measures: a report measure ÷ a numeric column of the reader's data × a scale (e.g. new applications per
 * 10,000 residents), planned like the built-in measures (measuresql.ts) over reports joined to the `mydata` table
 * on agency_key. Pooled as the built-in rates are: Σ measure ÷ Σ reader value over the reports where both were
 * printed/given (blank ≠ 0), × scale. The reader's value is one per agency and is used for each of its years.
 */
import { MEASURE, LEVEL_ZH } from './measures.ts';
import { valueExpr, whereOf, groupColumn, type BuilderState, type Plan } from './measuresql.ts';

export const SCALES = [1, 100, 1000, 10000, 100000, 1000000] as const;

export interface Derived { col: string; scale: number }

const id = (c: string) => `"${c.replace(/"/g, '""')}"`;
const scaleZh = (n: number) => (n === 1 ? '' : ` × ${n.toLocaleString('zh-CN')}`);

export function derivedLabel(m: string, d: Derived): string {
  return `${MEASURE[m]?.zh ?? m} ÷ ${d.col}${scaleZh(d.scale)}`;
}

export function derivedDefinition(m: string, d: Derived, file: string): string {
  return `派生指标 = 各报告“${MEASURE[m]?.zh ?? m}”之和 ÷ 对应机关在用户自备数据（${file}）中“${d.col}”之和${scaleZh(d.scale)}；只计两者都有数字且后者不为 0 的报告，空白不当作 0；自备数据每个机关一个值，用于它的每个年度。`;
}

export function derivedPlan(s: BuilderState, d: Derived): Plan | { error: string } {
  const m = MEASURE[s.m];
  if (!m) return { error: `未知指标：${s.m}` };
  if (m.kind !== 'count') return { error: `“${m.zh}”是比率，不能再除以自备数据；请选一个计数指标（如本年新收）。` };
  if (s.g === 'applicant' || s.g === 'outcome') return { error: '派生指标只能按年度、层级、省份或机关分组。' };
  if (!Number.isFinite(d.scale) || d.scale <= 0) return { error: '倍数须为正数。' };
  const g = groupColumn(s.g);
  const num = valueExpr(s.m);
  const ok = `(${num}) IS NOT NULL AND __den IS NOT NULL AND __den <> 0`;
  const sql = `SELECT ${id(g)} AS k,
  sum(CASE WHEN ${ok} THEN ${num} END)::DOUBLE / nullif(sum(CASE WHEN ${ok} THEN __den END), 0) * ${Number(d.scale)} AS v,
  count(CASE WHEN ${ok} THEN 1 END)::INTEGER AS n, count(*)::INTEGER AS reports
FROM (SELECT r.*, m.${id(d.col)}::DOUBLE AS __den FROM reports r JOIN mydata m ON m.agency_key = r.agency_key) x
${whereOf(s)}
GROUP BY k ORDER BY ${g === 'year' ? 'k' : 'v DESC NULLS LAST'}`;
  return {
    tables: [{ name: 'reports', columns: [...new Set([...m.columns, 'agency_key', 'year', 'province', 'level', 'template'])] }],
    sql,
    labels: (k) => (k == null ? '未识别' : g === 'year' ? `${k}年` : g === 'level' ? LEVEL_ZH[k] ?? String(k) : String(k)),
  };
}
