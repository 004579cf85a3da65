/**
 * Cross-report checks over consecutive years of one agency (pure). Rule ids:
 * - cross.carry_over (per t3 column): this year's 二、上年结转 = last year's 四、结转下年度继续办理;
 * - cross.valid_count (2021 template, 规章 and 行政规范性文件): 现行有效 = last year's 现行有效 + 本年制发 − 本年废止.
 * A check belongs to the later year's report; a cell of the earlier report is written `<id>#<path>`.
 * Agencies are matched by their agency key (agency-key.ts: title variants and documented renames join one series).
 */
import { t2Path, t3Path } from '../template/cell-path.ts';
import type { Cell } from '../template/record.ts';
import { T2_DOC_KINDS, T3_COLUMNS } from '../template/vocabulary.ts';
import { agencyKey } from './agency-key.ts';
import type { Row, Summary } from './rows.ts';

export type CrossEntry = Pick<Summary, 'id' | 'agency' | 'year' | 'template' | 'carried' | 'carry_forward' | 'regulations' | 'normative'>;

const fmt = (v: Cell) => (v === null ? '空' : String(v));

/** All cross-year checks as an array (tests, small corpora); the build streams them with forEachCrossYearCheck. */
export function crossYearChecks(entries: CrossEntry[]): Row[] {
  const rows: Row[] = [];
  forEachCrossYearCheck(entries, (r) => rows.push(r));
  return rows;
}

/**
 * Each cross-year check, handed to `emit` as it is made (a national corpus has millions; none are held). A report's
 * checks come one after another, in their published order (after its own checks).
 */
export function forEachCrossYearCheck(entries: CrossEntry[], emit: (row: Row) => void): void {
  const byAgency = new Map<string, Array<CrossEntry & { year: number }>>();
  for (const e of entries) {
    // A report whose year is unknown has no adjacent year to compare with.
    if (e.year === null || !e.agency) continue;
    const k = agencyKey(e.agency);
    const g = byAgency.get(k);
    const ye = e as CrossEntry & { year: number };
    if (g) g.push(ye); else byAgency.set(k, [ye]);
  }
  for (const group of byAgency.values()) {
    if (group.length < 2) continue;
    group.sort((a, b) => a.year - b.year || (a.id < b.id ? -1 : 1));
    for (const cur of group) {
      const prevs = group.filter((p) => p.year === cur.year - 1);
      for (const prev of prevs) {
        T3_COLUMNS.forEach((col, i) => {
          const expected = prev.carry_forward[i] ?? null;
          const actual = cur.carried[i] ?? null;
          const na = expected === null || actual === null;
          emit({
            report_id: cur.id, rule: 'cross.carry_over', scope: col.zh,
            status: na ? 'not_applicable' : expected === actual ? 'pass' : 'fail',
            expected, actual,
            cells: JSON.stringify([t3Path('carried', i), `${prev.id}#${t3Path('carry_forward', i)}`]),
            detail: `${cur.year}年 上年结转（${col.zh}）${fmt(actual)} ${na ? '—' : expected === actual ? '=' : '≠'} ${prev.year}年报告 ${prev.id} 结转下年度（${col.zh}）${fmt(expected)}` +
              (na ? `（${actual === null ? '本年上年结转' : '上年结转下年度'}为空，不适用）` : ''),
          });
        });
        if (cur.template !== '2021' || prev.template !== '2021') continue;
        for (const kind of T2_DOC_KINDS) {
          const p = prev[kind.code], c = cur[kind.code];
          const parts = [p.valid, c.made, c.repealed];
          const na = parts.some((v) => v === null) || c.valid === null;
          const expected = na ? (parts.some((v) => v === null) ? null : p.valid! + c.made! - c.repealed!) : p.valid! + c.made! - c.repealed!;
          emit({
            report_id: cur.id, rule: 'cross.valid_count', scope: kind.zh,
            status: na ? 'not_applicable' : expected === c.valid ? 'pass' : 'fail',
            expected, actual: c.valid,
            cells: JSON.stringify([t2Path(kind.code, 'valid'), `${prev.id}#${t2Path(kind.code, 'valid')}`, t2Path(kind.code, 'made'), t2Path(kind.code, 'repealed')]),
            detail: `${kind.zh} 上年现行有效 ${fmt(p.valid)} + 本年制发 ${fmt(c.made)} − 本年废止 ${fmt(c.repealed)}` +
              (na ? ` ；现行有效 ${fmt(c.valid)}（有空项，不适用）` : ` = ${expected} ${expected === c.valid ? '=' : '≠'} 现行有效 ${fmt(c.valid)}`),
          });
        }
      }
    }
  }
}
