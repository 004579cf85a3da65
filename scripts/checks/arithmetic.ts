/**
 * The template's own arithmetic (勾稽关系), run on the record as stated. A failed check never
 * changes a value; a blank cell makes a check not_applicable and says which cell.
 *
 * Rules:
 *   t3.balance      per column: 一 新收 + 二 上年结转 = （七）总计 + 四 结转下年度
 *   t3.results_sum  per column: （一）…（六） = （七）总计
 *   t3.row_sum      per row: 自然人 + five 法人或其他组织 columns = 总计
 *   t4.group_sum    per group: 维持 + 纠正 + 其他 + 尚未审结 = 总计
 *   t2.whole_count  every table-二 count is a non-negative whole number
 *   t2.fee_nonneg   fee (万元) is non-negative
 *   extract.unique_split  the flattened text could be split into cells in exactly one way
 */
import { T3_COLUMNS, T3_ROWS, T3_ROW, T3_OTHER_SPLIT, T4_GROUPS, T4_OUTCOMES } from '../template/vocabulary.ts';
import type { Cell, CheckResult, ReportRecord } from '../template/record.ts';

type Term = { path: string; label: string; value: Cell };

function sumCheck(rule: string, scope: string, left: Term[], right: Term[]): CheckResult {
  const cells = [...left, ...right].map((t) => t.path);
  const blank = [...left, ...right].filter((t) => t.value === null);
  if (blank.length) {
    return { rule, scope, expected: null, actual: null, status: 'not_applicable', cells, detail: `blank: ${blank.map((b) => `${b.label} (${b.path})`).join(', ')}` };
  }
  const l = left.reduce((s, t) => s + (t.value as number), 0);
  const r = right.reduce((s, t) => s + (t.value as number), 0);
  const fmt = (ts: Term[], total: number) => (ts.length > 1 ? `${ts.map((t) => `${t.label} ${t.value}`).join(' + ')} = ${total}` : `${ts[0]!.label} ${total}`);
  const ok = Math.abs(l - r) < 1e-9;
  return { rule, scope, expected: r, actual: l, status: ok ? 'pass' : 'fail', cells, detail: `${fmt(left, l)} ${ok ? '=' : '≠'} ${fmt(right, r)}` };
}

export function runChecks(rec: Pick<ReportRecord, 't2' | 't2_extra' | 't3' | 't4' | 'template' | 'ambiguous'>): CheckResult[] {
  const out: CheckResult[] = [];
  const t3 = rec.t3;
  const cell = (row: string, col: number): Term => ({ path: `t3.${row}[${col}]`, label: `${T3_ROW[row]?.zh.replace(/^[（(][一二三四五六七][）)]|^[一二三四]、/, '') ?? row}`, value: t3[row]?.[col] ?? null });
  const has = (r: string) => Array.isArray(t3[r]);

  // Columns
  const split = T3_OTHER_SPLIT.some(has);
  const resultRows = T3_ROWS.filter((r) => r.result && has(r.code) && !(split && r.code === 'other_total')).map((r) => r.code);
  T3_COLUMNS.forEach((col, c) => {
    if (['new', 'carried', 'total', 'carry_forward'].every(has)) out.push(sumCheck('t3.balance', `column ${col.zh}`, [cell('new', c), cell('carried', c)], [cell('total', c), cell('carry_forward', c)]));
    else out.push(missing('t3.balance', `column ${col.zh}`, ['new', 'carried', 'total', 'carry_forward'].filter((r) => !has(r))));
    if (has('total') && resultRows.length) out.push(sumCheck('t3.results_sum', `column ${col.zh}`, resultRows.map((r) => cell(r, c)), [cell('total', c)]));
    else out.push(missing('t3.results_sum', `column ${col.zh}`, has('total') ? ['result rows'] : ['total']));
  });
  // Rows
  for (const r of T3_ROWS) {
    if (!has(r.code)) continue;
    out.push(sumCheck('t3.row_sum', `row ${r.code}`, [0, 1, 2, 3, 4, 5].map((c) => ({ ...cell(r.code, c), label: T3_COLUMNS[c]!.zh })), [{ ...cell(r.code, 6), label: '总计' }]));
  }
  // Table 四
  T4_GROUPS.forEach((g, gi) => {
    const t = (k: number): Term => ({ path: `t4[${gi * 5 + k}]`, label: T4_OUTCOMES[k]!.zh, value: rec.t4[gi * 5 + k] ?? null });
    out.push(sumCheck('t4.group_sum', `group ${g.zh}`, [t(0), t(1), t(2), t(3)], [t(4)]));
  });
  // Table 二
  const counts: Term[] = [
    ...(['regulations', 'normative'] as const).flatMap((k) => (['made', 'repealed', 'valid'] as const).map((f) => ({ path: `t2.${k}.${f}`, label: `${k}.${f}`, value: rec.t2[k][f] }))),
    ...(['licensing', 'punishment', 'coercion'] as const).map((k) => ({ path: `t2.${k}`, label: k, value: rec.t2[k] })),
  ];
  for (const [k, v] of Object.entries(rec.t2_extra ?? {})) {
    if (typeof v !== 'number' || /_change$|amount/.test(k)) continue;
    counts.push({ path: `t2_extra.${k}`, label: k, value: v });
  }
  const stated = counts.filter((t) => t.value !== null);
  const bad = stated.filter((t) => !Number.isInteger(t.value) || (t.value as number) < 0);
  out.push(stated.length
    ? { rule: 't2.whole_count', scope: 'table 二', expected: null, actual: null, status: bad.length ? 'fail' : 'pass', cells: (bad.length ? bad : stated).map((t) => t.path), detail: bad.length ? `not a non-negative whole number: ${bad.map((b) => `${b.path} = ${b.value}`).join(', ')}` : `${stated.length} counts are non-negative whole numbers` }
    : { rule: 't2.whole_count', scope: 'table 二', expected: null, actual: null, status: 'not_applicable', cells: counts.map((t) => t.path), detail: 'blank: every table-二 count' });
  if (rec.template === '2021') {
    const fee = rec.t2.fees;
    out.push(fee === null
      ? { rule: 't2.fee_nonneg', scope: '行政事业性收费', expected: null, actual: null, status: 'not_applicable', cells: ['t2.fees'], detail: 'blank: 行政事业性收费 本年收费金额 (t2.fees)' }
      : { rule: 't2.fee_nonneg', scope: '行政事业性收费', expected: null, actual: fee, status: fee >= 0 ? 'pass' : 'fail', cells: ['t2.fees'], detail: `本年收费金额 ${fee} 万元 ${fee >= 0 ? '≥' : '<'} 0` });
  }
  if (rec.ambiguous.length) {
    out.push({ rule: 'extract.unique_split', scope: 'flattened text', expected: null, actual: null, status: 'fail', cells: rec.ambiguous.slice(), detail: `the text runs these cells together and the table's arithmetic allows more than one split: ${rec.ambiguous.join(', ')}` });
  }
  return out;
}

function missing(rule: string, scope: string, rows: string[]): CheckResult {
  return { rule, scope, expected: null, actual: null, status: 'not_applicable', cells: [], detail: `row not found in the report: ${rows.join(', ')}` };
}
