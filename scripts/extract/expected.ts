/**
 * Compare an extracted record with a hand-checked expected record (tests/fixtures/expected), honouring
 * the fixtures' `ambiguous` rule: a cell the text cannot settle may be null if the record lists it as
 * ambiguous; any other number is a mismatch. Test helper shared by the fixture tests.
 */
import { t2ExtraPath, t2Path, t3Path, t4Path } from '../template/cell-path.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportRecord } from '../template/record.ts';

const expectedDir = join(import.meta.dirname, '../../tests/fixtures/expected');

export function loadExpected(name: string) {
  return JSON.parse(readFileSync(join(expectedDir, name), 'utf8'));
}

/** Compare a record with an expected record, honouring the `ambiguous` rule. Returns mismatches. */
export function diffRecord(rec: ReportRecord, exp: any): string[] {
  const bad: string[] = [];
  const allowed = new Set<string>([...(exp.ambiguous ?? []), ...(exp.ambiguous_txt_only ?? [])]);
  const cmp = (path: string, got: unknown, want: unknown) => {
    if (got === want) return;
    if (got === null && allowed.has(path) && rec.ambiguous.includes(path)) return;
    // The printed text of an unsettled cell follows the cell (e.g. licensing_change_as_stated).
    const base = path.replace(/_as_stated$/, '');
    if (got === null && base !== path && allowed.has(base) && rec.ambiguous.includes(base)) return;
    bad.push(`${path}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  };
  cmp('agency', rec.agency, exp.agency);
  cmp('year', rec.year, exp.year);
  cmp('template', rec.template, exp.template);
  for (const k of ['regulations', 'normative'] as const) for (const f of ['made', 'repealed', 'valid'] as const) cmp(t2Path(k, f), rec.t2[k][f], exp.t2[k][f]);
  for (const k of ['licensing', 'punishment', 'coercion', 'fees'] as const) cmp(t2Path(k), rec.t2[k], exp.t2[k]);
  if (exp.t2_extra) {
    for (const [k, v] of Object.entries(exp.t2_extra)) {
      if (k === 'procurement_run_as_stated' && rec.t2_extra?.[k] === undefined) { bad.push(`t2_extra.${k}: missing`); continue; }
      cmp(t2ExtraPath(k), rec.t2_extra?.[k] ?? null, v);
    }
  }
  const rows = new Set([...Object.keys(exp.t3), ...Object.keys(rec.t3)]);
  for (const r of rows) {
    const want = exp.t3[r];
    const got = rec.t3[r];
    if (!want || !got) { bad.push(`t3.${r}: ${got ? 'unexpected row' : 'missing row'}`); continue; }
    want.forEach((v: number | null, i: number) => cmp(t3Path(r, i), got[i], v));
  }
  exp.t4.forEach((v: number | null, i: number) => cmp(t4Path(i), rec.t4[i], v));
  return bad;
}

