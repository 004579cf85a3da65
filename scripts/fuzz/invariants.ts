/**
 * What must hold for any input the extractor is given: the properties the fuzzers test.
 *
 *   boundary    extractBytes resolves; a refusal is { ok: false } with a known code and a one-line
 *               reason that names the file
 *   json        the record is plain JSON (finite numbers, no undefined / NaN / functions / cycles)
 *   trace       every non-null value in t2 / t2_extra / t3 / t4 has provenance whose `raw` is the
 *               normalised source text at the stated line/span, and the value can be read from that
 *               raw text (the whole cell, or a digit substring of a flattened run)
 *   checks      every arithmetic check agrees with the record's values (a 'pass' really sums)
 *
 * Pure: the caller supplies the outcome and the source text the extractor read.
 */
import { basename } from 'node:path';
import type { ExtractOutcome } from '../extract/file.ts';
import { getCell, parseCellPath, t2ExtraPath, t2Path, t3Path, t4Path } from '../template/cell-path.ts';
import type { CheckResult, ReportRecord } from '../template/record.ts';
import { lineStarts, normaliseText } from '../text/normalise.ts';

export type Invariant = 'boundary' | 'json' | 'trace' | 'checks' | 'timeout' | 'stable';

export interface Violation { invariant: Invariant; detail: string }

const CODES = new Set(['empty', 'binary', 'scanned', 'corrupt', 'no_tables', 'encoding', 'too_large', 'timeout', 'unsupported', 'io']);

/** boundary: the shape of a refusal. */
export function refusalViolations(out: ExtractOutcome, file: string): Violation[] {
  if (out.ok) return [];
  const v: Violation[] = [];
  if (!CODES.has(out.code)) v.push({ invariant: 'boundary', detail: `unknown refusal code ${JSON.stringify(out.code)}` });
  if (typeof out.reason !== 'string' || !out.reason.trim()) v.push({ invariant: 'boundary', detail: 'empty reason' });
  else {
    if (/[\r\n]/.test(out.reason)) v.push({ invariant: 'boundary', detail: `reason is not one line: ${JSON.stringify(out.reason.slice(0, 200))}` });
    if (!out.reason.includes(basename(file))) v.push({ invariant: 'boundary', detail: `reason does not name the file: ${JSON.stringify(out.reason.slice(0, 200))}` });
  }
  return v;
}

/** json: walk the value; report the first non-JSON thing found. */
export function jsonViolations(rec: unknown): Violation[] {
  const seen = new Set<object>();
  const bad: string[] = [];
  const walk = (x: unknown, path: string): void => {
    if (bad.length > 5) return;
    if (x === null || typeof x === 'string' || typeof x === 'boolean') return;
    if (typeof x === 'number') { if (!Number.isFinite(x)) bad.push(`${path} = ${x}`); return; }
    if (typeof x !== 'object') { bad.push(`${path} is ${typeof x}`); return; }
    if (seen.has(x)) { bad.push(`${path} is a cycle`); return; }
    seen.add(x);
    if (Array.isArray(x)) x.forEach((y, i) => walk(y, `${path}[${i}]`));
    else {
      const proto = Object.getPrototypeOf(x);
      if (proto !== Object.prototype && proto !== null) bad.push(`${path} is a ${proto?.constructor?.name ?? 'non-plain object'}`);
      // An undefined property is an optional key left out (JSON.stringify drops it); in an array it would become null.
      for (const [k, y] of Object.entries(x)) if (y !== undefined) walk(y, `${path}.${k}`);
    }
    seen.delete(x);
  };
  walk(rec, 'record');
  return bad.map((b) => ({ invariant: 'json' as const, detail: b }));
}

/** Every stated table value with its cell path (t2 of a 2019 record: its 处理决定数量 cells). */
export function statedValues(rec: ReportRecord): Array<{ path: string; provPath: string; value: number }> {
  const out: Array<{ path: string; provPath: string; value: number }> = [];
  const add = (path: string, value: unknown, provPath = path) => {
    if (typeof value === 'number') out.push({ path, provPath, value });
  };
  for (const k of ['regulations', 'normative'] as const) for (const f of ['made', 'repealed', 'valid'] as const) add(t2Path(k, f), rec.t2?.[k]?.[f]);
  for (const k of ['licensing', 'punishment', 'coercion', 'fees'] as const) {
    add(t2Path(k), rec.t2?.[k], rec.template === '2019' && k !== 'fees' ? t2ExtraPath(`${k}_decisions`) : t2Path(k));
  }
  for (const [k, v] of Object.entries(rec.t2_extra ?? {})) add(t2ExtraPath(k), v);
  for (const [row, cells] of Object.entries(rec.t3 ?? {})) (cells ?? []).forEach((v, i) => add(t3Path(row, i), v));
  (rec.t4 ?? []).forEach((v, i) => add(t4Path(i), v));
  return out;
}

const UNIT_SUFFIX = /\s*(?:万元|亿元|元|个|件|项|条|次|家|人)$/;

/** Can `value` be read from `raw` — the whole cell, or a substring of a run of digits? */
export function readableFrom(raw: string, value: number): boolean {
  const bare = raw.replace(UNIT_SUFFIX, '').trim();
  if (bare !== '' && Number(bare) === value) return true;
  // a change printed in words: 减12 is −12, 增3 (增加3, 减少3) is +3
  const change = /^(增加|减少|增|减)\s*(\d+(?:\.\d+)?)$/.exec(bare);
  if (change) return (change[1]!.startsWith('减') ? -1 : 1) * Number(change[2]) === value;
  const s = String(value);
  if (!/^-?\d+(\.\d+)?$/.test(s)) return false; // exponent forms are never printed in a report
  return bare.includes(s);
}

/** trace: each value comes from its stated place in the normalised source text. */
export function traceViolations(rec: ReportRecord, sourceText: string): Violation[] {
  const text = normaliseText(sourceText);
  const starts = lineStarts(text);
  const v: Violation[] = [];
  for (const { path, provPath, value } of statedValues(rec)) {
    const p = rec.provenance?.[provPath];
    if (!p) { v.push({ invariant: 'trace', detail: `${path} = ${value} has no provenance (${provPath})` }); continue; }
    const lineStart = starts[p.line];
    if (lineStart === undefined || p.start < 0 || p.end < p.start) { v.push({ invariant: 'trace', detail: `${path}: provenance line ${p.line} [${p.start}, ${p.end}) is outside the text (${starts.length} lines)` }); continue; }
    const at = text.slice(lineStart + p.start, lineStart + p.end);
    if (at !== p.raw) v.push({ invariant: 'trace', detail: `${path} = ${value}: provenance raw ${JSON.stringify(p.raw)} but the text at line ${p.line} [${p.start}, ${p.end}) is ${JSON.stringify(at.slice(0, 80))}` });
    if (!readableFrom(p.raw, value)) v.push({ invariant: 'trace', detail: `${path} = ${value} cannot be read from its source text ${JSON.stringify(p.raw.slice(0, 80))}` });
  }
  return v;
}

/** The value a check's cell path names in the record (undefined: no such cell). */
export function cellAt(rec: ReportRecord, path: string): number | null | undefined {
  const a = parseCellPath(path);
  if (!a) return undefined;
  const v = getCell(rec, a);
  // a text-valued t2_extra (an amount's unit) is no cell a check can name
  return a.table === 't2_extra' && typeof v === 'string' ? undefined : (v as number | null | undefined);
}

/** Right-hand terms of each sum rule (the rest of `cells` are its left-hand side), see checks/arithmetic.ts. */
const RIGHT_TERMS: Record<string, number> = { 't3.balance': 2, 't3.results_sum': 1, 't3.row_sum': 1, 't4.group_sum': 1 };

/** checks: a sum check's status, expected and actual follow from the record's own cells. */
export function checkViolations(rec: ReportRecord): Violation[] {
  const v: Violation[] = [];
  const say = (c: CheckResult, why: string) => v.push({ invariant: 'checks', detail: `${c.rule} ${c.scope}: ${why}` });
  for (const c of rec.checks ?? []) {
    for (const p of c.cells) if (cellAt(rec, p) === undefined && !p.startsWith('t2_extra.')) say(c, `names cell ${p}, which the record does not have`);
    const right = RIGHT_TERMS[c.rule];
    if (right === undefined || !c.cells.length) continue;
    const vals = c.cells.map((p) => cellAt(rec, p));
    if (vals.some((x) => x === null || x === undefined)) {
      if (c.status !== 'not_applicable') say(c, `status ${c.status} although a cell is blank`);
      continue;
    }
    const nums = vals as number[];
    const left = nums.slice(0, nums.length - right).reduce((a, b) => a + b, 0);
    const rsum = nums.slice(nums.length - right).reduce((a, b) => a + b, 0);
    const status = Math.abs(left - rsum) < 1e-9 ? 'pass' : 'fail';
    if (c.status !== status) say(c, `status ${c.status} but ${left} vs ${rsum} is a ${status}`);
    if (c.actual !== left || c.expected !== rsum) say(c, `actual/expected ${c.actual}/${c.expected} but the cells give ${left}/${rsum}`);
  }
  // A record with unsettled cells must say so in its checks.
  if ((rec.ambiguous ?? []).length && !(rec.checks ?? []).some((c) => c.rule === 'extract.unique_split' && c.status === 'fail')) v.push({ invariant: 'checks', detail: 'ambiguous cells without a failed extract.unique_split check' });
  return v;
}

/** json (shape): the record's tables have the template's widths (t3 rows 7 cells, t4 15) and its keys. */
export function shapeViolations(rec: ReportRecord): Violation[] {
  const v: Violation[] = [];
  const say = (d: string) => v.push({ invariant: 'json', detail: d });
  if (!Array.isArray(rec.t4) || rec.t4.length !== 15) say(`t4 has ${Array.isArray(rec.t4) ? rec.t4.length : typeof rec.t4} cells, not 15`);
  for (const [row, cells] of Object.entries(rec.t3 ?? {})) if (!Array.isArray(cells) || cells.length !== 7) say(`t3.${row} has ${Array.isArray(cells) ? cells.length : typeof cells} cells, not 7`);
  // A record without a template holds no table, and says so.
  if (rec.template === null ? !rec.warnings?.some((w) => w.startsWith('no table found')) : rec.template !== '2019' && rec.template !== '2021') say(`template ${JSON.stringify(rec.template)}`);
  // An unnamed agency is kept as null, and the record must say so; a name is never an empty string.
  if (rec.agency === null ? !rec.warnings?.some((w) => /agency could not be identified/.test(w)) : typeof rec.agency !== 'string' || !rec.agency.trim()) say('no agency, and no warning saying so');
  if (rec.year === null ? !rec.warnings?.some((w) => /year the report covers could not be identified/.test(w)) : !Number.isInteger(rec.year)) say(`year ${rec.year}`);
  for (const k of ['regulations', 'normative'] as const) if (!rec.t2?.[k] || !['made', 'repealed', 'valid'].every((f) => f in rec.t2[k])) say(`t2.${k} lacks made/repealed/valid`);
  return v;
}

/** Every invariant on one outcome. `sourceText` is the reader's text (readSource(bytes).text) when ok. */
export function outcomeViolations(out: ExtractOutcome, file: string, sourceText: string | null): Violation[] {
  if (!out.ok) return refusalViolations(out, file);
  const v = [...jsonViolations(out.record), ...shapeViolations(out.record)];
  if (sourceText === null) v.push({ invariant: 'trace', detail: 'the extractor returned a record but the source could not be read again' });
  else v.push(...traceViolations(out.record, sourceText));
  v.push(...checkViolations(out.record));
  return v;
}

/** The table numbers of a record, for comparing two extractions (narrative-only mutations). */
export function numbersOf(rec: ReportRecord): Record<string, number | null> {
  const m: Record<string, number | null> = {};
  for (const k of ['regulations', 'normative'] as const) for (const f of ['made', 'repealed', 'valid'] as const) m[t2Path(k, f)] = rec.t2[k][f];
  for (const k of ['licensing', 'punishment', 'coercion', 'fees'] as const) m[t2Path(k)] = rec.t2[k];
  for (const [k, x] of Object.entries(rec.t2_extra ?? {})) if (typeof x === 'number' || x === null) m[t2ExtraPath(k)] = x;
  for (const [row, cells] of Object.entries(rec.t3)) cells.forEach((x, i) => { m[t3Path(row, i)] = x; });
  rec.t4.forEach((x, i) => { m[t4Path(i)] = x; });
  return m;
}
