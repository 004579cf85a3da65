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
import { t2ExtraPath, t2Path, t3Path, t4Path } from '../template/cell-path.ts';

type Term = { path: string; label: string; value: Cell };

function sumCheck(rule: string, scope: string, left: Term[], right: Term[]): CheckResult {
  // Plain loops rather than spread/map/filter (this runs ~45 times per report); details are joined
  // (a flat string), not concatenated piece by piece (a chain of cons strings to flatten later).
  const cells: string[] = [];
  let blank: string[] | null = null;
  for (let k = 0; k < 2; k++) {
    for (const t of k === 0 ? left : right) {
      cells.push(t.path);
      if (t.value === null) (blank ??= []).push(`${t.label} (${t.path})`);
    }
  }
  if (blank) {
    return { rule, scope, expected: null, actual: null, status: 'not_applicable', cells, detail: `blank: ${blank.join(', ')}` };
  }
  const l = total(left);
  const r = total(right);
  const ok = Math.abs(l - r) < 1e-9;
  return { rule, scope, expected: r, actual: l, status: ok ? 'pass' : 'fail', cells, detail: `${fmt(left, l)} ${ok ? '=' : '≠'} ${fmt(right, r)}` };
}

function total(ts: Term[]): number {
  let s = 0;
  for (const t of ts) s = s + (t.value as number);
  return s;
}

/** "a 1 + b 2 = 3", or "a 3" for one term. */
function fmt(ts: Term[], sum: number): string {
  if (ts.length <= 1) return `${ts[0]!.label} ${sum}`;
  const parts: string[] = [];
  for (const t of ts) parts.push(termText(t.label, t.value as number));
  return `${parts.join(' + ')} = ${sum}`;
}

/**
 * `${label} ${value}`, kept for small whole values: the same few dozen labels with values 0…255
 * make up nearly every term of every report's details.
 */
const termCache = new Map<string, string[]>();
function termText(label: string, value: number): string {
  if (!(Number.isInteger(value) && value >= 0 && value < 256)) return `${label} ${value}`;
  let byValue = termCache.get(label);
  if (!byValue) {
    if (termCache.size >= 256) termCache.clear();
    byValue = [];
    termCache.set(label, byValue);
  }
  return (byValue[value] ??= `${label} ${value}`);
}

/** A table-三 row's label in the checks' details: its template label without the numbering. */
const T3_LABEL = new Map(T3_ROWS.map((r) => [r.code, `${r.zh.replace(/^[（(][一二三四五六七][）)]|^[一二三四]、/, '')}`]));
const COLUMN_SCOPE = T3_COLUMNS.map((col) => `column ${col.zh}`);
const ROW_SCOPE = new Map(T3_ROWS.map((r) => [r.code, `row ${r.code}`]));
const GROUP_SCOPE = T4_GROUPS.map((g) => `group ${g.zh}`);
const BALANCE_ROWS = ['new', 'carried', 'total', 'carry_forward'];

function t3Cell(t3: ReportRecord['t3'], row: string, col: number, label?: string): Term {
  return { path: t3Path(row, col), label: label ?? T3_LABEL.get(row) ?? `${T3_ROW[row]?.zh.replace(/^[（(][一二三四五六七][）)]|^[一二三四]、/, '') ?? row}`, value: t3[row]?.[col] ?? null };
}

export function runChecks(rec: Pick<ReportRecord, 't2' | 't2_extra' | 't3' | 't4' | 'template' | 'ambiguous'>): CheckResult[] {
  const out: CheckResult[] = [];
  const t3 = rec.t3;
  const has = (r: string) => Array.isArray(t3[r]);

  // Columns
  const split = T3_OTHER_SPLIT.some(has);
  const resultRows = T3_ROWS.filter((r) => r.result && has(r.code) && !(split && r.code === 'other_total')).map((r) => r.code);
  const balance = BALANCE_ROWS.every(has);
  const missingBalance = balance ? [] : BALANCE_ROWS.filter((r) => !has(r));
  const hasTotal = has('total');
  for (let c = 0; c < T3_COLUMNS.length; c++) {
    const scope = COLUMN_SCOPE[c]!;
    if (balance) out.push(sumCheck('t3.balance', scope, [t3Cell(t3, 'new', c), t3Cell(t3, 'carried', c)], [t3Cell(t3, 'total', c), t3Cell(t3, 'carry_forward', c)]));
    else out.push(missing('t3.balance', scope, missingBalance));
    if (hasTotal && resultRows.length) out.push(sumCheck('t3.results_sum', scope, resultRows.map((r) => t3Cell(t3, r, c)), [t3Cell(t3, 'total', c)]));
    else out.push(missing('t3.results_sum', scope, hasTotal ? ['result rows'] : ['total']));
  }
  // Rows
  for (const r of T3_ROWS) {
    if (!has(r.code)) continue;
    const left: Term[] = [];
    for (let c = 0; c < 6; c++) left.push(t3Cell(t3, r.code, c, T3_COLUMNS[c]!.zh));
    out.push(sumCheck('t3.row_sum', ROW_SCOPE.get(r.code)!, left, [t3Cell(t3, r.code, 6, '总计')]));
  }
  // Table 四
  for (let gi = 0; gi < T4_GROUPS.length; gi++) {
    const terms: Term[] = [];
    for (let k = 0; k < 5; k++) terms.push({ path: t4Path(gi * 5 + k), label: T4_OUTCOMES[k]!.zh, value: rec.t4[gi * 5 + k] ?? null });
    out.push(sumCheck('t4.group_sum', GROUP_SCOPE[gi]!, terms.slice(0, 4), [terms[4]!]));
  }
  // Table 二
  const counts: Term[] = [
    ...(['regulations', 'normative'] as const).flatMap((k) => (['made', 'repealed', 'valid'] as const).map((f) => ({ path: t2Path(k, f), label: `${k}.${f}`, value: rec.t2[k][f] }))),
    ...(['licensing', 'punishment', 'coercion'] as const).map((k) => ({ path: t2Path(k), label: k, value: rec.t2[k] })),
  ];
  for (const [k, v] of Object.entries(rec.t2_extra ?? {})) {
    if (typeof v !== 'number' || /_change$|amount/.test(k)) continue;
    counts.push({ path: t2ExtraPath(k), label: k, value: v });
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
