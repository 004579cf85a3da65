/**
 * Measures the site offers (home charts, compare, chart builder), defined once over reports.parquet columns.
 * Labels come from scripts/template/vocabulary.ts. Blank cells stay null: sums skip nulls and say how many
 * reports contributed; a rate is computed only where numerator and denominator were both printed.
 */
import { T3_ROWS, T3_ROW, T4_GROUPS, T4_OUTCOMES, T4_CELLS, T2_SINGLE, LEVELS, T3_COLUMNS } from '../../scripts/template/vocabulary.ts';

export type Row = Record<string, any>;

/** The outcome groups of table 三 (（三）…（六） are summed over their sub-rows). */
export const OUTCOME_GROUPS = [
  { code: 'granted', zh: '予以公开', en: 'Disclosed' },
  { code: 'partial', zh: '部分公开', en: 'Partly disclosed' },
  { code: 'deny', zh: '不予公开', en: 'Refused' },
  { code: 'unable', zh: '无法提供', en: 'Unable to provide' },
  { code: 'reject', zh: '不予处理', en: 'Not processed' },
  { code: 'other', zh: '其他处理', en: 'Otherwise handled' },
] as const;

/** Columns of reports.parquet that make up one outcome group. */
export function outcomeColumns(group: string): string[] {
  if (group === 'other') return ['t3_other_total_total', 't3_other_overdue_correction_total', 't3_other_overdue_fee_total', 't3_other_other_total'];
  return T3_ROWS.filter((r) => r.group === group).map((r) => `t3_${r.code}_total`);
}

/** Sum of the group's columns for one report; null when every column is blank. 其他处理: the one row if printed, else its three sub-rows. */
export function outcomeValue(r: Row, group: string): number | null {
  if (group === 'other') {
    if (r.t3_other_total_total != null) return r.t3_other_total_total;
    return sumNonNull([r.t3_other_overdue_correction_total, r.t3_other_overdue_fee_total, r.t3_other_other_total]);
  }
  return sumNonNull(outcomeColumns(group).map((c) => r[c]));
}

export function sumNonNull(vs: Array<number | null | undefined>): number | null {
  let s: number | null = null;
  for (const v of vs) if (v != null && !Number.isNaN(Number(v))) s = (s ?? 0) + Number(v);
  return s;
}

export interface Measure { code: string; zh: string; en: string; kind: 'count' | 'rate'; get: (r: Row) => number | null; columns: string[]; definition: string }

const col = (c: string) => (r: Row) => (r[c] == null ? null : Number(r[c]));
const ratio = (num: (r: Row) => number | null, den: (r: Row) => number | null) => (r: Row) => {
  const n = num(r), d = den(r);
  return n == null || d == null || d === 0 ? null : n / d;
};

export const RATE_DEFS = {
  open: '公开率 = （（一）予以公开 + （二）部分公开）÷（七）总计，取表三“总计”列；任一项空白或总计为 0 时不计算。',
  corrected: '复议纠正率 = 表四行政复议“结果纠正” ÷ 行政复议“总计”；空白或总计为 0 时不计算。',
  suitCorrected: '诉讼纠正率 = 两类行政诉讼“结果纠正”之和 ÷ 两类行政诉讼“总计”之和。',
};

const t4 = (g: string, o: string) => `t4_${g}_${o}`;

export const MEASURES: Measure[] = [
  { code: 'new', zh: T3_ROW.new.zh.replace(/^一、/, ''), en: T3_ROW.new.en, kind: 'count', get: col('t3_new_total'), columns: ['t3_new_total'], definition: '表三“一、本年新收”总计列' },
  { code: 'handled', zh: '办理结果总计', en: 'Total handled', kind: 'count', get: col('t3_total_total'), columns: ['t3_total_total'], definition: '表三“（七）总计”总计列' },
  ...OUTCOME_GROUPS.map((g) => ({ code: `out_${g.code}`, zh: g.zh, en: g.en, kind: 'count' as const, get: (r: Row) => outcomeValue(r, g.code), columns: outcomeColumns(g.code), definition: `表三“${g.zh}”各子项总计列之和` })),
  { code: 'open_rate', zh: '公开率', en: 'Disclosure rate', kind: 'rate', get: ratio((r) => sumNonNull([r.t3_granted_total, r.t3_partial_total]) , col('t3_total_total')), columns: ['t3_granted_total', 't3_partial_total', 't3_total_total'], definition: RATE_DEFS.open },
  { code: 'review_total', zh: '行政复议总计', en: 'Administrative reviews', kind: 'count', get: col(t4('review', 'total')), columns: [t4('review', 'total')], definition: '表四行政复议“总计”' },
  { code: 'suit_total', zh: '行政诉讼总计', en: 'Lawsuits', kind: 'count', get: (r) => sumNonNull([r[t4('suit_direct', 'total')], r[t4('suit_after_review', 'total')]]), columns: [t4('suit_direct', 'total'), t4('suit_after_review', 'total')], definition: '表四两类行政诉讼“总计”之和' },
  { code: 'review_corrected_rate', zh: '复议纠正率', en: 'Review correction rate', kind: 'rate', get: ratio(col(t4('review', 'corrected')), col(t4('review', 'total'))), columns: [t4('review', 'corrected'), t4('review', 'total')], definition: RATE_DEFS.corrected },
  { code: 'licensing', zh: T2_SINGLE[0].zh, en: T2_SINGLE[0].en, kind: 'count', get: col('t2_licensing'), columns: ['t2_licensing'], definition: '表二行政许可处理决定数' },
  { code: 'punishment', zh: T2_SINGLE[1].zh, en: T2_SINGLE[1].en, kind: 'count', get: col('t2_punishment'), columns: ['t2_punishment'], definition: '表二行政处罚处理决定数' },
];
export const MEASURE = Object.fromEntries(MEASURES.map((m) => [m.code, m])) as Record<string, Measure>;

/** Aggregate a measure over rows: counts are summed, rates pooled (Σnum/Σden over reports where both exist). */
export function aggregate(m: Measure, rows: Row[]): { value: number | null; n: number } {
  if (m.kind === 'count') {
    let s: number | null = null, n = 0;
    for (const r of rows) { const v = m.get(r); if (v != null) { s = (s ?? 0) + v; n++; } }
    return { value: s, n };
  }
  // pooled rate: reuse the per-report definition's pieces
  let num = 0, den = 0, n = 0;
  for (const r of rows) {
    const v = m.get(r);
    if (v == null) continue;
    const d = m.code === 'open_rate' ? Number(r.t3_total_total) : Number(r[t4('review', 'total')]);
    num += v * d; den += d; n++;
  }
  return { value: den ? num / den : null, n };
}

/** Headings of table 三 that its numbered rows (1. 2. 3. …) belong to, printed before the group's first row. */
export const T3_GROUP_HEAD: Record<string, string> = { deny: '（三）不予公开', unable: '（四）无法提供', reject: '（五）不予处理', other: '（六）其他处理' };

/** Why a rate has no value for this report (null when it has one): which part is blank, or a zero denominator. */
export function rateWhy(m: Measure, r: Row): string | null {
  if (m.kind !== 'rate' || m.get(r) != null) return null;
  const parts = m.code === 'open_rate'
    ? [['（一）予以公开', r.t3_granted_total], ['（二）部分公开', r.t3_partial_total], ['（七）总计', r.t3_total_total]] as const
    : [['行政复议“结果纠正”', r[t4('review', 'corrected')]], ['行政复议“总计”', r[t4('review', 'total')]]] as const;
  const blank = parts.filter(([, v]) => v == null).map(([n]) => n);
  if (blank.length) return `${blank.join('、')}空白`;
  return `${parts[parts.length - 1]![0]}为 0`;
}

export const LEVEL_ZH = Object.fromEntries(LEVELS.map((l) => [l.code, l.zh])) as Record<string, string>;
export const LEVEL_EN = Object.fromEntries(LEVELS.map((l) => [l.code, l.en])) as Record<string, string>;

export function fmt(v: number | null | undefined, kind: 'count' | 'rate' = 'count'): string {
  if (v == null || Number.isNaN(v)) return '';
  if (kind === 'rate') return `${(v * 100).toFixed(1)}%`;
  return Number.isInteger(v) ? v.toLocaleString('zh-CN') : v.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}

export { T3_ROWS, T3_COLUMNS, T4_GROUPS, T4_OUTCOMES, T4_CELLS, LEVELS };

/** A reports.parquet-shaped row from a record JSON (for client pages that read a report's record, record.ts). */
export function rowFromRecord(rec: Row): Row {
  const r: Row = { agency: rec.agency, year: rec.year, template: rec.template, level: rec.level };
  for (const t of T3_ROWS) r[`t3_${t.code}_total`] = rec.t3?.[t.code]?.[6] ?? null;
  T4_CELLS.forEach((c, i) => { r[`t4_${c.code}`] = rec.t4?.[i] ?? null; });
  for (const k of ['licensing', 'punishment', 'coercion', 'fees']) r[`t2_${k}`] = rec.t2?.[k] ?? null;
  for (const k of ['regulations', 'normative']) for (const f of ['made', 'repealed', 'valid']) r[`t2_${k}_${f}`] = rec.t2?.[k]?.[f] ?? null;
  return r;
}
